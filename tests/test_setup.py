"""The two README commands install what each needs: the demo the library alone."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def planned(target: str) -> str:
    """The commands `make` would run for a target from scratch (nothing is run)."""
    result = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_demo_installs_the_library_alone_and_the_tests_the_dev_extras():
    demo = planned("demo")
    assert "EXTRAS= sh scripts/setup-venv.sh" in demo
    assert "EXTRAS=dev" not in demo
    test = planned("test")
    assert "EXTRAS=dev sh scripts/setup-venv.sh" in test
    assert "lint-imports" in test and "mypy" in test and "-m pytest" in test


def test_the_setup_script_installs_extras_only_when_asked():
    script = (ROOT / "scripts" / "setup-venv.sh").read_text()
    assert "EXTRAS=${EXTRAS-dev}" in script
    assert "pip install -q -e .\n" in script
