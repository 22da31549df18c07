"""The property tests in docs/howto/property-tests.md, as a user copies them: run
under hypothesis's own default settings (every health check on, unlike this
suite's profile) with 20 different seeds, none may fail a health check."""

import re
from pathlib import Path

import pytest
from hypothesis import seed, settings

HOWTO = Path(__file__).parent.parent / "docs" / "howto" / "property-tests.md"


def copied_tests():
    code = re.search(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(HOWTO), "exec"), namespace)
    tests = {name: f for name, f in namespace.items() if name.startswith("test_")}
    assert tests, "the how-to has no test to copy"
    return tests


@pytest.mark.parametrize("run", range(20))
def test_the_howto_tests_pass_with_default_settings(run):
    # Hypothesis's defaults, health checks and all; no deadline, which would time
    # the machine rather than the test.
    user_settings = settings(settings.get_profile("default"), max_examples=25, deadline=None)
    for test in copied_tests().values():
        seed(run)(user_settings(test))()
