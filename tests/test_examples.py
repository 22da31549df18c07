"""The walkthrough notebook runs top to bottom, and each example script runs."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPT = Path(__file__).parent.parent / "scripts" / "execute-notebook.py"


def _notebook_tools():
    """scripts/execute-notebook.py, which runs the notebook and reads its texts."""
    spec = importlib.util.spec_from_file_location("execute_notebook", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.needs_dot
def test_the_notebook_runs_draws_and_is_committed_as_it_runs():
    tools = _notebook_tools()
    notebook = tools.execute()
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    for cell in cells:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    svg_cells = [
        c.source for c in cells if any("image/svg+xml" in o.get("data", {}) for o in c.outputs)
    ]
    assert any("as_of" in source for source in svg_cells)
    assert any(".diff(" in source for source in svg_cells)
    assert any("timeline" in source for source in svg_cells)
    last = cells[-1].outputs
    assert any("50 examples passed" in o.get("text", "") for o in last)
    # The committed notebook shows what running it shows (a code host renders
    # those outputs): rewrite it with `python scripts/execute-notebook.py`.
    committed = nbformat.read(EXAMPLES / "alibaba.ipynb", as_version=4)
    assert tools.texts(committed) == tools.texts(notebook), (
        "examples/alibaba.ipynb is out of date: run scripts/execute-notebook.py"
    )
    committed_svgs = [
        c.source
        for c in committed.cells
        if c.cell_type == "code" and any("image/svg+xml" in o.get("data", {}) for o in c.outputs)
    ]
    assert committed_svgs == svg_cells


def run(script: str, *args: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    return result.stdout


@pytest.mark.needs_dot
def test_render_org(tmp_path):
    out = run("render_org.py", "2023-12-31", "org.svg", cwd=tmp_path)
    assert out.strip() == "wrote org.svg"
    assert "<svg" in (tmp_path / "org.svg").read_text()


def test_what_changed(tmp_path):
    out = run("what_changed.py", "2022-12-01", "2023-12-31", cwd=tmp_path)
    # Daniel Zhang took the cloud unit in December 2022 and left it again in 2023.
    assert "Daniel Zhang becomes" not in out
    assert "Eddie Wu succeeds Daniel Zhang as Chief Executive Officer, Alibaba Group" in out
    assert "29 December 2022: Daniel Zhang takes over Alibaba Cloud Intelligence" in out
    assert out.strip().endswith("events")


@pytest.mark.needs_dot
def test_timeline(tmp_path):
    out = run("timeline.py", "Daniel Zhang", "daniel.svg", cwd=tmp_path)
    assert "President (Alibaba Cloud Intelligence), from 29 December 2022" in out
    assert (tmp_path / "daniel.svg").exists()


def test_my_history(tmp_path):
    out = run("my_history.py", "h.yaml", cwd=tmp_path)
    assert out.strip() == "wrote h.yaml: 1 event(s)"
    text = (tmp_path / "h.yaml").read_text()
    assert "- vacate:" in text and "- appoint:" in text
