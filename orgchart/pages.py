"""The org over time as one self-contained HTML page, with a date slider.

:func:`page` writes the page: one frame per date on which something changed
(or per ``every`` step), each frame the org on that date drawn by Graphviz
with what changed since the previous frame highlighted the way change
diagrams highlight it, beside the events of that step and their sources. A
slider, previous/next buttons, the arrow keys and play/pause move through
the frames; the URL fragment names the frame (``alibaba.html#2023-09-10``).

The page needs nothing but itself: no network request of any kind (its
Content-Security-Policy forbids them), no web fonts, and without JavaScript
it still shows the last frame's diagram and events as plain markup.

The markup contract that tests and users' scripts rely on:

- the slider is ``<input type="range" data-orgchart="slider">``;
- the current frame's diagram is inside ``[data-orgchart="diagram"]``;
- the date shown is ``[data-orgchart="date"]``, with the ISO date in ``datetime``;
- the step's events are in ``[data-orgchart="events"]``;
- the buttons are ``[data-orgchart="prev"]``, ``"next"`` and ``"play"``.

In a notebook a :class:`~orgchart.History` displays as the same page
(the last :data:`NOTEBOOK_FRAMES` frames), inside an ``iframe``.

>>> import tempfile
>>> from pathlib import Path
>>> import orgchart as oc
>>> with tempfile.TemporaryDirectory() as folder:
...     path = oc.page(oc.seeds.alibaba(), Path(folder) / "alibaba.html")
...     path.read_text(encoding="utf-8").count('<input type="range" data-orgchart="slider"')
1
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pendulum

from . import __version__
from .changes import ChangeSet
from .dates import DateLike, date_range, parse_date, to_day
from .display import HTML, fits_width, register_drawer
from .dot import OPTIONS, diagram_kind, to_dot
from .errors import RenderError, ValidationError
from .events import Event
from .files import write_atomically
from .history import History
from .merges import Merge
from .model import Snapshot
from .rendering import fitting_source, inline, readable_drawing, svg_size
from .tenures import Timeline

__all__ = [
    "MAX_FRAMES",
    "NOTEBOOK_FRAMES",
    "Frame",
    "diagram",
    "diagram_html",
    "figure",
    "frames",
    "notebook_html",
    "page",
    "to_html",
    "widget",
]

#: The most frames one page holds. Past it :func:`page` refuses, and says how
#: to narrow the range (``start``/``end``) or widen the step (``every``).
MAX_FRAMES = 240
#: The frames a history shows in a notebook: the last ones, with a note.
NOTEBOOK_FRAMES = 24
#: The width of a notebook's output column, in CSS pixels, that a diagram
#: shown there is drawn for (see :func:`orgchart.rendering.readable_drawing`).
NOTEBOOK_COLUMN_PX = 900
#: The width of a phone's text column, in CSS pixels (see :func:`diagram`).
PHONE_COLUMN_PX = 360
#: The options of a frame's diagram: those of a change set diagram but the
#: ones the page sets itself.
DIAGRAM_OPTIONS = (
    *(o for o in OPTIONS["change set"] if o not in ("base", "context", "events")),
    "direction",
    "graph_attr",
    "node_attr",
    "edge_attr",
)


@attrs.frozen
class Frame:
    """One step of a page: the org on ``day``, and how it got there since ``since``."""

    day: pendulum.Date
    #: The day before the frame's step starts: the previous frame's day, or the
    #: day before the first frame.
    since: pendulum.Date
    #: The date as the events give it ("November 2023" for a month), else the day.
    label: str
    changes: ChangeSet
    events: tuple[Event, ...]

    @property
    def iso(self) -> str:
        """The frame's day in ISO form, as the URL fragment names it."""
        return self.day.isoformat()


def frames(
    history: History,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    every: str | None = None,
    limit: int | None = MAX_FRAMES,
) -> tuple[Frame, ...]:
    """The frames of a page over ``history``, from ``start`` to ``end`` (both included).

    Without ``every``, one frame per day on which an event takes effect;
    with it ("1 month", "1 year"...), one per step from ``start`` (default:
    the first event's date). A ``limit`` past which the range is refused;
    ``None`` for none.
    """
    if not isinstance(history, History):
        raise ValidationError.field("history", history, "a History")
    first = to_day(start) if start is not None else None
    last = to_day(end) if end is not None else None
    if first is not None and last is not None and last < first:
        raise ValidationError(f"the page's end {end} is before its start {start}")
    # Each day with events, named by its most precise date (History.dates).
    labels = {date.ordinal: date.display() for date in history.dates}
    if every is None:
        days = [
            pendulum.Date.fromordinal(day)
            for day in sorted(labels)
            if (first is None or day >= first.toordinal())
            and (last is None or day <= last.toordinal())
        ]
    else:
        if first is None and history.start is None:
            raise ValidationError("the history has no events: give start= for a page by steps")
        begin = first if first is not None else pendulum.Date.fromordinal(min(labels))
        finish = last if last is not None else pendulum.Date.fromordinal(max(labels, default=0))
        days = list(date_range(begin, max(begin, finish), every))
    if not days:
        where = "" if start is None and end is None else f" between {start} and {end}"
        raise ValidationError(
            f"no dates to show: the history has no events{where}; "
            "choose another range, or give every='1 month' for regular steps"
        )
    if limit is not None and len(days) > limit:
        raise ValidationError(
            f"{len(days):,} frames is more than the {limit:,} a page holds: narrow the range "
            f"with start= and end= (--from/--to) or take fewer steps with every='1 year' (--every)"
        )
    result = []
    previous = days[0].subtract(days=1)
    for day in days:
        result.append(
            Frame(
                day=day,
                since=previous,
                label=labels.get(day.toordinal(), parse_date(day).display()),
                changes=history.diff(previous, day),
                events=history.events_between(previous, day),
            )
        )
        previous = day
    return tuple(result)


# ------------------------------------------------------------------- markup


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str | None) -> str:
    """A link to a source, for web addresses only (never ``javascript:`` and the like)."""
    if url and url.lower().startswith(("https://", "http://")):
        return f' <a href="{_e(url)}" rel="noreferrer">{_e(url)}</a>'
    return f" {_e(url)}" if url else ""


def _events_markup(history: History, frame: Frame, first: bool) -> str:
    if not frame.events:
        return '<p class="orgchart-quiet">No changes since the previous date.</p>'
    numbers: dict[str, int] = {}
    items = []
    for event in frame.events:
        cited = []
        for source_id in event.sources:
            number = numbers.setdefault(source_id, len(numbers) + 1)
            cited.append(f'<span class="orgchart-cite">[{number}]</span>')
        note = ""
        if event.note:
            note = f'<p class="orgchart-note">{_e(" ".join(event.note.split()))}</p>'

        items.append(
            f'<li><p class="orgchart-when"><time datetime="{_e(event.date)}">{_e(event.when())}'
            f'</time></p><p class="orgchart-summary">{_e(event.summary or "(no summary)")}'
            f"{' ' + ' '.join(cited) if cited else ''}</p>{note}</li>"
        )
    heading = "On this date" if first else f"Since {_e(parse_date(frame.since).display())}"
    parts = [f"<h2>{heading}</h2>", f'<ol class="orgchart-events">{"".join(items)}</ol>']
    if numbers:
        sources = []
        for source_id, number in numbers.items():
            source = history.sources.get(source_id)
            text = _e(source.describe()) if source else _e(source_id)
            link = _link(source.url) if source else ""
            sources.append(f'<li value="{number}">{text}{link}</li>')
        parts.append(f'<h3>Sources</h3><ol class="orgchart-sources">{"".join(sources)}</ol>')
    return "".join(parts)


def _check_options(options: Mapping[str, Any]) -> None:
    for name in options:
        if name not in DIAGRAM_OPTIONS:
            raise ValidationError(
                f"option {name!r} does not apply to a page "
                f"(its diagrams take {', '.join(DIAGRAM_OPTIONS)})"
            )


def _drawings(changes: Sequence[ChangeSet], options: Mapping[str, Any]) -> list[str]:
    """The SVG of each frame's changes, drawn side by side (each ``dot`` is its
    own process), in the layout that suits each (see
    :func:`~orgchart.rendering.fitting_source`)."""

    def drawing(change: ChangeSet) -> str:
        return inline(fitting_source(change, **options)[1])

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        return list(pool.map(drawing, changes))


def _asset(name: str) -> str:
    """The page's own script or style sheet, shipped beside this module."""
    return (resources.files("orgchart") / name).read_text(encoding="utf-8")


_STYLE = _asset("page.css")
#: How a fitted diagram looks: as wide as its container at most, its aspect
#: kept; clicked (or its "Full size" link), at its natural size, scrolling.
_FIGURE_STYLE = (
    ".orgchart-figure{margin:0 0 1rem;max-width:100%}"
    ".orgchart-figure>input{position:absolute;opacity:0;pointer-events:none}"
    ".orgchart-figure>.orgchart-zoom{display:block;overflow:auto;cursor:zoom-in}"
    ".orgchart-figure>input:checked~.orgchart-zoom{cursor:zoom-out}"
    ".orgchart-figure>input:not(:checked)~.orgchart-zoom svg{width:100%;height:auto;"
    "max-width:var(--orgchart-width);display:block}"
    ".orgchart-figure.orgchart-natural>input:not(:checked)~.orgchart-zoom svg{width:auto;"
    "max-width:none}"
    ".orgchart-figure figcaption{font-size:.85em;color:#57606a}"
    ".orgchart-figure figcaption label{text-decoration:underline;cursor:pointer}"
    ".orgchart-figure>input:focus-visible~figcaption label{outline:2px solid #0969da}"
    ".orgchart-diagram{container-type:inline-size}"
    ".orgchart-figure.orgchart-small,.orgchart-small-note{display:none}"
    "@container (max-width:30rem){.orgchart-figure.orgchart-wide{display:none}"
    ".orgchart-figure.orgchart-small{display:block}.orgchart-small-note{display:inline}}"
)
_SCRIPT = _asset("page.js")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _frames_json(data: Any) -> str:
    # Inside <script>, "<" is escaped so no text can close the element.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


def figure(
    svg: str,
    *,
    alt: str,
    key: str,
    note: str | None = None,
    fit: bool = True,
    variant: str = "",
    small_note: str | None = None,
) -> str:
    """A diagram's SVG in HTML, fitted to its container's width with its aspect
    kept (``fit=False``: at its natural size); clicking it, or the "Full size"
    link under it, shows it full size in the page, and again fits it.

    ``key`` tells the figure apart from the others of its page (its toggle's
    id); ``note`` (plain text) goes under it. No script: the toggle is a
    checkbox, so the figure works where scripts are not run. ``variant``
    "wide" or "small" (see :func:`diagram`) shows it only in containers of
    that width; ``small_note`` shows in small containers only.
    """
    width, _height = svg_size(svg)
    toggle = f"orgchart-full-{_e(key)}"
    caption = f'<label for="{toggle}">Full size</label>'
    if note:
        caption += f" · {_e(note)}"
    if small_note and small_note != note:
        caption += f'<span class="orgchart-small-note"> · {_e(small_note)}</span>'
    return (
        f'<figure class="orgchart-figure{"" if fit else " orgchart-natural"}'
        f'{" orgchart-" + variant if variant else ""}" '
        f'data-orgchart="figure" style="--orgchart-width:{width:g}pt">'
        f"<style>{_FIGURE_STYLE}</style>"
        f'<input type="checkbox" id="{toggle}" aria-label="Show the diagram full size">'
        f'<label class="orgchart-zoom" for="{toggle}" role="img" aria-label="{_e(alt)}">'
        f"{inline(svg)}</label><figcaption>{caption}</figcaption></figure>"
    )


def diagram(
    obj: Any,
    column_px: float,
    *,
    alt: str | None = None,
    key: str | None = None,
    fit: bool = True,
    spelling: tuple[str, str] = ("depth=", "root="),
    **options: Any,
) -> str:
    """The diagram of ``obj`` in HTML, fitted to its container (see :func:`figure`).

    It is drawn for a column ``column_px`` wide as
    :func:`~orgchart.rendering.readable_drawing` draws it (less of a wide
    org, rather than text too small to read); when a phone's column
    (:data:`PHONE_COLUMN_PX`) needs less of it again, that drawing is there
    too, shown in containers narrower than 30rem in place of the other
    (unless ``fit`` is False: then the one drawing shows at its natural size).
    ``alt`` says what it shows (default: from its kind), ``key`` tells it
    apart on its page (default: from its drawing); ``options`` go to
    :func:`orgchart.to_dot`, with ``layout`` as :func:`orgchart.render` takes it.
    """
    drawn, note = readable_drawing(obj, column_px, spelling, **options)
    small, small_note = drawn, note
    if fit:  # at natural size the drawing scrolls: one is enough
        small, small_note = readable_drawing(obj, PHONE_COLUMN_PX, spelling, **options)
    key = key or hashlib.sha256(drawn.encode("utf-8")).hexdigest()[:12]
    alt = alt or _ALT[diagram_kind(obj)]
    if small == drawn:
        figures = figure(drawn, alt=alt, key=key, note=note, fit=fit, small_note=small_note)
    else:
        figures = figure(drawn, alt=alt, key=key, note=note, fit=fit, variant="wide") + figure(
            small, alt=alt, key=f"{key}-small", note=small_note, fit=fit, variant="small"
        )
    return f'<div class="orgchart-diagram">{figures}</div>'


def diagram_html(obj: Any) -> str:
    """A diagram in a notebook: fitted to the cell's width (see
    :func:`orgchart.display.fit_width`), drawn for :data:`NOTEBOOK_COLUMN_PX`
    as :func:`diagram` draws it."""
    return diagram(obj, NOTEBOOK_COLUMN_PX, fit=fits_width())


#: What each kind of diagram shows, in a few words, for readers who cannot see it.
_ALT = {
    "snapshot": "organisation chart",
    "change set": "what changed in the organisation",
    "merge": "two drafts of the organisation, merged",
    "timeline": "who held which post when",
}


def widget(
    history: History,
    frame_list: Sequence[Frame],
    *,
    title: str | None = None,
    note: str | None = None,
    **diagram_options: Any,
) -> str:
    """The page's markup alone (style, controls, frames and script), to embed in
    another HTML page such as a documentation page."""
    _check_options(diagram_options)
    # The page says the date and lists the events: the diagrams need neither.
    options = {"context": "all", "title": "", "events": False, **diagram_options}
    layout = options.pop("layout", None)
    sources: dict[str, int] = {}
    drawn: list[ChangeSet] = []  # one change set for each diagram drawn
    slots = []
    for frame in frame_list:
        dot = to_dot(frame.changes, **options)
        slot = sources.setdefault(dot, len(sources))
        if slot == len(drawn):
            drawn.append(frame.changes)
        slots.append(slot)
    try:
        drawings = _drawings(drawn, {**options, "layout": layout})
    except RenderError as error:
        raise RenderError(f"could not draw the page's diagrams: {error}") from error
    last = len(frame_list) - 1
    lists = [_events_markup(history, f, i == 0) for i, f in enumerate(frame_list)]
    data = [
        {"date": f.iso, "label": f.label, "svg": slot}
        for f, slot in zip(frame_list, slots, strict=True)
    ]
    heading = title if title is not None else (history.title or "Organisation chart")
    note_markup = f'<p class="orgchart-quiet">{_e(note)}</p>' if note else ""
    templates = "".join(
        f'<template data-orgchart-svg="{i}">{svg}</template>' for i, svg in enumerate(drawings)
    ) + "".join(
        f'<template data-orgchart-events="{i}">{markup}</template>'
        for i, markup in enumerate(lists)
    )
    return (
        f'<div class="orgchart-page" data-orgchart="page">'
        f"<style>{_STYLE}</style>"
        f"<header><h1>{_e(heading)}</h1>{note_markup}"
        f'<time class="orgchart-date" data-orgchart="date" '
        f'datetime="{frame_list[last].iso}">{_e(frame_list[last].label)}</time>'
        f'<div class="orgchart-controls" data-orgchart="controls" hidden>'
        f'<button type="button" data-orgchart="prev" aria-label="Previous date">&#9664; Previous'
        f"</button>"
        f'<input type="range" data-orgchart="slider" min="0" max="{last}" value="{last}" '
        f'step="1" aria-label="Date">'
        f'<button type="button" data-orgchart="next" aria-label="Next date">Next &#9654;</button>'
        f'<button type="button" data-orgchart="play" aria-pressed="false">Play</button>'
        f'<button type="button" data-orgchart="fit" aria-pressed="false" '
        f'title="Show the diagram full size, or fit it to the width of the page">Full size'
        f"</button>"
        f'<span class="orgchart-position" data-orgchart="position" aria-live="polite">'
        f"{last + 1} of {last + 1}</span></div>"
        f"<noscript><p>The org on its last date. Turn on JavaScript to move through "
        f"{last + 1} dates.</p></noscript></header>"
        f'<div class="orgchart-body">'
        f'<figure data-orgchart="diagram" class="orgchart-fit" '
        f'data-date="{frame_list[last].iso}" title="Click for full size">'
        f"{drawings[slots[last]]}</figure>"
        f'<aside data-orgchart="events" aria-live="polite">{lists[last]}</aside></div>'
        f"{templates}"
        f'<script type="application/json" data-orgchart="frames">{_frames_json(data)}</script>'
        f"<script>{_SCRIPT}</script></div>"
    )


def to_html(
    history: History,
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    every: str | None = None,
    title: str | None = None,
    **diagram_options: Any,
) -> str:
    """The whole page as text (what :func:`page` writes)."""
    frame_list = frames(history, start=start, end=end, every=every)
    return _document(history, frame_list, title=title, **diagram_options)


def _document(
    history: History,
    frame_list: Sequence[Frame],
    *,
    title: str | None = None,
    note: str | None = None,
    **diagram_options: Any,
) -> str:
    heading = title if title is not None else (history.title or "Organisation chart")
    body = widget(history, frame_list, title=title, note=note, **diagram_options)
    # Nothing may be fetched: scripts and styles are inline, images are the SVG itself.
    policy = (
        f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="orgchart {_e(__version__)}">'
        f"<title>{_e(heading)}</title></head>"
        f"<body>{body}"
        f'<footer class="orgchart-page">Drawn by orgchart {_e(__version__)} from '
        f"{len(history):,} event{'s' if len(history) != 1 else ''}; "
        f"{len(frame_list):,} date{'s' if len(frame_list) != 1 else ''} shown.</footer>"
        "</body></html>\n"
    )


def page(
    history: History,
    path: str | os.PathLike[str],
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    every: str | None = None,
    title: str | None = None,
    **diagram_options: Any,
) -> Path:
    """Write ``history`` as one self-contained HTML page with a date slider.

    Frames: one per day on which something changed, or one per ``every``
    step ("1 month", "1 year"), from ``start`` to ``end``; at most
    :data:`MAX_FRAMES`. ``title`` heads the page (default: the history's
    title). ``diagram_options`` go to each frame's diagram (``direction``,
    ``show_units``, ``legend``... as for a change set diagram). The file is
    written whole or not at all. Returns the path.
    """
    text = to_html(history, start=start, end=end, every=every, title=title, **diagram_options)
    path = Path(path)
    write_atomically(path, text.encode("utf-8"), RenderError)
    return path


def notebook_html(history: History) -> str:
    """A history in a notebook: its page (the last :data:`NOTEBOOK_FRAMES` frames)
    inside an ``iframe``, so that the notebook's styles and scripts stay apart."""
    all_frames = frames(history, limit=None) if len(history) else ()
    if not all_frames:
        return f"<p>{_e(history.title or 'History')}: no events.</p>"
    shown = all_frames[-NOTEBOOK_FRAMES:]
    note = None
    if len(shown) < len(all_frames):
        note = (
            f"The last {len(shown)} of {len(all_frames)} dates. Choose others with "
            f"oc.page(history, 'page.html', start=..., end=..., every='1 year')."
        )
    document = _document(history, shown, note=note)
    return (
        f'<iframe srcdoc="{_e(document)}" sandbox="allow-scripts" '
        'style="width:100%;height:640px;border:1px solid #d0d7de;border-radius:6px" '
        f'title="{_e(history.title or "Organisation chart")} over time"></iframe>'
    )


# A history shows as its page in notebooks, a diagram fitted to the cell
# (orgchart.display).
register_drawer(notebook_html, mime=HTML, types=History)
register_drawer(diagram_html, mime=HTML, types=(Snapshot, ChangeSet, Timeline, Merge))
