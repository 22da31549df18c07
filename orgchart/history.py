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

import array
import bisect
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import attrs
import pendulum

from .bulk import paused_gc
from .changes import (
    Add,
    Appoint,
    ChangeSet,
    Op,
    Origin,
    Remove,
    Touched,
    Update,
    Vacate,
    canonical,
    diff,
)
from .dates import (
    PartialDate,
    date_columns,
    date_range,
    format_duration,
    last_day_before,
    parse_date,
    to_day,
)
from .display import Display
from .errors import AmbiguousNameError, ConflictError, NotFoundError, ValidationError
from .model import KIND, Evolver, NameIndex, Person, Post, Snapshot, Unit
from .report import Report
from .validators import (
    check_bool,
    check_id,
    check_optional_text,
    check_summary,
    check_text,
    compact_repr,
    id_tuple,
    names_among,
)

__all__ = [
    "Assumption",
    "Dispute",
    "Event",
    "History",
    "HistoryBuilder",
    "Register",
    "Source",
    "Tenure",
    "Timeline",
]

DateLike = Any  # str, datetime.date, pendulum.Date or PartialDate
_EPOCH = pendulum.date(1, 1, 1)
#: Building at least this many events at once pauses the cyclic garbage collector.
BULK_EVENTS = 10_000


def _optional_date(value: Any) -> PartialDate | None:
    return None if value is None else parse_date(value)


_to_source_ids = id_tuple("sources", canonical=False)
_to_event_disputed = names_among("disputed", "date", "announced", "summary", "changes")


def _source_ids(value: Any) -> tuple[str, ...]:
    return _to_source_ids(value)


def _event_disputed(value: Any) -> tuple[str, ...]:
    return _to_event_disputed(value)


_EVENT_FIELDS = ("date", "announced", "summary", "changes")


def _readings(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """{field: [other readings]} as sorted pairs (texts; dates as written)."""
    if not value and type(value) in (tuple, dict):  # none, by far the most common
        return ()
    items = value.items() if isinstance(value, Mapping) else value
    if isinstance(items, str) or not isinstance(items, Iterable):
        raise ValidationError.field("readings", value, "a mapping of field name to readings")
    pairs = []
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ValidationError.field("readings", value, "a mapping of field name to readings")
        name, others = item
        if name not in _EVENT_FIELDS:
            raise ValidationError.field(
                "readings", value, f"names among {', '.join(map(repr, _EVENT_FIELDS))}"
            )
        if isinstance(others, str) or not isinstance(others, Iterable):
            raise ValidationError.field("readings", value, f"a list of readings for {name!r}")
        texts = tuple(str(other) for other in others)
        if not texts or not all(t.strip() for t in texts):
            raise ValidationError.field("readings", value, f"readings for {name!r}")
        pairs.append((name, texts))
    return tuple(sorted(pairs))


def _change_set(value: Any) -> ChangeSet:
    if isinstance(value, ChangeSet):
        # Events keep only the operations: the snapshots they came from would
        # pin every intermediate state of a long history in memory.
        return value if value.before is None and value.after is None else ChangeSet(value.ops)
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError.field("changes", value, "a ChangeSet or a list of operations")
    return ChangeSet(value)


@attrs.frozen(slots=True, repr=False)
class Source:
    """Where a fact comes from: an article, a filing, a press release.

    >>> Source("reuters-2022-12-06", "Alibaba names Daniel Zhang head of cloud unit",
    ...        publisher="Reuters", date="2022-12-06").date
    PartialDate('2022-12-06')
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    publisher: str | None = attrs.field(default=None, validator=check_optional_text)
    date: PartialDate | None = attrs.field(default=None, converter=_optional_date)
    url: str | None = attrs.field(default=None, validator=check_optional_text)
    file: str | None = attrs.field(default=None, validator=check_optional_text)
    note: str | None = attrs.field(default=None, validator=check_optional_text)

    __repr__ = compact_repr

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

    A partial date sorts as its first day, which can put an event before one
    it followed. ``after`` says what a source does give: the event took
    effect after that day (and within ``date``), so it sorts on the day after:

    >>> heads = Event("2023-11", [], summary="New cloud heads", after="2023-11-16")
    >>> str(heads.date), heads.day == Event("2023-11-17", []).day
    ('2023-11', True)
    """

    date: PartialDate = attrs.field(converter=parse_date)
    changes: ChangeSet = attrs.field(converter=_change_set)
    summary: str = attrs.field(default="", validator=check_summary)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_source_ids)
    announced: PartialDate | None = attrs.field(default=None, converter=_optional_date)
    note: str | None = attrs.field(default=None, validator=check_optional_text)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_event_disputed, kw_only=True)
    after: PartialDate | None = attrs.field(default=None, converter=_optional_date, kw_only=True)
    #: For a disputed field, the other readings the sources allow (the field
    #: itself holds the one recorded): ``{"date": ["2023-11-22", "2025-11-22"]}``.
    readings: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), converter=_readings, kw_only=True
    )
    #: True when the source only shows the changes in effect by ``date`` (a
    #: unit first named then, a person already in a post): when they began is
    #: not known. Timelines say "by" that date instead of "from".
    by: bool = attrs.field(default=False, kw_only=True, validator=check_bool)
    #: True for a draft of the future (see :meth:`History.propose`), not a fact
    #: of the record.
    proposal: bool = attrs.field(default=False, kw_only=True, validator=check_bool)

    def __attrs_post_init__(self) -> None:
        if self.after is not None and self.after.latest >= self.date.latest:
            raise ValidationError.field(
                "after",
                str(self.after),
                f"a date before the end of the event's date {self.date} (it took effect after it)",
            )

    @property
    def day(self) -> int:
        """The day number the event takes effect on, for ordering: the first day of
        its date, or the day after ``after`` when that is later."""
        first = self.date.ordinal
        if self.after is None:
            return first
        return max(first, self.after.latest.toordinal() + 1)

    @property
    def known_on(self) -> PartialDate:
        """The day the event became known: announced, or else effective."""
        return self.announced if self.announced is not None else self.date

    @property
    def known_day(self) -> int:
        """The day number the event became known on (see :attr:`day`)."""
        return self.announced.ordinal if self.announced is not None else self.day

    def describe(self) -> str:
        """Date and summary, for messages and listings."""
        summary = f" {self.summary!r}" if self.summary else ""
        return f"{self.date}{summary}"

    def when(self) -> str:
        """The event's dates in words: effective, then announced when that differs;
        "(proposed)" for a proposal (see :meth:`History.propose`).

        >>> Event("2023-09-10", [], announced="2023-06-20").when()
        '10 September 2023 (announced 20 June 2023)'
        >>> Event("2023-11", [], after="2023-11-16").when()
        'November 2023 (after 16 November 2023)'
        >>> Event("2025-01", [], proposal=True).when()
        'January 2025 (proposed)'
        """
        text = self.date.display()
        if self.after is not None:
            text += f" (after {self.after.display()})"
        if self.announced is not None and self.announced != self.date:
            text += f" (announced {self.announced.display()})"
        if self.proposal:
            text += " (proposed)"
        return text

    def headline(self) -> str:
        """One line for listings, diagrams and pages: :meth:`when`, then the summary.

        >>> Event("2023-09-10", [], summary="Eddie Wu becomes CEO").headline()
        '10 September 2023: Eddie Wu becomes CEO'
        """
        return f"{self.when()}: {self.summary or '(no summary)'}"


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
    #: The readings the sources allow, the recorded one first (when given).
    readings: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        return self.event.note if self.event is not None else None

    def describe(self) -> str:
        when = f" since {self.since}" if self.since else ""
        text = f"{self.kind} {self.id!r}: {self.field} is disputed{when}"
        if self.readings:
            text += f" (readings: {', '.join(self.readings)}; recorded: {self.readings[0]})"
        return text


@attrs.frozen(slots=True)
class Assumption:
    """A fact recorded as a modelling choice, not from a source: a field of a
    person, unit or post (``"holders"`` for who holds a post).

    ``reason`` says why it was assumed; ``since`` and ``until`` and ``event``
    as for :class:`Dispute`.
    """

    kind: str
    id: str
    field: str
    reason: str
    since: PartialDate | None
    until: PartialDate | None
    event: Event | None

    def describe(self) -> str:
        when = f" since {self.since}" if self.since else ""
        return f"{self.kind} {self.id!r}: {self.field} is assumed{when} ({self.reason})"


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
    #: True when the record shows the tenure begun by ``start`` at the latest
    #: (see :attr:`Event.by`), not that it began then.
    start_by: bool = False

    @property
    def ongoing(self) -> bool:
        return self.end is None

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
        end = f" to {self.end.display()}" if self.end else ""
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
        row.update(date_columns("end", None if self.end is None else last_day_before(self.end)))
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

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per tenure (see :meth:`Tenure.to_row`)."""
        return [tenure.to_row() for tenure in self]


# ------------------------------------------------------------------- history


@attrs.frozen(slots=True, eq=False)
class Register:
    """Everything that ever appears in a history, each in its last known form.

    ``people``, ``units`` and ``posts`` are read-only mappings by id; people
    can be found by name or alias with :meth:`find_person`.
    """

    people: Mapping[str, Person]
    units: Mapping[str, Unit]
    posts: Mapping[str, Post]
    names: NameIndex = attrs.field(repr=False)

    def find_person(self, name_or_id: str) -> Person:
        """Anyone who ever appears, by id, name or alias (case-insensitive)."""
        return self.names.find(name_or_id)


class HistoryBuilder:
    """Builds a :class:`History` event by event, applying each operation once.

    The way in for code that makes histories in bulk (file readers,
    importers, generators): :attr:`org` is the org after everything so far,
    for reading while deciding what to do next; :meth:`apply` checks and
    makes one operation of the event being written and :meth:`commit` closes
    that event; :meth:`add` takes a ready-made event. Events come in date
    order. :meth:`finish` returns the history. After an error the builder
    refuses further work (the history it was making is incomplete).

    >>> import orgchart as oc
    >>> builder = HistoryBuilder(oc.Snapshot.build(units=[oc.Unit("g", "Group")]))
    >>> builder.apply(oc.Add(oc.Unit("c", "Cloud", parent="g")))
    >>> "c" in builder.org.units
    True
    >>> event = builder.commit("2023-01-01", summary="Cloud created")
    >>> builder.finish().as_of("2023-01-01").units["c"].name
    'Cloud'
    """

    __slots__ = (
        "_base",
        "_checkpoints",
        "_days",
        "_events",
        "_held_since",
        "_kind",
        "_known_max",
        "_org",
        "_pending",
        "_report",
        "_sources",
        "_state",
        "_title",
    )

    def __init__(
        self,
        base: Snapshot | None = None,
        sources: Mapping[str, Source] | Iterable[Source] | None = None,
        *,
        title: str | None = None,
        kind: type[History] | None = None,
        report: Report | None = None,
        held_since: Mapping[str, Mapping[str, DateLike]] | None = None,
    ) -> None:
        if base is None:
            base = Snapshot()
        if not isinstance(base, Snapshot):
            raise ValidationError.field("base", base, "a Snapshot")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise ValidationError.field("title", title, "a non-empty string or None")
        self._base = base
        self._sources = _source_table(sources)
        self._title = title
        self._events: list[Event] = []
        # Day numbers as machine integers: a fifth of the memory of a list of ints.
        self._days = array.array("q")
        self._known_max = array.array("q")
        self._checkpoints = [base]
        self._org = base.evolver()
        self._pending: list[Op] = []
        self._state = "open"
        # The class of history to make (a subclass may keep checkpoints more often).
        self._kind = kind if kind is not None else History
        if report is not None and not isinstance(report, Report):
            raise ValidationError.field("report", report, "a Report or None")
        self._report = report
        self._held_since = _held_since(held_since, base)

    @classmethod
    def resume(cls, history: History, count: int) -> HistoryBuilder:
        """A builder holding the first events of ``history``, ready for more.

        It keeps at most ``count`` events: those before the checkpoint at or
        before ``count`` (see :attr:`count`), so resuming costs no replay.
        """
        every = history.CHECKPOINT_EVERY
        slot = min(count, len(history.events)) // every
        first = slot * every
        builder = cls(
            history.base, None, title=history.title, kind=type(history), report=history._report
        )
        builder._held_since = history._held_since
        builder._sources = history._sources
        builder._events = list(history._events[:first])
        builder._days = history._days[:first]
        builder._known_max = history._known_max[:first]
        builder._checkpoints = history._checkpoints[: slot + 1]
        builder._org = builder._checkpoints[-1].evolver()
        return builder

    @property
    def org(self) -> Evolver:
        """The org after every operation so far (read it; change it only through apply)."""
        self._check_open()
        return self._org

    @property
    def count(self) -> int:
        """How many events the builder holds."""
        return len(self._events)

    def _check_open(self) -> None:
        if self._state != "open":
            raise ValidationError(f"this history builder is {self._state}; start a new one")

    def apply(self, op: Op) -> None:
        """Check one operation of the event being written against the org and make it."""
        self._check_open()
        try:
            op.apply_to(self._org)
        except ConflictError:
            self._state = "broken by an error"
            raise
        self._pending.append(op)

    def commit(
        self,
        date: DateLike,
        *,
        summary: str = "",
        sources: Iterable[str] = (),
        announced: DateLike | None = None,
        note: str | None = None,
        disputed: Iterable[str] = (),
        after: DateLike | None = None,
        readings: Mapping[str, Iterable[str]] | None = None,
        by: bool = False,
        proposal: bool = False,
    ) -> Event:
        """Close the event being written: the operations applied since the last one."""
        self._check_open()
        try:
            event = Event(
                date,
                ChangeSet(self._pending),
                summary=summary,
                sources=sources,
                announced=announced,
                note=note,
                disputed=disputed,
                after=after,
                readings=readings or {},
                by=by,
                proposal=proposal,
            )
            self._record(event)
        except Exception:
            self._state = "broken by an error"
            raise
        self._pending = []
        return event

    def add(self, event: Event) -> None:
        """Apply a whole event (after every event so far, by date)."""
        self._check_open()
        if self._pending:
            raise ValidationError("commit the event being written before adding another")
        if not isinstance(event, Event):
            raise ValidationError.field("event", event, "an Event")
        n = len(self._events) + 1
        try:
            for op in event.changes:
                op.apply_to(self._org)
            self._record(event)
        except ConflictError as error:
            self._state = "broken by an error"
            raise error.within(f"event {n} ({event.describe()})") from None
        except Exception:
            self._state = "broken by an error"
            raise

    def extend(self, events: Iterable[Event]) -> None:
        """Add many events (in date order); a long run pauses the garbage collector."""
        events = list(events)
        with paused_gc(len(events) >= BULK_EVENTS):
            for event in events:
                self.add(event)

    def _record(self, event: Event) -> None:
        n = len(self._events) + 1
        day = event.day
        if self._days and day < self._days[-1]:
            raise ValidationError(
                f"event {n} ({event.describe()}) is dated before event {n - 1}; "
                "a history builder takes events in date order"
            )
        if self._sources is not None:
            _check_cited(event, n, self._sources)
        self._events.append(event)
        self._days.append(day)
        known = event.known_day
        self._known_max.append(max(known, self._known_max[-1]) if self._known_max else known)
        if len(self._events) % self._kind.CHECKPOINT_EVERY == 0:
            snapshot = self._org.finish()
            self._checkpoints.append(snapshot)
            self._org = snapshot.evolver()

    def finish(self) -> History:
        """The history of every event added; the builder cannot be used after."""
        self._check_open()
        if self._pending:
            raise ValidationError("commit the event being written before finishing")
        self._state = "finished"
        history = self._kind.__new__(self._kind)
        history._adopt(
            self._base,
            tuple(self._events),
            self._sources,
            self._title,
            self._days,
            self._known_max,
            self._checkpoints,
            self._org.finish(),
            self._report,
            self._held_since,
        )
        return history


def _held_since(
    given: Mapping[str, Mapping[str, Any]] | None, base: Snapshot
) -> dict[tuple[str, str], PartialDate]:
    """``{post: {person: date}}`` for holdings of the base, checked, as pairs."""
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise ValidationError.field("held_since", given, "a mapping of post id to {person: date}")
    out: dict[tuple[str, str], PartialDate] = {}
    for post, people in given.items():
        if not isinstance(people, Mapping):
            raise ValidationError.field(
                f"held_since[{post!r}]", people, "a mapping of person to date"
            )
        for person, date in people.items():
            if person not in base.appointments.get(post, ()):
                raise ValidationError.field(
                    f"held_since[{post!r}]", person, "a person holding that post in the base"
                )
            out[(post, person)] = parse_date(str(date) if isinstance(date, int) else date)
    return out


def _check_cited(event: Event, number: int, table: Mapping[str, Source]) -> None:
    """Every source the event cites is in the table."""
    for source_id in event.sources:
        if source_id not in table:
            raise ValidationError(
                f"event {number} ({event.describe()}): source {source_id!r} is not in the "
                "history's sources"
            )


def _in_date_order(events: Iterable[Event]) -> list[Event]:
    """The events, checked, sorted by date (events on one date keep their order)."""
    if isinstance(events, (str, Event)) or not isinstance(events, Iterable):
        raise ValidationError.field("events", events, "a list of Event")
    events = list(events)
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise ValidationError.field(f"events[{i}]", event, "an Event")
    events.sort(key=lambda e: e.day)
    return events


class History(Display):
    """A base snapshot plus dated events, in effective-date order.

    Events on the same date apply in the order given. Every event is checked
    against the org of its date when the history is made: one that does not
    fit raises :class:`~orgchart.ConflictError` naming the event and the
    operation. ``sources`` maps source ids to :class:`Source` entries; when
    given, every id an event cites must be in it.

    Snapshots are kept every ``CHECKPOINT_EVERY`` events, so :meth:`as_of` is
    a bisection plus a replay of at most half that many events, from the
    nearer checkpoint. Code that makes long histories from its own operations
    builds them with :class:`HistoryBuilder`.
    """

    CHECKPOINT_EVERY = 64

    __slots__ = (
        "_base",
        "_checkpoints",
        "_days",
        "_events",
        "_everything",
        "_hash",
        "_held_since",
        "_known_max",
        "_latest",
        "_report",
        "_sources",
        "_tenures",
        "_title",
    )
    _base: Snapshot
    _events: tuple[Event, ...]
    _sources: dict[str, Source] | None
    _title: str | None
    _days: array.array[int]
    _known_max: array.array[int]
    _checkpoints: list[Snapshot]
    _latest: Snapshot
    _report: Report | None
    _hash: int | None
    _tenures: tuple[Tenure, ...] | None
    _everything: Register | None
    _held_since: dict[tuple[str, str], PartialDate]

    def __init__(
        self,
        base: Snapshot | None = None,
        events: Iterable[Event] = (),
        sources: Mapping[str, Source] | Iterable[Source] | None = None,
        *,
        title: str | None = None,
        held_since: Mapping[str, Mapping[str, DateLike]] | None = None,
    ) -> None:
        builder = HistoryBuilder(base, sources, title=title, kind=type(self), held_since=held_since)
        builder.extend(_in_date_order(events))
        self._adopt_from(builder.finish())

    def _adopt_from(self, other: History) -> None:
        self._adopt(
            other._base,
            other._events,
            other._sources,
            other._title,
            other._days,
            other._known_max,
            other._checkpoints,
            other._latest,
            other._report,
            other._held_since,
        )

    def _adopt(
        self,
        base: Snapshot,
        events: tuple[Event, ...],
        sources: dict[str, Source] | None,
        title: str | None,
        days: array.array[int],
        known_max: array.array[int],
        checkpoints: list[Snapshot],
        latest: Snapshot,
        report: Report | None = None,
        held_since: dict[tuple[str, str], PartialDate] | None = None,
    ) -> None:
        for name, value in (
            ("_report", report),
            ("_held_since", held_since or {}),
            ("_base", base),
            ("_events", events),
            ("_sources", sources),
            ("_title", title),
            ("_days", days),
            ("_known_max", known_max),
            ("_checkpoints", checkpoints),
            ("_latest", latest),
            ("_hash", None),
            ("_tenures", None),
            ("_everything", None),
        ):
            object.__setattr__(self, name, value)

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"History is immutable; cannot set {name!r}")

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
        """The source table, by id (empty when none was given; see :attr:`has_sources`)."""
        return self._sources if self._sources is not None else {}

    @property
    def title(self) -> str | None:
        return self._title

    @property
    def held_since(self) -> Mapping[str, Mapping[str, PartialDate]]:
        """Post id -> person id -> the date a holding of the base began, where the
        sources give it (the org before the record says who, not since when)."""
        out: dict[str, dict[str, PartialDate]] = {}
        for (post, person), date in sorted(self._held_since.items()):
            out.setdefault(post, {})[person] = date
        return out

    @property
    def report(self) -> Report:
        """What the import that made this history repaired, dropped or could not
        represent (empty for a history not made by an importer). Not part of
        equality."""
        return self._report if self._report is not None else Report()

    @property
    def has_sources(self) -> bool:
        """True when the history has a source table (perhaps empty), so its events'
        source ids are checked against it."""
        return self._sources is not None

    @property
    def dates(self) -> tuple[PartialDate, ...]:
        """The distinct days on which events take effect, in order.

        Events dated "2023-06" and "2023-06-01" take effect on the same day,
        which is listed once, in its most precise form.
        """
        by_day: dict[int, PartialDate] = {}
        for day, event in zip(self._days, self._events, strict=True):
            known = by_day.get(day)
            if known is None or event.date > known:
                by_day[day] = event.date
        return tuple(by_day.values())

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
        return self._latest

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
        if count == len(self._events):
            return self._latest
        every = self.CHECKPOINT_EVERY
        slot = count // every
        first = slot * every
        if first == count:
            return self._checkpoints[slot]
        # Every event applied once, checked, when the history was made: replay
        # from the nearer of the checkpoint before and the org after (the next
        # checkpoint, or the latest org), taking events back from the latter.
        # At most half an interval of events either way.
        last = min(first + every, len(self._events))
        if last - count < count - first:
            after = self._latest if last == len(self._events) else self._checkpoints[slot + 1]
            org = after.evolver()
            for event in reversed(self._events[count:last]):
                for op in reversed(event.changes.ops):
                    op.undo(org)
            return org.finish()
        org = self._checkpoints[slot].evolver()
        for event in self._events[first:count]:
            for op in event.changes.ops:
                op.redo(org)
        return org.finish()

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
            if event.known_day <= known:
                snapshot = _apply_event(
                    event, snapshot, i, f"as the record stood on {parse_date(known_at)}"
                )
        return snapshot

    def pending(self, on: DateLike) -> tuple[Event, ...]:
        """Events announced on or before ``on`` that are not yet effective, and
        the proposals not yet effective (see :meth:`propose`)."""
        day = to_day(on).toordinal()
        return tuple(
            e
            for e in self._events[self._index(on) :]
            if (e.known_day <= day or e.proposal) and day < e.day
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
        low, high = min(i1, i2), max(i1, i2)
        window = self._events[low:high]
        touched = Touched.folding(op for event in window for op in event.changes.ops)
        # What the window leaves alone is the same all through it: a checkpoint
        # inside the window serves to read it, and the two ends are made only
        # if the change set is asked for them.
        every = self.CHECKPOINT_EVERY
        inside = -(-low // every)
        if inside * every <= high and inside < len(self._checkpoints):
            change = canonical(
                functools.partial(self._snapshot_at, low),
                functools.partial(self._snapshot_at, high),
                touched,
                within=self._checkpoints[inside],
            )
        else:
            change = canonical(self._snapshot_at(low), self._snapshot_at(high), touched)
        if i2 < i1:
            change = change.invert()
        return change.with_origin(Origin(window, (parse_date(d1), parse_date(d2)), self.sources))

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

    def everything(self) -> Register:
        """Every person, unit and post that ever appears, in its last known form."""
        if self._everything is None:
            people: dict[str, Person] = dict(self._base.people)
            units: dict[str, Unit] = dict(self._base.units)
            posts: dict[str, Post] = dict(self._base.posts)
            tables: dict[type, dict[str, Any]] = {Person: people, Unit: units, Post: posts}
            for event in self._events:
                for op in event.changes:
                    if isinstance(op, Add):
                        tables[type(op.item)][op.item.id] = op.item
                    elif isinstance(op, Update):
                        tables[type(op.after)][op.after.id] = op.after
            self._set(
                "_everything",
                Register(people, units, posts, NameIndex(people.values(), "the history")),
            )
        return cast(Register, self._everything)

    def find_person(self, name_or_id: str | Person) -> Person:
        """Anyone who appears anywhere in the history, by id, name or alias.

        A name shared by two people raises :class:`~orgchart.AmbiguousNameError`
        unless exactly one of them is in the latest org.
        """
        if isinstance(name_or_id, Person):
            name_or_id = name_or_id.id
        try:
            return self.latest.find_person(name_or_id)
        except NotFoundError:
            return self.everything().find_person(name_or_id)

    def find_post(self, title_or_id: str | Post) -> Post:
        """Any post that ever exists in the history, by id or title (case-insensitive)."""
        if isinstance(title_or_id, Post):
            title_or_id = title_or_id.id
        if not isinstance(title_or_id, str):
            raise ValidationError.field("post", title_or_id, "a post id or title")
        posts = self.everything().posts
        if title_or_id in posts:
            return posts[title_or_id]
        folded = " ".join(title_or_id.casefold().split())
        matches = [i for i, p in posts.items() if " ".join(p.title.casefold().split()) == folded]
        if not matches:
            known = [*posts, *(p.title for p in posts.values())]
            raise NotFoundError.unknown("post", title_or_id, "the history", known)
        if len(matches) > 1:
            raise AmbiguousNameError(title_or_id, matches, what="posts")
        return posts[matches[0]]

    def find(self, name_or_id: str | Person | Post) -> Person | Post:
        """A person (by id, name or alias), or else a post (by id or title).

        The one lookup behind everything that takes "a person or a post".
        """
        if isinstance(name_or_id, (Person, Post)):
            return name_or_id
        try:
            return self.find_person(name_or_id)
        except NotFoundError:
            pass
        try:
            return self.find_post(name_or_id)
        except NotFoundError:
            everything = self.everything()
            known = [
                *(name for person in everything.people.values() for name in person.names),
                *(post.title for post in everything.posts.values()),
                *everything.posts,
            ]
            raise NotFoundError.unknown(
                "person or post called", name_or_id, "the history", known
            ) from None

    def tenures(self) -> tuple[Tenure, ...]:
        """Every tenure of every post, ordered by start (unknown first), post, person."""
        if self._tenures is None:
            self._set("_tenures", _derive_tenures(self))
        return cast(tuple[Tenure, ...], self._tenures)

    def timeline(self, subject: str | Person | Post) -> Timeline:
        """The posts a person held, or the holders of a post, in order.

        ``subject``: a Person or Post, or an id, name or alias (a person is
        looked for first, then a post by id or title; see :meth:`find`).
        """
        found = self.find(subject)
        if isinstance(found, Post):
            return self.holders_over_time(found)
        return Timeline(t for t in self.tenures() if t.person.id == found.id)

    def holders_over_time(self, post: str | Post) -> Timeline:
        """The tenures of a post (a Post, its id or its title), in order."""
        post_id = self.find_post(post).id
        return Timeline(t for t in self.tenures() if t.post.id == post_id)

    # ----------------------------------------------------------- disputes

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per tenure of every post (see :meth:`Tenure.to_row`), in
        :meth:`tenures` order: the tenure table of the history."""
        return [tenure.to_row() for tenure in self.tenures()]

    def event_rows(self) -> list[dict[str, Any]]:
        """One row per event: ``date`` and ``announced`` (each with its
        precision), ``summary``, ``sources`` (ids), ``note`` and ``changes``
        (how many operations)."""
        rows = []
        for event in self._events:
            row: dict[str, Any] = {}
            row.update(date_columns("date", event.date))
            row.update(date_columns("announced", event.announced))
            row.update(
                summary=event.summary,
                sources=event.sources,
                note=event.note,
                changes=len(event.changes),
            )
            rows.append(row)
        return rows

    def disputes(self) -> tuple[Dispute, ...]:
        """Every fact marked disputed anywhere in the history, in date order.

        A person, unit or post marks a field disputed through its
        ``disputed`` names; an event through its own ``disputed`` names (for
        example when sources disagree on its date). Each mark is listed once,
        with the event that set it and the date it was lifted, if it was.
        """
        found: list[Dispute] = [
            Dispute(kind, item_id, field, since, until, event)
            for kind, item_id, field, _, since, until, event in self._marks(
                lambda item: [(name, "") for name in item.disputed]
            )
        ]
        for i, event in enumerate(self._events):
            others = dict(event.readings)
            for name in event.disputed:
                recorded = getattr(event, name)
                readings: tuple[str, ...] = ()
                if name in others:
                    first = str(recorded) if name != "changes" else "as recorded"
                    readings = (first, *others[name])
                found.append(Dispute("event", str(i + 1), name, event.date, None, event, readings))
        return tuple(sorted(found, key=_mark_order))

    def assumptions(self) -> tuple[Assumption, ...]:
        """Every fact marked assumed (a modelling choice, not from a source), in date
        order: each field of a person, unit or post listed in its ``assumed``
        marks, with the reason, the event that set it and the date it was lifted."""
        return tuple(
            sorted(
                (Assumption(*mark) for mark in self._marks(lambda item: item.assumed)),
                key=_mark_order,
            )
        )

    def _marks(self, names: Any) -> list[tuple[Any, ...]]:
        """The marks ``names(item)`` gives ((field, reason) pairs) on every item over
        the history: (kind, id, field, reason, since, until, event), each once."""
        found: list[tuple[Any, ...]] = []
        open_marks: dict[tuple[str, str, str], list[Any]] = {}

        def mark(item: Any, since: PartialDate | None, event: Event | None) -> None:
            kind = KIND[type(item)]
            for name, reason in names(item):
                key = (kind, item.id, name)
                if key not in open_marks:
                    open_marks[key] = [kind, item.id, name, reason, since, None, event]

        def unmark(kind: str, item_id: str, keep: Any, when: PartialDate) -> None:
            kept = {name for name, _ in keep}
            for key in [k for k in open_marks if k[:2] == (kind, item_id) and k[2] not in kept]:
                record = open_marks.pop(key)
                record[5] = when
                found.append(tuple(record))

        base = self._base
        for table in (base.people, base.units, base.posts):
            for _, item in sorted(table.items()):
                mark(item, None, None)
        for event in self._events:
            for op in event.changes:
                if isinstance(op, Add):
                    mark(op.item, event.date, event)
                elif isinstance(op, Update):
                    unmark(op.kind, op.id, names(op.after), event.date)
                    mark(op.after, event.date, event)
                elif isinstance(op, Remove):
                    unmark(op.kind, op.id, (), event.date)
        found.extend(tuple(record) for record in open_marks.values())
        return found

    # ------------------------------------------------------------ changes

    def propose(
        self,
        on: DateLike,
        changes: Any,
        summary: str = "",
        *,
        sources: Iterable[str] = (),
        note: str | None = None,
    ) -> History:
        """A new history with a draft reorganisation: an event marked as a proposal.

        ``on`` must come after the last recorded event (a proposal may
        follow another proposal). The proposal is kept apart from the record
        (:meth:`proposals`, :meth:`recorded`), listed by :meth:`pending`, and
        said to be "(proposed)" wherever events are listed; :meth:`as_of`
        applies it like any event, so the history read on a later date is
        the org as proposed. Two proposals made on one history merge with
        :func:`orgchart.merge`.

        >>> import orgchart as oc
        >>> base = oc.Snapshot.build(
        ...     people=[oc.Person("ada", "Ada")], units=[oc.Unit("g", "Group")],
        ...     posts=[oc.Post("ceo", "CEO", "g")])
        >>> record = oc.History(base, [oc.Event("2024-01-10", [oc.Appoint("ceo", "ada")])])
        >>> draft = record.propose("2025-01-01", [oc.Vacate("ceo", "ada")], "Ada steps down")
        >>> draft.proposals()[0].headline()
        '1 January 2025 (proposed): Ada steps down'
        >>> draft.recorded() == record, draft.as_of("2025-01-01").holders("ceo")
        (True, ())
        """
        date = parse_date(on)
        last = next((e for e in reversed(self._events) if not e.proposal), None)
        if last is not None and date.ordinal <= last.day:
            raise ValidationError.field(
                "on",
                str(date),
                f"a date after the last recorded event ({last.date}): "
                "a proposal is about the future of the record",
            )
        event = Event(date, changes, summary, sources=sources, note=note, proposal=True)
        return self.append(event)

    def proposals(self) -> tuple[Event, ...]:
        """The events that are proposals, in date order."""
        return tuple(e for e in self._events if e.proposal)

    def recorded(self) -> History:
        """The history without its proposals: the record itself (same base,
        sources, title and ``held_since``).

        Replays only the events from the checkpoint before the first proposal
        (proposals are dated after the record, so that is cheap).
        """
        first = next((i for i, e in enumerate(self._events) if e.proposal), None)
        if first is None:
            return self
        builder = HistoryBuilder.resume(self, first)
        builder.extend(e for e in self._events[builder.count :] if not e.proposal)
        return builder.finish()

    def append(self, event: Event) -> History:
        """A new history with one more event (placed by date).

        Costs what it adds: the events before the new one are shared, and
        only the events from the last checkpoint before it are replayed.
        """
        return self.with_events([event])

    def with_events(self, events: Iterable[Event]) -> History:
        """A new history with more events (placed by date; on a date that already
        has events, after them). Replays only from the first new event's place."""
        new = _in_date_order(events)
        if not new:
            return self
        # Events on or before the first new day keep their place.
        keep = bisect.bisect_right(self._days, new[0].day)
        builder = HistoryBuilder.resume(self, keep)
        merged = _in_date_order([*self._events[builder.count :], *new])
        builder.extend(merged)
        result = builder.finish()
        result._set("_title", self._title)
        return result

    def with_sources(self, sources: Mapping[str, Source] | Iterable[Source]) -> History:
        """A new history with more entries in its source table.

        Costs what it adds: the events and snapshots are shared. When the
        history had no source table, every cited source must be in the new one.
        """
        added = _source_table(sources) or {}
        table = {**self.sources, **added}
        if self._sources is None:
            for i, event in enumerate(self._events):
                _check_cited(event, i + 1, table)
        result = type(self).__new__(type(self))
        result._adopt(
            self._base,
            self._events,
            table,
            self._title,
            self._days,
            self._known_max,
            self._checkpoints,
            self._latest,
            self._report,
            self._held_since,
        )
        result._set("_tenures", self._tenures)
        result._set("_everything", self._everything)
        return result

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
        since = tuple(sorted(self._held_since.items()))
        return (self._base, self._events, sources, self._title, since)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._set("_hash", hash(self._key()))
        return cast(int, self._hash)

    def to_text(self) -> str:
        """The title, the span of the record and its events, one line each."""
        lines = [self._title or "History"]
        if not self._events:
            lines.append("no events")
        else:
            many = "s" if len(self._events) != 1 else ""
            first, last = self._events[0].date, self._events[-1].date
            lines.append(
                f"{len(self._events):,} event{many} from {first.display()} to {last.display()}:"
            )
            lines.extend("  " + event.headline() for event in self._events)
        return "\n".join(lines)

    def __repr__(self) -> str:
        title = f"{self._title!r}, " if self._title else ""
        if not self._events:
            return f"<History {title}no events, base {self._base!r}>"
        return (
            f"<History {title}{len(self._events)} events from {self.start} to {self.end}, "
            f"{len(self.sources)} sources>"
        )


def _mark_order(mark: Any) -> tuple[Any, ...]:
    return (mark.since.earliest if mark.since else _EPOCH, mark.kind, mark.id, mark.field)


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
    since = history._held_since
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
    for i, event in enumerate(history.events):
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

    everyone = history.everything()
    tenures = []

    def listing_key(record: dict[str, Any]) -> tuple[int, str, str]:
        start = record["start"]
        return (-1 if start is None else start.ordinal, record["post"], record["person"])

    for record in sorted(records, key=listing_key):
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
                start_by=record["by"],
            )
        )
    return tuple(tenures)


def _person(everyone: Register, person_id: str | None) -> Person | None:
    return None if person_id is None else everyone.people[person_id]


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
