"""The two README commands install what each needs: the demo the library alone."""

import re
import shutil
import subprocess
import sys
import tomllib
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
    assert "lint-imports" in test and "mypy" in test and "scripts/test-pythons.sh" in test


def test_the_setup_script_installs_extras_only_when_asked():
    script = (ROOT / "scripts" / "setup-venv.sh").read_text()
    assert "EXTRAS=${EXTRAS-dev}" in script
    assert "pip install -q -e .\n" in script


def supported() -> list[str]:
    """The versions pyproject.toml's classifiers promise, such as "3.11"."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    prefix = "Programming Language :: Python :: "
    return [
        c.removeprefix(prefix) for c in project["classifiers"] if re.match(prefix + r"3\.\d+$", c)
    ]


def test_the_classifiers_list_every_version_from_the_oldest_supported_on():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    oldest = project["requires-python"].removeprefix(">=")
    minors = [int(v.split(".")[1]) for v in supported()]
    assert supported()[0] == oldest
    assert minors == list(range(minors[0], minors[0] + len(minors))), supported()
    assert len(minors) >= 3


def test_find_python_finds_this_version_and_not_one_that_does_not_exist():
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    found = subprocess.run(
        ["sh", "scripts/find-python.sh", version], cwd=ROOT, capture_output=True, text=True
    )
    assert found.returncode == 0
    check = [found.stdout.strip(), "-c", "import sys; print(sys.version_info[:2])"]
    assert subprocess.run(check, capture_output=True, text=True).stdout.strip() == str(
        sys.version_info[:2]
    )
    missing = subprocess.run(["sh", "scripts/find-python.sh", "3.99"], cwd=ROOT)
    assert missing.returncode == 1


# Stands in for .venv/bin/python: pytest "passes", anything else is the real Python.
FAKE_PYTHON = """#!/bin/sh
if [ "$1" = -m ] && [ "$2" = pytest ]; then echo "$*"; echo "7 passed in 0.01s"; exit 0; fi
exec {python} "$@"
"""


def pythons_run(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    """scripts/test-pythons.sh in a copy of the project that supports this Python and 3.98,
    on a PATH without apt-get or uv (so nothing can be installed), with pytest faked."""
    this = f"{sys.version_info.major}.{sys.version_info.minor}"
    (tmp_path / "scripts").mkdir()
    for script in ("find-python.sh", "ensure-python.sh", "test-pythons.sh"):
        shutil.copy(ROOT / "scripts" / script, tmp_path / "scripts" / script)
    (tmp_path / "pyproject.toml").write_text(
        f'classifiers = [\n    "Programming Language :: Python :: {this}",\n'
        '    "Programming Language :: Python :: 3.98",\n]\n'
    )
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON.format(python=sys.executable))
    python.chmod(0o755)
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("sh", "sed", "grep", "tr", "tee", "cat", "tail", "mkdir", "nproc", "id"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(tools), "HOME": str(tmp_path), "NEWER": "3.99"}
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        ["sh", "scripts/test-pythons.sh"], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def test_each_python_gets_a_line_and_a_missing_one_is_skipped_outside_ci(tmp_path):
    result = pythons_run(tmp_path, ci=False)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.split("=== pytest on each Python ===")[1].splitlines()[1:]
    assert summary[0].startswith(f"Python {sys.version.split()[0]} (.venv, the whole suite): ")
    assert summary[0].endswith("7 passed in 0.01s")
    assert summary[1].startswith("Python 3.98: SKIPPED: not on this machine")
    assert summary[2].startswith("Python 3.99: not on this machine, not tested")
    assert len(summary) == 3


def test_in_ci_a_supported_python_that_cannot_be_installed_fails_the_run(tmp_path):
    result = pythons_run(tmp_path, ci=True)
    assert result.returncode == 1
    assert "Python 3.98: FAILED: supported, missing, and it cannot be installed here" in (
        result.stdout
    )
    assert "Python 3.98 is not on this machine and cannot be installed here" in result.stderr
