"""The tests' own words: every file a test's docstring or comment cites exists.

A citation is a path from the repository root whose first folder is one of
the repository's (``docs/howto/popolo.md``, ``tests/golden/``), or the bare
name of a Python module or a Markdown page (``conftest.py``), which must be
the name of some file in the repository. When a module is renamed or split,
this test names every test that still points at the old file. Paths outside
the repository (``../shared/...``, URLs) and what tests write (``build/``)
are not citations of it.
"""

from __future__ import annotations

import ast
import functools
import io
import os
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
#: Folders that tools and tests write into: naming them cites no file of ours.
WRITTEN = frozenset({"build", "dist"})
#: Bare file names are citations when they name source or documentation.
BARE_SUFFIXES = (".py", ".md")

_PATH = re.compile(r"(?<![\w./:@~-])((?:[A-Za-z_][\w-]*/)+[\w.-]*)")
_BARE = re.compile(r"(?<![\w./:@~-])([A-Za-z_][\w-]*(?:\.[\w-]+)*\.(?:py|md))\b(?![/-])")


def repository_folders(root: Path = ROOT) -> frozenset[str]:
    """The folders at the top of the repository, which a cited path starts with."""
    return frozenset(
        p.name
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name not in WRITTEN
    )


def _texts(source: str) -> list[tuple[int, str]]:
    """The docstrings (module, class, function) and comments of a module, each
    with the line it starts on."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        docstring = ast.get_docstring(node, clean=False)
        if docstring is not None:
            found.append((node.body[0].lineno, docstring))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found.append((token.start[0], token.string))
    return found


def citations(source: str, folders: frozenset[str]) -> list[tuple[int, str]]:
    """Every path-like citation in the docstrings and comments of ``source``, with
    its line: paths starting with one of ``folders``, and bare module or page names."""
    cited = []
    for first_line, text in _texts(source):
        for offset, line in enumerate(text.splitlines()):
            for match in _PATH.finditer(line):
                path = match.group(1).rstrip(".-")
                if path.split("/", 1)[0] in folders:
                    cited.append((first_line + offset, path))
            for match in _BARE.finditer(line):
                cited.append((first_line + offset, match.group(1)))
    return sorted(set(cited))


@functools.cache
def _bare_names(root: Path) -> frozenset[str]:
    """The names of the repository's Python modules and Markdown pages."""
    names = set()
    for _folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "_")) and d not in WRITTEN]
        names.update(f for f in files if f.endswith(BARE_SUFFIXES))
    return frozenset(names)


def missing(source: str, root: Path = ROOT) -> list[tuple[int, str]]:
    """The citations of ``source`` that name no file or folder of the repository at ``root``."""
    folders = repository_folders(root)
    names = _bare_names(root)
    return [
        (line, path)
        for line, path in citations(source, folders)
        if not ((root / path).exists() if "/" in path else path in names)
    ]


# ------------------------------------------------------------ the parser

MADE_UP = '''"""Checks what docs/howto/popolo.md promises, and docs/howto/no-such-page.md.

Also ``orgchart/nothing_here.py``, tests/golden/ and the module vanished.py.
"""


def test_something():
    """Like orgchart/dates.py says (and https://example.org/docs/made-up.md)."""
    # See tests/fixtures/absent.yaml and seeds/alibaba.yaml, not ../shared/seeds/x.yaml
    # nor build/screenshots/ nor DESIGN.md.
    assert "docs/in-a-string-is-no-citation.md"
'''


def test_the_parser_finds_paths_in_docstrings_and_comments_only():
    assert citations(MADE_UP, repository_folders()) == [
        (1, "docs/howto/no-such-page.md"),
        (1, "docs/howto/popolo.md"),
        (3, "orgchart/nothing_here.py"),
        (3, "tests/golden/"),
        (3, "vanished.py"),
        (8, "orgchart/dates.py"),
        (9, "seeds/alibaba.yaml"),
        (9, "tests/fixtures/absent.yaml"),
        (10, "DESIGN.md"),
    ]


def test_a_made_up_path_is_reported_and_a_real_one_is_not():
    assert missing(MADE_UP) == [
        (1, "docs/howto/no-such-page.md"),
        (3, "orgchart/nothing_here.py"),
        (3, "vanished.py"),
        (9, "tests/fixtures/absent.yaml"),
        (10, "DESIGN.md"),
    ]


def test_folders_tests_write_into_are_not_the_repositorys(tmp_path):
    for name in ("docs", "build", ".venv", "__pycache__"):
        (tmp_path / name).mkdir()
    (tmp_path / "README.md").write_text("")
    assert repository_folders(tmp_path) == {"docs"}


# ------------------------------------------------------------ the tests


@pytest.mark.parametrize(
    "module", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS))
)
def test_every_file_a_test_cites_exists(module):
    wrong = missing(module.read_text(encoding="utf-8"))
    assert not wrong, "\n".join(
        f"{module.relative_to(ROOT)}:{line} cites {path}, which is not in the repository"
        for line, path in wrong
    )
