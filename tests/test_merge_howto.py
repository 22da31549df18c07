"""docs/howto/merge-reorganisations.md, run as a reader runs it, and the gallery's files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import orgchart as oc

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto" / "merge-reorganisations.md"


def _script():
    spec = importlib.util.spec_from_file_location(
        "gallery_proposals", ROOT / "scripts" / "write-gallery-proposals.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.needs_dot
def test_every_example_of_the_guide_runs_and_prints_what_it_says(tmp_path, capsys, monkeypatch):
    text = HOWTO.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block.replace("/tmp/", f"{tmp_path}/"), str(HOWTO), "exec"), namespace)
    out = capsys.readouterr().out
    shown = re.search(r"```text\n(.*?)```", text, re.S).group(1)
    assert shown in out
    assert (tmp_path / "merge.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    a = namespace["a"]
    assert len(a.proposals()) == 1 and a.recorded() == oc.seeds.alibaba()


def test_the_gallery_files_are_the_guides_proposals():
    script = _script()
    for name, history in script.proposals().items():
        assert oc.load(script.FILES[name]) == history, (
            f"{script.FILES[name]} is out of date: run scripts/write-gallery-proposals.py"
        )
