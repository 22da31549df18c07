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
import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, cast

import pendulum

from ._moved import moved_names
from .bulk import paused_gc
from .catalogue import Catalogue
from .changes import ChangeSet, Origin
from .dates import DateLike, PartialDate, date_columns, date_range, parse_date, to_day
from .diffs import Touched, canonical, diff
from .display import Display
from .errors import ConflictError, NotFoundError, StateError, ValidationError
from .eventlog import EventLog
from .events import Event, day_date, in_date_order
from .items import KIND, Person, Post, Unit
from .model import OrgView, Snapshot, find_in, known_names
from .operations import Add, Op, Remove, Update
from .provenance import (
    Assumption,
    Assumptions,
    Dispute,
    Disputes,
    Source,
    check_cited,
    mark_order,
    source_table,
)
from .report import Report
from .tenures import Timeline, derive_tenures

__all__ = ["History", "HistoryBuilder"]

#: Building at least this many events at once pauses the cyclic garbage collector.
BULK_EVENTS = 10_000

#: Names this module held before each noun got a module of its own: importing
#: them from here still works, with a DeprecationWarning naming the new place.
__getattr__ = moved_names(
    __name__,
    {
        "Assumption": "orgchart.provenance",
        "DateLike": "orgchart.dates",
        "Dispute": "orgchart.provenance",
        "Event": "orgchart.events",
        "Register": "orgchart.catalogue:Catalogue",
        "Source": "orgchart.provenance",
        "Tenure": "orgchart.tenures",
        "Timeline": "orgchart.tenures",
    },
)


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
        self._sources = source_table(sources)
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
        log = history._log
        slot = min(count, len(log.events)) // log.every
        first = slot * log.every
        builder = cls(
            log.base, None, title=history.title, kind=type(history), report=history._report
        )
        builder._held_since = history._held_since
        builder._sources = history._sources
        builder._events = list(log.events[:first])
        builder._days = log.days[:first]
        builder._known_max = log.known_max[:first]
        builder._checkpoints = list(log.checkpoints[: slot + 1])
        builder._org = builder._checkpoints[-1].evolver()
        return builder

    @property
    def org(self) -> OrgView:
        """The org after every operation so far, to read (operations change it,
        through :meth:`apply` and :meth:`add`)."""
        self._check_open()
        return self._org.view()

    @property
    def count(self) -> int:
        """How many events the builder holds."""
        return len(self._events)

    def _check_open(self) -> None:
        if self._state != "open":
            raise StateError.used_after("history builder", self._state, "start a new one")

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
            check_cited(event, n, self._sources)
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
        log = EventLog(
            base=self._base,
            events=tuple(self._events),
            days=self._days,
            known_max=self._known_max,
            checkpoints=tuple(self._checkpoints),
            latest=self._org.finish(),
            every=self._kind.CHECKPOINT_EVERY,
        )
        history = self._kind.__new__(self._kind)
        history._adopt(log, self._sources, self._title, self._report, self._held_since)
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
            out[(post, person)] = parse_date(date)
    return out


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
        "__weakref__",
        "_everything",
        "_hash",
        "_held_since",
        "_log",
        "_report",
        "_sources",
        "_tenures",
        "_title",
    )
    _log: EventLog
    _sources: dict[str, Source] | None
    _title: str | None
    _report: Report | None
    _hash: int | None
    _tenures: Timeline | None
    _everything: Catalogue | None
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
        builder.extend(in_date_order(events))
        done = builder.finish()
        self._adopt(done._log, done._sources, done._title, done._report, done._held_since)

    def _adopt(
        self,
        log: EventLog,
        sources: dict[str, Source] | None,
        title: str | None,
        report: Report | None = None,
        held_since: dict[tuple[str, str], PartialDate] | None = None,
    ) -> None:
        # The one place a history's fields are set (it is immutable after):
        # ``log`` was written by a HistoryBuilder, which checked every event.
        for name, value in (
            ("_log", log),
            ("_sources", sources),
            ("_title", title),
            ("_report", report),
            ("_held_since", held_since or {}),
            ("_hash", None),
            ("_tenures", None),
            ("_everything", None),
        ):
            object.__setattr__(self, name, value)

    def _cache(self, name: str, value: Any) -> None:
        # Values derived from the fields, kept when first asked for.
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"History is immutable; cannot set {name!r}")

    # ------------------------------------------------------------- access

    @property
    def base(self) -> Snapshot:
        """The org before the first event."""
        return self._log.base

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, in effective-date order."""
        return self._log.events

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
        which is listed once, in its most precise form; an event that took
        effect after a day of its month is listed on the day it took effect
        (see :func:`orgchart.events.day_date`), so ``as_of`` each date
        includes its events.
        """
        by_day: dict[int, list[PartialDate]] = {}
        for day, event in zip(self._log.days, self._log.events, strict=True):
            by_day.setdefault(day, []).append(event.date)
        return tuple(day_date(day, dates) for day, dates in by_day.items())

    @property
    def start(self) -> PartialDate | None:
        """The date of the first event."""
        return self.events[0].date if self.events else None

    @property
    def end(self) -> PartialDate | None:
        """The date of the last event."""
        return self.events[-1].date if self.events else None

    @property
    def latest(self) -> Snapshot:
        """The org after every event."""
        return self._log.latest

    def __len__(self) -> int:
        return len(self._log.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._log.events)

    # ------------------------------------------------------------ queries

    def _index(self, date: DateLike) -> int:
        """How many events are effective on or before ``date``."""
        return self._log.index(date)

    def _snapshot_at(self, count: int) -> Snapshot:
        """The org after the first ``count`` events."""
        return self._log.snapshot_at(count)

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
        first_unknown = self._log.all_known(known)
        if first_unknown >= count:
            return self._snapshot_at(count)
        snapshot = self._snapshot_at(first_unknown)
        for i in range(first_unknown, count):
            event = self._log.events[i]
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
            for e in self._log.events[self._index(on) :]
            if (e.known_day <= day or e.proposal) and day < e.day
        )

    def events_between(self, d1: DateLike, d2: DateLike) -> tuple[Event, ...]:
        """The events effective after ``d1`` and on or before ``d2``.

        The window is half-open, ``(d1, d2]``, to match :meth:`as_of` (which
        includes the events of its date): the events returned are exactly
        those that turn ``as_of(d1)`` into ``as_of(d2)``. Empty when ``d2`` is
        not after ``d1``.
        """
        return self._log.events[self._index(d1) : self._index(d2)]

    def diff(self, d1: DateLike, d2: DateLike) -> ChangeSet:
        """What changed from ``d1`` to ``d2``: ``oc.diff(as_of(d1), as_of(d2))``.

        Folds only the events between the two dates, so its cost follows the
        number of changes in the window, not the size of the org. With ``d2``
        before ``d1`` it is the inverse of ``diff(d2, d1)``. The change set
        remembers the events it folds (``change.events``).
        """
        log = self._log
        i1, i2 = log.index(d1), log.index(d2)
        low, high = min(i1, i2), max(i1, i2)
        window = log.events[low:high]
        touched = Touched.folding(op for event in window for op in event.changes.ops)
        # What the window leaves alone is the same all through it: a checkpoint
        # inside the window serves to read it, and the two ends are made only
        # if the change set is asked for them (from a checkpoint and a few
        # events each: the change set does not keep the history).
        inside = log.checkpoint_within(low, high)
        if inside is not None:
            change = canonical(log.replay(low), log.replay(high), touched, within=inside)
        else:
            change = canonical(log.snapshot_at(low), log.snapshot_at(high), touched)
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

    def everything(self) -> Catalogue:
        """Every person, unit and post that ever appears, in its last known form."""
        if self._everything is None:
            self._cache("_everything", Catalogue.of(self._log.base, self._log.events))
        return cast(Catalogue, self._everything)

    def find_person(self, who: str | Person) -> Person:
        """Anyone who appears anywhere in the history, by id, name or alias.

        A name shared by two people raises :class:`~orgchart.AmbiguousNameError`
        unless exactly one of them is in the latest org.
        """
        if isinstance(who, Person):
            who = who.id
        try:
            return self.latest.find_person(who)
        except NotFoundError:
            return self.everything().find_person(who)

    def find_post(self, which: str | Post) -> Post:
        """Any post that ever exists in the history, by id or title (case-insensitive)."""
        return self.everything().find_post(which)

    def find_unit(self, which: str | Unit) -> Unit:
        """Any unit that ever exists in the history, by id or name (case-insensitive)."""
        return self.everything().find_unit(which)

    def find(self, key: str | Person | Post | Unit) -> Person | Post | Unit:
        """A person (by id, name or alias), else a post (by id or title), else a
        unit (by id or name): the one lookup behind "a person, post or unit"."""
        return find_in(self, key, "the history", lambda: known_names(self.everything()))

    def tenures(self) -> Timeline:
        """Every tenure of every post, ordered by start (unknown first), post, person."""
        if self._tenures is None:
            log = self._log
            tenures = derive_tenures(
                log.base, log.events, self._held_since, self.everything().people
            )
            self._cache("_tenures", tenures)
        return cast(Timeline, self._tenures)

    def timeline(self, subject: str | Person | Post | Unit) -> Timeline:
        """The posts a person held, the holders of a post, or the tenures of the
        posts of a unit, in order.

        ``subject``: a Person, Post or Unit, or an id, name, alias or title
        (a person is looked for first, then a post, then a unit; see :meth:`find`).
        """
        found = self.find(subject)
        if isinstance(found, Post):
            return self.holders_over_time(found)
        if isinstance(found, Unit):
            return Timeline(t for t in self.tenures() if t.post.unit == found.id)
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
        for event in self.events:
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

    def disputes(self) -> Disputes:
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
        for i, event in enumerate(self.events):
            others = dict(event.readings)
            for name in event.disputed:
                recorded = getattr(event, name)
                readings: tuple[str, ...] = ()
                if name in others:
                    first = str(recorded) if name != "changes" else "as recorded"
                    readings = (first, *others[name])
                found.append(Dispute("event", str(i + 1), name, event.date, None, event, readings))
        return Disputes(sorted(found, key=mark_order))

    def assumptions(self) -> Assumptions:
        """Every fact marked assumed (a modelling choice, not from a source), in date
        order: each field of a person, unit or post listed in its ``assumed``
        marks, with the reason, the event that set it and the date it was lifted."""
        return Assumptions(
            sorted(
                (Assumption(*mark) for mark in self._marks(lambda item: item.assumed)),
                key=mark_order,
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

        base = self.base
        for table in (base.people, base.units, base.posts):
            for _, item in sorted(table.items()):
                mark(item, None, None)
        for event in self.events:
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
        last = next((e for e in reversed(self.events) if not e.proposal), None)
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
        return tuple(e for e in self.events if e.proposal)

    def recorded(self) -> History:
        """The history without its proposals: the record itself (same base,
        sources, title and ``held_since``).

        Replays only the events from the checkpoint before the first proposal
        (proposals are dated after the record, so that is cheap).
        """
        first = next((i for i, e in enumerate(self.events) if e.proposal), None)
        if first is None:
            return self
        builder = HistoryBuilder.resume(self, first)
        builder.extend(e for e in self.events[builder.count :] if not e.proposal)
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
        new = in_date_order(events)
        if not new:
            return self
        # Events on or before the first new day keep their place.
        keep = bisect.bisect_right(self._log.days, new[0].day)
        builder = HistoryBuilder.resume(self, keep)
        merged = in_date_order([*self.events[builder.count :], *new])
        builder.extend(merged)
        return builder.finish()

    def with_sources(self, sources: Mapping[str, Source] | Iterable[Source]) -> History:
        """A new history with more entries in its source table.

        Costs what it adds: the events and snapshots are shared. When the
        history had no source table, every cited source must be in the new one.
        """
        added = source_table(sources) or {}
        table = {**self.sources, **added}
        if self._sources is None:
            for i, event in enumerate(self.events):
                check_cited(event, i + 1, table)
        result = type(self).__new__(type(self))
        result._adopt(self._log, table, self._title, self._report, self._held_since)
        result._cache("_tenures", self._tenures)
        result._cache("_everything", self._everything)
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
        return (self.base, self.events, sources, self._title, since)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._cache("_hash", hash(self._key()))
        return cast(int, self._hash)

    def to_text(self) -> str:
        """The title, the span of the record and its events, one line each."""
        lines = [self._title or "History"]
        if not self.events:
            lines.append("no events")
        else:
            many = "s" if len(self.events) != 1 else ""
            first, last = self.events[0].date, self.events[-1].date
            lines.append(
                f"{len(self.events):,} event{many} from {first.display()} to {last.display()}:"
            )
            lines.extend("  " + event.headline() for event in self.events)
        return "\n".join(lines)

    def __repr__(self) -> str:
        title = f"{self._title!r}, " if self._title else ""
        if not self.events:
            return f"<History {title}no events, base {self.base!r}>"
        return (
            f"<History {title}{len(self.events)} events from {self.start} to {self.end}, "
            f"{len(self.sources)} sources>"
        )


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
