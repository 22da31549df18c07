"""The data sets shipped with orgchart.

>>> import orgchart as oc
>>> history = oc.seeds.alibaba()
>>> history.title
'Alibaba Group and Alibaba Cloud leadership'
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from .fileformat import load
from .history import History

__all__ = ["alibaba", "names", "path"]

_SEEDS = ("alibaba",)


def names() -> tuple[str, ...]:
    """The names of the shipped data sets."""
    return _SEEDS


def path(name: str) -> Path:
    """The file of a shipped data set, in an installed wheel or in a checkout."""
    if name not in _SEEDS:
        from .errors import NotFoundError

        raise NotFoundError(f"no data set {name!r}; the shipped ones are {', '.join(_SEEDS)}")
    packaged = resources.files("orgchart") / "_data" / f"{name}.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "seeds" / f"{name}.yaml"


@functools.cache
def alibaba() -> History:
    """The leadership history of Alibaba Group and Alibaba Cloud from late 2022 on.

    Sourced from news reports (see ``history.sources``); see
    ``seeds/README.md`` for coverage, choices and known gaps.
    """
    return load(path("alibaba"))
