"""Events: dated, sourced change sets.

An :class:`Event` is what a history is made of: the operations that took
effect on one date, with the summary, the sources, an optional announced
date and note, and the marks for what the sources dispute about it.

>>> import orgchart as oc
>>> e = oc.Event("2023-09-10", [oc.Vacate("ceo", "dz"), oc.Appoint("ceo", "ew")],
...              summary="Eddie Wu succeeds Daniel Zhang as CEO", announced="2023-06-20")
>>> e.headline()
'10 September 2023 (announced 20 June 2023): Eddie Wu succeeds Daniel Zhang as CEO'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import pendulum

from .changes import ChangeSet
from .dates import PartialDate, optional_date, parse_date
from .errors import ValidationError
from .validators import check_bool, check_optional_text, check_summary, id_tuple, names_among

__all__ = ["Event", "day_date", "effective_day", "in_date_order"]


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


@attrs.frozen(slots=True)
class Event:
    """A dated change set: effective ``date``, optional ``announced`` date,
    a one-line ``summary``, the ids of its ``sources`` and an optional ``note``.

    An event with no announced date counts as announced on its effective date.

    >>> import orgchart as oc
    >>> e = Event("2023-04-01", [oc.Appoint("cpo", "jane-jiang")], summary="Jane Jiang becomes CPO",
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
    announced: PartialDate | None = attrs.field(default=None, converter=optional_date)
    note: str | None = attrs.field(default=None, validator=check_optional_text)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_event_disputed, kw_only=True)
    after: PartialDate | None = attrs.field(default=None, converter=optional_date, kw_only=True)
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
        """The day number the event takes effect on (see :func:`effective_day`)."""
        return effective_day(self.date, self.after)

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


def effective_day(date: PartialDate, after: PartialDate | None = None) -> int:
    """The day number an event dated ``date`` takes effect on, for ordering: the
    first day of its date, or the day after ``after`` when that is later.

    >>> from orgchart.dates import parse_date
    >>> day = effective_day(parse_date("2023-11"), parse_date("2023-11-16"))
    >>> day == parse_date("2023-11-17").ordinal
    True
    """
    first = date.ordinal
    if after is None:
        return first
    return max(first, after.latest.toordinal() + 1)


def day_date(day: int, dates: Iterable[PartialDate]) -> PartialDate:
    """The date that names day number ``day``, on which events dated ``dates`` take
    effect: the most precise of those dates that begins on that day, else the
    day itself (an event that took effect after a day within its month)."""
    best: PartialDate | None = None
    for date in dates:
        if date.ordinal == day and (best is None or date > best):
            best = date
    return best if best is not None else parse_date(pendulum.Date.fromordinal(day))


def in_date_order(events: Iterable[Event]) -> list[Event]:
    """The events, checked, sorted by date (events on one date keep their order)."""
    if isinstance(events, (str, Event)) or not isinstance(events, Iterable):
        raise ValidationError.field("events", events, "a list of Event")
    events = list(events)
    for i, event in enumerate(events):
        if not isinstance(event, Event):
            raise ValidationError.field(f"events[{i}]", event, "an Event")
    events.sort(key=lambda e: e.day)
    return events
