"""What every importer shares: citations, spans of office, and the history they make.

Popolo memberships, Wikidata "position held" statements and rows of a tenure
spreadsheet all say the same thing: *this person held this post from this
day to that day, according to this source*. Importers turn their records
into :class:`Span` values and call :func:`history_from_spans`, which merges
overlapping spans (noting each merge in the :class:`~orgchart.report.Report`),
turns them into appointments and vacancies grouped by date, and builds the
history with :class:`~orgchart.history.HistoryBuilder`. :class:`Citations`
makes one :class:`~orgchart.Source` per distinct source of the records.

>>> import orgchart as oc
>>> from orgchart.report import Report
>>> base = oc.Snapshot.build(
...     people=[oc.Person("ada", "Ada Byron")],
...     units=[oc.Unit("house", "House")],
...     posts=[oc.Post("seat", "Member", "house")],
... )
>>> spans = [Span("ada", "seat", oc.parse_date("2019-05"), oc.parse_date("2023-06-30"))]
>>> history = history_from_spans(base, spans, report=Report())
>>> [str(d) for d in history.dates]
['2019-05', '2023-07-01']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum

from .dates import PartialDate, day_after, last_day_before
from .errors import ConflictError, FormatError
from .fileformat import parse
from .files import read_text
from .history import History, HistoryBuilder
from .model import Snapshot
from .operations import Appoint, Op, Vacate
from .provenance import Source
from .report import Report

__all__ = [
    "Citations",
    "Span",
    "day_after",
    "history_from_spans",
    "json_document",
    "last_day_before",
]


# ---------------------------------------------------------------- documents


def json_document(path_or_dict: Any) -> tuple[Any, str | None]:
    """A JSON document from a file path (read and parsed, errors naming the file) or
    one already parsed; and the name to give it in errors (None when parsed)."""
    if isinstance(path_or_dict, (str, os.PathLike)):
        path = Path(path_or_dict)
        source: str | None = str(path)
        doc = parse(read_text(path), "json", source=source)
    else:
        doc, source = path_or_dict, None
    return doc, source


# ---------------------------------------------------------------- readers


class Unusable(Exception):
    """A record an importer cannot use as it is: the importer drops it and says
    why in its report (never raised to the caller)."""


class Reader:
    """What every importer's reader holds: the file's name (``source``), the
    report of what it repaired, dropped or could not represent, and the
    source table it builds (``citations``, ids ``<prefix>-1``...)."""

    def __init__(self, source: str | None, report: Report, prefix: str) -> None:
        self.source = source
        self.report = report
        self.citations = Citations(prefix)

    def error(self, where: str | None, message: str) -> FormatError:
        """A document that cannot be read at all: a FormatError naming the file and
        the place in it."""
        return FormatError(message, source=self.source, location=where)


# ---------------------------------------------------------------- citations


class Citations:
    """A source table built while reading: one :class:`Source` per distinct source.

    Sources are told apart by their ``url`` and ``note``; ids are
    ``<prefix>-1``, ``<prefix>-2``... unless one is given.
    """

    __slots__ = ("_by_key", "prefix", "table")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.table: dict[str, Source] = {}
        self._by_key: dict[tuple[Any, ...], str] = {}

    def cite(
        self,
        *,
        url: str | None = None,
        note: str | None = None,
        title: str | None = None,
        date: Any = None,
        id: str | None = None,
    ) -> str:
        """The id of the source with this url and note, added to the table if new."""
        key = (url, note) if id is None else (id,)
        known = self._by_key.get(key)
        if known is not None:
            return known
        source_id = id if id is not None else f"{self.prefix}-{len(self.table) + 1}"
        self.table[source_id] = Source(
            source_id,
            title or note or url or source_id,
            url=url,
            note=note if (note and (title or url)) else None,
            date=date,
        )
        self._by_key[key] = source_id
        return source_id


# -------------------------------------------------------------------- dates


_FIRST_DAY = pendulum.date(1, 1, 1).toordinal()
_LAST_DAY = pendulum.date(9999, 12, 31).toordinal()


# -------------------------------------------------------------------- spans


@attrs.frozen(slots=True)
class Span:
    """A person in a post from ``start`` to ``end``, both days in office.

    ``start`` None: already in office when the record begins; ``end`` None:
    still in office. ``sources`` are source ids; ``where`` names the record
    it came from, for the report.
    """

    person: str
    post: str
    start: PartialDate | None
    end: PartialDate | None
    sources: tuple[str, ...] = ()
    where: str = ""

    @property
    def stop(self) -> PartialDate | None:
        """The date the post is left (the day after ``end``), or None."""
        return None if self.end is None else day_after(self.end)

    def first(self) -> int:
        return self.start.ordinal if self.start is not None else _FIRST_DAY

    def last(self) -> int:
        return self.end.latest.toordinal() if self.end is not None else _LAST_DAY


def _merged(spans: list[Span], report: Report) -> list[Span]:
    """One person's spans in one post, with overlaps merged (each merge noted).

    Spans that touch (one ends the day before the next starts) join without
    a note: that is one tenure recorded in two parts.
    """
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.first(), s.last())):
        if out and span.first() <= out[-1].last() + 1:
            last = out[-1]
            if span.first() <= last.last():
                report.repaired(
                    span.where,
                    f"overlaps {last.where or 'another record'} "
                    f"({span.person!r} in {span.post!r}); merged into one tenure",
                )
            end = last.end if last.last() >= span.last() else span.end
            out[-1] = attrs.evolve(
                last, end=end, sources=tuple(dict.fromkeys((*last.sources, *span.sources)))
            )
            continue
        out.append(span)
    return out


def history_from_spans(
    base: Snapshot,
    spans: Iterable[Span],
    *,
    report: Report,
    sources: Mapping[str, Source] | None = None,
    title: str | None = None,
    name: str = "",
) -> History:
    """The history of ``base`` (people, units, posts; no holders needed) and the spans.

    Spans whose end is before their start are dropped; overlapping spans of
    one person in one post are merged; both are noted in ``report``. Each
    date on which someone takes or leaves a post becomes one event citing the
    sources of its spans (vacancies first). ``name`` names the import in
    errors (a file). The report travels with the history (``history.report``).
    """
    by_holding: dict[tuple[str, str], list[Span]] = {}
    for span in spans:
        if span.start is not None and span.end is not None and span.last() < span.first():
            report.dropped(span.where, f"ends ({span.end}) before it starts ({span.start})")
            continue
        by_holding.setdefault((span.post, span.person), []).append(span)

    holders: list[Op] = []
    moves: dict[PartialDate, dict[str, list[Any]]] = {}

    def at(date: PartialDate) -> dict[str, list[Any]]:
        return moves.setdefault(date, {"out": [], "in": [], "sources": []})

    for (post, person), group in sorted(by_holding.items()):
        for span in _merged(group, report):
            if span.start is None:
                holders.append(Appoint(post, person))
            else:
                entry = at(span.start)
                entry["in"].append(Appoint(post, person))
                entry["sources"].extend(span.sources)
            if span.end is not None:
                entry = at(day_after(span.end))
                entry["out"].append(Vacate(post, person))
                entry["sources"].extend(span.sources)

    try:
        org = base.evolver()
        for op in holders:
            op.apply_to(org)
        builder = HistoryBuilder(org.finish(), sources, title=title, report=report)
        for date in sorted(moves, key=lambda d: (d.ordinal, d)):
            entry = moves[date]
            for op in (*entry["out"], *entry["in"]):
                builder.apply(op)
            builder.commit(
                date,
                summary=_summary(base, entry["in"], entry["out"]),
                sources=tuple(dict.fromkeys(entry["sources"])),
            )
        return builder.finish()
    except ConflictError as error:
        raise FormatError(str(error), source=name or report.source) from error


def _summary(base: Snapshot, appointed: list[Appoint], left: list[Vacate]) -> str:
    def names(ops: list[Any]) -> str:
        people = [base.people[op.person].name for op in ops if op.person in base.people]
        if len(people) > 3:
            return f"{len(people)} people"
        return ", ".join(people)

    parts = []
    if appointed:
        parts.append(f"{names(appointed)} in")
    if left:
        parts.append(f"{names(left)} out")
    return "; ".join(parts)
