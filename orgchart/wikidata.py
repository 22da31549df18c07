"""Wikidata in: SPARQL results of "position held" queries, and entity JSON.

Two shapes of file are read, both as Wikidata users download them:

- **SPARQL JSON results** of a query for the holders of a position (one row
  per "position held" statement), as the Wikidata Query Service gives them
  (``{"head": ..., "results": {"bindings": [...]}}``, or the service's
  simplified JSON, a list of rows of plain strings). The position is the
  row's ``?position`` when the query selects one, else ``position=``.
- **Entity JSON** (``Special:EntityData/QID.json`` or ``wbgetentities``):
  an organisation's dated leadership claims (:data:`PROPERTIES`) become
  posts ``"<entity>-<property>"`` of the organisation, and a person's
  "position held" (P39) claims become their posts.

>>> from orgchart import wikidata
>>> wd = "http://www.wikidata.org/entity/"
>>> rows = {"head": {"vars": ["item", "itemLabel", "start_date", "end_date"]},
...         "results": {"bindings": [
...     {"item": {"type": "uri", "value": wd + "Q192"},
...      "itemLabel": {"type": "literal", "value": "David Cameron"},
...      "start_date": {"type": "literal", "value": "2010-05-11T00:00:00Z"},
...      "end_date": {"type": "literal", "value": "2016-07-13T00:00:00Z"}},
...     {"item": {"type": "uri", "value": wd + "Q264766"},
...      "start_date": {"type": "literal", "value": "2016-07-13T00:00:00Z"}},
... ]}}
>>> history = wikidata.load(rows, position="Q14211", labels={"Q264766": "Theresa May"})
>>> [p.name for p in history.as_of("2016-07-13").holders("Q14211")]
['David Cameron', 'Theresa May']
>>> [p.name for p in history.as_of("2016-07-14").holders("Q14211")]
['Theresa May']

Ids are QIDs: a person's id is their QID, a position's unit and post share
the position's QID. Names come from the file's labels (``itemLabel``,
``positionLabel``, an entity's ``labels``), then from ``labels=``, else the
QID. Times keep their precision (:func:`parse_time`). An end time is the
last day in office, so on a handover day both holders hold the post.
Deprecated statements are left out; preferred and normal ones are both
history. Statements that cannot be placed in time (no start time, a time
coarser than a year, several values of one qualifier, ``somevalue``...) are
dropped and qualifiers the model has no place for are noted, each in
``history.report``; ``strict=True`` raises on the first dropped or repaired
statement instead. How each field maps is in ``docs/howto/wikidata.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date as _date
from pathlib import Path
from typing import Any

import attrs

from .dates import PartialDate, parse_date
from .errors import DateError, IntegrityError, OrgChartError, ValidationError
from .history import History
from .imports import Reader, Span, Unusable, history_from_spans, json_document
from .items import Person, Post, Unit
from .model import Snapshot
from .report import Report

__all__ = [
    "HOLDER_VARIABLES",
    "POSITION_HELD",
    "POSITION_VARIABLES",
    "PROPERTIES",
    "load",
    "parse_time",
]

#: The leadership properties read from an organisation's entity, and the
#: titles of the posts they become (``"<entity>-<property>"``).
PROPERTIES: Mapping[str, str] = {
    "P6": "head of government",
    "P35": "head of state",
    "P169": "chief executive officer",
    "P488": "chairperson",
    "P1037": "director / manager",
    "P3320": "board member",
    "P527": "has part",
}
#: "position held": on a person's entity, each value is a post of theirs.
POSITION_HELD = "P39"
_START, _END, _NATURE = "P580", "P582", "P5102"

#: SPARQL variables naming the holder, the first one present is used.
HOLDER_VARIABLES = ("item", "person", "holder")
#: SPARQL variables naming the position (else ``position=``).
POSITION_VARIABLES = ("position", "office")
_START_VARIABLES = ("start_date", "start", "startDate", "start_time")
_START_PRECISION = ("start_precision", "startPrecision")
_END_VARIABLES = ("end_date", "end", "endDate", "end_time")
_END_PRECISION = ("end_precision", "endPrecision")
_STATEMENT_VARIABLES = ("statement", "posn", "stmt")
_RANK_VARIABLES = ("rank",)
_NATURE_VARIABLES = ("nature",)

# What the columns and qualifiers the model has no place for are, for the report.
_DESCRIPTIONS = {
    "ordinal": "series ordinal (P1545)",
    "prev": "predecessor (P1365/P155)",
    "next": "successor (P1366/P156)",
    "predecessor": "predecessor (P1365/P155)",
    "successor": "successor (P1366/P156)",
    "party": "parliamentary group or party",
    "district": "electoral district (P768)",
    "term": "parliamentary term (P2937)",
    "endCause": "end cause (P1534)",
    "P155": "follows",
    "P156": "followed by",
    "P642": "of",
    "P768": "electoral district",
    "P1365": "replaces",
    "P1366": "replaced by",
    "P1534": "end cause",
    "P1545": "series ordinal",
    "P2715": "elected in",
    "P2937": "parliamentary term",
    "P4100": "parliamentary group",
    "P5054": "cabinet",
    "P5102": "nature of statement",
}
_PRECISIONS = {
    0: "billion years",
    1: "hundred million years",
    2: "ten million years",
    3: "million years",
    4: "hundred thousand years",
    5: "ten thousand years",
    6: "millennium",
    7: "century",
    8: "decade",
    9: "year",
    10: "month",
    11: "day",
}
_JULIAN = "Q1985786"
_TIME = re.compile(r"([+-]?)(\d+)-(\d\d)-(\d\d)(?:T.*)?")
_QID = re.compile(r"Q[1-9]\d*")
_ENTITY_URI = re.compile(r"https?://www\.wikidata\.org/(?:entity|wiki)/(Q[1-9]\d*)")
_STATEMENT_URI = re.compile(r"https?://www\.wikidata\.org/entity/statement/(Q[1-9]\d*)-(.+)")
_LANGUAGES = ("en", "mul")


# -------------------------------------------------------------------- times


def parse_time(
    time: str, precision: int | str | None = None, *, calendar: str | None = None
) -> PartialDate:
    """A :class:`~orgchart.PartialDate` from a Wikidata time value and its precision.

    Precision 9 is a year, 10 a month, 11 (or finer) a day. Without a
    precision, zeros in the month or day say it (``+1996-00-00T00:00:00Z``
    is a year). A Julian-calendar day (``calendar`` ending in Q1985786) is
    converted to the Gregorian calendar, as the Query Service does; a Julian
    month or year is kept as written. Times coarser than a year and years
    before the common era are a :class:`~orgchart.DateError`.

    >>> parse_time("+2019-07-24T00:00:00Z", 11)
    PartialDate('2019-07-24')
    >>> parse_time("1996-01-01T00:00:00Z", "9")
    PartialDate('1996')
    >>> parse_time("+1996-05-00T00:00:00Z")
    PartialDate('1996-05')
    >>> parse_time("+1950-00-00T00:00:00Z", 8)
    Traceback (most recent call last):
    ...
    orgchart.errors.DateError: invalid date '+1950-00-00T00:00:00Z': precision 8 (decade) \
is coarser than a year
    """
    match = _TIME.fullmatch(time.strip()) if isinstance(time, str) else None
    if match is None:
        raise DateError.invalid(time, "expected a Wikidata time such as +2019-07-24T00:00:00Z")
    sign, year, month, day = match.group(1), *map(int, match.groups()[1:])
    if sign == "-":
        raise DateError.invalid(time, "a year before the common era cannot be represented")
    stated = _precision(time, precision)
    shown = 9 if month == 0 else 10 if day == 0 else 11
    if stated is not None and stated < 9:
        why = f"precision {stated} ({_PRECISIONS.get(stated, 'unknown')}) is coarser than a year"
        raise DateError.invalid(time, why)
    if stated is not None and min(stated, 11) > shown:
        part = "month" if month == 0 else "day"
        raise DateError.invalid(time, f"precision {stated} names a {part}, but it is 00")
    kept = shown if stated is None else min(stated, 11)
    try:
        if kept == 11 and isinstance(calendar, str) and calendar.endswith(_JULIAN):
            return parse_date(_gregorian(year, month, day))
        return PartialDate(year, month if kept >= 10 else None, day if kept == 11 else None)
    except (DateError, ValueError, OverflowError) as error:
        raise DateError.invalid(time, str(error).split(": ")[-1]) from None


def _precision(time: str, precision: int | str | None) -> int | None:
    if precision is None or precision == "":
        return None
    if isinstance(precision, str) and precision.strip().isdigit():
        return int(precision)
    if isinstance(precision, int) and not isinstance(precision, bool):
        return precision
    raise DateError.invalid(time, f"precision {precision!r} is not a whole number")


def _gregorian(year: int, month: int, day: int) -> _date:
    """The Gregorian day of a Julian-calendar day (by its Julian day number)."""
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    julian_day = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    # date.toordinal() of 0001-01-01 is 1; its Julian day number is 1721426.
    return _date.fromordinal(julian_day - 1721425)


# ------------------------------------------------------------------ reading


def _hashable(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int)) else repr(value)


@attrs.frozen(slots=True)
class _Time:
    """A time as the file gives it: text, precision and calendar, or a special snak."""

    text: Any = attrs.field(converter=_hashable)
    precision: Any = attrs.field(default=None, converter=_hashable)
    calendar: Any = attrs.field(default=None, converter=_hashable)
    snak: str = "value"  # or "somevalue" (unknown), "novalue" (none)

    def describe(self) -> str:
        return str(self.text) if self.snak == "value" else f"({self.snak})"


class _Reader(Reader):
    """Collects people, posts, spans and names while reading; notes what it leaves out."""

    def __init__(self, source: str | None, report: Report, labels: Mapping[str, str]) -> None:
        super().__init__(source, report, "wikidata")
        self.given = labels
        self.found: dict[str, str] = {}  # QID -> label from the file
        self.positions: dict[str, None] = {}  # QIDs of positions: a unit and a post each
        self.organisations: dict[str, dict[str, None]] = {}  # QID -> its properties read
        self.spans: list[Span] = []
        # (where, what) -> how many statements carry something not represented.
        self.unrepresented: dict[tuple[str, str], int] = {}

    def label(self, qid: str, label: Any) -> None:
        if isinstance(label, str) and label.strip() and label.strip() != qid:
            self.found.setdefault(qid, label.strip())

    def name(self, qid: str) -> str:
        return self.found.get(qid) or self.given.get(qid) or qid

    def describe(self, qid: str) -> str:
        """The name and the QID ("acting (Q4676846)"), or the QID alone if it has no name."""
        name = self.name(qid)
        return qid if name == qid else f"{name} ({qid})"

    def note(self, where: str, what: str) -> None:
        self.unrepresented[(where, what)] = self.unrepresented.get((where, what), 0) + 1

    def note_nature(self, where: str, nature: str) -> None:
        # Per statement: "acting" or "interim" changes what the tenure means.
        self.report.unrepresented(
            where, f"nature of statement (P5102) {nature}: kept as an ordinary tenure"
        )

    def note_unrepresented(self, unit: str) -> None:
        for (where, what), count in self.unrepresented.items():
            self.report.unrepresented(where, f"{what} ({count} {unit}{'' if count == 1 else 's'})")

    def span(
        self,
        where: str,
        person: str,
        post: str,
        starts: Iterable[_Time],
        ends: Iterable[_Time],
        cite: Callable[[PartialDate], dict[str, Any]],
    ) -> None:
        """The span of office a statement records, or a note saying why it is dropped."""
        try:
            start = _one(starts, "start time (P580)")
            end = _one(ends, "end time (P582)")
            if start is None and end is None:
                raise Unusable("no start or end time (P580/P582): it cannot be placed in time")
            if start is None:
                raise Unusable(
                    f"no start time (P580), only an end time ({end}): it cannot be placed in time"
                )
        except Unusable as bad:
            self.report.dropped(where, str(bad))
            return
        source = self.citations.cite(**cite(start))
        self.spans.append(Span(person, post, start, end, (source,), where))

    def nothing_kept(self, what: str) -> None:
        """A file whose every statement was dropped is an error, not an empty history."""
        reasons = [f"{note.where}: {note.what}" for note in self.report if note.action == "dropped"]
        shown = "".join(f"\n  - {reason}" for reason in reasons[:3])
        more = f"\n  ... and {len(reasons) - 3:,} more" if len(reasons) > 3 else ""
        raise self.error(None, f"nothing could be kept of the {what}:{shown}{more}")

    def history(self, title: str | None) -> History:
        people = {span.person for span in self.spans}
        units = [Unit(qid, self.name(qid), kind="position") for qid in self.positions]
        posts = [Post(qid, self.name(qid), qid) for qid in self.positions]
        for qid, properties in self.organisations.items():
            if qid not in self.positions:
                units.append(Unit(qid, self.name(qid)))
            for prop in properties:
                posts.append(Post(f"{qid}-{prop}", PROPERTIES[prop], qid))
        try:
            base = Snapshot.build(
                [Person(qid, self.name(qid)) for qid in sorted(people, key=_qid_order)],
                units,
                posts,
            )
        except (IntegrityError, ValidationError) as error:
            raise self.error(None, str(error)) from error
        return history_from_spans(
            base,
            self.spans,
            report=self.report,
            sources=self.citations.table,
            title=title,
            name=self.source or "",
        )


def _qid_order(qid: str) -> tuple[int, str]:
    return (int(qid[1:]), qid) if _QID.fullmatch(qid) else (0, qid)


def _one(times: Iterable[_Time], what: str) -> PartialDate | None:
    """The one date a qualifier gives (None: none given, or "no value"), or raises Unusable."""
    distinct = list(dict.fromkeys(times))
    if len(distinct) > 1:
        values = ", ".join(t.describe() for t in distinct)
        raise Unusable(f"{len(distinct)} values of {what} ({values}): which one holds is unclear")
    if not distinct or distinct[0].snak == "novalue":
        return None
    time = distinct[0]
    if time.snak == "somevalue" or time.text is None:
        raise Unusable(f"{what} is unknown (somevalue)")
    try:
        return parse_time(time.text, time.precision, calendar=time.calendar)
    except DateError as error:
        raise Unusable(f"{what}: {error}") from None


def load(
    path_or_dict: Any,
    *,
    position: str | None = None,
    labels: Mapping[str, str] | None = None,
    strict: bool = False,
) -> History:
    """A history from Wikidata JSON: a file path or an already parsed document.

    SPARQL results of a positions-held query (``position=`` names the
    position when the rows do not), or entity JSON (``Special:EntityData``,
    ``wbgetentities``). ``labels`` maps QIDs to names for what the file has
    no label for. What was left out, and why, is in ``history.report``;
    with ``strict=True`` the first dropped or repaired statement raises
    :class:`~orgchart.FormatError` instead. A document of neither shape is a
    FormatError naming the file.
    """
    if position is not None and not (isinstance(position, str) and _QID.fullmatch(position)):
        raise ValidationError.field("position", position, "a QID such as 'Q14211', or None")
    if labels is None:
        labels = {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in labels.items()
    ):
        raise ValidationError.field("labels", labels, "a mapping of QIDs to names")
    doc, source = json_document(path_or_dict)
    reader = _Reader(source, Report(source, strict=strict), labels)
    if _is_sparql(doc):
        return _from_sparql(doc, reader, position)
    if isinstance(doc, Mapping) and isinstance(doc.get("error"), Mapping):
        info = doc["error"].get("info") or doc["error"].get("code")
        raise reader.error(None, f"a Wikidata API error, not entities: {info}")
    if isinstance(doc, Mapping) and (isinstance(doc.get("entities"), Mapping) or "claims" in doc):
        if position is not None:
            raise ValidationError.field(
                "position", position, "None for entity JSON (it applies to SPARQL results)"
            )
        return _from_entities(doc, reader)
    raise reader.error(
        None,
        "not Wikidata JSON: expected SPARQL results ({'head': ..., 'results': "
        "{'bindings': [...]}}) or entity JSON ({'entities': {...}})",
    )


# ------------------------------------------------------------------- SPARQL


def _is_sparql(doc: Any) -> bool:
    if isinstance(doc, Mapping):
        return isinstance(doc.get("results"), Mapping) and "bindings" in doc["results"]
    # The Query Service's simplified JSON download: a list of rows of plain values.
    return isinstance(doc, list) and all(isinstance(row, Mapping) for row in doc)


def _rows(doc: Any, r: _Reader) -> tuple[list[str], list[Any]]:
    """The variables and the rows, every cell as ``{"type": ..., "value": ...}``.

    A list of rows is the Query Service's simplified download (plain values)
    or what wikibase-cli's ``wd sparql`` writes: cells such as
    ``{"value": "Q156540", "label": "Anniken Huitfeldt"}`` (the label names
    the item, as a ``<v>Label`` column does) and ``{"value":
    "2013-10-01T00:00:00Z", "precision": "11"}`` (the precision kept with
    the time).
    """
    if isinstance(doc, list):
        rows = [_plain_row(row) if isinstance(row, Mapping) else row for row in doc]
        variables: list[str] = []
    else:
        rows = doc["results"]["bindings"]
        if not isinstance(rows, list):
            raise r.error("results.bindings", f"expected a list, got {type(rows).__name__}")
        head = doc.get("head")
        names = head.get("vars") if isinstance(head, Mapping) else None
        variables = [v for v in names if isinstance(v, str)] if isinstance(names, list) else []
    for row in rows:
        if isinstance(row, Mapping):
            variables.extend(k for k in row if k not in variables)
    return variables, rows


def _plain_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of plain values or of ``wd sparql`` cells, as SPARQL JSON cells."""
    out: dict[str, Any] = {}
    for key, cell in row.items():
        value = cell.get("value") if isinstance(cell, Mapping) else cell
        kind = "uri" if str(value).startswith("http") or _QID.fullmatch(str(value)) else "literal"
        out[key] = {"type": kind, "value": value}
        if isinstance(cell, Mapping):
            if cell.get("precision") is not None:
                out[key]["precision"] = cell["precision"]
            label = f"{key}Label"
            if isinstance(cell.get("label"), str) and label not in row:
                out[label] = {"type": "literal", "value": cell["label"]}
    return out


def _first(variables: list[str], names: Iterable[str]) -> str | None:
    return next((name for name in names if name in variables), None)


def _value(row: Mapping[str, Any], variable: str | None) -> Any:
    cell = row.get(variable) if variable is not None else None
    return cell.get("value") if isinstance(cell, Mapping) else None


@attrs.frozen(slots=True)
class _Columns:
    """Which variables of the results say what (None: not in the results)."""

    holder: str | None
    position: str | None
    start: str | None
    start_precision: str | None
    end: str | None
    end_precision: str | None
    statement: str | None
    rank: str | None
    nature: str | None

    @classmethod
    def of(cls, variables: list[str]) -> _Columns:
        return cls(
            *(
                _first(variables, names)
                for names in (
                    HOLDER_VARIABLES,
                    POSITION_VARIABLES,
                    _START_VARIABLES,
                    _START_PRECISION,
                    _END_VARIABLES,
                    _END_PRECISION,
                    _STATEMENT_VARIABLES,
                    _RANK_VARIABLES,
                    _NATURE_VARIABLES,
                )
            )
        )

    def read(self) -> set[str]:
        return {v for v in attrs.astuple(self) if v is not None}

    def statement_key(self, row: Mapping[str, Any]) -> Any:
        """Rows with one key are one statement (seen once per value of a column not read)."""
        if self.statement is not None and _value(row, self.statement) is not None:
            return ("statement", _value(row, self.statement))
        dated = (self.holder, self.position, self.start, self.start_precision, self.end)
        return tuple(repr(row.get(v)) if v else None for v in (*dated, self.end_precision))


def _from_sparql(doc: Any, r: _Reader, position: str | None) -> History:
    variables, rows = _rows(doc, r)
    columns = _Columns.of(variables)
    if columns.holder is None and rows:
        raise r.error(
            None,
            "the rows name no holder: expected a ?item, ?person or ?holder variable "
            f"(got {', '.join('?' + v for v in variables) or 'none'})",
        )
    if columns.position is None and position is None:
        stem = Path(r.source).stem if r.source is not None else ""
        hint = f" (the file's name suggests position={stem!r})" if _QID.fullmatch(stem) else ""
        raise r.error(
            None,
            "the rows do not name the position (no ?position variable): pass "
            f"position='Q…' (--position on the command line){hint}",
        )
    if columns.position is None and position is not None:
        r.positions[position] = None

    # Names: a label column "<v>Label" names the item in column "<v>".
    read = columns.read()
    for variable in variables:
        if variable.endswith("Label") and variable[: -len("Label")] in variables:
            read.add(variable)
            for row in rows:
                if isinstance(row, Mapping):
                    qid = _qid(_value(row, variable[: -len("Label")]))
                    if qid is not None:
                        r.label(qid, _value(row, variable))

    groups: dict[Any, list[tuple[int, Mapping[str, Any]]]] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            r.report.dropped(_row_place(doc, i), f"expected an object, got {row!r}")
            continue
        groups.setdefault(columns.statement_key(row), []).append((i, row))
        for variable in variables:
            if variable not in read and row.get(variable) is not None:
                r.note(f"?{variable}", _DESCRIPTIONS.get(variable, "a column not read"))
    for group in groups.values():
        _statement(group, columns, r, position, _row_place(doc, group[0][0]))
    r.note_unrepresented("row")
    if rows and not r.spans:
        r.nothing_kept(f"{len(rows):,} rows")
    positions = list(r.positions)
    return r.history(f"Holders of {r.name(positions[0])}" if len(positions) == 1 else None)


def _row_place(doc: Any, index: int) -> str:
    """Where a row is, in the file's own terms: ``results.bindings[i]`` in SPARQL
    JSON, ``row n`` (from 1) in a list of rows."""
    return f"row {index + 1}" if isinstance(doc, list) else f"results.bindings[{index}]"


def _qid(value: Any) -> str | None:
    """The QID an entity URI or a bare QID names, else None."""
    if not isinstance(value, str):
        return None
    match = _ENTITY_URI.fullmatch(value.strip())
    if match is not None:
        return match.group(1)
    return value.strip() if _QID.fullmatch(value.strip()) else None


def _entity(cell: Any, what: str) -> str:
    """The QID a cell names, or raises Unusable (a blank node is an unknown value)."""
    if isinstance(cell, Mapping) and cell.get("type") == "bnode":
        raise Unusable(f"{what} is unknown (somevalue)")
    value = cell.get("value") if isinstance(cell, Mapping) else None
    qid = _qid(value)
    if qid is None:
        raise Unusable(f"{what} {value!r} is not a Wikidata item")
    return qid


def _statement(
    group: list[tuple[int, Mapping[str, Any]]],
    columns: _Columns,
    r: _Reader,
    position: str | None,
    where: str,
) -> None:
    """One statement (one or more rows): a span, or a note saying why it is left out."""
    _, row = group[0]
    try:
        person = _entity(row.get(columns.holder or ""), f"the holder (?{columns.holder})")
        where = f"{where} ({person})"
        post = position
        if columns.position is not None and row.get(columns.position) is not None:
            post = _entity(row[columns.position], f"the position (?{columns.position})")
        if post is None:
            raise Unusable(f"no position (?{columns.position}) and no position= given")
        r.positions[post] = None
        ranks = {str(_value(each, columns.rank)) for _, each in group}
        if any(rank.endswith("DeprecatedRank") for rank in ranks):
            raise Unusable("deprecated rank: Wikidata marks the statement as wrong")
    except Unusable as bad:
        r.report.dropped(where, str(bad))
        return
    natures = (_value(each, columns.nature) for _, each in group)
    for nature in dict.fromkeys(_hashable(n) for n in natures if n is not None):
        qid = _qid(nature)
        r.note_nature(where, r.describe(qid) if qid else repr(nature))

    def times(variable: str | None, precision: str | None) -> list[_Time]:
        found = []
        for _, each in group:
            cell = each.get(variable) if variable else None
            if not isinstance(cell, Mapping):
                continue
            if cell.get("type") == "bnode":
                found.append(_Time(None, snak="somevalue"))
            else:
                stated = _value(each, precision) if precision else cell.get("precision")
                found.append(_Time(cell.get("value"), stated))
        return found

    starts = times(columns.start, columns.start_precision)
    ends = times(columns.end, columns.end_precision)
    uri = _value(row, columns.statement)
    match = _STATEMENT_URI.fullmatch(uri) if isinstance(uri, str) else None

    def cite(start: PartialDate) -> dict[str, Any]:
        # Without a statement column, the holder, position and start name the statement.
        cite_id = f"{person}-{POSITION_HELD}-{post}-{start}"
        if match is not None:
            cite_id = f"{match.group(1)}${match.group(2)}"
        return {
            "id": cite_id,
            "url": f"https://www.wikidata.org/wiki/{person}#{POSITION_HELD}",
            "title": f"Wikidata: {r.name(person)}, position held ({POSITION_HELD}): {r.name(post)}",
        }

    r.span(where, person, post, starts, ends, cite)


# ------------------------------------------------------------------ entities


def _from_entities(doc: Mapping[str, Any], r: _Reader) -> History:
    entities = doc.get("entities") if isinstance(doc.get("entities"), Mapping) else None
    if entities is None:
        entities = {str(doc.get("id")): doc}
    read: list[tuple[str, str, Mapping[str, Any]]] = []
    for key, entity in entities.items():
        where = f"entities.{key}"
        if not isinstance(entity, Mapping):
            r.report.dropped(where, f"expected an entity object, got {type(entity).__name__}")
            continue
        qid = entity.get("id")
        if "missing" in entity or not isinstance(qid, str):
            r.report.dropped(where, "a missing entity (not on Wikidata)")
            continue
        r.label(qid, _label(entity.get("labels")))
        read.append((qid, where, entity))

    organisations, people = [], []
    for qid, where, entity in read:
        claims = entity.get("claims") or {}
        if not isinstance(claims, Mapping):
            raise r.error(f"{where}.claims", f"expected an object, got {type(claims).__name__}")
        for prop in PROPERTIES:
            if prop in claims:
                r.organisations.setdefault(qid, {})[prop] = None
                for i, claim in enumerate(_listing(claims[prop], r, f"{qid}.claims.{prop}")):
                    _claim(r, f"{qid}.claims.{prop}[{i}]", claim, qid, prop, entity)
        if qid in r.organisations:
            organisations.append(qid)
        if POSITION_HELD in claims:
            people.append(qid)
            for i, claim in enumerate(
                _listing(claims[POSITION_HELD], r, f"{qid}.claims.{POSITION_HELD}")
            ):
                _claim(r, f"{qid}.claims.{POSITION_HELD}[{i}]", claim, qid, POSITION_HELD, entity)
        if qid not in r.organisations and POSITION_HELD not in claims and len(read) == 1:
            r.report.unrepresented(
                where,
                f"no leadership ({', '.join(PROPERTIES)}) or position held "
                f"({POSITION_HELD}) claims: nothing to read",
            )
    r.note_unrepresented("statement")
    dropped = sum(1 for note in r.report if note.action == "dropped")
    if dropped and not r.spans:
        r.nothing_kept(f"{dropped:,} statements")
    subjects = organisations or people
    return r.history(r.name(subjects[0]) if len(subjects) == 1 else None)


def _label(labels: Any) -> str | None:
    """The English label (else the multilingual one, else the first one)."""
    if not isinstance(labels, Mapping) or not labels:
        return None
    for language in (*_LANGUAGES, *labels):
        entry = labels.get(language)
        if isinstance(entry, Mapping) and isinstance(entry.get("value"), str):
            return entry["value"]
    return None


def _listing(value: Any, r: _Reader, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise r.error(where, f"expected a list of statements, got {type(value).__name__}")
    return value


def _claim(
    r: _Reader, where: str, claim: Any, subject: str, prop: str, entity: Mapping[str, Any]
) -> None:
    """One statement of an entity: a span, or a note saying why it is left out."""
    what = PROPERTIES.get(prop, "position held")
    try:
        if not isinstance(claim, Mapping):
            raise Unusable(f"expected a statement object, got {type(claim).__name__}")
        statement_id = claim.get("id") if isinstance(claim.get("id"), str) else None
        if statement_id:
            where = f"{where} ({statement_id})"
        if claim.get("rank") == "deprecated":
            raise Unusable("deprecated rank: Wikidata marks the statement as wrong")
        snak = claim.get("mainsnak")
        snaktype = snak.get("snaktype") if isinstance(snak, Mapping) else None
        if snaktype == "somevalue":
            raise Unusable(f"the {what} is unknown (somevalue)")
        if snaktype == "novalue":
            raise Unusable(f"no {what} (novalue): a vacancy needs no statement")
        value = _datavalue(snak) if snaktype == "value" else None
        if not isinstance(value, Mapping) or value.get("entity-type", "item") != "item":
            raise Unusable(f"the value is not a Wikidata item (got {value!r})")
        qid = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
        if not isinstance(qid, str) or not _QID.fullmatch(qid):
            raise Unusable(f"the value is not a Wikidata item (got {value!r})")
    except Unusable as bad:
        r.report.dropped(where, str(bad))
        return

    if prop == POSITION_HELD:
        person, post = subject, qid
        r.positions[qid] = None
    else:
        person, post = qid, f"{subject}-{prop}"
    qualifiers = claim.get("qualifiers") or {}
    if not isinstance(qualifiers, Mapping):
        qualifiers = {}
    for key, snaks in qualifiers.items():
        if key in (_START, _END):
            continue
        if key == _NATURE:
            for nature in snaks if isinstance(snaks, list) else []:
                kind = _item(nature)
                r.note_nature(where, r.describe(kind) if kind else "(no item)")
            continue
        label = _DESCRIPTIONS.get(key)
        r.note(f"{subject}.claims.{prop}", f"qualifier {key}{f' ({label})' if label else ''}")

    modified = entity.get("modified")
    try:
        date = parse_date(modified[:10]) if isinstance(modified, str) else None
    except OrgChartError:
        date = None
    cite = {
        "id": statement_id or f"{subject}-{prop}-{qid}",
        "url": f"https://www.wikidata.org/wiki/{subject}#{prop}",
        "title": f"Wikidata: {r.name(subject)}, {what} ({prop}): {r.name(qid)}",
        "date": date,
    }
    starts, ends = _times(qualifiers.get(_START)), _times(qualifiers.get(_END))
    r.span(where, person, post, starts, ends, lambda start: cite)


def _datavalue(snak: Any) -> Any:
    """The value of a snak (``snak["datavalue"]["value"]``), or None."""
    datavalue = snak.get("datavalue") if isinstance(snak, Mapping) else None
    return datavalue.get("value") if isinstance(datavalue, Mapping) else None


def _item(snak: Any) -> str | None:
    value = _datavalue(snak)
    qid = value.get("id") if isinstance(value, Mapping) else None
    return qid if isinstance(qid, str) else None


def _times(snaks: Any) -> list[_Time]:
    """The time values of a qualifier (a list of snaks)."""
    found = []
    for snak in snaks if isinstance(snaks, list) else []:
        if not isinstance(snak, Mapping):
            continue
        kind = snak.get("snaktype", "value")
        if kind != "value":
            found.append(_Time(None, snak=str(kind)))
            continue
        value = _datavalue(snak)
        if not isinstance(value, Mapping):
            found.append(_Time(repr(value)))
            continue
        found.append(_Time(value.get("time"), value.get("precision"), value.get("calendarmodel")))
    return found
