"""Popolo's embedded form, flattened into its collection form.

The Popolo specification lets a document be a collection (top-level
``persons``, ``organizations``, ``posts`` and ``memberships`` lists that
refer to each other by id) or one object with its related objects inside it:
an organization with its ``memberships`` and ``posts``, a person with their
``memberships``, a post with its ``organization`` and ``memberships``, a
membership with its ``person``, ``organization`` and ``post``. Both may mix
embedded objects and id references. :func:`flatten` turns any of these into
the collection form, each record with the place it was found, so that the
importer reads one shape.

>>> from orgchart.report import Report
>>> doc = {"id": "o", "name": "O", "memberships": [{"person": {"id": "a", "name": "A"}}]}
>>> flat = flatten(doc, Report())
>>> flat.form
'organization'
>>> [(where, item) for where, item in flat.records["memberships"]]
[('organization.memberships[0]', {'organization_id': 'o', 'person_id': 'a'})]
>>> flat.records["persons"]
[('organization.memberships[0].person', {'id': 'a', 'name': 'A'})]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import FormatError
from .report import Report

__all__ = ["LISTS", "Flat", "flatten"]

#: The collection form's lists, each with the kind of object it holds.
LISTS = {
    "persons": "person",
    "organizations": "organization",
    "posts": "post",
    "memberships": "membership",
}
_LIST_OF = {kind: key for key, kind in LISTS.items()}

# A field holding one related object: the list it goes to and the id field that replaces it.
_ONE = {
    "membership": {
        "person": ("persons", "person_id"),
        "member": ("persons", "person_id"),
        "organization": ("organizations", "organization_id"),
        "post": ("posts", "post_id"),
        "on_behalf_of": ("organizations", "on_behalf_of_id"),
    },
    "post": {"organization": ("organizations", "organization_id")},
    "organization": {"parent": ("organizations", "parent_id")},
    "person": {},
}
# A field holding a list of related objects: the list they go to and the field of
# each that names the object holding them.
_MANY = {
    "person": {"memberships": ("memberships", "person_id")},
    "organization": {
        "memberships": ("memberships", "organization_id"),
        "posts": ("posts", "organization_id"),
        "children": ("organizations", "parent_id"),
    },
    "post": {"memberships": ("memberships", "post_id")},
    "membership": {},
}
_EMBEDDING = {kind: {*_ONE[kind], *_MANY[kind]} for kind in LISTS.values()}

# Fields that only one kind of object has, which tell what a single object is.
_ONLY = {
    "membership": {
        "person_id",
        "person",
        "post_id",
        "post",
        "member",
        "on_behalf_of_id",
        "on_behalf_of",
        "legislative_period_id",
    },
    "post": {"label", "other_label"},
    "person": {
        "given_name",
        "family_name",
        "additional_name",
        "honorific_prefix",
        "honorific_suffix",
        "patronymic_name",
        "sort_name",
        "email",
        "gender",
        "pronouns",
        "birth_date",
        "death_date",
        "summary",
        "biography",
        "national_identity",
        "speeches",
    },
    "organization": {
        "classification",
        "parent_id",
        "parent",
        "founding_date",
        "dissolution_date",
        "abstract",
        "description",
        "posts",
        "children",
        "vote_events",
    },
}
# Top-level keys that only the collection form has.
_COLLECTION = {"persons", "organizations", "events", "areas"}


class Flat:
    """A Popolo document in the collection form.

    ``records`` maps each of :data:`LISTS` to ``(where, record)`` pairs, where
    names the place in the document the record came from; ``rest`` holds the
    document's other top-level fields (``events``, ``areas``...) in the
    collection form; ``form`` is what the document was ("collection",
    "person", "organization", "post" or "membership").
    """

    __slots__ = ("_seen", "form", "records", "report", "rest")

    def __init__(self, form: str, report: Report) -> None:
        self.form = form
        self.report = report
        self.records: dict[str, list[tuple[str, Any]]] = {key: [] for key in LISTS}
        self.rest: dict[str, Any] = {}
        # (list, id) -> the record first given with that id, and where.
        self._seen: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    def add_all(self, items: list[tuple[str, str, Any]]) -> None:
        """Add ``(list, where, object)`` records given at the top of the document.

        They come first, whatever their order: an object embedded somewhere
        and also given whole in its list is the list's record.
        """
        placed = []
        for key, where, item in items:
            record, inside = _split(LISTS[key], item)
            if isinstance(record, dict):
                self._place(key, where, record)
            else:
                self.records[key].append((where, item))
            placed.append((key, where, item, record, inside))
        for key, where, item, record, inside in placed:
            self._take_all(LISTS[key], item, record, inside, where)

    def add(self, key: str, where: str, item: Any) -> str | None:
        """Add an embedded record (and the records inside it); its id, if it has one."""
        record, inside = _split(LISTS[key], item)
        if record is item and not isinstance(item, dict):
            self.records[key].append((where, item))
            return None
        record_id = _id_of(record)
        if record_id is not None and (key, record_id) in self._seen:
            self._merge(key, where, record, record_id)
        else:
            self._place(key, where, record)
        self._take_all(LISTS[key], item, record, inside, where)
        return record_id

    def _place(self, key: str, where: str, record: dict[str, Any]) -> None:
        record_id = _id_of(record)
        if record_id is not None:
            self._seen.setdefault((key, record_id), (where, record))
        self.records[key].append((where, record))

    def _merge(self, key: str, where: str, record: dict[str, Any], record_id: str) -> None:
        """An object given again (embedded in several places): one record, its fields joined."""
        first_where, first = self._seen[(key, record_id)]
        for field, value in record.items():
            if field not in first:
                first[field] = value
            elif first[field] != value:
                self.report.repaired(
                    where,
                    f"{LISTS[key]} {record_id!r} is also given at {first_where} with "
                    f"{field} {first[field]!r} (not {value!r}); the first is kept",
                )

    def _take_all(
        self, kind: str, item: Any, record: dict[str, Any], inside: list[str], where: str
    ) -> None:
        # Single objects first: a post's organization names the organization of
        # the memberships inside the post.
        for field in inside:
            self._take(kind, field, item[field], record, f"{where}.{field}")

    def _take(self, kind: str, field: str, value: Any, record: dict[str, Any], where: str) -> None:
        """Move the objects of one embedding field into their lists, leaving id references."""
        if value is None:
            return
        if field in _ONE[kind]:
            key, id_field = _ONE[kind][field]
            if (
                field == "member"
                and isinstance(value, dict)
                and str(value.get("@type", "Person")).casefold() != "person"
            ):
                self.report.unrepresented(where, "a member that is not a person")
                return
            if field == "post" and isinstance(value, dict):
                # The post is held in the membership's organization.
                value = _with_parent(value, "organization_id", record, "organization_id")
            related = self.add(key, where, value)
            if related is not None:
                _refer(record, id_field, related, where, self.report)
            return
        key, back = _MANY[kind][field]
        if not isinstance(value, list):
            self.report.dropped(where, f"expected a list, got {type(value).__name__}")
            return
        for j, child in enumerate(value):
            if isinstance(child, dict):
                child = _with_parent(child, back, record)
                if kind == "post":  # a post's memberships are in its organization
                    child = _with_parent(child, "organization_id", record, "organization_id")
            self.add(key, f"{where}[{j}]", child)


def _split(kind: str, item: Any) -> tuple[Any, list[str]]:
    """An object without its embedding fields (a copy, if it had any), and those
    fields: single objects first."""
    if not isinstance(item, dict):
        return item, []
    inside = _EMBEDDING[kind] & item.keys()
    if not inside:
        return item, []
    record = {k: v for k, v in item.items() if k not in inside}
    return record, sorted(inside, key=lambda f: (f not in _ONE[kind], f))


def _id_of(record: Any) -> str | None:
    value = record.get("id") if isinstance(record, dict) else None
    return value if isinstance(value, str) else None


def _with_parent(
    child: dict[str, Any], back: str, parent: dict[str, Any], field: str = "id"
) -> dict[str, Any]:
    """A related object, naming the object it is inside (the parent's ``field``)
    unless it names one itself."""
    parent_id = parent.get(field)
    named = child.get(back) is not None or child.get(back.removesuffix("_id")) is not None
    if not isinstance(parent_id, str) or named:
        return child
    return {back: parent_id, **child}


def _refer(record: dict[str, Any], id_field: str, related: str, where: str, report: Report) -> None:
    given = record.get(id_field)
    if given is None:
        record[id_field] = related
    elif given != related:
        report.repaired(
            where, f"its id {related!r} differs from {id_field} {given!r}; {given!r} is kept"
        )


def form_of(doc: Mapping[str, Any]) -> str | None:
    """What a document is: "collection", the kind of a single object, or None (unknown)."""
    if _COLLECTION & doc.keys():
        return "collection"
    kinds = [kind for kind, only in _ONLY.items() if only & doc.keys()]
    if kinds[:1] == ["membership"]:
        return "membership"  # a membership's own fields outweigh its label
    if len(kinds) == 1:
        return kinds[0]
    if kinds:
        return None
    if {"id", "name"} & doc.keys():
        return _holder_of(doc.get("memberships"))
    if {"memberships", "posts"} & doc.keys():
        return "collection"
    return None


def _holder_of(memberships: Any) -> str | None:
    """A person or an organization, told by what its memberships name."""
    if not isinstance(memberships, list) or not memberships:
        return None
    named = set()
    for m in memberships:
        if isinstance(m, dict):
            named |= {f.split("_")[0] for f in m if f in {"person_id", "person", "member"}}
            named |= {"organization" for f in m if f in {"organization_id", "organization"}}
    if named == {"organization"}:
        return "person"
    if named & {"person", "member"} and "organization" not in named:
        return "organization"
    return None


def describe(doc: Mapping[str, Any]) -> str:
    """What a document holds, for errors: its fields, or its lists and their sizes."""
    if not doc:
        return "an empty JSON object"
    parts = []
    for key, value in doc.items():
        size = f" ({len(value)})" if isinstance(value, list) else ""
        parts.append(f"{key!r}{size}")
    return f"a JSON object with {', '.join(parts)}"


def flatten(doc: Mapping[str, Any], report: Report, source: str | None = None) -> Flat:
    """The collection form of a Popolo document in any form the specification allows.

    A document that is neither a collection nor a person, organization, post
    or membership, or a collection whose list is not a list, raises
    :class:`~orgchart.FormatError` naming what it holds. What cannot be taken
    as it is (an embedded list that is not a list, an object given twice with
    different fields) is noted in ``report``.
    """
    form = form_of(doc)
    if form is None:
        kinds = [kind for kind, only in _ONLY.items() if only & doc.keys()]
        if len(kinds) > 1:
            why = f"it has fields of a {' and of a '.join(kinds)}"
        elif {"id", "name"} & doc.keys():
            why = "nothing in it tells a person from an organization"
        else:
            why = "not a Popolo collection, person, organization, post or membership"
        raise FormatError(f"{describe(doc)}: {why}", source=source)
    flat = Flat(form, report)
    if form != "collection":
        flat.add_all([(_LIST_OF[form], form, dict(doc))])
        return flat
    items: list[tuple[str, str, Any]] = []
    for key, value in doc.items():
        if key not in LISTS:
            flat.rest[key] = value
        elif isinstance(value, list):
            items.extend((key, f"{key}[{i}]", item) for i, item in enumerate(value))
        elif value is not None:
            raise FormatError(
                f"expected a list, got {type(value).__name__}", source=source, location=key
            )
    flat.add_all(items)
    return flat
