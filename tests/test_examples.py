"""The walkthrough notebook runs top to bottom, and each example script runs."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.needs_dot
def test_the_notebook_runs_and_draws(tmp_path):
    notebook = nbformat.read(EXAMPLES / "alibaba.ipynb", as_version=4)
    # The kernel runs this interpreter, so it sees the same orgchart.
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
        extra_arguments=[
            f"--IPKernelApp.exec_lines=import sys; sys.executable = {sys.executable!r}"
        ],
    )
    client.kernel_manager_class.kernel_cmd = None
    client.execute()
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
