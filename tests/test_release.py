"""The release, as `make dist` makes it and a user installs it, on the Python running the tests.

`python -m build` makes the sdist and, from it, the wheel; twine accepts both;
the wheel holds the package with its data and nothing else. Installed from the
wheel into a fresh virtual environment without any extra, the command line, the
README's first look and the core run without hypothesis, and
``orgchart.strategies`` says which extra it needs; with the ``strategies``
extra it works. The suite runs on every supported Python (`make test`), so each
one builds, installs and runs the release.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import orgchart as oc

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
NAME = f"orgchart-{oc.__version__}"

# One worker of pytest-xdist builds and installs once for the whole module.
pytestmark = pytest.mark.xdist_group("release")


def run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    return out


@pytest.fixture(scope="module")
def wheel(dist) -> Path:
    (found,) = dist.glob("*.whl")
    return found


def venv_with(tmp_path_factory, requirement: str) -> Path:
    """A fresh virtual environment of this Python with ``requirement`` installed; its bin/."""
    venv = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "-q", requirement)
    return venv / "bin"


@pytest.fixture(scope="module")
def bare(tmp_path_factory, wheel) -> Path:
    """orgchart installed from the wheel, no extra."""
    return venv_with(tmp_path_factory, str(wheel))


def test_the_wheel_holds_the_package_and_its_data_and_nothing_else(wheel):
    assert wheel.name == f"orgchart-{oc.__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"orgchart/{p.name}" for p in (ROOT / "orgchart").glob("*.py")}
    data = {"orgchart/page.js", "orgchart/page.css", "orgchart/py.typed"}
    assert modules | data | {"orgchart/_data/alibaba.yaml"} <= names
    outside = {n for n in names if not n.startswith(("orgchart/", f"{NAME}.dist-info/"))}
    assert not outside, f"the wheel holds files outside the package: {sorted(outside)}"
    built = {n for n in names if "__pycache__" in n or n.endswith(".pyc") or "_build" in n}
    assert not built, sorted(built)


def test_the_wheels_metadata_has_the_version_the_extras_and_each_tested_python(wheel):
    with zipfile.ZipFile(wheel) as archive:
        metadata = Parser().parsestr(archive.read(f"{NAME}.dist-info/METADATA").decode())
    assert metadata["Version"] == oc.__version__
    assert {"strategies", "all"} <= set(metadata.get_all("Provides-Extra"))
    requires = metadata.get_all("Requires-Dist")
    hypothesis = [r for r in requires if r.startswith("hypothesis")]
    # hypothesis comes only with an extra: strategies, and all, which holds every runtime extra.
    assert all("; extra ==" in r for r in hypothesis), hypothesis
    assert {"extra == 'strategies'", "extra == 'all'"} <= {r.split("; ")[1] for r in hypothesis}
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert f"Programming Language :: Python :: {version}" in metadata.get_all("Classifier")
    entry_points = archive_text(wheel, f"{NAME}.dist-info/entry_points.txt")
    assert "orgchart = orgchart.cli:main" in entry_points


def archive_text(wheel: Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(name).decode()


def test_the_sdist_builds_the_wheel_and_holds_the_sources_not_build_output(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.removeprefix(f"{NAME}/") for n in archive.getnames()}
    assert {"pyproject.toml", "README.md", "CHANGELOG.md", "seeds/alibaba.yaml"} <= names
    assert "orgchart/page.js" in names and "tests/test_release.py" in names
    built = {n for n in names if n.startswith((".venv", "docs/_build", "build/", "dist/"))}
    assert not built, sorted(built)


def test_twine_accepts_the_release(dist):
    out = run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))
    assert out.count("PASSED") == 2, out


def test_the_installed_command_shows_the_org(bare, tmp_path):
    out = run(bare / "orgchart", "show", "--date", "2023-12-31", cwd=tmp_path)
    assert "Alibaba Group" in out and "Eddie Wu" in out
    assert run(bare / "orgchart", "--version").strip() == f"orgchart {oc.__version__}"


@pytest.mark.needs_dot
def test_the_readmes_first_look_runs_from_the_installed_wheel(bare, tmp_path):
    text = README.read_text(encoding="utf-8")
    snippet = re.search(r"## A first look\n\n```python\n(.*?)```", text, re.S).group(1)
    (tmp_path / "first_look.py").write_text(snippet, encoding="utf-8")
    out = run(bare / "python", "first_look.py", cwd=tmp_path)
    assert "Alibaba Cloud" in out and "Eddie Wu succeeds Daniel Zhang" in out
    assert (tmp_path / "changes-2023.svg").read_text().lstrip().startswith(("<?xml", "<svg"))


# The core without hypothesis: reading and writing, as_of, diff, DOT, the command
# line and synthetic histories; then orgchart.strategies, which needs the extra.
WITHOUT_HYPOTHESIS = """
import importlib.util, io

assert importlib.util.find_spec("hypothesis") is None, "hypothesis is installed"
import orgchart as oc
from orgchart import cli, synthetic

history = oc.seeds.alibaba()
assert oc.loads(oc.dumps(history)) == history
change = history.diff("2022-12-01", "2023-12-31")
assert change.apply(history.as_of("2022-12-01")) == history.as_of("2023-12-31")
assert oc.diff(history.as_of("2022-12-01"), history.as_of("2023-12-31")) == change
assert oc.to_dot(change).startswith("digraph")
generated = synthetic.history(people=50, events=20, seed=1)
assert oc.loads(oc.dumps(generated)) == generated
shown = io.StringIO()
assert cli.main(["events", "--from", "2023-01-01"], out=shown) == 0
assert "2023" in shown.getvalue()

for attempt in ("import orgchart.strategies", "oc.strategies"):
    try:
        exec(attempt)
    except oc.MissingExtraError as error:
        assert isinstance(error, ImportError)
        assert "pip install 'orgchart[strategies]'" in str(error), error
    else:
        raise AssertionError(attempt + " worked without hypothesis")
print("the core runs without hypothesis")
"""


def test_the_core_runs_without_hypothesis_and_strategies_names_its_extra(bare, tmp_path):
    out = run(bare / "python", "-c", WITHOUT_HYPOTHESIS, cwd=tmp_path)
    assert "the core runs without hypothesis" in out


def test_the_strategies_extra_brings_hypothesis(tmp_path_factory, wheel, tmp_path):
    extra = venv_with(tmp_path_factory, f"{wheel}[strategies]")
    out = run(extra / "python", "-c", WITH_STRATEGIES, cwd=tmp_path)
    assert "5 snapshots drawn" in out, out


WITH_STRATEGIES = """
from hypothesis import given, settings
import orgchart as oc

drawn = []

@settings(max_examples=5, deadline=None, database=None)
@given(oc.strategies.snapshots(max_people=3))
def diff_with_itself_is_empty(org):
    drawn.append(org)
    assert not oc.diff(org, org)

diff_with_itself_is_empty()
print(len(drawn), "snapshots drawn")
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_dist_builds_and_checks_the_release():
    planned = run("make", "-n", "-B", "dist", cwd=ROOT)
    assert "-m build" in planned and "twine check --strict dist/*" in planned


def test_the_changelog_has_unreleased_changes_then_one_section_per_release():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert headings[0] == "Unreleased"
    releases = [re.fullmatch(r"(\d+)\.(\d+)\.(\d+) \(\d{4}-\d\d-\d\d\)", h) for h in headings[1:]]
    assert all(releases), f"a release is headed 'X.Y.Z (YYYY-MM-DD)': {headings[1:]}"
    versions = [tuple(int(n) for n in r.groups()) for r in releases]
    assert versions == sorted(set(versions), reverse=True), "newest first, each once"
    current = tuple(int(n) for n in oc.__version__.split("."))
    assert not versions or current >= versions[0]
