"""Notebook display of orgchart's values, without the values importing what draws them.

:class:`Snapshot`, :class:`ChangeSet` and :class:`Timeline` inherit
:class:`Display`, which gives them ``_repr_mimebundle_`` (the Jupyter
protocol python-graphviz also uses): the text always, and an SVG diagram
when a drawer is registered. :mod:`orgchart.render`, the only module that
runs Graphviz, registers itself when it is imported, which ``import
orgchart`` does; so the values sit below the drawing code and never import it.

>>> import orgchart as oc
>>> org = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
>>> org._repr_mimebundle_(include=["text/plain"])
{'text/plain': 'Group'}
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

from .errors import RenderError

__all__ = ["Display", "mimebundle", "register_drawer"]

SVG = "image/svg+xml"
TEXT = "text/plain"

_drawers: list[Callable[[Any], str]] = []


def register_drawer(drawer: Callable[[Any], str]) -> None:
    """Use ``drawer(value) -> SVG text`` for notebook display (the last registered wins)."""
    _drawers.append(drawer)


def mimebundle(
    obj: Any, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str]:
    """Jupyter display data: the SVG diagram when it can be drawn, the text always."""
    wanted = set(include) if include else {SVG, TEXT}
    wanted -= set(exclude or ())
    bundle: dict[str, str] = {}
    if TEXT in wanted:
        bundle[TEXT] = obj.to_text()
    if SVG in wanted and _drawers:
        # No Graphviz, or it failed: the text still shows.
        with contextlib.suppress(RenderError):
            bundle[SVG] = _drawers[-1](obj)
    return bundle


class Display:
    """Mixin: notebook display through :func:`mimebundle`; subclasses define ``to_text``."""

    __slots__ = ()

    def to_text(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return mimebundle(self, include, exclude)
