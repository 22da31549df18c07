"""The property tests in docs/howto/property-tests.md, as a user copies them into a
test module and runs pytest: under hypothesis's own default settings (every health
check on, unlike this suite's profile) with 20 different seeds, none may fail a
health check."""

from pathlib import Path

import pytest

from tests.guides import python_of, run_with_pytest

HOWTO = Path(__file__).parent.parent / "docs" / "howto" / "property-tests.md"


def test_the_howto_has_tests_to_copy():
    assert "def test_" in python_of(HOWTO)


@pytest.mark.parametrize("run", range(20))
def test_the_howto_tests_pass_with_default_settings(run, tmp_path):
    result = run_with_pytest(HOWTO, tmp_path, f"--hypothesis-seed={run}", max_examples=25)
    assert result.returncode == 0, result.stdout
    tests = python_of(HOWTO).count("\ndef test_")
    assert f"{tests} passed" in result.stdout, result.stdout
