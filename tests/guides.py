"""Run a guide's Python examples the way its reader runs them: as a test module, under pytest.

The ```python blocks of a Markdown guide become one module in which every line
sits at its line number in the guide (the rest of the guide is blank lines), so
pytest reads, reports and shows it as Python, and a failure points at the
guide's own line: the output names ``docs/howto/<guide>.md:<line>``. The module
runs in a fresh ``python -m pytest`` with hypothesis's default settings (no
deadline, which would time the machine rather than the code), as a user's own
test run would collect and run a ``@given`` test from it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis's defaults, health checks and all, without the deadline.
CONFTEST = """\
from hypothesis import settings

settings.register_profile("guide", deadline=None, max_examples={max_examples})
settings.load_profile("guide")
"""


def python_of(guide: Path) -> str:
    """The guide's ```python blocks, each line at its own line number, the rest blank."""
    lines: list[str] = []
    inside = False
    for line in guide.read_text(encoding="utf-8").splitlines():
        if inside and line.startswith("```"):
            inside = False
            lines.append("")
        elif inside:
            lines.append(line)
        else:
            inside = line.strip() == "```python"
            lines.append("")
    assert any(lines), f"{guide} has no ```python block"
    return "\n".join(lines) + "\n"


def run_with_pytest(
    guide: Path,
    directory: Path,
    *pytest_args: str,
    code: str | None = None,
    max_examples: int = 100,
) -> subprocess.CompletedProcess[str]:
    """Run the guide's examples (or ``code`` made from them) as a test module in ``directory``.

    The output (stdout and stderr together) names the guide's lines, not the module's.
    """
    module = directory / f"test_{guide.stem.replace('-', '_')}.py"
    module.write_text(python_of(guide) if code is None else code, encoding="utf-8")
    (directory / "conftest.py").write_text(CONFTEST.format(max_examples=max_examples))
    (directory / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-s", "-q", *pytest_args],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    shown = str(guide.relative_to(ROOT))
    output = (result.stdout + result.stderr).replace(str(module), shown).replace(module.name, shown)
    return subprocess.CompletedProcess(result.args, result.returncode, output, "")
