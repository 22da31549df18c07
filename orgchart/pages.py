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
from .display import HTML, register_drawer
from .dot import OPTIONS, to_dot
from .errors import RenderError, ValidationError
from .events import Event
from .files import write_atomically
from .history import History
from .rendering import svg_markup

__all__ = [
    "MAX_FRAMES",
    "NOTEBOOK_FRAMES",
    "Frame",
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


def _drawings(sources: Sequence[str]) -> list[str]:
    """The SVG of each DOT text, drawn side by side (each ``dot`` is its own process)."""
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        return list(pool.map(svg_markup, sources))


def _asset(name: str) -> str:
    """The page's own script or style sheet, shipped beside this module."""
    return (resources.files("orgchart") / name).read_text(encoding="utf-8")


_STYLE = _asset("page.css")
_SCRIPT = _asset("page.js")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _frames_json(data: Any) -> str:
    # Inside <script>, "<" is escaped so no text can close the element.
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


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
    sources: dict[str, int] = {}
    slots = []
    for frame in frame_list:
        # The page says the date and lists the events: the diagrams need neither.
        dot = to_dot(frame.changes, context="all", title="", events=False, **diagram_options)
        slots.append(sources.setdefault(dot, len(sources)))
    try:
        drawings = _drawings(list(sources))
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
        f'title="Fit the diagram to the width of the page, or show it full size">Fit width'
        f"</button>"
        f'<span class="orgchart-position" data-orgchart="position" aria-live="polite">'
        f"{last + 1} of {last + 1}</span></div>"
        f"<noscript><p>The org on its last date. Turn on JavaScript to move through "
        f"{last + 1} dates.</p></noscript></header>"
        f'<div class="orgchart-body">'
        f'<figure data-orgchart="diagram" data-date="{frame_list[last].iso}">'
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


# A history shows as its page in notebooks (orgchart.display).
register_drawer(notebook_html, mime=HTML, types=History)
