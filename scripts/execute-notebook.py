"""Run examples/alibaba.ipynb top to bottom and save it with its outputs.

The notebook is committed executed, so that a code host shows its diagrams;
tests/test_examples.py re-runs it and checks the committed outputs still match.

    .venv/bin/python scripts/execute-notebook.py          # rewrite it in place
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "alibaba.ipynb"


def execute(path: Path = NOTEBOOK) -> nbformat.NotebookNode:
    """The notebook, run in a kernel of this interpreter from an empty folder."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        client = NotebookClient(
            notebook,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
            extra_arguments=[
                f"--IPKernelApp.exec_lines=import sys; sys.executable = {sys.executable!r}"
            ],
        )
        client.kernel_manager_class.kernel_cmd = None
        client.execute()
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
    return notebook


# An ongoing tenure's length grows every day: "[2 years 2 months]".
_LENGTH = re.compile(r" \[\d+ (?:year|month|week|day)[^\]]*\]")


def texts(notebook: nbformat.NotebookNode) -> list[list[str]]:
    """The text each code cell shows (its plain text and printed output), with
    ongoing tenures' lengths masked: what must not change between runs."""
    out = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        shown = []
        for output in cell.outputs:
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            shown.append(_LENGTH.sub(" [...]", "".join(text)))
        out.append(shown)
    return out


def main() -> None:
    notebook = execute()
    nbformat.write(notebook, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")


if __name__ == "__main__":
    main()
