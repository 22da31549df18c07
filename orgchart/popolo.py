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

How each field maps is in ``docs/popolo.md``. In short: organizations become
units, posts stay posts, persons become people (``other_names`` as aliases),
and each membership becomes an appointment on its start date and a vacancy
the day after its ``end_date`` (the last day in office). A membership with no
post gets a derived post ``<organization>/<role>`` ("member" by default); one
with ``on_behalf_of_id`` (a party) sits in a party group inside the
organisation, unit ``<organization>/<party>``, post
``<organization>/<party>/<role>``, so ``as_of`` answers who sat for which party.
Dates missing from a membership come from its legislative period. What has no
place in the model is listed in ``report`` (pass a list), never dropped
silently.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pendulum

from .bulk import paused_gc
from .changes import Appoint, ChangeSet, Vacate
from .dates import PartialDate, parse_date
from .errors import FormatError, IntegrityError, OrgChartError, ValidationError
from .fileformat import from_document, parse, to_document
from .files import read_text, write_atomically
from .history import Event, History, Source
from .model import Person, Post, Snapshot, Unit

__all__ = ["dump", "dumps_popolo", "load"]

_KNOWN = {
    "persons": {"id", "name", "other_names", "sources", "given_name", "family_name"},
    "organizations": {"id", "name", "classification", "parent_id", "sources", "other_names"},
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
    },
}
_EXTENSION = "orgchart"


class _Reader:
    def __init__(self, source: str | None, report: list[str] | None) -> None:
        self.source = source
        self.report = report if report is not None else []
        self.sources: dict[str, Source] = {}

    def error(self, where: str, message: str) -> FormatError:
        return FormatError(message, source=self.source, location=where)

    def objects(self, doc: Mapping[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        items = doc.get(key) or []
        if not isinstance(items, list):
            raise self.error(key, f"expected a list, got {type(items).__name__}")
        out = []
        for i, item in enumerate(items):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                raise self.error(where, f"expected an object, got {item!r}")
            if isinstance(item.get("id"), str):
                where = f"{where} ({item['id']!r})"
            known = _KNOWN.get(key)
            if known is not None:
                extra = sorted(set(item) - known)
                if extra:
                    self.report.append(f"{where}: not represented: {', '.join(extra)}")
            out.append((where, item))
        return out

    def listing(self, item: dict[str, Any], field: str, where: str) -> list[Any]:
        value = item.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(where, f"field {field!r} must be a list (got {value!r})")
        return value

    def text(self, item: dict[str, Any], field: str, where: str, required: bool = True) -> Any:
        value = item.get(field)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(where, f"field {field!r} must be a non-empty string (got {value!r})")
        return value.strip()

    def date(self, item: dict[str, Any], field: str, where: str) -> PartialDate | None:
        value = item.get(field)
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except OrgChartError as error:
            raise self.error(where, f"field {field!r}: {error}") from None

    def cite(self, item: dict[str, Any], where: str) -> tuple[str, ...]:
        """Source ids for an object's Popolo ``sources``, adding them to the table."""
        ids = []
        for j, entry in enumerate(self.listing(item, "sources", where)):
            if not isinstance(entry, dict) or not (entry.get("url") or entry.get("note")):
                raise self.error(
                    f"{where}, sources[{j}]", "expected an object with 'url' or 'note'"
                )
            url, note = entry.get("url"), entry.get("note")
            for name, value in (("url", url), ("note", note)):
                if value is not None and not isinstance(value, str):
                    raise self.error(
                        f"{where}, sources[{j}]", f"{name!r} must be text (got {value!r})"
                    )
            source_id = f"popolo-{len(self.sources) + 1}"
            key = (url, note)
            for existing in self.sources.values():
                if (existing.url, existing.note) == key:
                    source_id = existing.id
                    break
            else:
                self.sources[source_id] = Source(
                    source_id, note or url, url=url, note=note if url else None
                )
            if source_id not in ids:
                ids.append(source_id)
        return tuple(ids)


def _day_after(date: PartialDate) -> PartialDate:
    return parse_date(date.latest.add(days=1))


def load(path_or_dict: Any, *, report: list[str] | None = None) -> History:
    """A history from Popolo JSON: a file path or an already parsed dict.

    Pass a list as ``report`` to receive one line per thing the model cannot
    hold (unknown fields, areas, organisation founding dates...).
    """
    if isinstance(path_or_dict, Mapping):
        doc, source = path_or_dict, None
    else:
        path = Path(path_or_dict)
        source = str(path)
        doc = parse(read_text(path), "json", source=source)
    if not isinstance(doc, Mapping):
        raise FormatError("expected a JSON object with Popolo lists", source=source)
    with paused_gc():
        return _load(doc, _Reader(source, report))


def _load(doc: Mapping[str, Any], r: _Reader) -> History:
    exact = _from_extension(doc, r)
    if exact is not None:
        return exact
    for key in sorted(set(doc) - {*_KNOWN, "events", "areas", _EXTENSION}):
        r.report.append(f"top level: not represented: {key}")
    if doc.get("areas"):
        r.report.append(
            f"areas: {len(doc['areas'])} areas not represented (area_id is kept nowhere)"
        )

    periods: dict[str, tuple[PartialDate | None, PartialDate | None]] = {}
    for where, item in r.objects(doc, "events"):
        if item.get("classification") == "legislative period" and isinstance(item.get("id"), str):
            periods[item["id"]] = (
                r.date(item, "start_date", where),
                r.date(item, "end_date", where),
            )

    people: dict[str, Person] = {}
    for where, item in r.objects(doc, "persons"):
        person_id = r.text(item, "id", where)
        name = r.text(item, "name", where, required=False)
        if name is None:
            parts = [item.get("given_name"), item.get("family_name")]
            name = " ".join(p for p in parts if isinstance(p, str) and p.strip()) or None
        if name is None:
            raise r.error(where, "field 'name' must be a non-empty string (got None)")
        aliases = []
        for other in r.listing(item, "other_names", where):
            alias = other.get("name") if isinstance(other, dict) else None
            if isinstance(alias, str) and alias.strip() and alias != name and alias not in aliases:
                aliases.append(alias)
        if person_id in people:
            raise r.error(where, f"duplicate person id {person_id!r}")
        people[person_id] = Person(person_id, name, aliases=tuple(aliases))
        r.cite(item, where)

    units: dict[str, Unit] = {}
    parents: dict[str, tuple[str, str]] = {}
    for where, item in r.objects(doc, "organizations"):
        unit_id = r.text(item, "id", where)
        if unit_id in units:
            raise r.error(where, f"duplicate organization id {unit_id!r}")
        units[unit_id] = Unit(
            unit_id,
            r.text(item, "name", where),
            kind=r.text(item, "classification", where, required=False),
        )
        if item.get("parent_id") is not None:  # text() below checks its type
            parents[unit_id] = (r.text(item, "parent_id", where), where)
    for unit_id, (parent, where) in parents.items():
        if parent not in units:
            raise r.error(where, f"parent_id {parent!r} is not an organization in the file")
        u = units[unit_id]
        units[unit_id] = Unit(u.id, u.name, parent=parent, kind=u.kind)

    posts: dict[str, Post] = {}
    for where, item in r.objects(doc, "posts"):
        post_id = r.text(item, "id", where)
        organization = r.text(item, "organization_id", where)
        if organization not in units:
            raise r.error(
                where, f"organization_id {organization!r} is not an organization in the file"
            )
        title = r.text(item, "label", where, required=False) or r.text(item, "role", where)
        posts[post_id] = Post(post_id, title, organization)

    # Memberships: intervals per (post, person), merged where they overlap.
    intervals: dict[tuple[str, str], list[list[Any]]] = {}
    for where, item in r.objects(doc, "memberships"):
        person = r.text(item, "person_id", where)
        if person not in people:
            raise r.error(where, f"person_id {person!r} is not a person in the file")
        post_id = _membership_post(item, where, r, units, posts)
        start = r.date(item, "start_date", where)
        end = r.date(item, "end_date", where)
        period = r.text(item, "legislative_period_id", where, required=False)
        if period is not None:
            if period not in periods:
                raise r.error(
                    where, f"legislative_period_id {period!r} is not an event in the file"
                )
            start = start or periods[period][0]
            end = end or periods[period][1]
        if start is not None and end is not None and end.latest < start.earliest:
            raise r.error(where, f"end_date {end} is before start_date {start}")
        stop = _day_after(end) if end is not None else None
        intervals.setdefault((post_id, person), []).append([start, stop, r.cite(item, where)])

    holders: dict[str, list[str]] = {}
    changes: dict[PartialDate, dict[str, Any]] = {}
    for (post_id, person), spans in sorted(intervals.items()):
        for start, stop, cited in _merge(spans):
            if start is None:
                holders.setdefault(post_id, []).append(person)
            else:
                entry = changes.setdefault(start, {"vacate": [], "appoint": [], "sources": []})
                entry["appoint"].append(Appoint(post_id, person))
                entry["sources"].extend(cited)
            if stop is not None:
                entry = changes.setdefault(stop, {"vacate": [], "appoint": [], "sources": []})
                entry["vacate"].append(Vacate(post_id, person))
                entry["sources"].extend(cited)
    try:
        base = Snapshot.build(people.values(), units.values(), posts.values(), holders)
    except IntegrityError as error:
        raise FormatError(str(error), source=r.source) from None
    events = []
    for date in sorted(changes, key=lambda d: (d.earliest, d)):
        entry = changes[date]
        ops = [*entry["vacate"], *entry["appoint"]]
        summary = f"{len(entry['appoint'])} in, {len(entry['vacate'])} out"
        events.append(
            Event(date, ChangeSet(ops), summary, sources=tuple(dict.fromkeys(entry["sources"])))
        )
    try:
        return History(base, events, r.sources.values())
    except OrgChartError as error:
        raise FormatError(str(error), source=r.source) from None


def _membership_post(
    item: dict[str, Any], where: str, r: _Reader, units: dict[str, Unit], posts: dict[str, Post]
) -> str:
    post_id = r.text(item, "post_id", where, required=False)
    if post_id is not None:
        if post_id not in posts:
            raise r.error(where, f"post_id {post_id!r} is not a post in the file")
        if item.get("on_behalf_of_id"):
            r.report.append(f"{where}: on_behalf_of_id kept only for memberships without a post")
        return post_id
    organization = r.text(item, "organization_id", where)
    if organization not in units:
        raise r.error(where, f"organization_id {organization!r} is not an organization in the file")
    role = r.text(item, "role", where, required=False) or "member"
    key = role.casefold().replace(" ", "-")
    party = r.text(item, "on_behalf_of_id", where, required=False)
    unit_id = organization
    if party is not None:
        if party not in units:
            raise r.error(where, f"on_behalf_of_id {party!r} is not an organization in the file")
        unit_id = f"{organization}/{party}"
        if unit_id not in units:
            units[unit_id] = Unit(
                unit_id, units[party].name, parent=organization, kind="party group"
            )
    derived = f"{unit_id}/{key}"
    if derived not in posts:
        posts[derived] = Post(derived, role[:1].upper() + role[1:], unit_id)
    return derived


def _merge(spans: list[list[Any]]) -> list[tuple[Any, Any, tuple[str, ...]]]:
    """Merge overlapping or touching [start, stop) intervals (None: open)."""
    low = pendulum.date(1, 1, 1)
    high = pendulum.date(9999, 12, 31)

    def key(span: list[Any]) -> pendulum.Date:
        return span[0].earliest if span[0] is not None else low

    merged: list[list[Any]] = []
    for start, stop, cited in sorted(spans, key=key):
        if merged:
            last = merged[-1]
            last_stop = last[1].earliest if last[1] is not None else high
            this_start = start.earliest if start is not None else low
            if this_start <= last_stop:
                if last[1] is not None and (stop is None or stop.earliest > last[1].earliest):
                    last[1] = stop
                last[2] = tuple(dict.fromkeys((*last[2], *cited)))
                continue
        merged.append([start, stop, cited])
    return [(s, e, c) for s, e, c in merged]


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
            "role": tenure.post.title,
        }
        if tenure.start is not None:
            membership["start_date"] = str(tenure.start)
        if tenure.end is not None:
            membership["end_date"] = str(tenure.end.earliest.subtract(days=1))
        if tenure.sources:
            membership["sources"] = [
                {"note": history.sources[s].describe(), **_url(history.sources[s])}
                for s in tenure.sources
                if s in history.sources
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
            {"id": p.id, "label": p.title, "organization_id": p.unit}
            for _, p in sorted(posts.items())
        ],
        "memberships": memberships,
        # What Popolo cannot say (event summaries and notes, announced dates,
        # renames, reporting lines, disputed marks) travels in this extension,
        # which other Popolo readers ignore.
        _EXTENSION: {"version": 1, "history": to_document(history)},
    }


def _url(source: Source) -> dict[str, str]:
    return {"url": source.url} if source.url else {}


def _from_extension(doc: Mapping[str, Any], r: _Reader) -> History | None:
    extension = doc.get(_EXTENSION)
    if extension is None:
        return None
    if not isinstance(extension, Mapping) or extension.get("version") != 1:
        r.report.append("orgchart extension ignored: unknown version")
        return None
    try:
        history = from_document(extension.get("history"), source=r.source)
    except OrgChartError as error:
        r.report.append(f"orgchart extension ignored: {error}")
        return None
    # Use it only if the Popolo data is still what this history exports:
    # a file edited by another tool since is read from its Popolo part.
    standard = {k: v for k, v in _popolo(history).items() if k != _EXTENSION}
    if {k: doc.get(k) for k in standard} != standard:
        r.report.append("orgchart extension ignored: the Popolo data was changed since export")
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
