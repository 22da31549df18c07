"""orgchart: the history of organisations, as immutable snapshots joined by
dated, sourced change sets.

>>> import orgchart as oc
>>> a = oc.Snapshot.build(units=[oc.Unit("g", "Alibaba Group")])
>>> b = a + oc.ChangeSet([oc.Add(oc.Unit("c", "Alibaba Cloud", parent="g"))])
>>> oc.diff(a, b).apply(a) == b
True
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import Any

from .changes import ChangeSet
from .dates import PartialDate, parse_date
from .diffs import diff
from .dot import to_dot
from .errors import (
    AmbiguousNameError,
    ConflictError,
    DateError,
    ExecutableNotFoundError,
    FormatError,
    IntegrityError,
    MergeError,
    MissingExtraError,
    NotFoundError,
    OrgChartError,
    RenderError,
    StateError,
    ValidationError,
)
from .events import Event
from .fileformat import dump, dumps, load, loads
from .history import History, HistoryBuilder
from .items import Person, Post, Unit
from .merges import Conflict, Merge, merge
from .model import Snapshot
from .operations import Add, Appoint, Op, Remove, Update, Vacate
from .pages import page
from .provenance import Dispute, Source
from .rendering import render
from .tenures import Tenure, Timeline

__all__ = [
    "Add",
    "AmbiguousNameError",
    "Appoint",
    "ChangeSet",
    "Conflict",
    "ConflictError",
    "DateError",
    "Dispute",
    "Event",
    "ExecutableNotFoundError",
    "FormatError",
    "History",
    "HistoryBuilder",
    "IntegrityError",
    "Merge",
    "MergeError",
    "MissingExtraError",
    "NotFoundError",
    "Op",
    "OrgChartError",
    "PartialDate",
    "Person",
    "Post",
    "Remove",
    "RenderError",
    "Snapshot",
    "Source",
    "StateError",
    "Tenure",
    "Timeline",
    "Unit",
    "Update",
    "Vacate",
    "ValidationError",
    "__version__",
    "diff",
    "dump",
    "dumps",
    "load",
    "loads",
    "merge",
    "page",
    "parse_date",
    "render",
    "to_dot",
]

# Submodules reachable as attributes without importing them up front
# (strategies needs hypothesis, the optional "strategies" extra: without it,
# ``oc.strategies`` raises MissingExtraError, an ImportError).
_LAZY_SUBMODULES = frozenset(
    {"strategies", "seeds", "popolo", "synthetic", "wikidata", "tables", "imports", "report"}
)


def __getattr__(name: str) -> Any:
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'orgchart' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY_SUBMODULES)
