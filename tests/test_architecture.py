"""Architecture: no module of orgchart reaches into another module's underscore names.

A name with one leading underscore belongs to the module that defines it. The
check walks the syntax tree of every module in ``orgchart/`` and reports, all at
once, each place that uses someone else's:

- ``from .x import _name`` (or ``from orgchart.x import _name``, or any other
  ``from ... import _name``): importing a private name. Private *modules* of the
  package (``from . import _files``) are fine: they are the package's own.
- ``something._name`` where ``_name`` is not defined in the same module. A
  module defines ``_name`` when it is a function, class or method name, an
  assignment target (``_x = ...``, ``self._x = ...``, ``_x: int``) or equal to
  any string constant in the module, which covers ``__slots__``,
  ``setattr(self, "_x", ...)`` and helpers such as ``self._set("_x", ...)``.
- ``module._name`` where ``module`` is an orgchart module, whatever this module
  defines.

Dunder names (``__eq__``), "sunder" protocol hooks (``_repr_mimebundle_``,
``_missing_``) and the documented namedtuple API (``_replace``, ...) are public.
The lint-imports command in ``make test`` checks the layers; this checks what
import-linter cannot see.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "orgchart"
ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / PACKAGE

# Underscore names that are documented public API of the standard library.
PUBLIC_UNDERSCORE_NAMES = frozenset({"_asdict", "_field_defaults", "_fields", "_make", "_replace"})

# Longest code snippet shown for one violation; longer ones show the name only.
MAX_SNIPPET = 70


def is_private(name: str) -> bool:
    """``_name`` and ``__name`` are private; ``__name__``, ``_name_`` and ``_`` are not."""
    if not name.startswith("_") or name == "_" or name.endswith("_"):
        return False
    return name not in PUBLIC_UNDERSCORE_NAMES


def module_name(path: Path, root: Path = ROOT) -> str:
    """``orgchart/history.py`` -> ``orgchart.history``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package by dotted name, in a stable order."""
    paths = sorted(package_dir.rglob("*.py"))
    return {module_name(p, package_dir.parent): p for p in paths}


def _defined_names(tree: ast.AST) -> set[str]:
    """Every name this module defines, in the broad sense of the module docstring."""
    defined: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            defined.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            defined.add(node.value)
    return defined


def _dotted(node: ast.expr) -> str | None:
    """``a.b.c`` for a chain of names and attributes, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _imported_from(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of the module a ``from ... import`` reads from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # In a package's __init__, ``.`` is the package itself.
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop] if drop else base
    return ".".join([*base, node.module] if node.module else base)


def _snippet(source: str, node: ast.AST, name: str) -> str:
    text = ast.get_source_segment(source, node) or name
    text = " ".join(text.split())
    return text if len(text) <= MAX_SNIPPET else f"….{name}"


def find_violations(
    source: str,
    *,
    module: str,
    filename: str,
    modules: set[str] | frozenset[str],
    is_package: bool = False,
) -> list[str]:
    """Each use of another module's private name in ``source``, as ``file:line: code``.

    ``module`` is the dotted name of the module ``source`` is, ``modules`` the
    dotted names of every module of the package.
    """
    tree = ast.parse(source, filename=filename)
    defined = _defined_names(tree)
    found: list[tuple[int, str]] = []

    # Names bound to orgchart modules: ``import orgchart.x as m``, ``from . import x``.
    module_aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != PACKAGE:
                    continue
                if alias.asname:
                    module_aliases[alias.asname] = alias.name
                else:
                    module_aliases[PACKAGE] = PACKAGE
        elif isinstance(node, ast.ImportFrom):
            source_module = _imported_from(node, module, is_package)
            for alias in node.names:
                full = f"{source_module}.{alias.name}"
                if full in modules:
                    module_aliases[alias.asname or alias.name] = full
                elif is_private(alias.name):
                    text = f"from {'.' * node.level}{node.module or ''} import {alias.name}"
                    found.append((alias.lineno, text))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not is_private(node.attr):
            continue
        if isinstance(node.ctx, ast.Store):
            continue
        owner = _dotted(node.value)
        owner_module = None
        if owner is not None:
            head, _, rest = owner.partition(".")
            if head in module_aliases:
                owner_module = ".".join(filter(None, [module_aliases[head], rest]))
        if owner_module in modules or node.attr not in defined:
            found.append((node.lineno, _snippet(source, node, node.attr)))

    return [f"{filename}:{line}: {text}" for line, text in sorted(found)]


def package_violations() -> list[str]:
    modules = package_modules()
    violations: list[str] = []
    for name, path in modules.items():
        violations += find_violations(
            path.read_text(encoding="utf-8"),
            module=name,
            filename=path.relative_to(ROOT).as_posix(),
            modules=frozenset(modules),
            is_package=path.name == "__init__.py",
        )
    return violations


def test_no_module_uses_another_modules_private_names():
    violations = package_violations()
    if violations:
        pytest.fail(
            f"{len(violations)} use(s) of another module's underscore names; make the name "
            "public in its own module (or add a public function there) instead:\n"
            + "\n".join(violations),
            pytrace=False,
        )


# The checker itself, on small made-up modules.

MODULES = frozenset({"orgchart", "orgchart.model", "orgchart.changes", "orgchart._files"})


def check(source: str, module: str = "orgchart.history") -> list[str]:
    return find_violations(source, module=module, filename="m.py", modules=MODULES)


@pytest.mark.parametrize(
    "source",
    [
        # Its own slots, set through object.__setattr__ or a local helper.
        'class C:\n    __slots__ = ("_ops",)\n    def f(self):\n        return self._ops\n',
        "class C:\n    def f(self):\n        object.__setattr__(self, '_x', 1)\n"
        "        return self._x\n",
        "class C:\n    def _set(self, n, v):\n        object.__setattr__(self, n, v)\n"
        "    def f(self):\n        self._set('_hash', 1)\n        return self._hash\n",
        # Its own methods, attributes and annotated class attributes.
        "class C:\n    def _key(self):\n        return 1\n    def g(self, o):\n"
        "        return self._key() == o._key()\n",
        "class C:\n    def __init__(self):\n        self._n = 0\n    def f(self):\n"
        "        return self._n\n",
        "class C:\n    _n: int = 0\n    def f(self):\n        return self._n\n",
        # Dunders, sunder protocol hooks, namedtuple API, private modules.
        "x = a.__class__.__name__\ny = s._repr_mimebundle_()\nz = p._replace(x=1)\n",
        "from ._files import write_atomically\nfrom . import _files\n",
        "from .model import Snapshot, __all__\n",
    ],
)
def test_checker_allows(source):
    assert check(source) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("for op in event.changes._ops:\n    pass\n", ["m.py:1: event.changes._ops"]),
        ("from .model import _repr\n", ["m.py:1: from .model import _repr"]),
        (
            "from orgchart.changes import _Working\n",
            ["m.py:1: from orgchart.changes import _Working"],
        ),
        (
            "from .changes import (\n    diff,\n    _Working,\n)\n",
            ["m.py:3: from .changes import _Working"],
        ),
        ("def f(s):\n    return s._people.mutate()\n", ["m.py:2: s._people"]),
        ("import sys\nframe = sys._getframe()\n", ["m.py:2: sys._getframe"]),
        # Another module's name, even if this module has one of the same name.
        (
            "from . import model\n_repr = 1\nx = model._repr(1)\n",
            ["m.py:3: model._repr"],
        ),
        (
            "import orgchart.model\n_repr = 1\nx = orgchart.model._repr\n",
            ["m.py:3: orgchart.model._repr"],
        ),
        ("import orgchart.model as m\n_repr = 1\nx = m._repr\n", ["m.py:3: m._repr"]),
    ],
)
def test_checker_flags(source, expected):
    assert check(source) == expected


def test_checker_resolves_relative_imports_in_a_package_init():
    source = "from . import model\n_repr = 1\nx = model._repr\n"
    found = find_violations(
        source, module="orgchart", filename="m.py", modules=MODULES, is_package=True
    )
    assert found == ["m.py:3: model._repr"]


def test_every_module_is_checked():
    modules = package_modules()
    assert {"orgchart", "orgchart.model", "orgchart.changes", "orgchart.history"} <= set(modules)
