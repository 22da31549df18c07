"""Notebook display of orgchart's values, without the values importing what draws them.

:class:`Snapshot`, :class:`ChangeSet` and :class:`Timeline` inherit
:class:`Display`, which gives them ``_repr_mimebundle_`` (the Jupyter
protocol python-graphviz also uses): the text always, and an SVG diagram
with HTML around it that fits it to the cell's width (:func:`fit_width`),
or for a history an HTML page, when a drawer is registered for it.
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

from .errors import RenderError, ValidationError

__all__ = [
    "HTML",
    "SVG",
    "TEXT",
    "Display",
    "fit_width",
    "fits_width",
    "mimebundle",
    "register_drawer",
]

SVG = "image/svg+xml"
TEXT = "text/plain"

HTML = "text/html"

#: Whether diagrams in notebooks are fitted to the cell's width (see fit_width).
_fit = [True]


def fit_width(on: bool = True) -> None:
    """Show diagrams in notebooks fitted to the cell's width (the default), or
    with ``on=False`` at their natural size, scrolling; either way a click on
    a diagram shows it the other way.

    >>> import orgchart as oc
    >>> oc.display.fit_width(False); oc.display.fits_width()
    False
    >>> oc.display.fit_width(); oc.display.fits_width()
    True
    """
    if not isinstance(on, bool):
        raise ValidationError.field("on", on, "True or False")
    _fit[0] = on


def fits_width() -> bool:
    """Whether diagrams in notebooks are fitted to the cell's width (:func:`fit_width`)."""
    return _fit[0]


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
