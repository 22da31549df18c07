"""Write the two proposals of docs/howto/merge-reorganisations.md as history files.

The gallery draws their merge with the ``orgchart`` directive, which reads
files; tests/test_merge_howto.py checks the committed files match the guide.

    .venv/bin/python scripts/write-gallery-proposals.py
"""

from __future__ import annotations

import re
from pathlib import Path

import orgchart as oc

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto" / "merge-reorganisations.md"
FILES = {
    "a": ROOT / "docs" / "gallery" / "proposal-a.yaml",
    "b": ROOT / "docs" / "gallery" / "proposal-b.yaml",
}


def proposals() -> dict[str, oc.History]:
    """The guide's first example, run: its two proposals by name."""
    first = re.findall(r"```python\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S)[0]
    namespace: dict = {}
    exec(compile(first, str(HOWTO), "exec"), namespace)
    return {name: namespace[name] for name in FILES}


if __name__ == "__main__":
    for name, history in proposals().items():
        oc.dump(history, FILES[name])
        print(f"wrote {FILES[name]}")
