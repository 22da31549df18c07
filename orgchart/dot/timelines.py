"""Timelines: tenures drawn one after another, in lanes.

A person's posts (``history.timeline(person)``) or a post's holders
(``history.holders_over_time(post)``) become one node per tenure with its
dates; tenures held at the same time sit side by side, in lanes, and a line
joins a tenure only to the next one of its lane.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..tenures import Tenure
from .syntax import Body, attr_list, escape

__all__ = ["draw_timeline"]


def draw_timeline(body: Body, tenures: Sequence[Tenure], direction: str) -> None:
    """The statements of a timeline: a node per tenure, in lanes that read first
    to last in ``direction``."""
    several_people = len({t.person.id for t in tenures}) > 1
    lanes = _lanes(tenures)
    # Graphviz puts the first of nodes side by side left (TB) or at the
    # bottom (LR): lanes go in so that the first lane reads first.
    in_order = lanes[::-1] if direction in ("LR", "RL") else lanes
    for i in (i for lane in in_order for i in lane):
        tenure = tenures[i]
        style = "rounded" if tenure.end else "rounded,bold"
        body.node(f"tenure_{i}", attr_list(_label(tenure, several_people), {"style": style}))
    for lane in lanes:
        for a, b in itertools.pairwise(lane):
            body.edge(f"tenure_{a}", f"tenure_{b}")
    together: dict[int, list[int]] = {}
    for i, tenure in enumerate(tenures):
        together.setdefault(_start_key(tenure), []).append(i)
    for _start, group in sorted(together.items()):
        if len(group) > 1:
            with body.subgraph():
                body.attr(rank="same")
                for i in group:
                    body.node(f"tenure_{i}")


def _label(tenure: Tenure, with_person: bool) -> str:
    """A tenure's node: the post, its unit, the holder (when several), the dates."""
    start = tenure.start.display() if tenure.start else "before the record"
    if tenure.start is not None and tenure.start_by:
        start = f"by {start}"
    end = tenure.last_day.display() if tenure.last_day is not None else "ongoing"
    # An ongoing tenure's length depends on the day it is drawn: left out,
    # so the same history always gives the same diagram.
    length = tenure.length() if tenure.end else None
    lines = [f"<B>{escape(tenure.post.title)}</B>"]
    if tenure.unit is not None:
        lines.append(f'<FONT POINT-SIZE="9">{escape(tenure.unit.name)}</FONT>')
    if with_person:
        lines.append(escape(tenure.person.name))
    lines.append(f'<FONT POINT-SIZE="9">{escape(start)} – {escape(end)}</FONT>')
    if length:
        lines.append(f'<FONT POINT-SIZE="9">{escape(length)}</FONT>')
    return "<" + "<BR/>".join(lines) + ">"


def _lanes(tenures: Sequence[Tenure]) -> list[list[int]]:
    """Tenures (by index) in lanes: one after another within a lane, at once across.

    Greedy interval partitioning: by start (unknown first, as before the
    record), each tenure goes into the first lane whose last tenure ended on
    or before its start, else into a new lane. Ongoing tenures never end.
    """
    lanes: list[list[int]] = []
    ends: list[int | None] = []  # each lane's last end, None while ongoing
    for i in sorted(range(len(tenures)), key=lambda i: _start_key(tenures[i])):
        start = _start_key(tenures[i])
        free = (n for n, end in enumerate(ends) if end is not None and end <= start)
        lane = next(free, len(lanes))
        if lane == len(lanes):
            lanes.append([])
            ends.append(None)
        lanes[lane].append(i)
        stop = tenures[i].end
        ends[lane] = None if stop is None else stop.ordinal
    return lanes


def _start_key(tenure: Tenure) -> int:
    """A tenure's start as a day number; unknown (before the record) before all."""
    return -1 if tenure.start is None else tenure.start.ordinal
