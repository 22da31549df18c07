"""Popolo import and export: people, organisations, posts and memberships over time.

`Popolo <https://www.popoloproject.com>`_ is the open standard many
legislatures, governments and boards publish in (EveryPolitician among them).

>>> from orgchart import popolo
>>> doc = {
...     "persons": [{"id": "ada", "name": "Ada Byron", "other_names": [{"name": "Ada Lovelace"}]}],
...     "organizations": [{"id": "house", "name": "House", "classification": "legislature"}],
...     "memberships": [{"person_id": "ada", "organization_id": "house",
...                      "start_date": "2019-05", "end_date": "2023-06-30"}],
... }
>>> history = popolo.load(doc)
>>> [p.name for p in history.as_of("2023-06-30").holders("house/member")]
['Ada Byron']
>>> history.as_of("2023-07-01").holders("house/member")
()

A document may be a collection (EveryPolitician's top-level lists) or, as the
specification allows, one organization, person, post or membership with the
objects it relates to embedded in it (``orgchart._popolo_embedded`` flattens
it); a document from which nothing can be kept is a
:class:`~orgchart.FormatError` naming what it holds. Exports validate against
the Popolo JSON schemas: a source without a URL is written with its id as a
URN (``urn:orgchart:source:<id>``) and its citation as the link's note.

How each field maps is in ``docs/howto/popolo.md``. In short: organizations become
units, posts stay posts, persons become people (``other_names`` as aliases),
and each membership becomes an appointment on its start date and a vacancy
the day after its ``end_date`` (the last day in office). A membership with no
post gets a derived post ``<organization>/<role>`` ("member" by default); one
with ``on_behalf_of_id`` (a party) sits in a party group inside the
organisation, unit ``<organization>/<party>``, post
``<organization>/<party>/<role>``, so ``as_of`` answers who sat for which party.
Dates missing from a membership come from its legislative period. Real files
contradict themselves: a record that does (an end before its start, dates
outside its period, an unknown reference, overlapping memberships of one
person in one seat) is repaired when the repair is unambiguous and dropped
otherwise. Each such record, and whatever has no place in the model, gets a
line in ``history.report``; nothing is dropped silently, and one bad record
never loses the file (``strict=True`` raises on the first one instead).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import attrs

from ._popolo_embedded import LISTS, Flat, describe, flatten
from .bulk import paused_gc
from .dates import PartialDate, parse_date
from .errors import FormatError, IntegrityError, OrgChartError, ValidationError
from .fileformat import from_document, to_document
from .files import write_atomically
from .history import History
from .imports import Reader, Span, Unusable, history_from_spans, json_document, last_day_before
from .items import Person, Post, Unit
from .model import Snapshot
from .provenance import Source
from .report import Report
from .validators import is_id
from .walks import walk

__all__ = ["dump", "dumps_popolo", "load"]

_KNOWN = {
    "persons": {"id", "name", "other_names", "sources", "given_name", "family_name"},
    "organizations": {"id", "name", "classification", "parent_id", "sources"},
    "posts": {"id", "label", "role", "organization_id", "sources"},
    "memberships": {
        "id",
        "person_id",
        "organization_id",
        "post_id",
        "role",
        "on_behalf_of_id",
        "legislative_period_id",
        "start_date",
        "end_date",
        "sources",
        "links",
    },
}
_EXTENSION = "orgchart"


class _Reader(Reader):
    """Reads Popolo objects, noting in the report every record it repairs or drops."""

    def __init__(self, source: str | None, report: Report) -> None:
        super().__init__(source, report, "popolo")
        # In a single object's document, the objects it refers to by id are
        # elsewhere: they are kept under their ids (a collection must hold them).
        self.placeholders = False
        # (list, field) -> how many records carry a field the model has no place for.
        self.unknown_fields: dict[tuple[str, str, str], int] = {}

    def objects(self, records: list[tuple[str, Any]], key: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of one list, each with the place it came from (its id added)."""
        out = []
        known = _KNOWN.get(key)
        for where, item in records:
            if not isinstance(item, dict):
                self.report.dropped(where, f"expected an object, got {item!r}")
                continue
            if isinstance(item.get("id"), str):
                where = f"{where} ({item['id']!r})"
            if known is not None:
                for field in item.keys() - known:
                    self.count_unknown(key, f"field {field!r}")
            out.append((where, item))
        return out

    def count_unknown(self, key: str, what: str, counted: str = "record") -> None:
        """One more record of ``key`` (or ``counted`` thing in it) carrying something
        the model has no place for."""
        slot = (key, what, counted)
        self.unknown_fields[slot] = self.unknown_fields.get(slot, 0) + 1

    def note_unknown_fields(self) -> None:
        for (key, what, counted), count in sorted(self.unknown_fields.items()):
            self.report.unrepresented(key, f"{what} ({count} {counted}{'' if count == 1 else 's'})")

    def listing(self, item: dict[str, Any], field: str, where: str) -> list[Any]:
        value = item.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise Unusable(f"field {field!r} must be a list (got {value!r})")
        return value

    def text(self, item: dict[str, Any], field: str, required: bool = True) -> Any:
        value = item.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise Unusable(f"field {field!r} must be a non-empty string (got {value!r})")
        # Ids lose the spaces around them (an id has none); names keep them as written.
        return value.strip() if field == "id" or field.endswith("_id") else value

    def date(self, item: dict[str, Any], field: str) -> PartialDate | None:
        value = item.get(field)
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except OrgChartError as error:
            raise Unusable(f"field {field!r}: {error}") from None

    def cite(
        self, item: dict[str, Any], where: str, fields: tuple[str, ...] = ("sources",)
    ) -> tuple[str, ...]:
        """Source ids for an object's Popolo ``sources`` (a bad entry is noted and skipped)."""
        ids = []
        entries = [(f, j, e) for f in fields for j, e in enumerate(self.listing(item, f, where))]
        for field, j, entry in entries:
            url = entry.get("url") if isinstance(entry, dict) else None
            note = entry.get("note") if isinstance(entry, dict) else None
            if not (isinstance(url, str) and url.strip()) and not (
                isinstance(note, str) and note.strip()
            ):
                self.report.dropped(
                    f"{where}, {field}[{j}]", "expected an object with a text 'url' or 'note'"
                )
                continue
            url = url if isinstance(url, str) and url.strip() else None
            note = note if isinstance(note, str) and note.strip() else None
            own = _source_of_urn(url)
            if own is not None:
                source_id = self.citations.cite(note=note, id=own)
            else:
                source_id = self.citations.cite(url=url, note=note)
            if source_id not in ids:
                ids.append(source_id)
        return tuple(ids)

    def person(self, person_id: str, field: str, where: str, people: dict[str, Person]) -> None:
        """Check that a person is known (or keep a person named by id only)."""
        if person_id in people:
            return
        if not self.placeholders:
            raise Unusable(f"{field} {person_id!r} is not a person in the file")
        people[person_id] = Person(person_id, person_id)
        self.report.repaired(where, _PLACEHOLDER.format(kind="person", id=person_id))

    def unit(self, unit_id: str, field: str, where: str, units: dict[str, Unit]) -> bool:
        """Whether an organization is known (or is kept, named by id only)."""
        if unit_id in units:
            return True
        if not self.placeholders:
            return False
        units[unit_id] = Unit(unit_id, unit_id)
        self.report.repaired(where, _PLACEHOLDER.format(kind="organization", id=unit_id))
        return True


_PLACEHOLDER = "{kind} {id!r} is named by its id only: kept with its id as its name"


def load(path_or_dict: Any, *, strict: bool = False) -> History:
    """A history from Popolo JSON: a file path or an already parsed dict.

    Real files contradict themselves; one bad record does not lose the file.
    A record that contradicts itself or its legislative period is repaired
    when the repair is unambiguous and dropped otherwise, and what the model
    cannot hold is listed: each in ``history.report`` (an
    :class:`orgchart.report.Report`). With ``strict=True`` the first repaired
    or dropped record raises :class:`~orgchart.FormatError` instead.
    """
    doc, source = json_document(path_or_dict)
    if not isinstance(doc, Mapping):
        raise FormatError(
            "expected a JSON object: a Popolo collection, person, organization, post or "
            f"membership (got {type(doc).__name__})",
            source=source,
        )
    with paused_gc():
        return _load(doc, _Reader(source, Report(source, strict=strict)))


def _load(doc: Mapping[str, Any], r: _Reader) -> History:
    exact = _from_extension(doc, r)
    if exact is not None:
        return exact
    flat = flatten(doc, r.report, r.source)
    r.placeholders = flat.form != "collection"
    for key in sorted(flat.rest.keys() - {"events", "areas", _EXTENSION}):
        r.report.unrepresented("top level", f"{key!r}")
    areas = flat.rest.get("areas")
    if areas:
        r.report.unrepresented("areas", f"{len(areas)} areas (area_id is kept nowhere)")

    periods = _periods(flat.rest, r)
    people = _people(flat, r)
    units = _units(flat, r)
    posts = _posts(flat, r, units)
    spans = []
    for where, item in r.objects(flat.records["memberships"], "memberships"):
        try:
            span = _membership(item, where, r, people, units, posts, periods)
        except Unusable as bad:
            r.report.dropped(where, str(bad))
            continue
        if span is not None:
            spans.append(span)
    r.note_unknown_fields()
    if not (people or units or posts or spans):
        raise _nothing_kept(doc, flat, r)
    try:
        base = Snapshot.build(people.values(), units.values(), posts.values())
    except IntegrityError as error:
        raise FormatError(str(error), source=r.source) from error
    return history_from_spans(
        base, spans, report=r.report, sources=r.citations.table, name=r.source or ""
    )


def _nothing_kept(doc: Mapping[str, Any], flat: Flat, r: _Reader) -> FormatError:
    """The error for a document in which no person, organization, post or membership
    could be kept: what the document holds, how it was read, and why each record went."""
    if flat.form == "collection":
        sizes = [f"{len(flat.records[key])} {key}" for key in LISTS]
        found = f"{describe(doc)}: a Popolo collection of {', '.join(sizes)}"
    else:
        found = f"{describe(doc)}, read as a Popolo {flat.form}"
    reasons = [str(note) for note in r.report if note.action != "not represented"]
    why = f"; {'; '.join(reasons[:3])}" if reasons else ""
    more = f" (and {len(reasons) - 3} more)" if len(reasons) > 3 else ""
    return FormatError(
        f"nothing to keep: no person, organization, post or membership in {found}{why}{more}",
        source=r.source,
    )


def _periods(rest: Mapping[str, Any], r: _Reader) -> dict[str, tuple[Any, Any, str]]:
    """Legislative periods: id -> (start, end, where)."""
    periods: dict[str, tuple[Any, Any, str]] = {}
    events = rest.get("events")
    if events is None:
        return periods
    if not isinstance(events, list):
        raise r.error("events", f"expected a list, got {type(events).__name__}")
    records = [(f"events[{i}]", item) for i, item in enumerate(events)]
    for where, item in r.objects(records, "events"):
        if item.get("classification") != "legislative period":
            continue
        try:
            period_id = r.text(item, "id")
            start, end = r.date(item, "start_date"), r.date(item, "end_date")
        except Unusable as bad:
            r.report.dropped(where, str(bad))
            continue
        if start is not None and end is not None and end.latest < start.earliest:
            r.report.dropped(where, f"the period ends ({end}) before it starts ({start})")
            continue
        periods[period_id] = (start, end, where)
    return periods


def _people(flat: Flat, r: _Reader) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for where, item in r.objects(flat.records["persons"], "persons"):
        try:
            person_id = r.text(item, "id")
            name = r.text(item, "name", required=False)
            if name is None:
                parts = [item.get("given_name"), item.get("family_name")]
                name = " ".join(p for p in parts if isinstance(p, str) and p.strip()) or None
            if name is None:
                raise Unusable("no 'name' (nor 'given_name' or 'family_name')")
            if person_id in people:
                raise Unusable(f"duplicate person id {person_id!r}; the first one is kept")
            aliases = []
            for j, other in enumerate(r.listing(item, "other_names", where)):
                alias = other.get("name") if isinstance(other, dict) else None
                alias = alias if isinstance(alias, str) and alias.strip() else ""
                if alias and alias not in aliases:
                    aliases.append(alias)
                    _note_dated_name(other, alias, f"{where}, other_names[{j}]", r)
            people[person_id] = Person(person_id, name, aliases=tuple(aliases))
            r.cite(item, where)
        except (Unusable, OrgChartError) as bad:
            if isinstance(bad, FormatError) and r.report.strict:
                raise  # a strict report's own error, already worded
            r.report.dropped(where, str(bad))
    return people


def _note_dated_name(other: dict[str, Any], alias: str, where: str, r: _Reader) -> None:
    """Say what of an other name has no place: its dates (an alias has none), its note."""
    start, end = other.get("start_date"), other.get("end_date")
    if start or end:
        dates = (
            f"from {start} to {end}" if start and end else f"from {start}" if start else f"to {end}"
        )
        r.report.unrepresented(
            where, f"{alias!r} is a name {dates} only: kept as an alias for all dates"
        )
    for field in sorted(other.keys() - {"name", "start_date", "end_date"}):
        r.count_unknown("persons", f"field {field!r} of other_names", "other name")


def _units(flat: Flat, r: _Reader) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    parents: dict[str, tuple[str, str]] = {}
    for where, item in r.objects(flat.records["organizations"], "organizations"):
        try:
            unit_id = r.text(item, "id")
            if unit_id in units:
                raise Unusable(f"duplicate organization id {unit_id!r}; the first one is kept")
            units[unit_id] = Unit(
                unit_id, r.text(item, "name"), kind=r.text(item, "classification", required=False)
            )
            if item.get("parent_id") is not None:
                parents[unit_id] = (r.text(item, "parent_id"), where)
        except (Unusable, OrgChartError) as bad:
            if isinstance(bad, FormatError) and r.report.strict:
                raise  # a strict report's own error, already worded
            r.report.dropped(where, str(bad))
    for unit_id, (parent, where) in parents.items():
        if not r.unit(parent, "parent_id", where, units):
            r.report.repaired(
                where, f"parent_id {parent!r} is not an organization in the file; left out"
            )
            continue
        units[unit_id] = attrs.evolve(units[unit_id], parent=parent)
    # A parent loop would make the file unreadable: break it at the first unit found in it.
    for unit_id in sorted(units):
        if unit_id in walk(unit_id, lambda u: units[u].parents):
            r.report.repaired(
                f"organizations ({unit_id!r})", "its parents form a loop; parent_id left out"
            )
            units[unit_id] = attrs.evolve(units[unit_id], parent=None)
    return units


def _posts(flat: Flat, r: _Reader, units: dict[str, Unit]) -> dict[str, Post]:
    posts: dict[str, Post] = {}
    for where, item in r.objects(flat.records["posts"], "posts"):
        try:
            post_id = r.text(item, "id")
            if post_id in posts:
                raise Unusable(f"duplicate post id {post_id!r}; the first one is kept")
            organization = r.text(item, "organization_id")
            if not r.unit(organization, "organization_id", where, units):
                raise Unusable(
                    f"organization_id {organization!r} is not an organization in the file"
                )
            label = r.text(item, "label", required=False)
            role = r.text(item, "role", required=label is None)
            if label is not None and role is not None and role != label:
                r.count_unknown("posts", "field 'role' beside its 'label'")
            posts[post_id] = Post(post_id, label or role, organization)
        except (Unusable, OrgChartError) as bad:
            if isinstance(bad, FormatError) and r.report.strict:
                raise  # a strict report's own error, already worded
            r.report.dropped(where, str(bad))
    return posts


def _membership(
    item: dict[str, Any],
    where: str,
    r: _Reader,
    people: dict[str, Person],
    units: dict[str, Unit],
    posts: dict[str, Post],
    periods: dict[str, tuple[Any, Any, str]],
) -> Span | None:
    """The span of office a membership records (None: nothing to record), or raises Unusable."""
    person = r.text(item, "person_id")
    r.person(person, "person_id", where, people)
    post_id = _membership_post(item, where, r, units, posts)
    start, end = r.date(item, "start_date"), r.date(item, "end_date")
    period_id = r.text(item, "legislative_period_id", required=False)
    if period_id is not None:
        if period_id not in periods:
            raise Unusable(f"legislative_period_id {period_id!r} is not a legislative period")
        first, last, _ = periods[period_id]
        if first is not None and end is not None and end.latest < first.earliest:
            # Its own end comes before its period begins: it was never held then.
            raise Unusable(
                f"ends on {end}, before its legislative period {period_id!r} starts "
                f"({first}){'' if start is None else f'; starts on {start}'}"
            )
        if last is not None and start is not None and start.earliest > last.latest:
            raise Unusable(
                f"starts on {start}, after its legislative period {period_id!r} ends ({last})"
            )
        if start is not None and first is not None and start.earliest < first.earliest:
            r.report.repaired(
                where,
                f"start_date {start} is before its legislative period {period_id!r} starts; "
                f"{first} taken",
            )
            start = first
        if end is not None and last is not None and end.latest > last.latest:
            r.report.repaired(
                where,
                f"end_date {end} is after its legislative period {period_id!r} ends; {last} taken",
            )
            end = last
        start = start or first
        end = end or last
    if start is not None and end is not None and end.latest < start.earliest:
        raise Unusable(f"end_date {end} is before start_date {start}")
    return Span(person, post_id, start, end, r.cite(item, where, ("sources", "links")), where)


def _membership_post(
    item: dict[str, Any], where: str, r: _Reader, units: dict[str, Unit], posts: dict[str, Post]
) -> str:
    post_id = r.text(item, "post_id", required=False)
    role = r.text(item, "role", required=False)
    if post_id is not None:
        if post_id not in posts:
            organization = r.text(item, "organization_id", required=False)
            if not r.placeholders or organization is None:
                raise Unusable(f"post_id {post_id!r} is not a post in the file")
            r.unit(organization, "organization_id", where, units)
            posts[post_id] = Post(post_id, role or post_id, organization)
            r.report.repaired(
                where,
                f"post {post_id!r} is named by its id only: kept with "
                f"{'the role' if role else 'its id'} as its title",
            )
        if item.get("on_behalf_of_id"):
            # A party is kept as a group inside the organisation only for seats
            # without a post of their own.
            r.count_unknown("memberships", "on_behalf_of_id beside a post_id")
        if role is not None and role != posts[post_id].label:
            r.count_unknown("memberships", "field 'role' other than its post's label")
        return post_id
    organization = r.text(item, "organization_id")
    if not r.unit(organization, "organization_id", where, units):
        raise Unusable(f"organization_id {organization!r} is not an organization in the file")
    role = role or "member"
    role_key = role.casefold().replace(" ", "-")
    party = r.text(item, "on_behalf_of_id", required=False)
    unit_id = organization
    if party is not None and not r.unit(party, "on_behalf_of_id", where, units):
        r.report.repaired(
            where,
            f"on_behalf_of_id {party!r} is not an organization in the file; seat kept "
            "without a party",
        )
        party = None
    if party is not None:
        unit_id = f"{organization}/{party}"
        if unit_id not in units:
            units[unit_id] = Unit(
                unit_id, units[party].label, parent=organization, kind="party group"
            )
    derived = f"{unit_id}/{role_key}"
    if derived not in posts:
        posts[derived] = Post(derived, role[:1].upper() + role[1:], unit_id)
    return derived


# ------------------------------------------------------------------ export


def dumps_popolo(history: History) -> str:
    """The Popolo JSON text of a history (see :func:`dump`)."""
    return json.dumps(_popolo(history), indent=1, ensure_ascii=False) + "\n"


def _popolo(history: History) -> dict[str, Any]:
    everything = history.everything()
    everyone, units, posts = everything, everything.units, everything.posts
    memberships = []
    for n, tenure in enumerate(history.tenures(), start=1):
        membership: dict[str, Any] = {
            "id": f"m{n}",
            "person_id": tenure.person.id,
            "organization_id": tenure.post.unit,
            "post_id": tenure.post.id,
            "role": tenure.post.label,
        }
        if tenure.start is not None:
            membership["start_date"] = str(tenure.start)
        if tenure.end is not None:
            membership["end_date"] = str(last_day_before(tenure.end))
        if tenure.sources:
            membership["sources"] = [
                _link(history.sources[s]) for s in tenure.sources if s in history.sources
            ]
        memberships.append(membership)
    return {
        "persons": [
            {
                "id": p.id,
                "name": p.name,
                **({"other_names": [{"name": a} for a in p.aliases]} if p.aliases else {}),
            }
            for _, p in sorted(everyone.people.items())
        ],
        "organizations": [
            {
                "id": u.id,
                "name": u.name,
                **({"classification": u.kind} if u.kind else {}),
                **({"parent_id": u.parent} if u.parent else {}),
            }
            for _, u in sorted(units.items())
        ],
        "posts": [
            {"id": p.id, "label": p.label, "organization_id": p.unit}
            for _, p in sorted(posts.items())
        ],
        "memberships": memberships,
        # What Popolo cannot say (event summaries and notes, announced dates,
        # renames, reporting lines, disputed marks) travels in this extension,
        # which other Popolo readers ignore.
        _EXTENSION: {"version": 1, "history": to_document(history)},
    }


# Popolo's link object requires a URL. A source without one (an article on
# paper, a file) is written with its own id as a URN, its citation as the note;
# reading the URN back gives the source its id again.
_URN = "urn:orgchart:source:"
# An absolute URI as RFC 3986 writes it (the schemas' "uri" format); any other
# text in a source's url travels in the note, beside the URN.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~:/?#@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*")


def _link(source: Source) -> dict[str, str]:
    """A source as Popolo's link object: ``url`` (required) and ``note``."""
    note = source.describe()
    if source.url is not None and _URI.fullmatch(source.url):
        return {"url": source.url, "note": note}
    if source.url is not None:
        note = f"{note} ({source.url})"
    return {"url": _URN + quote(source.id, safe=""), "note": note}


def _source_of_urn(url: str | None) -> str | None:
    """The source id a URN written by :func:`_link` names, or None for any other URL."""
    if url is None or not url.startswith(_URN):
        return None
    source_id = unquote(url[len(_URN) :])
    return source_id if is_id(source_id) else None


def _from_extension(doc: Mapping[str, Any], r: _Reader) -> History | None:
    extension = doc.get(_EXTENSION)
    if extension is None:
        return None
    if not isinstance(extension, Mapping) or extension.get("version") != 1:
        r.report.unrepresented(_EXTENSION, "ignored: unknown version")
        return None
    try:
        history = from_document(extension.get("history"), source=r.source)
    except OrgChartError as error:
        r.report.unrepresented(_EXTENSION, f"ignored: {error}")
        return None
    # Use it only if the Popolo data is still what this history exports:
    # a file edited by another tool since is read from its Popolo part.
    standard = {k: v for k, v in _popolo(history).items() if k != _EXTENSION}
    if {k: doc.get(k) for k in standard} != standard:
        r.report.unrepresented(_EXTENSION, "ignored: the Popolo data was changed since export")
        return None
    return history


def dump(history: History, path: str | os.PathLike[str]) -> Path:
    """Write a history as Popolo JSON, atomically.

    Persons, organizations (from units), posts and memberships (from tenures,
    ``end_date`` being the last day in office), with sources on memberships.
    What Popolo cannot hold travels in an ``orgchart`` extension, so that
    ``load(dump(history)) == history``.
    """
    if not isinstance(history, History):
        raise ValidationError.field("history", history, "a History")
    path = Path(path)
    write_atomically(path, dumps_popolo(history).encode("utf-8"), FormatError)
    return path
