"""Tenures: who held which post, from when to when, after and before whom.

A :class:`Tenure` is one person holding one post; a :class:`Timeline` is a
tuple of them that prints as text and draws itself in a notebook.
``History.tenures()`` derives every tenure from the events once
(:func:`derive_tenures`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from .dates import DateLike, PartialDate, date_columns, format_duration, last_day_before, parse_date
from .display import Display
from .events import Event
from .items import Person, Post, Unit
from .model import Snapshot
from .operations import Add, Appoint, Update, Vacate

__all__ = ["Tenure", "Timeline", "derive_tenures"]


@attrs.frozen(slots=True)
class Tenure:
    """One person holding one post, from ``start`` to ``end`` (None: ongoing).

    ``end`` is the date the post was left (also :attr:`left_on`): the
    effective date of the event that ended the tenure, the first day out of
    office, as events are dated. What people read, the text, the table rows,
    pages and diagrams, gives :attr:`last_day`, the last day in office, as
    tenure tables and Popolo write it. ``start`` is None when the person
    already held the post when the record begins. ``predecessor`` and
    ``successor`` are derived from the events: someone leaving the post in the
    event that starts this tenure (or, failing that, the last holder before
    it), and likewise after.
    """

    person: Person
    post: Post
    start: PartialDate | None
    end: PartialDate | None
    predecessor: Person | None = None
    successor: Person | None = None
    sources: tuple[str, ...] = ()
    unit: Unit | None = None
    #: True when the record shows the tenure begun by ``start`` at the latest
    #: (see :attr:`Event.by`), not that it began then.
    start_by: bool = False

    @property
    def ongoing(self) -> bool:
        return self.end is None

    @property
    def left_on(self) -> PartialDate | None:
        """The date the post was left: the first day out of office (``end``)."""
        return self.end

    @property
    def last_day(self) -> PartialDate | None:
        """The last day in office: the day before :attr:`left_on`, at its precision
        (None while ongoing)."""
        return None if self.end is None else last_day_before(self.end)

    def duration(self, until: DateLike | None = None) -> pendulum.Interval[pendulum.Date] | None:
        """From start to end (or to ``until``, default today, while ongoing);
        None when the start is not on record."""
        if self.start is None:
            return None
        stop = self.end if self.end is not None else parse_date(until or pendulum.today().date())
        return pendulum.Interval(self.start.earliest, stop.earliest)

    def describe(self) -> str:
        """A one-line account of the tenure."""
        if self.start is None:
            start = "from before the record"
        else:
            start = f"{'by' if self.start_by else 'from'} {self.start.display()}"
        end = f" to {self.last_day.display()}" if self.last_day is not None else ""
        where = f" ({self.unit.name})" if self.unit is not None else ""
        text = f"{self.person.name}, {self.post.title}{where}, {start}{end}"
        if self.predecessor is not None:
            text += f" (succeeding {self.predecessor.name})"
        return text

    def to_row(self) -> dict[str, Any]:
        """The tenure as a table row.

        Keys: ``person``, ``person_name``, ``post``, ``title``, ``unit``,
        ``unit_name``; ``start`` (the first day in office) and ``end`` (the
        LAST day in office, inclusive, as tenure tables and Popolo write it),
        each a ``datetime.date`` with a ``*_precision`` column beside it
        (None: before the record / ongoing); ``predecessor`` and
        ``successor`` with their ``*_name``; ``sources`` (ids). Rows read
        back with :func:`orgchart.tables.read_tenures` as they are.
        """
        row: dict[str, Any] = {
            "person": self.person.id,
            "person_name": self.person.name,
            "post": self.post.id,
            "title": self.post.title,
            "unit": self.post.unit,
            "unit_name": self.unit.name if self.unit is not None else None,
        }
        row.update(date_columns("start", self.start))
        row["start_by"] = self.start_by
        row.update(date_columns("end", self.last_day))
        for side, person in (("predecessor", self.predecessor), ("successor", self.successor)):
            row[side] = person.id if person is not None else None
            row[f"{side}_name"] = person.name if person is not None else None
        row["sources"] = self.sources
        return row

    def length(self) -> str | None:
        """The duration as words, e.g. "1 year 2 months"."""
        interval = self.duration()
        return None if interval is None else format_duration(interval)


class Timeline(tuple, Display):
    """A tuple of :class:`Tenure` that draws itself in a notebook."""

    __slots__ = ()

    def to_text(self) -> str:
        """One line per tenure."""
        lines = []
        for tenure in self:
            length = tenure.length()
            lines.append(tenure.describe() + (f" [{length}]" if length else ""))
        return "\n".join(lines) or "(no tenures)"

    def __str__(self) -> str:
        return self.to_text()

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per tenure (see :meth:`Tenure.to_row`)."""
        return [tenure.to_row() for tenure in self]


def derive_tenures(
    base: Snapshot,
    events: Iterable[Event],
    held_since: Mapping[tuple[str, str], PartialDate],
    people: Mapping[str, Person],
) -> Timeline:
    """Every tenure over ``events`` from ``base``, ordered by start (unknown first),
    post, person.

    Walks the events once, opening a tenure on each appointment and closing
    it on each vacancy; then links predecessors and successors.
    ``held_since`` gives the start of holdings of the base, where known;
    ``people`` everyone who appears, in their last known form.
    """
    open_: dict[tuple[str, str], dict[str, Any]] = {}
    done: list[dict[str, Any]] = []
    # The post and unit as they were when each tenure began (names change).
    posts: dict[str, Post] = dict(base.posts)
    units: dict[str, Unit] = dict(base.units)
    since = held_since
    for post_id, person_ids in base.appointments.items():
        for person_id in person_ids:
            open_[(post_id, person_id)] = {
                "value": posts[post_id],
                "unit": units.get(posts[post_id].unit),
                "post": post_id,
                "person": person_id,
                "start": since.get((post_id, person_id)),
                "by": False,
                "end": None,
                "start_event": None,
                "end_event": None,
                "sources": [],
                "order": -1,
            }
    for i, event in enumerate(events):
        for op in event.changes:
            if isinstance(op, (Add, Update)) and op.kind in ("post", "unit"):
                item: Any = op.after if isinstance(op, Update) else op.item
                (posts if op.kind == "post" else units)[item.id] = item
            elif isinstance(op, Appoint):
                open_[(op.post, op.person)] = {
                    "value": posts[op.post],
                    "unit": units.get(posts[op.post].unit),
                    "post": op.post,
                    "person": op.person,
                    "start": event.date,
                    "end": None,
                    "start_event": i,
                    "end_event": None,
                    "sources": list(event.sources),
                    "order": i,
                    "by": event.by,
                }
            elif isinstance(op, Vacate):
                record = open_.pop((op.post, op.person), None)
                if record is not None:
                    record["end"] = event.date
                    record["end_event"] = i
                    record["sources"] += [s for s in event.sources if s not in record["sources"]]
                    done.append(record)
    records = done + list(open_.values())

    by_post: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_post.setdefault(record["post"], []).append(record)

    def start_key(record: dict[str, Any]) -> tuple[int, str]:
        return (record["order"], record["person"])

    for post_records in by_post.values():
        post_records.sort(key=start_key)
        _link_neighbours(post_records)

    tenures = []

    def listing_key(record: dict[str, Any]) -> tuple[int, str, str]:
        start = record["start"]
        return (-1 if start is None else start.ordinal, record["post"], record["person"])

    for record in sorted(records, key=listing_key):
        tenures.append(
            Tenure(
                person=people[record["person"]],
                post=record["value"],
                unit=record["unit"],
                start=record["start"],
                end=record["end"],
                predecessor=_person(people, record["predecessor"]),
                successor=_person(people, record["successor"]),
                sources=tuple(record["sources"]),
                start_by=record["by"],
            )
        )
    return Timeline(tenures)


def _person(people: Mapping[str, Person], person_id: str | None) -> Person | None:
    return None if person_id is None else people[person_id]


def _link_neighbours(records: list[dict[str, Any]]) -> None:
    """Set each tenure's predecessor and successor (ids) among one post's tenures.

    First choice: someone leaving (or arriving) in the very event that starts
    (or ends) the tenure. Then a handover: someone whose last day in office
    is the day this tenure starts (they leave the day after), as sources
    that give both people's dates inclusively record it. Otherwise the
    closest tenure that ended before it started (or started after it
    ended). Ties go to the smallest person id. Sorting and bisection keep
    this O(n log n) in the number of tenures.
    """
    ends: dict[int, list[str]] = {}
    starts: dict[int, list[str]] = {}
    leaving_on: dict[int, list[str]] = {}  # day number of the vacancy -> people
    arriving_on: dict[int, list[str]] = {}  # day number of the appointment -> people
    for r in records:
        if r["end_event"] is not None:
            ends.setdefault(r["end_event"], []).append(r["person"])
            leaving_on.setdefault(r["end"].ordinal, []).append(r["person"])
        if r["start_event"] is not None:
            starts.setdefault(r["start_event"], []).append(r["person"])
            arriving_on.setdefault(r["start"].ordinal, []).append(r["person"])
    end_events = sorted(ends)
    start_events = sorted(starts)
    for r in records:
        r["predecessor"] = None
        r["successor"] = None
        event = r["start_event"]
        if event is not None:
            same = [p for p in ends.get(event, ()) if p != r["person"]]
            handover = [p for p in leaving_on.get(r["start"].ordinal + 1, ()) if p != r["person"]]
            if same or handover:
                r["predecessor"] = min(same or handover)
            else:
                i = bisect.bisect_left(end_events, event)
                if i > 0:
                    r["predecessor"] = min(ends[end_events[i - 1]])
        event = r["end_event"]
        if event is not None:
            same = [p for p in starts.get(event, ()) if p != r["person"]]
            handover = [p for p in arriving_on.get(r["end"].ordinal - 1, ()) if p != r["person"]]
            if same or handover:
                r["successor"] = min(same or handover)
            else:
                i = bisect.bisect_right(start_events, event)
                if i < len(start_events):
                    r["successor"] = min(starts[start_events[i]])
