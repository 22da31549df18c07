"""docs/howto/merge-reorganisations.md, run as a reader runs it, and the gallery's files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import orgchart as oc
from tests.guides import python_of, run_with_pytest

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto" / "merge-reorganisations.md"


def _script():
    spec = importlib.util.spec_from_file_location(
        "gallery_proposals", ROOT / "scripts" / "write-gallery-proposals.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Appended to the guide's examples: what they leave behind, checked where they ran.
WHAT_THE_GUIDE_LEAVES = """

def test_the_proposals_stay_apart_from_the_record():
    assert len(a.proposals()) == 1 and a.recorded() == oc.seeds.alibaba()
"""


@pytest.mark.needs_dot
def test_every_example_of_the_guide_runs_and_prints_what_it_says(tmp_path):
    text = HOWTO.read_text(encoding="utf-8")
    assert text.count("```python\n") == 4
    code = python_of(HOWTO).replace("/tmp/", f"{tmp_path}/") + WHAT_THE_GUIDE_LEAVES
    result = run_with_pytest(HOWTO, tmp_path, code=code)
    assert result.returncode == 0, result.stdout
    # The guide's property test runs as pytest runs it, beside the check above.
    assert "2 passed" in result.stdout, result.stdout
    shown = re.search(r"```text\n(.*?)```", text, re.S).group(1)
    assert shown in result.stdout
    assert (tmp_path / "merge.svg").read_text().lstrip().startswith(("<?xml", "<svg"))


def test_a_failing_example_names_the_guides_line(tmp_path):
    code = python_of(HOWTO)
    lines = code.splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("assert not merged"))
    lines[line - 1] = "assert merged, 'a line of the guide fails'"
    result = run_with_pytest(HOWTO, tmp_path, code="\n".join(lines) + "\n")
    assert result.returncode != 0
    assert f"docs/howto/merge-reorganisations.md:{line}" in result.stdout, result.stdout
    assert "a line of the guide fails" in result.stdout
    assert "TokenError" not in result.stdout


def test_the_gallery_files_are_the_guides_proposals():
    script = _script()
    for name, history in script.proposals().items():
        assert oc.load(script.FILES[name]) == history, (
            f"{script.FILES[name]} is out of date: run scripts/write-gallery-proposals.py"
        )
