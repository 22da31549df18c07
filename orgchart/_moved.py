"""Names that moved to another module: still importable from the old place, with a warning."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["moved_names"]


def moved_names(module: str, moved: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for names that moved: ``moved`` maps each old
    name to ``"new.module"`` or ``"new.module:NewName"``. Using an old name
    gives the new object with a :class:`DeprecationWarning` saying where it is."""

    def __getattr__(name: str) -> Any:
        where = moved.get(name)
        if where is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        new_module, _, new_name = where.partition(":")
        new_name = new_name or name
        warnings.warn(
            f"{module}.{name} is now {new_module}.{new_name}", DeprecationWarning, stacklevel=2
        )
        return getattr(importlib.import_module(new_module), new_name)

    return __getattr__
