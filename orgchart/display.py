"""Notebook display of orgchart's values, without the values importing what draws them.

:class:`Snapshot`, :class:`ChangeSet` and :class:`Timeline` inherit
:class:`Display`, which gives them ``_repr_mimebundle_`` (the Jupyter
protocol python-graphviz also uses): the text always, and an SVG diagram
(or, for a history, an HTML page) when a drawer is registered for it.
:mod:`orgchart.rendering`, the only module that runs Graphviz, and
:mod:`orgchart.pages` register themselves when they are imported, which
``import orgchart`` does; so the values sit below the drawing code and
never import it.

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

__all__ = ["HTML", "SVG", "TEXT", "Display", "mimebundle", "register_drawer"]

SVG = "image/svg+xml"
TEXT = "text/plain"

HTML = "text/html"

#: (media type, the classes it draws, drawer), in the order registered.
_drawers: list[tuple[str, tuple[type, ...], Callable[[Any], str]]] = []


def register_drawer(
    drawer: Callable[[Any], str], *, mime: str = SVG, types: type | tuple[type, ...] = object
) -> None:
    """Use ``drawer(value) -> text`` for the ``mime`` display of values of ``types``.

    The last drawer registered for a media type and a value wins.
    """
    _drawers.append((mime, types if isinstance(types, tuple) else (types,), drawer))


def mimebundle(
    obj: Any, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str]:
    """Jupyter display data: the diagrams that can be drawn, the text always."""
    wanted = set(include) if include else {SVG, HTML, TEXT}
    wanted -= set(exclude or ())
    bundle: dict[str, str] = {}
    if TEXT in wanted:
        bundle[TEXT] = obj.to_text()
    for mime, types, drawer in reversed(_drawers):
        if mime in wanted and mime not in bundle and isinstance(obj, types):
            # No Graphviz, or it failed: the text still shows.
            with contextlib.suppress(RenderError):
                bundle[mime] = drawer(obj)
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
