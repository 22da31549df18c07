"""Dated, sourced events, and the history they make.

A :class:`History` is a base snapshot plus :class:`Event` objects in
effective-date order. It answers what the organisation looked like on a date
(:meth:`History.as_of`), optionally as the record stood on an earlier day
(``known_at``), what changed between two dates (:meth:`History.diff`), and
who held which post when (:meth:`History.timeline`).

>>> import orgchart as oc
>>> base = oc.Snapshot.build(
...     people=[oc.Person("dz", "Daniel Zhang"), oc.Person("ew", "Eddie Wu")],
...     units=[oc.Unit("g", "Alibaba Group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
...     holders={"ceo": ["dz"]},
... )
>>> history = oc.History(base, [
...     oc.Event("2023-09-10", [oc.Vacate("ceo", "dz"), oc.Appoint("ceo", "ew")],
...              summary="Eddie Wu succeeds Daniel Zhang as CEO", announced="2023-06-20"),
... ])
>>> [p.name for p in history.as_of("2023-09-01").holders("ceo")]
['Daniel Zhang']
>>> [p.name for p in history.as_of("2023-09-10").holders("ceo")]
['Eddie Wu']
>>> print(history.timeline("Eddie Wu")[0].describe())
Eddie Wu, Chief Executive Officer (Alibaba Group), from 10 September 2023 (succeeding Daniel Zhang)
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import pendulum

from ._bulk import paused_gc
from .changes import (
    Add,
    Appoint,
    ChangeSet,
    Remove,
    Touched,
    Update,
    Vacate,
    _Working,
    canonical,
    diff,
)
from .dates import PartialDate, date_range, format_duration, parse_date, to_day
from .errors import ConflictError, NotFoundError, ValidationError
from .model import Person, Post, Snapshot, Unit, _repr

__all__ = ["Dispute", "Event", "History", "Source", "Tenure", "Timeline"]

DateLike = Any  # str, datetime.date, pendulum.Date or PartialDate
_EPOCH = pendulum.date(1, 1, 1)


def _optional_date(value: Any) -> PartialDate | None:
    return None if value is None else parse_date(value)


def _check_optional_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ValidationError.field(attribute.name, value, "a non-empty string or None")


def _check_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str):
        raise ValidationError.field(attribute.name, value, "a string")


def _check_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise ValidationError.field(attribute.name, value, "a non-empty id string")


def _source_ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError.field("sources", value, "a list of source ids")
    ids = tuple(value)
    for item in ids:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError.field("sources", value, "a list of non-empty source ids")
    if len(set(ids)) != len(ids):
        raise ValidationError.field("sources", value, "a list without repeated ids")
    return ids


def _change_set(value: Any) -> ChangeSet:
    if isinstance(value, ChangeSet):
        # Events keep only the operations: the snapshots they came from would
        # pin every intermediate state of a long history in memory.
        return value if value.before is None and value.after is None else ChangeSet(value.ops)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError.field("changes", value, "a ChangeSet or a list of operations")
    return ChangeSet(value)


_EVENT_FIELDS = ("date", "announced", "summary", "changes")


def _event_disputed(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError.field("disputed", value, "a list of field names")
    names = tuple(sorted(set(value)))
    for name in names:
        if name not in _EVENT_FIELDS:
            raise ValidationError.field(
                "disputed", value, f"names among {', '.join(map(repr, _EVENT_FIELDS))}"
            )
    return names


@attrs.frozen(slots=True, repr=False)
class Source:
    """Where a fact comes from: an article, a filing, a press release.

    >>> Source("reuters-2022-12-06", "Alibaba names Daniel Zhang head of cloud unit",
    ...        publisher="Reuters", date="2022-12-06").date
    PartialDate('2022-12-06')
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_optional_text)
    publisher: str | None = attrs.field(default=None, validator=_check_optional_text)
    date: PartialDate | None = attrs.field(default=None, converter=_optional_date)
    url: str | None = attrs.field(default=None, validator=_check_optional_text)
    file: str | None = attrs.field(default=None, validator=_check_optional_text)
    note: str | None = attrs.field(default=None, validator=_check_optional_text)

    __repr__ = _repr

    def describe(self) -> str:
        """Title, publisher and date, as a reference line."""
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        if self.date:
            parts.append(self.date.display())
        return ", ".join(parts)


@attrs.frozen(slots=True)
class Event:
    """A dated change set: effective ``date``, optional ``announced`` date,
    a one-line ``summary``, the ids of its ``sources`` and an optional ``note``.

    An event with no announced date counts as announced on its effective date.

    >>> e = Event("2023-04-01", [Appoint("cpo", "jane-jiang")], summary="Jane Jiang becomes CPO",
    ...           announced="2022-12-06")
    >>> str(e.date), str(e.known_on)
    ('2023-04-01', '2022-12-06')
    """

    date: PartialDate = attrs.field(converter=parse_date)
    changes: ChangeSet = attrs.field(converter=_change_set)
    summary: str = attrs.field(default="", validator=_check_text)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_source_ids)
    announced: PartialDate | None = attrs.field(default=None, converter=_optional_date)
    note: str | None = attrs.field(default=None, validator=_check_optional_text)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_event_disputed, kw_only=True)

    @property
    def known_on(self) -> PartialDate:
        """The day the event became known: announced, or else effective."""
        return self.announced if self.announced is not None else self.date

    def describe(self) -> str:
        """Date and summary, for messages and listings."""
        summary = f" {self.summary!r}" if self.summary else ""
        return f"{self.date}{summary}"


@attrs.frozen(slots=True)
class Dispute:
    """A fact that sources contest: a field of an event, person, unit or post.

    ``kind`` is "event", "person", "unit" or "post"; ``id`` the item's id (for
    an event, its position in the history, from 1); ``field`` the contested
    field ("reports_to", "holders", "date"...); ``since`` the date from which
    the fact is marked disputed (None: from the start of the record);
    ``until`` the date the mark was lifted, if it was; ``event`` the event
    that marked it, whose ``note`` explains the readings.
    """

    kind: str
    id: str
    field: str
    since: PartialDate | None
    until: PartialDate | None
    event: Event | None

    @property
    def note(self) -> str | None:
        return self.event.note if self.event is not None else None

    def describe(self) -> str:
        when = f" since {self.since}" if self.since else ""
        return f"{self.kind} {self.id!r}: {self.field} is disputed{when}"


@attrs.frozen(slots=True)
class Tenure:
    """One person holding one post, from ``start`` to ``end`` (None: ongoing).

    ``start`` is None when the person already held the post when the record
    begins. ``predecessor`` and ``successor`` are derived from the events:
    someone leaving the post in the event that starts this tenure (or, failing
    that, the last holder before it), and likewise after.
    """

    person: Person
    post: Post
    start: PartialDate | None
    end: PartialDate | None
    predecessor: Person | None = None
    successor: Person | None = None
    sources: tuple[str, ...] = ()
    unit: Unit | None = None

    @property
    def ongoing(self) -> bool:
        return self.end is None

    def duration(self, until: DateLike | None = None) -> pendulum.Interval | None:
        """From start to end (or to ``until``, default today, while ongoing);
        None when the start is not on record."""
        if self.start is None:
            return None
        stop = self.end if self.end is not None else parse_date(until or pendulum.today().date())
        return pendulum.interval(self.start.earliest, stop.earliest)

    def describe(self) -> str:
        """A one-line account of the tenure."""
        start = f"from {self.start.display()}" if self.start else "from before the record"
        end = f" to {self.end.display()}" if self.end else ""
        where = f" ({self.unit.name})" if self.unit is not None else ""
        text = f"{self.person.name}, {self.post.title}{where}, {start}{end}"
        if self.predecessor is not None:
            text += f" (succeeding {self.predecessor.name})"
        return text

    def length(self) -> str | None:
        """The duration as words, e.g. "1 year 2 months"."""
        interval = self.duration()
        return None if interval is None else format_duration(interval)


class Timeline(tuple):
    """A tuple of :class:`Tenure` that draws itself in a notebook."""

    __slots__ = ()

    def to_text(self) -> str:
        """One line per tenure."""
        lines = []
        for tenure in self:
            length = tenure.length()
            lines.append(tenure.describe() + (f" [{length}]" if length else ""))
        return "\n".join(lines) or "(no tenures)"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from .render import mimebundle

        return mimebundle(self, include, exclude, direction="LR")


# ------------------------------------------------------------------- history


def _touched(events: Iterable[Event]) -> Touched:
    """Everything the events' operations are about (a hot path of History.diff)."""
    touched = Touched()
    add_holding = touched.holdings.add
    tables = {Person: touched.people.add, Unit: touched.units.add, Post: touched.posts.add}
    for event in events:
        for op in event.changes._ops:
            cls = type(op)
            if cls is Appoint or cls is Vacate:
                add_holding((op.post, op.person))
            else:
                item = op.before if cls is Update else op.item
                tables[type(item)](item.id)
    return touched


class History:
    """A base snapshot plus dated events, in effective-date order.

    Events on the same date apply in the order given. Every event is checked
    against the org of its date when the history is made: one that does not
    fit raises :class:`~orgchart.ConflictError` naming the event and the
    operation. ``sources`` maps source ids to :class:`Source` entries; when
    given, every id an event cites must be in it.

    Snapshots are kept every ``CHECKPOINT_EVERY`` events, so :meth:`as_of` is
    a bisection plus a bounded replay.
    """

    CHECKPOINT_EVERY = 64

    __slots__ = (
        "_base",
        "_checkpoints",
        "_days",
        "_events",
        "_hash",
        "_known_max",
        "_people_ever",
        "_sources",
        "_tenures",
        "_title",
    )

    def __init__(
        self,
        base: Snapshot | None = None,
        events: Iterable[Event] = (),
        sources: Mapping[str, Source] | Iterable[Source] | None = None,
        *,
        title: str | None = None,
    ) -> None:
        with paused_gc():
            self._build(base, events, sources, title)

    def _build(
        self,
        base: Snapshot | None,
        events: Iterable[Event],
        sources: Mapping[str, Source] | Iterable[Source] | None,
        title: str | None,
    ) -> None:
        if base is None:
            base = Snapshot()
        if not isinstance(base, Snapshot):
            raise ValidationError.field("base", base, "a Snapshot")
        if isinstance(events, (str, Event)) or not isinstance(events, Iterable):
            raise ValidationError.field("events", events, "a list of Event")
        events = list(events)
        for i, event in enumerate(events):
            if not isinstance(event, Event):
                raise ValidationError.field(f"events[{i}]", event, "an Event")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise ValidationError.field("title", title, "a non-empty string or None")
        table = _source_table(sources)
        # Stable: events on one date keep the order they were given in.
        events.sort(key=lambda e: e.date.earliest)
        if table is not None:
            for i, event in enumerate(events):
                for source_id in event.sources:
                    if source_id not in table:
                        raise ValidationError(
                            f"event {i + 1} ({event.describe()}): source {source_id!r} is not "
                            "in the history's sources"
                        )
        self._set("_base", base)
        self._set("_events", tuple(events))
        self._set("_sources", table)
        self._set("_title", title)
        self._set("_days", [e.date.earliest.toordinal() for e in events])
        known_max: list[int] = []
        highest = 0
        for event in events:
            highest = max(highest, event.known_on.earliest.toordinal())
            known_max.append(highest)
        self._set("_known_max", known_max)
        self._set("_hash", None)
        self._set("_tenures", None)
        self._set("_people_ever", None)
        self._set("_checkpoints", self._replay_all())

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"History is immutable; cannot set {name!r}")

    def _replay_all(self) -> list[Snapshot]:
        """Apply every event once, keeping a snapshot every CHECKPOINT_EVERY events.

        Between checkpoints the events go into one batch of map mutations,
        so no intermediate snapshot is ever built.
        """
        checkpoints = [self._base]
        working = _Working(self._base)
        every = self.CHECKPOINT_EVERY
        for i, event in enumerate(self._events):
            for op in event.changes:
                try:
                    op._apply(working)
                except ConflictError as error:
                    raise error.within(f"event {i + 1} ({event.describe()})") from None
            if (i + 1) % every == 0:
                snapshot = working.finish()
                checkpoints.append(snapshot)
                working = _Working(snapshot)
        return checkpoints

    # ------------------------------------------------------------- access

    @property
    def base(self) -> Snapshot:
        """The org before the first event."""
        return self._base

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in effective-date order."""
        return self._events

    @property
    def sources(self) -> Mapping[str, Source]:
        """The source table, by id (empty when none was given)."""
        return self._sources if self._sources is not None else {}

    @property
    def title(self) -> str | None:
        return self._title

    @property
    def dates(self) -> tuple[PartialDate, ...]:
        """The distinct effective dates of the events, in order."""
        seen: list[PartialDate] = []
        for event in self._events:
            if not seen or seen[-1] != event.date:
                seen.append(event.date)
        return tuple(dict.fromkeys(seen))

    @property
    def start(self) -> PartialDate | None:
        """The date of the first event."""
        return self._events[0].date if self._events else None

    @property
    def end(self) -> PartialDate | None:
        """The date of the last event."""
        return self._events[-1].date if self._events else None

    @property
    def latest(self) -> Snapshot:
        """The org after every event."""
        return self._snapshot_at(len(self._events))

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    # ------------------------------------------------------------ queries

    def _index(self, date: DateLike) -> int:
        """How many events are effective on or before ``date``."""
        return bisect.bisect_right(self._days, to_day(date).toordinal())

    def _snapshot_at(self, count: int) -> Snapshot:
        """The org after the first ``count`` events."""
        slot = count // self.CHECKPOINT_EVERY
        snapshot = self._checkpoints[slot]
        first = slot * self.CHECKPOINT_EVERY
        if first == count:
            return snapshot
        ops = [op for event in self._events[first:count] for op in event.changes]
        return ChangeSet(ops).apply(snapshot)

    def as_of(self, date: DateLike, known_at: DateLike | None = None) -> Snapshot:
        """The org on ``date``: every event effective on or before it applied.

        With ``known_at``, the org on ``date`` as the record stood on that
        day: events announced after ``known_at`` are left out (an event with
        no announced date counts as announced on its effective date). A
        partial date counts as its first day.
        """
        count = self._index(date)
        if known_at is None:
            return self._snapshot_at(count)
        known = to_day(known_at).toordinal()
        # Every event before the first unknown one is known: replay from there.
        first_unknown = bisect.bisect_right(self._known_max, known)
        if first_unknown >= count:
            return self._snapshot_at(count)
        snapshot = self._snapshot_at(first_unknown)
        for i in range(first_unknown, count):
            event = self._events[i]
            if event.known_on.earliest.toordinal() <= known:
                snapshot = _apply_event(
                    event, snapshot, i, f"as the record stood on {parse_date(known_at)}"
                )
        return snapshot

    def pending(self, on: DateLike) -> tuple[Event, ...]:
        """Events announced on or before ``on`` that are not yet effective."""
        day = to_day(on).toordinal()
        return tuple(
            e
            for e in self._events[self._index(on) :]
            if e.known_on.earliest.toordinal() <= day < e.date.earliest.toordinal()
        )

    def events_between(self, d1: DateLike, d2: DateLike) -> tuple[Event, ...]:
        """The events effective after ``d1`` and on or before ``d2``.

        The window is half-open, ``(d1, d2]``, to match :meth:`as_of` (which
        includes the events of its date): the events returned are exactly
        those that turn ``as_of(d1)`` into ``as_of(d2)``. Empty when ``d2`` is
        not after ``d1``.
        """
        return self._events[self._index(d1) : self._index(d2)]

    def diff(self, d1: DateLike, d2: DateLike) -> ChangeSet:
        """What changed from ``d1`` to ``d2``: ``oc.diff(as_of(d1), as_of(d2))``.

        Folds only the events between the two dates, so its cost follows the
        number of changes in the window, not the size of the org. With ``d2``
        before ``d1`` it is the inverse of ``diff(d2, d1)``. The change set
        remembers the events it folds (``change.events``).
        """
        i1, i2 = self._index(d1), self._index(d2)
        a, b = self._snapshot_at(i1), self._snapshot_at(i2)
        low, high = min(i1, i2), max(i1, i2)
        window = self._events[low:high]
        change = canonical(a, b, _touched(window))
        return change.with_events(
            window, period=(parse_date(d1), parse_date(d2)), sources=self.sources
        )

    def window(self, d1: DateLike, d2: DateLike) -> History:
        """The sub-history from ``as_of(d1)`` through the events of ``(d1, d2]``."""
        return History(
            self.as_of(d1), self.events_between(d1, d2), self._sources, title=self._title
        )

    def snapshots(
        self, start: DateLike, end: DateLike, every: str = "1 month"
    ) -> tuple[tuple[pendulum.Date, Snapshot], ...]:
        """The org at regular steps from ``start`` to ``end`` (both included)."""
        return tuple((day, self.as_of(day)) for day in date_range(start, end, every))

    # ------------------------------------------------------------ people

    def find_person(self, name_or_id: str) -> Person:
        """Anyone who appears anywhere in the history, by id, name or alias."""
        latest = self.latest
        if isinstance(name_or_id, str) and name_or_id in latest.people:
            return latest.people[name_or_id]
        everyone = self._everyone()
        try:
            return everyone.find_person(name_or_id)
        except NotFoundError:
            raise NotFoundError(f"nobody in the history is called {name_or_id!r}") from None

    def _everyone(self) -> Snapshot:
        """A snapshot of every person who ever appears (last known version)."""
        if self._people_ever is None:
            people: dict[str, Person] = dict(self._base.people)
            for event in self._events:
                for op in event.changes:
                    if isinstance(op, Add) and isinstance(op.item, Person):
                        people[op.item.id] = op.item
                    elif isinstance(op, Update) and isinstance(op.after, Person):
                        people[op.after.id] = op.after
            self._set("_people_ever", Snapshot.build(people=people.values()))
        return self._people_ever

    def _post_ever(self, post_id: str) -> Post | None:
        for snapshot in (self.latest, self._base):
            if post_id in snapshot.posts:
                return snapshot.posts[post_id]
        for event in reversed(self._events):
            for op in event.changes:
                item = getattr(op, "item", None) or getattr(op, "before", None)
                if isinstance(item, Post) and item.id == post_id:
                    return item
        return None

    def tenures(self) -> tuple[Tenure, ...]:
        """Every tenure of every post, ordered by start (unknown first), post, person."""
        if self._tenures is None:
            self._set("_tenures", _derive_tenures(self))
        return self._tenures

    def timeline(self, person: str | Person) -> Timeline:
        """The posts a person held, in order (``person``: a Person, id, name or alias)."""
        who = self.find_person(person.id if isinstance(person, Person) else person)
        return Timeline(t for t in self.tenures() if t.person.id == who.id)

    def holders_over_time(self, post: str | Post) -> Timeline:
        """The tenures of a post (a Post or its id), in order."""
        if isinstance(post, Post):
            post = post.id
        if self._post_ever(post) is None:
            raise NotFoundError.unknown("post", post, "the history")
        return Timeline(t for t in self.tenures() if t.post.id == post)

    # ----------------------------------------------------------- disputes

    def disputes(self) -> tuple[Dispute, ...]:
        """Every fact marked disputed anywhere in the history, in date order.

        A person, unit or post marks a field disputed through its
        ``disputed`` names; an event through its own ``disputed`` names (for
        example when sources disagree on its date). Each mark is listed once,
        with the event that set it and the date it was lifted, if it was.
        """
        found: list[Dispute] = []
        open_marks: dict[tuple[str, str, str], Dispute] = {}

        def mark(item: Any, since: PartialDate | None, event: Event | None) -> None:
            kind = type(item).__name__.lower()
            for name in item.disputed:
                key = (kind, item.id, name)
                if key not in open_marks:
                    open_marks[key] = Dispute(kind, item.id, name, since, None, event)

        def unmark(kind: str, item_id: str, keep: tuple[str, ...], when: PartialDate) -> None:
            for key in [k for k in open_marks if k[:2] == (kind, item_id) and k[2] not in keep]:
                found.append(attrs.evolve(open_marks.pop(key), until=when))

        base = self._base
        for table in (base.people, base.units, base.posts):
            for _, item in sorted(table.items()):
                mark(item, None, None)
        for i, event in enumerate(self._events):
            for name in event.disputed:
                found.append(Dispute("event", str(i + 1), name, event.date, None, event))
            for op in event.changes:
                if isinstance(op, Add):
                    mark(op.item, event.date, event)
                elif isinstance(op, Update):
                    unmark(op.kind, op.id, op.after.disputed, event.date)
                    mark(op.after, event.date, event)
                elif isinstance(op, Remove):
                    unmark(op.kind, op.id, (), event.date)
        found.extend(open_marks.values())
        return tuple(
            sorted(
                found,
                key=lambda d: (d.since.earliest if d.since else _EPOCH, d.kind, d.id, d.field),
            )
        )

    # ------------------------------------------------------------ changes

    def append(self, event: Event) -> History:
        """A new history with one more event."""
        return self.with_events([event])

    def with_events(self, events: Iterable[Event]) -> History:
        """A new history with more events (placed by date)."""
        return History(self._base, [*self._events, *events], self._sources, title=self._title)

    def with_sources(self, sources: Mapping[str, Source] | Iterable[Source]) -> History:
        """A new history with more entries in its source table."""
        table = dict(self.sources)
        table.update(_source_table(sources) or {})
        return History(self._base, self._events, table, title=self._title)

    @classmethod
    def from_snapshots(
        cls, dated: Iterable[tuple[DateLike, Snapshot]], *, summary: str = "changes since {since}"
    ) -> History:
        """A history from snapshots taken on dates (for example monthly exports).

        The first snapshot is the base; each later one becomes an event made
        by diffing it with its predecessor (empty diffs make no event).
        ``summary`` is formatted with ``since`` (the previous date).
        """
        pairs = [(parse_date(d), s) for d, s in dated]
        for i, (_, snapshot) in enumerate(pairs):
            if not isinstance(snapshot, Snapshot):
                raise ValidationError.field(f"snapshots[{i}]", snapshot, "a (date, Snapshot) pair")
        pairs.sort(key=lambda pair: pair[0])
        if not pairs:
            return cls()
        for (d1, _), (d2, _) in itertools.pairwise(pairs):
            if d1.earliest == d2.earliest:
                raise ValidationError.field("snapshots", str(d2), "one snapshot per date")
        events = []
        for (d1, s1), (d2, s2) in itertools.pairwise(pairs):
            change = diff(s1, s2)
            if change:
                events.append(Event(d2, change, summary=summary.format(since=d1)))
        return cls(pairs[0][1], events)

    # ------------------------------------------------------------ values

    def _key(self) -> tuple[Any, ...]:
        sources = tuple(sorted(self.sources.items()))
        return (self._base, self._events, sources, self._title)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._set("_hash", hash(self._key()))
        return self._hash

    def __repr__(self) -> str:
        title = f"{self._title!r}, " if self._title else ""
        if not self._events:
            return f"<History {title}no events, base {self._base!r}>"
        return (
            f"<History {title}{len(self._events)} events from {self.start} to {self.end}, "
            f"{len(self.sources)} sources>"
        )


def _source_table(
    sources: Mapping[str, Source] | Iterable[Source] | None,
) -> dict[str, Source] | None:
    if sources is None:
        return None
    if isinstance(sources, Mapping):
        items = []
        for key, source in sources.items():
            if isinstance(source, Mapping):  # {"id": {"title": ..., "url": ...}}
                try:
                    source = Source(key, **source)
                except TypeError as error:
                    raise ValidationError.field(
                        f"sources[{key!r}]", source, f"Source fields ({error})"
                    ) from None
            items.append((key, source))
        for key, source in items:
            if not isinstance(source, Source):
                raise ValidationError.field(f"sources[{key!r}]", source, "a Source")
            if key != source.id:
                raise ValidationError.field(
                    f"sources[{key!r}]", source, f"a Source with id {key!r}"
                )
        return dict(items)
    if isinstance(sources, str) or not isinstance(sources, Iterable):
        raise ValidationError.field("sources", sources, "a list of Source or a mapping by id")
    table: dict[str, Source] = {}
    for source in sources:
        if not isinstance(source, Source):
            raise ValidationError.field("sources", source, "a Source")
        if source.id in table:
            raise ValidationError.field("sources", source.id, "unique source ids")
        table[source.id] = source
    return table


def _apply_event(
    event: Event, snapshot: Snapshot, index: int, context: str | None = None
) -> Snapshot:
    try:
        return event.changes.apply(snapshot)
    except ConflictError as error:
        where = f"event {index + 1} ({event.describe()})"
        if context:
            where = f"{where}, {context}"
        raise error.within(where) from None


def _derive_tenures(history: History) -> tuple[Tenure, ...]:
    """Walk the events once, opening a tenure on each appointment and closing
    it on each vacancy; then link predecessors and successors."""
    open_: dict[tuple[str, str], dict[str, Any]] = {}
    done: list[dict[str, Any]] = []
    base = history.base
    # The post and unit as they were when each tenure began (names change).
    posts: dict[str, Post] = dict(base.posts)
    units: dict[str, Unit] = dict(base.units)
    for post_id, person_ids in base.appointments.items():
        for person_id in person_ids:
            open_[(post_id, person_id)] = {
                "value": posts[post_id],
                "unit": units.get(posts[post_id].unit),
                "post": post_id,
                "person": person_id,
                "start": None,
                "end": None,
                "start_event": None,
                "end_event": None,
                "sources": [],
                "order": -1,
            }
    for i, event in enumerate(history.events):
        for op in event.changes:
            if isinstance(op, (Add, Update)) and op.kind in ("post", "unit"):
                item = op.after if isinstance(op, Update) else op.item
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

    everyone = history._everyone()
    tenures = []
    for record in sorted(records, key=lambda r: (r["order"], r["post"], r["person"])):
        tenures.append(
            Tenure(
                person=everyone.people[record["person"]],
                post=record["value"],
                unit=record["unit"],
                start=record["start"],
                end=record["end"],
                predecessor=_person(everyone, record["predecessor"]),
                successor=_person(everyone, record["successor"]),
                sources=tuple(record["sources"]),
            )
        )
    return tuple(tenures)


def _person(everyone: Snapshot, person_id: str | None) -> Person | None:
    return None if person_id is None else everyone.people[person_id]


def _link_neighbours(records: list[dict[str, Any]]) -> None:
    """Set each tenure's predecessor and successor (ids) among one post's tenures.

    First choice: someone leaving (or arriving) in the very event that starts
    (or ends) the tenure. Otherwise the closest tenure that ended before it
    started (or started after it ended). Ties go to the smallest person id.
    Sorting and bisection keep this O(n log n) in the number of tenures.
    """
    ends: dict[int, list[str]] = {}
    starts: dict[int, list[str]] = {}
    for r in records:
        if r["end_event"] is not None:
            ends.setdefault(r["end_event"], []).append(r["person"])
        if r["start_event"] is not None:
            starts.setdefault(r["start_event"], []).append(r["person"])
    end_events = sorted(ends)
    start_events = sorted(starts)
    for r in records:
        r["predecessor"] = None
        r["successor"] = None
        event = r["start_event"]
        if event is not None:
            same = [p for p in ends.get(event, ()) if p != r["person"]]
            if same:
                r["predecessor"] = min(same)
            else:
                i = bisect.bisect_left(end_events, event)
                if i > 0:
                    r["predecessor"] = min(ends[end_events[i - 1]])
        event = r["end_event"]
        if event is not None:
            same = [p for p in starts.get(event, ()) if p != r["person"]]
            if same:
                r["successor"] = min(same)
            else:
                i = bisect.bisect_right(start_events, event)
                if i < len(start_events):
                    r["successor"] = min(starts[start_events[i]])
