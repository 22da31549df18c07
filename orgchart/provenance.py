"""Where facts come from and how sure they are: sources, disputes, assumptions.

A :class:`Source` is an entry of a history's source table; events cite
sources by id. A :class:`Dispute` is a fact the sources disagree on, an
:class:`Assumption` a fact recorded as a modelling choice;
``History.disputes()`` and ``History.assumptions()`` list them as
:class:`Disputes` and :class:`Assumptions`, which print as text.

>>> Source("reuters-2022-12-06", "Alibaba names Daniel Zhang head of cloud unit",
...        publisher="Reuters", date="2022-12-06").describe()
'Alibaba names Daniel Zhang head of cloud unit, Reuters, 6 December 2022'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .dates import PartialDate, date_columns, optional_date
from .errors import ValidationError
from .validators import check_id, check_optional_text, check_text, compact_repr

if TYPE_CHECKING:
    from .events import Event

__all__ = [
    "Assumption",
    "Assumptions",
    "Dispute",
    "Disputes",
    "Source",
    "check_cited",
    "mark_order",
    "source_table",
]

_EPOCH = pendulum.date(1, 1, 1)


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
    date: PartialDate | None = attrs.field(default=None, converter=optional_date)
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


class _Marks(tuple):
    """A tuple of marks (disputes or assumptions) that prints as text, one a line."""

    __slots__ = ()
    _none = "(none)"

    def to_text(self) -> str:
        """One line per mark (see ``describe``)."""
        return "\n".join(mark.describe() for mark in self) or self._none

    def __str__(self) -> str:
        return self.to_text()

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per mark: ``kind``, ``id``, ``field``, ``since`` and ``until``
        (each a ``datetime.date`` with its precision beside it), the mark's own
        fields, and the ``event`` (its headline) that set it."""
        rows = []
        for mark in self:
            row: dict[str, Any] = {"kind": mark.kind, "id": mark.id, "field": mark.field}
            row.update(date_columns("since", mark.since))
            row.update(date_columns("until", mark.until))
            for name in self._extra:
                row[name] = getattr(mark, name)
            row["event"] = mark.event.headline() if mark.event is not None else None
            rows.append(row)
        return rows

    _extra: tuple[str, ...] = ()


class Disputes(_Marks):
    """Every disputed fact of a history (:meth:`History.disputes`), in date order.

    >>> print(Disputes())
    (no disputes)
    """

    __slots__ = ()
    _none = "(no disputes)"
    _extra = ("readings",)


class Assumptions(_Marks):
    """Every assumed fact of a history (:meth:`History.assumptions`), in date order.

    >>> print(Assumptions())
    (no assumptions)
    """

    __slots__ = ()
    _none = "(no assumptions)"
    _extra = ("reason",)


def mark_order(mark: Any) -> tuple[Any, ...]:
    """How marks are listed: by the date they were set (from the start first), kind,
    id and field."""
    return (mark.since.earliest if mark.since else _EPOCH, mark.kind, mark.id, mark.field)


def source_table(
    sources: Mapping[str, Source] | Iterable[Source] | None,
) -> dict[str, Source] | None:
    """A history's source table by id, checked, from Source entries or a mapping
    (of Source, or of Source fields); None stays None (no table)."""
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


def check_cited(event: Event, number: int, table: Mapping[str, Source]) -> None:
    """Every source the event cites is in the table."""
    for source_id in event.sources:
        if source_id not in table:
            raise ValidationError(
                f"event {number} ({event.describe()}): source {source_id!r} is not in the "
                "history's sources"
            )
