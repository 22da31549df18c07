"""Tables in: tenure tables, flat org tables and dated HR exports.

The shapes spreadsheets and HR systems already hold an organisation's history
in, read from a CSV file, a pandas DataFrame (found by duck typing: pandas is
never imported here) or any iterable of mappings. Column names are arguments
with defaults; a keyword maps a default name to the file's own
(``person="bioguide"``). Errors and report lines name the row (counted from 1,
the header not counted) and the column.

>>> from orgchart import tables
>>> rows = [
...     {"person": "dz", "person_name": "Daniel Zhang", "post": "ceo", "title": "CEO",
...      "start": "2015-08-10", "end": "2023-09-09"},
...     {"person": "ew", "person_name": "Eddie Wu", "post": "ceo", "start": "2023-09-10"},
... ]
>>> history = tables.read_tenures(rows)
>>> [p.name for p in history.as_of("2023-09-10").holders("ceo")]
['Eddie Wu']
>>> history.timeline("ceo")[1].predecessor.name
'Daniel Zhang'

Tables out are the ``to_rows()`` methods of :class:`~orgchart.Snapshot`,
:class:`~orgchart.History` (the tenure table, which :func:`read_tenures`
reads back), :class:`~orgchart.Timeline` and :class:`~orgchart.ChangeSet`,
and :meth:`History.event_rows <orgchart.History.event_rows>`.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .dates import PartialDate, last_day_before, parse_date
from .errors import FormatError, OrgChartError, ValidationError
from .files import read_text
from .history import History
from .imports import Citations, Span, Unusable, history_from_spans
from .items import Person, Post, Unit
from .model import Snapshot
from .report import Report
from .walks import walk

__all__ = [
    "ORGANISATION",
    "ORGANISATION_NAME",
    "ORG_COLUMNS",
    "TENURE_COLUMNS",
    "post_of",
    "read_exports",
    "read_org",
    "read_tenures",
    "rows_of",
]

#: The columns of a tenure table, by default name (the first four are required).
TENURE_COLUMNS = (
    "person",
    "post",
    "start",
    "end",
    "person_name",
    "title",
    "unit",
    "unit_name",
    "reports_to",
    "source",
)
#: The columns of a flat org table (``department`` and ``title`` may be absent).
ORG_COLUMNS = ("id", "name", "title", "department", "manager")

#: The unit of posts a table gives no unit (tenure tables) and the unit above
#: every department (flat org tables).
ORGANISATION = "organisation"
ORGANISATION_NAME = "Organisation"


# ---------------------------------------------------------------------- rows


def rows_of(source: Any, *, name: str | None = None) -> tuple[list[dict[str, Any]], str | None]:
    """The rows of a table and the name to give it in errors.

    ``source``: a CSV file (path), a DataFrame (anything with ``to_dict`` and
    ``columns``), or an iterable of mappings. Empty cells (``""``, NaN, None)
    become None; text is stripped.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        text = read_text(path)
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as error:
            raise FormatError(f"not valid CSV: {error}", source=str(path)) from None
        return [_clean(row) for row in rows], name or str(path)
    if _is_frame(source):
        return [_clean(row) for row in source.to_dict("records")], name
    if isinstance(source, Mapping) or not isinstance(source, Iterable):
        raise ValidationError.field(
            "source", source, "a CSV path, a DataFrame or an iterable of mappings"
        )
    rows = []
    for i, row in enumerate(source, start=1):
        if not isinstance(row, Mapping):
            raise FormatError(
                f"expected a mapping of column to value, got {row!r}", name, f"row {i}"
            )
        rows.append(_clean(row))
    return rows, name


def _is_frame(source: Any) -> bool:
    """A DataFrame, found by duck typing (pandas is never imported here)."""
    return hasattr(source, "to_dict") and hasattr(source, "columns")


def _clean(row: Mapping[Any, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if isinstance(value, str):
            value = value.strip() or None
        elif (isinstance(value, float) and math.isnan(value)) or (
            value is not None and type(value).__name__ in ("NaTType", "NAType")
        ):
            value = None
        out[str(key).strip() if key is not None else ""] = value
    return out


def _columns(defaults: tuple[str, ...], given: Mapping[str, str]) -> dict[str, str]:
    """Default column name -> the table's own name."""
    for key, value in given.items():
        if key not in defaults:
            raise ValidationError.field(key, value, f"a column among {', '.join(defaults)}")
        if not isinstance(value, str) or not value:
            raise ValidationError.field(key, value, "a column name")
    return {column: given.get(column, column) for column in defaults}


def _header(rows: list[dict[str, Any]]) -> list[str]:
    """The columns of a table: every key of its rows, in the order first seen."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _check_columns(
    source: Any,
    rows: list[dict[str, Any]],
    names: Mapping[str, str],
    given: Mapping[str, str],
    required: Iterable[str],
    also_known: Iterable[str],
    where: str | None,
    report: Report | None,
) -> None:
    """Every column the caller named is in the table, and so is every required one
    of a table with a header (a CSV file, a DataFrame; rows given as mappings
    leave out the keys of empty cells): else a ValidationError naming it, the
    columns there are and the nearest. A column neither named nor known to the
    reader is noted in the report, once. A table with no rows has no columns.
    """
    header = _header(rows)
    if not header:
        return
    present = set(header)
    has_header = isinstance(source, (str, os.PathLike)) or _is_frame(source)
    required = set(required) if has_header else set()
    for argument, column in names.items():
        if column not in present and (argument in given or argument in required):
            raise ValidationError.column(argument, column, where, header, argument in given)
    if report is not None:
        known = {*names.values(), *also_known}
        for column in header:
            if column not in known:
                report.unrepresented(f"column {column!r}", "not read: no part of the model")


def _date(row: dict[str, Any], column: str) -> PartialDate | None:
    """A cell as a date: text ("2023", "2023-06", "2023-06-30"), a date, a timestamp;
    a ``<column>_precision`` cell beside it keeps a partial date partial."""
    value = row.get(column)
    if value is None:
        return None
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a bare year in a spreadsheet
    date = parse_date(value)
    precision = row.get(f"{column}_precision")
    if precision == "year":
        return PartialDate(date.year)
    if precision == "month":
        return PartialDate(date.year, date.month)
    return date


def _text(row: dict[str, Any], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an id a spreadsheet read as a number
    return str(value).strip() or None


# ------------------------------------------------------------------ tenures


def read_tenures(
    source: Any,
    /,
    *,
    ends: str = "inclusive",
    strict: bool = False,
    name: str | None = None,
    **columns: str,
) -> History:
    """A history from a tenure table: one row per person in a post, from a start date
    to an end date.

    Columns (defaults; pass ``person="bioguide"`` and so on for others):
    ``person`` and ``post`` (ids, required), ``start`` and ``end`` (dates;
    empty: before the record / still in office; partial dates allowed),
    and optionally ``person_name``, ``title``, ``unit`` (an id) with
    ``unit_name``, ``reports_to`` (a post id) and ``source`` (a URL or a
    citation). ``ends="inclusive"`` (the default) reads an end as the last
    day in office; ``ends="exclusive"`` as the day the post is left (as when
    an end equals the successor's start).

    A row that cannot be used (no person, a bad date, an end before its
    start) is dropped and noted in ``history.report``; a name or title that
    differs between rows of one person or post keeps the first and is noted.
    ``strict=True`` raises :class:`~orgchart.FormatError` instead.
    """
    if ends not in ("inclusive", "exclusive"):
        raise ValidationError.field("ends", ends, "'inclusive' or 'exclusive'")
    names = _columns(TENURE_COLUMNS, columns)
    rows, where = rows_of(source, name=name)
    report = Report(where, strict=strict)
    _check_columns(
        source, rows, names, columns, TENURE_COLUMNS[:4], _tenure_extras(names), where, report
    )
    citations = Citations("table")
    people: dict[str, Person] = {}
    posts: dict[str, dict[str, Any]] = {}
    units: dict[str, str] = {}
    spans = []
    for n, raw in enumerate(rows, start=1):
        row = {key: raw.get(column) for key, column in names.items()}
        for key in ("start", "end"):
            row[f"{key}_precision"] = raw.get(f"{names[key]}_precision")
        place = f"row {n}"
        try:
            span = _tenure(row, place, names, ends, people, posts, units, report, citations)
        except (Unusable, OrgChartError) as bad:
            if isinstance(bad, FormatError) and report.strict:
                raise  # a strict report's own error, already worded
            report.dropped(place, str(bad))
            continue
        spans.append(span)
    base = _tenure_base(people, posts, units, report)
    return history_from_spans(base, spans, report=report, sources=citations.table, name=where or "")


def _tenure_extras(names: Mapping[str, str]) -> list[str]:
    """Columns a tenure table may have beside its own: the precision of each date,
    and what ``History.to_rows()`` writes that is derived again on reading."""
    return [
        f"{names['start']}_precision",
        f"{names['end']}_precision",
        "start_by",
        "predecessor",
        "predecessor_name",
        "successor",
        "successor_name",
        "sources",
    ]


def _tenure(
    row: dict[str, Any],
    place: str,
    names: dict[str, str],
    ends: str,
    people: dict[str, Person],
    posts: dict[str, dict[str, Any]],
    units: dict[str, str],
    report: Report,
    citations: Citations,
) -> Span:
    person_id, post_id = _text(row, "person"), _text(row, "post")
    for key, value in (("person", person_id), ("post", post_id)):
        if value is None:
            raise Unusable(f"column {names[key]!r} is empty")
    assert person_id is not None and post_id is not None
    dates = {}
    for key in ("start", "end"):
        try:
            dates[key] = _date(row, key)
        except OrgChartError as error:
            raise Unusable(f"column {names[key]!r}: {error}") from None
    start, end = dates["start"], dates["end"]
    if end is not None and ends == "exclusive":
        end = last_day_before(end)

    person_name = _text(row, "person_name") or person_id
    known = people.get(person_id)
    if known is None:
        people[person_id] = Person(person_id, person_name)
    elif _text(row, "person_name") and known.name != person_name:
        report.repaired(
            f"{place}, column {names['person_name']!r}",
            f"{person_id!r} is called {known.name!r} in an earlier row; that name is kept",
        )
    unit_id = _text(row, "unit") or ORGANISATION
    default_name = ORGANISATION_NAME if unit_id == ORGANISATION else unit_id
    units.setdefault(unit_id, _text(row, "unit_name") or default_name)
    fields: dict[str, str | None] = {
        "title": _text(row, "title") or post_id,
        "unit": unit_id,
        "reports_to": _text(row, "reports_to"),
    }
    first = posts.setdefault(post_id, {**fields, "place": place})
    for key in ("title", "unit", "reports_to"):
        if fields[key] is not None and first[key] != fields[key]:
            report.repaired(
                f"{place}, column {names[key]!r}",
                f"post {post_id!r} has {first[key]!r} in {first['place']}; that is kept",
            )
    cited = _text(row, "source")
    sources: tuple[str, ...] = ()
    if cited is not None:
        is_url = re.match(r"https?://", cited) is not None
        sources = (citations.cite(url=cited if is_url else None, note=None if is_url else cited),)
    return Span(person_id, post_id, start, end, sources, place)


def _tenure_base(
    people: dict[str, Person],
    posts: dict[str, dict[str, Any]],
    units: dict[str, str],
    report: Report,
) -> Snapshot:
    """The people, units and posts the rows name (reporting lines that do not
    fit left out, and noted)."""
    superiors: dict[str, str | None] = {}
    for post_id, fields in posts.items():
        superior = fields["reports_to"]
        if superior is not None and superior not in posts:
            report.repaired(
                fields["place"], f"reports_to {superior!r} is not a post of the table; left out"
            )
            superior = None
        superiors[post_id] = superior
    for post_id in sorted(superiors):
        if post_id in walk(post_id, lambda p: [s] if (s := superiors[p]) else []):
            report.repaired(
                posts[post_id]["place"],
                f"the reporting line of {post_id!r} closes a loop; left out",
            )
            superiors[post_id] = None
    return Snapshot.build(
        people.values(),
        [Unit(unit_id, unit_name) for unit_id, unit_name in units.items()],
        [
            Post(post_id, fields["title"], fields["unit"], reports_to=superiors[post_id])
            for post_id, fields in posts.items()
        ],
    )


# ---------------------------------------------------------------------- org


def post_of(person_id: str) -> str:
    """The id of the post a flat org table gives a person: stable across exports."""
    return f"{person_id}/post"


def _slug(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip().casefold())


def read_org(source: Any, /, *, name: str | None = None, **columns: str) -> Snapshot:
    """The org in a flat table, the shape org-chart tools and HR exports use: one row
    per person.

    Columns (defaults): ``id``, ``name``, ``title``, ``department`` and
    ``manager`` (the manager's id; empty at the top). Each person holds a
    post of their own (id ``<person id>/post``, see :func:`post_of`),
    titled by ``title``, in the unit of their ``department`` (unit id: the
    department's name in lower case with dashes), reporting to their
    manager's post. Departments sit in one top unit, ``organisation``.
    Every bad row is reported at once, naming its row and column.
    """
    names = _columns(ORG_COLUMNS, columns)
    rows, where = rows_of(source, name=name)
    _check_columns(source, rows, names, columns, ("id", "name", "manager"), (), where, None)
    errors: list[str] = []
    people: dict[str, Person] = {}
    seen: dict[str, int] = {}
    entries = []
    for n, raw in enumerate(rows, start=1):
        row = {key: _text(raw, column) for key, column in names.items()}
        person_id, person_name = row["id"], row["name"]
        if person_id is None:
            errors.append(f"row {n}, column {names['id']!r}: empty")
            continue
        if person_id in seen:
            errors.append(
                f"row {n}, column {names['id']!r}: {person_id!r} is already in "
                f"row {seen[person_id]}"
            )
            continue
        seen[person_id] = n
        try:
            people[person_id] = Person(person_id, person_name or person_id)
        except OrgChartError as error:
            errors.append(f"row {n}: {error}")
            continue
        entries.append((n, row))
    units = {ORGANISATION: Unit(ORGANISATION, ORGANISATION_NAME)}
    posts = []
    for n, row in entries:
        person_id = row["id"]
        assert person_id is not None
        manager = row["manager"]
        if manager is not None and manager not in people:
            errors.append(
                f"row {n}, column {names['manager']!r}: {manager!r} is not the id of "
                "anyone in the table"
            )
            manager = None
        if manager == person_id:
            errors.append(
                f"row {n}, column {names['manager']!r}: a person cannot manage themselves"
            )
            manager = None
        unit_id = ORGANISATION
        if row["department"] is not None:
            unit_id = _slug(row["department"])
            units.setdefault(unit_id, Unit(unit_id, row["department"], parent=ORGANISATION))
        posts.append(
            Post(
                post_of(person_id),
                row["title"] or "Staff",
                unit_id,
                reports_to=post_of(manager) if manager is not None else None,
            )
        )
    if errors:
        raise FormatError(f"{len(errors)} bad rows:" + "".join(f"\n  - {e}" for e in errors), where)
    return Snapshot.build(
        people.values(),
        units.values(),
        posts,
        {post_of(person_id): [person_id] for person_id in people},
    )


def read_exports(
    exports: Iterable[tuple[Any, Any]], *, summary: str = "changes since {since}", **columns: str
) -> History:
    """A history from dated exports of a flat org table (for example monthly CSVs).

    ``exports`` pairs a date with a table (any source :func:`read_org`
    takes). The first export is the org before the record; each later one
    becomes an event with what changed since the one before. Posts are the
    people's own, so a new title, a new manager or a new department is an
    update of that post, a hire adds a person and their post, and a
    departure removes them (see :meth:`History.from_snapshots`).
    """
    dated = []
    for i, pair in enumerate(exports):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValidationError.field(f"exports[{i}]", pair, "a (date, table) pair")
        date, table = pair
        label = f"export {parse_date(date)}"
        dated.append(
            (
                date,
                read_org(
                    table, name=None if isinstance(table, (str, os.PathLike)) else label, **columns
                ),
            )
        )
    return History.from_snapshots(dated, summary=summary)
