"""Running Graphviz: the only module that starts the ``dot`` program.

:func:`render` writes a diagram to a file (SVG, PNG, PDF, or the DOT text
itself); :func:`svg` draws the SVG that notebooks show (registered with
:mod:`orgchart.display`, which falls back to text when Graphviz is not
installed).

>>> import tempfile
>>> from pathlib import Path
>>> import orgchart as oc
>>> org = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
>>> with tempfile.TemporaryDirectory() as folder:
...     path = oc.render(org, Path(folder) / "org.dot")
...     path.read_text().startswith("digraph orgchart {")
True
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
from pathlib import Path
from typing import Any

from .changes import ChangeSet
from .display import register_drawer
from .dot import LAYOUTS, to_dot
from .errors import ExecutableNotFoundError, RenderError, ValidationError
from .files import write_atomically
from .merges import Merge
from .model import Snapshot
from .tenures import Timeline

__all__ = [
    "FORMATS",
    "READABLE_FONT_PX",
    "TOO_SMALL",
    "WIDE",
    "fitting_source",
    "inline",
    "pipe",
    "readable_drawing",
    "readable_width",
    "render",
    "svg",
    "svg_markup",
    "svg_size",
]

#: Output formats by file suffix.
FORMATS = ("svg", "png", "pdf", "dot")
PROGRAM = "dot"
TIMEOUT_SECONDS = 120
#: With ``layout="auto"`` (the default when Graphviz draws), a diagram drawn
#: more than this many times as wide as it is tall is drawn compact instead.
WIDE = 2.0
#: The smallest size, in CSS pixels, that a diagram's body text (11 pt) may
#: be shrunk to when a diagram is fitted to the width of its column; past it
#: the documentation and notebooks draw less of the org rather than smaller.
READABLE_FONT_PX = 7.0
#: The note under a diagram whose text, fitted, is smaller than can be read.
TOO_SMALL = "Its text is too small to read at this width: open it full size."
#: The size of a diagram's body text, in points.
_BODY_FONT_PT = 11.0


def pipe(source: str, format: str) -> bytes:
    """Run ``dot -T<format>`` on DOT text and return what it prints."""
    if format not in FORMATS or format == "dot":
        raise ValidationError.field("format", format, "one of 'svg', 'png', 'pdf'")
    try:
        result = subprocess.run(
            [PROGRAM, f"-T{format}"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise ExecutableNotFoundError(PROGRAM) from error
        raise RenderError(f"could not run {PROGRAM!r}: {error}") from error
    except subprocess.TimeoutExpired as error:
        raise RenderError(f"{PROGRAM!r} took longer than {TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"{PROGRAM!r} failed (exit {result.returncode}): {message}")
    return result.stdout


_PROLOG = re.compile(r"\A.*?(?=<svg)", re.DOTALL)


def svg_markup(source: str) -> str:
    """The SVG of DOT text, ready to put inside an HTML page: the ``<svg>``
    element alone, without the XML declaration, doctype and comments before it."""
    return inline(pipe(source, "svg").decode("utf-8"))


def inline(svg: str) -> str:
    """An SVG document as markup for inside an HTML page: the ``<svg>`` element alone."""
    return _PROLOG.sub("", svg, count=1)


_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def svg_size(markup: str) -> tuple[float, float]:
    """The width and height of an SVG drawn by Graphviz, in points.

    >>> svg_size('<svg width="1443pt" height="539pt" viewBox="0 0 1443 539">')
    (1443.0, 539.0)
    """
    found = _SIZE.search(markup)
    if found is None:
        raise RenderError("the SVG Graphviz drew has no width and height in points")
    return float(found.group(1)), float(found.group(2))


def readable_width(width_pt: float, column_px: float) -> bool:
    """Whether a diagram ``width_pt`` wide, fitted to a column ``column_px``
    wide, keeps its body text at least :data:`READABLE_FONT_PX` high."""
    scale = min(1.0, column_px / (width_pt * 4 / 3))  # 1 pt is 4/3 CSS px
    return _BODY_FONT_PT * 4 / 3 * scale >= READABLE_FONT_PX


def fitting_source(obj: Any, **options: Any) -> tuple[str, str]:
    """The DOT text of ``obj`` and its SVG, in the layout that suits it.

    ``layout`` is one of "natural", "compact" (see :func:`orgchart.to_dot`)
    or "auto" (the default): the natural layout, unless its drawing is more
    than :data:`WIDE` times as wide as it is tall and the compact one is
    narrower. Timelines have one layout; "auto" draws it.
    """
    layout = options.pop("layout", None)
    if layout is not None and layout != "auto" and layout not in LAYOUTS:
        raise ValidationError.field("layout", layout, "one of 'auto', 'natural', 'compact'")
    if layout not in (None, "auto"):
        source = to_dot(obj, layout=layout, **options)
        return source, pipe(source, "svg").decode("utf-8")
    source = to_dot(obj, **options)
    drawn = pipe(source, "svg").decode("utf-8")
    width, height = svg_size(drawn)
    if width <= WIDE * height or not isinstance(obj, (Snapshot, ChangeSet, Merge)):
        return source, drawn
    compact = to_dot(obj, layout="compact", **options)
    compact_drawn = pipe(compact, "svg").decode("utf-8")
    compact_width, _ = svg_size(compact_drawn)
    if compact_width < width:
        return compact, compact_drawn
    return source, drawn


def readable_drawing(
    obj: Any, column_px: float, spelling: tuple[str, str] = ("depth=", "root="), **options: Any
) -> tuple[str, str | None]:
    """The SVG of ``obj`` for a column ``column_px`` wide, and what it leaves out.

    A snapshot whose drawing, fitted to the column, would shrink its text
    below :data:`READABLE_FONT_PX` is drawn to the deepest ``depth`` that
    stays readable, with a note saying what was left out and how to draw
    it; other diagrams (and snapshots drawn to a ``depth`` asked for, or too
    wide even at depth 0) are drawn whole, with :data:`TOO_SMALL` as their
    note. The note is None when the drawing reads well in the column; it
    names the options as ``spelling`` gives them (``depth=`` and ``root=``;
    ``:depth:`` and ``:root:`` in a directive).
    """
    _source, drawn = fitting_source(obj, **dict(options))
    if readable_width(svg_size(drawn)[0], column_px):
        return drawn, None
    if not isinstance(obj, Snapshot) or options.get("depth") is not None:
        return drawn, TOO_SMALL
    best = None
    depth = 0
    while True:
        _source, shallower = fitting_source(obj, depth=depth, **dict(options))
        if shallower == drawn:  # as deep as the org goes: it was never cut
            break
        if best is not None and not readable_width(svg_size(shallower)[0], column_px):
            break
        best = (depth, shallower)
        depth += 1
    if best is None:
        return drawn, TOO_SMALL
    depth, shallower = best
    drawn_posts = shallower.count('class="node post ')
    total = len(obj.subtree(options["root"]).posts) if options.get("root") else len(obj.posts)
    depth_, root_ = spelling
    note = (
        f"{total - drawn_posts} of {total} posts are not drawn: units deeper than "
        f"{depth_}{depth} are left out so that the text stays readable at this width. "
        f"Draw them with a larger {depth_.strip()}, or with {root_} naming one of the units drawn; "
        f"or open the diagram full size."
    )
    return shallower, note


def svg(obj: Any, **options: Any) -> str:
    """The diagram of ``obj`` as SVG text (options as :func:`orgchart.render` takes them)."""
    return fitting_source(obj, **options)[1]


def render(
    obj: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Draw ``obj`` (a snapshot, change set or timeline) into a file.

    The format comes from ``format`` or else from the suffix: ``.svg``,
    ``.png``, ``.pdf``, or ``.dot`` (the DOT text, no Graphviz needed).
    ``options`` go to :func:`orgchart.to_dot`, but ``layout`` may also be
    "auto" (the default): a diagram drawn much wider than tall is drawn
    compact (see :func:`fitting_source`); a ``.dot`` file, written without
    Graphviz, is in the natural layout unless ``layout`` says otherwise.
    The file is written whole or not at all: a failure leaves any old file
    as it was.
    """
    path = Path(path)
    if format is None:
        format = path.suffix.lower().lstrip(".")
        if format not in FORMATS:
            raise ValidationError.field(
                "path",
                str(path),
                "a file name ending in .svg, .png, .pdf or .dot (or pass format=)",
            )
    elif format not in FORMATS:
        raise ValidationError.field("format", format, "one of 'svg', 'png', 'pdf', 'dot'")
    if format == "dot":
        if options.get("layout") == "auto":
            options.pop("layout")
        data = to_dot(obj, **options).encode("utf-8")
    else:
        source, drawn = fitting_source(obj, **options)
        data = drawn.encode("utf-8") if format == "svg" else pipe(source, format)
    write_atomically(path, data, RenderError)
    return path


# Snapshots, change sets and timelines show as SVG in notebooks (orgchart.display).
register_drawer(svg, types=(Snapshot, ChangeSet, Timeline))
