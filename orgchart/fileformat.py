"""Reading and writing histories: a YAML format for people, and JSON for machines.

Both syntaxes carry the same document: a source table, the org before the
first event (people, units, posts, holders), and events whose changes are
written with intent verbs (``appoint``, ``succeed``, ``create_unit``,
``merge_units``...). The verbs are read against the org of their event's
date, so a file never repeats what the org already says. The format is
described in full in ``docs/file-format.md``.

>>> import orgchart as oc
>>> history = oc.loads('''
... orgchart: 1
... people:
...   - {id: dz, name: Daniel Zhang}
...   - {id: ew, name: Eddie Wu, aliases: [Wu Yongming]}
... units:
...   - {id: g, name: Alibaba Group, kind: group}
... posts:
...   - {id: ceo, title: Chief Executive Officer, unit: g}
... holders:
...   ceo: [dz]
... events:
...   - date: 2023-09-10
...     announced: 2023-06-20
...     summary: Eddie Wu succeeds Daniel Zhang as CEO
...     changes:
...       - succeed: {post: ceo, person: ew, replaces: dz}
... ''')
>>> [p.name for p in history.as_of("2023-09-10").holders("ceo")]
['Eddie Wu']
>>> oc.loads(oc.dumps(history)) == history
True
"""

from __future__ import annotations

import json
import operator
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from . import _yaml
from ._json import json_text
from .bulk import paused_gc
from .dates import PartialDate, parse_date
from .errors import FormatError, OrgChartError, ValidationError
from .events import Event, effective_day
from .files import read_text, write_atomically
from .history import History, HistoryBuilder
from .items import VALUES, Person, Post, Unit
from .model import OrgView, Snapshot
from .operations import Add, Appoint, Op, Remove, Update, Vacate
from .provenance import Source
from .validators import explicit_fields, field_names

__all__ = [
    "FORMATS",
    "FORMAT_VERSION",
    "dump",
    "dumps",
    "from_document",
    "load",
    "loads",
    "parse",
    "to_document",
]

FORMATS = ("yaml", "json")
FORMAT_VERSION = 1
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}

_TOP_KEYS = (
    "orgchart",
    "title",
    "sources",
    "people",
    "units",
    "posts",
    "holders",
    "held_since",
    "events",
)
# A document with none of these says nothing about an organisation.
_BODY_KEYS = ("people", "units", "posts", "holders", "events")
_EMPTY = "empty: a history needs an org (people, units, posts) or events"
_SOURCE_KEYS = field_names(Source)  # in the order of the class: id, title, publisher, ...
_EVENT_KEYS = (
    "date",
    "after",
    "announced",
    "summary",
    "sources",
    "note",
    "disputed",
    "readings",
    "by",
    "proposal",
    "changes",
)


# ------------------------------------------------------------------ reading


@attrs.frozen
class _Keys:
    """The keys a mapping in a file must have, and those it may have."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    needed: frozenset[str] = attrs.field(init=False)
    allowed: frozenset[str] = attrs.field(init=False)

    @needed.default
    def _needed(self) -> frozenset[str]:
        return frozenset(self.required)

    @allowed.default
    def _allowed(self) -> frozenset[str]:
        return frozenset(self.required + self.optional)

    def fit(self, value: Any) -> bool:
        """True for a dict with every required key and no key it does not take.

        The check of the many mappings that are right; anything else goes to
        :meth:`_Reader.mapping`, which says what is wrong.
        """
        return (
            type(value) is dict and self.allowed.issuperset(value) and value.keys() >= self.needed
        )


_TOP = _Keys((), _TOP_KEYS)
_SOURCE = _Keys(("id", "title"), _SOURCE_KEYS[2:])
_EVENT = _Keys(("date",), _EVENT_KEYS[1:])
_ITEM_KEYS: dict[type, _Keys] = {
    cls: _Keys(field_names(cls, required=True), field_names(cls, required=False))
    for cls in (Person, Unit, Post)
}


def _date(value: Any) -> PartialDate:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # YAML reads a bare year as a number
    return parse_date(value)


class _Reader:
    """Turns a parsed document into a History, naming the place of every error.

    Places are written out only for an error: a long history has many
    events, and most of them are right.
    """

    def __init__(self, source: str | None) -> None:
        self.source = source

    def error(self, where: str | None, message: str) -> FormatError:
        return FormatError(message, source=self.source, location=where)

    def mapping(self, value: Any, where: str, keys: _Keys) -> dict[str, Any]:
        allowed = keys.required + keys.optional
        if not isinstance(value, Mapping):
            raise self.error(where, f"expected a mapping with keys {_keys(allowed)}, got {value!r}")
        for key in value:
            if key not in allowed:
                raise self.error(where, f"unknown key {key!r}; expected {_keys(allowed)}")
        for key in keys.required:
            if key not in value:
                raise self.error(where, f"missing key {key!r}")
        return dict(value)

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(where, f"expected a list, got {value!r}")
        return value

    def date(self, value: Any, where: str) -> PartialDate:
        try:
            return _date(value)
        except OrgChartError as error:
            raise self.error(where, str(error)) from None

    # -------------------------------------------------------------- parts

    def history(self, doc: Any) -> History:
        doc = self.mapping(doc, "top level", _TOP)
        version = doc.get("orgchart", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise self.error(
                "orgchart", f"unsupported format version {version!r}; expected {FORMAT_VERSION}"
            )
        if not set(doc) & set(_BODY_KEYS):
            raise self.error(None, _EMPTY)
        sources = [
            self.source_entry(entry, i)
            for i, entry in enumerate(self.listing(doc.get("sources"), "sources"))
        ]
        try:
            builder = HistoryBuilder(
                self.base(doc),
                sources if "sources" in doc else None,
                title=doc.get("title"),
                held_since=doc.get("held_since"),
            )
        except FormatError:
            raise
        except OrgChartError as error:
            raise self.error(None, str(error)) from error
        self.events(self.listing(doc.get("events"), "events"), builder)
        return builder.finish()

    def source_entry(self, entry: Any, i: int) -> Source:
        where = f"sources[{i}]"
        fields = self.mapping(entry, where, _SOURCE)
        if isinstance(fields.get("id"), str):
            where = f"sources[{i}] ({fields['id']!r})"
        if fields.get("date") is not None:
            fields["date"] = self.date(fields["date"], f"{where}, field 'date'")
        try:
            return Source(**fields)
        except OrgChartError as error:
            raise self.error(where, str(error)) from None

    def base(self, doc: dict[str, Any]) -> Snapshot:
        people = self.items(Person, doc.get("people"), "people")
        units = self.items(Unit, doc.get("units"), "units")
        posts = self.items(Post, doc.get("posts"), "posts")
        holders = doc.get("holders") or {}
        if not isinstance(holders, Mapping):
            raise self.error(
                "holders", f"expected a mapping of post id to person ids, got {holders!r}"
            )
        try:
            return Snapshot.build(people, units, posts, holders)
        except OrgChartError as error:
            raise self.error("the org before the first event", str(error)) from error

    def items(self, cls: type, entries: Any, name: str) -> list[Any]:
        """The people, units or posts of the org before the first event."""
        keys = _ITEM_KEYS[cls]
        items = []
        for i, entry in enumerate(self.listing(entries, name)):
            fields = entry if keys.fit(entry) else self.mapping(entry, f"{name}[{i}]", keys)
            try:
                items.append(cls(**fields))
            except OrgChartError as error:
                where = f"{name}[{i}]"
                if isinstance(fields.get("id"), str):
                    where = f"{where} ({fields['id']!r})"
                raise self.error(where, str(error)) from None
        return items

    def events(self, entries: list[Any], builder: HistoryBuilder) -> None:
        """Compile each event's verbs against the org of its date, applying each
        operation once, straight into the history being built."""
        parsed = []
        for i, entry in enumerate(entries):
            fields = entry if _EVENT.fit(entry) else self.mapping(entry, f"event {i + 1}", _EVENT)
            try:
                date = _date(fields["date"])
            except OrgChartError as error:
                raise self.error(f"event {i + 1}, field 'date'", str(error)) from None
            day = date.ordinal
            after = fields.get("after")
            if after is not None:
                try:
                    after = _date(after)
                except OrgChartError as error:
                    raise self.error(f"event {i + 1}, field 'after'", str(error)) from None
                day = effective_day(date, after)
            parsed.append((day, i, date, after, fields))
        # Verbs read the org of their own date, so compile in date order
        # (events on one date keep their file order).
        parsed.sort(key=operator.itemgetter(0, 1))
        ctx = _Context(self, builder)
        for _, i, date, after, fields in parsed:
            summary = fields.get("summary") or ""
            ctx.event, ctx.date, ctx.summary = i + 1, date, summary
            announced = fields.get("announced")
            if announced is not None:
                try:
                    announced = _date(announced)
                except OrgChartError as error:
                    where = f"{ctx.event_where}, field 'announced'"
                    raise self.error(where, str(error)) from None
            changes = fields.get("changes")
            if type(changes) is not list:
                changes = self.listing(changes, f"{ctx.event_where}, field 'changes'")
            for j, change in enumerate(changes, 1):
                ctx.change, ctx.verb = j, None
                self.change(change, ctx)
            try:
                builder.commit(
                    date,
                    summary=summary,
                    sources=fields.get("sources") or (),
                    announced=announced,
                    note=fields.get("note"),
                    disputed=fields.get("disputed") or (),
                    after=after,
                    readings=fields.get("readings") or {},
                    by=fields.get("by", False),
                    proposal=fields.get("proposal", False),
                )
            except OrgChartError as error:
                raise self.error(ctx.event_where, str(error)) from error

    def change(self, entry: Any, ctx: _Context) -> None:
        if not (type(entry) is dict or isinstance(entry, Mapping)) or len(entry) != 1:
            raise self.error(
                ctx.where,
                f"expected one verb with its arguments, like {{appoint: {{...}}}}, got {entry!r}",
            )
        ((verb, args),) = entry.items()
        spec = _VERBS.get(verb)
        if spec is None:
            raise self.error(
                ctx.where, f"unknown verb {verb!r}; expected one of {_keys(tuple(_VERBS))}"
            )
        ctx.verb = verb
        if spec.shorthand and isinstance(args, str):
            args = {spec.shorthand: args}
        if not spec.keys.fit(args):
            args = self.mapping(args, ctx.where, spec.keys)
        try:
            spec.compile(ctx, args)
        except FormatError:
            raise
        except OrgChartError as error:
            # The operation that did not fit stays reachable as the cause.
            raise self.error(ctx.where, str(error)) from error


def _keys(names: tuple[str, ...]) -> str:
    return ", ".join(repr(n) for n in names)


@attrs.define
class _Context:
    """What a verb reads (the org so far), where its operations go, and the
    place in the file it comes from."""

    reader: _Reader
    builder: HistoryBuilder
    event: int = 0
    date: PartialDate | None = None
    summary: Any = ""
    change: int = 0
    verb: Any = None  # None until the verb is known

    @property
    def event_where(self) -> str:
        summary = f" {self.summary!r}" if self.summary else ""
        return f"event {self.event} ({self.date}{summary})"

    @property
    def where(self) -> str:
        where = f"{self.event_where}, change {self.change}"
        return where if self.verb is None else f"{where} ({self.verb!r})"

    @property
    def org(self) -> OrgView:
        return self.builder.org

    def emit(self, op: Op) -> None:
        """Apply an operation to the org so far, as part of the event being read."""
        self.builder.apply(op)

    def build(self, cls: Callable[..., Any], fields: dict[str, Any]) -> Any:
        try:
            return cls(**fields)
        except OrgChartError as error:
            raise self.reader.error(self.where, str(error)) from None

    def current(self, kind: str, item_id: Any) -> Any:
        table = self.org.table(kind)
        if not isinstance(item_id, str) or item_id not in table:
            raise self.reader.error(
                self.where, f"{kind} {item_id!r} is not in the org on this date"
            )
        return table[item_id]


@attrs.frozen
class _Verb:
    keys: _Keys
    compile: Callable[[_Context, dict[str, Any]], None]
    shorthand: str | None = None


def _add(cls: type) -> _Verb:
    def compile(ctx: _Context, args: dict[str, Any]) -> None:
        ctx.emit(Add(ctx.build(cls, args)))

    return _Verb(_ITEM_KEYS[cls], compile)


def _remove(kind: str) -> _Verb:
    def compile(ctx: _Context, args: dict[str, Any]) -> None:
        ctx.emit(Remove(ctx.current(kind, args["id"])))

    return _Verb(_Keys(("id",)), compile, shorthand="id")


def _update(kind: str, cls: type, fields: tuple[str, ...], required: tuple[str, ...] = ()) -> _Verb:
    def compile(ctx: _Context, args: dict[str, Any]) -> None:
        before = ctx.current(kind, args["id"])
        changes = {name: value for name, value in args.items() if name != "id"}
        try:
            after = attrs.evolve(before, **changes)
        except OrgChartError as error:
            raise ctx.reader.error(ctx.where, str(error)) from None
        if after != before:
            ctx.emit(Update(before, after))

    optional = tuple(f for f in fields if f not in required)
    return _Verb(_Keys(("id", *required), optional), compile)


def _appoint(ctx: _Context, args: dict[str, Any]) -> None:
    ctx.emit(Appoint(args["post"], args["person"]))


def _vacate(ctx: _Context, args: dict[str, Any]) -> None:
    ctx.emit(Vacate(args["post"], args["person"]))


def _succeed(ctx: _Context, args: dict[str, Any]) -> None:
    replaces = args["replaces"]
    replaced = [replaces] if isinstance(replaces, str) else replaces
    if not isinstance(replaced, list) or not replaced:
        raise ctx.reader.error(
            ctx.where, f"'replaces' must be a person id or a list of them, got {replaces!r}"
        )
    for person in replaced:
        ctx.emit(Vacate(args["post"], person))
    ctx.emit(Appoint(args["post"], args["person"]))


def _merge_units(ctx: _Context, args: dict[str, Any]) -> None:
    """Move the posts and sub-units of each merged unit into ``into``, then dissolve it."""
    merged = args["units"]
    if not isinstance(merged, list) or not merged:
        raise ctx.reader.error(ctx.where, f"'units' must be a list of unit ids, got {merged!r}")
    into = ctx.current("unit", args["into"])
    for unit_id in merged:
        unit = ctx.current("unit", unit_id)
        if unit.id == into.id:
            raise ctx.reader.error(ctx.where, f"cannot merge unit {unit.id!r} into itself")
        for post_id in ctx.org.post_ids(unit.id):
            post = ctx.org.posts[post_id]
            ctx.emit(Update(post, attrs.evolve(post, unit=into.id)))
        for child_id in ctx.org.child_ids(unit.id):
            child = ctx.org.units[child_id]
            ctx.emit(Update(child, attrs.evolve(child, parent=into.id)))
        ctx.emit(Remove(ctx.current("unit", unit_id)))


#: What an update verb may change: every field of the item but its id, read
#: from the classes (a new field is updatable with no edit here).
_UPDATABLE = {kind: (*values, "disputed", "assumed") for kind, values in VALUES.items()}

_VERBS: dict[str, _Verb] = {
    "add_person": _add(Person),
    "remove_person": _remove("person"),
    "update_person": _update("person", Person, _UPDATABLE["person"]),
    "create_unit": _add(Unit),
    "dissolve_unit": _remove("unit"),
    "rename_unit": _update("unit", Unit, ("name",), required=("name",)),
    "move_unit": _update("unit", Unit, ("parent",), required=("parent",)),
    "update_unit": _update("unit", Unit, _UPDATABLE["unit"]),
    "merge_units": _Verb(_Keys(("units", "into")), _merge_units),
    "create_post": _add(Post),
    "dissolve_post": _remove("post"),
    "rename_post": _update("post", Post, ("title",), required=("title",)),
    "move_post": _update("post", Post, ("unit",), required=("unit",)),
    "report": _update("post", Post, ("reports_to", "dotted_to")),
    "update_post": _update("post", Post, _UPDATABLE["post"]),
    "appoint": _Verb(_Keys(("post", "person")), _appoint),
    "vacate": _Verb(_Keys(("post", "person")), _vacate),
    "succeed": _Verb(_Keys(("post", "person", "replaces")), _succeed),
}


# ------------------------------------------------------------------ writing


def _item_fields(item: Any) -> dict[str, Any]:
    """The fields of a value as a document writes them: defaults left out, lists as lists."""
    return {name: _plain(name, value) for name, value in explicit_fields(item).items()}


def _plain(name: str, value: Any) -> Any:
    if name == "assumed":  # (field, reason) pairs, written as a mapping
        return dict(value)
    return list(value) if isinstance(value, tuple) else value


_UPDATE_VERBS: dict[str, dict[tuple[str, ...], str]] = {
    "person": {(): "update_person"},
    "unit": {("name",): "rename_unit", ("parent",): "move_unit", (): "update_unit"},
    "post": {
        ("title",): "rename_post",
        ("unit",): "move_post",
        ("reports_to",): "report",
        ("dotted_to",): "report",
        ("dotted_to", "reports_to"): "report",
        (): "update_post",
    },
}
_ADD_VERBS = {"person": "add_person", "unit": "create_unit", "post": "create_post"}
_REMOVE_VERBS = {"person": "remove_person", "unit": "dissolve_unit", "post": "dissolve_post"}


def _change_entry(op: Op) -> dict[str, Any]:
    if isinstance(op, Appoint):
        return {"appoint": {"post": op.post, "person": op.person}}
    if isinstance(op, Vacate):
        return {"vacate": {"post": op.post, "person": op.person}}
    if isinstance(op, Add):
        return {_ADD_VERBS[op.kind]: _item_fields(op.item)}
    if isinstance(op, Remove):
        return {_REMOVE_VERBS[op.kind]: op.id}
    fields = tuple(sorted(op.fields))
    verbs = _UPDATE_VERBS[op.kind]
    verb = verbs.get(fields, verbs[()])
    args: dict[str, Any] = {"id": op.id}
    for name in fields:
        args[name] = _plain(name, getattr(op.after, name))
    return {verb: args}


def to_document(history: History) -> dict[str, Any]:
    """A history as a document: plain dicts, lists and strings, ready for JSON or YAML.

    The document layer under :func:`dumps`; importers and exporters build on
    it instead of going through text. ``from_document(to_document(h)) == h``.
    """
    if not isinstance(history, History):
        raise ValidationError.field("history", history, "a History")
    base = history.base
    doc: dict[str, Any] = {"orgchart": FORMAT_VERSION}
    if history.title is not None:
        doc["title"] = history.title
    if history.has_sources:
        doc["sources"] = [_source_fields(s) for s in history.sources.values()]
    doc["people"] = [_item_fields(p) for _, p in sorted(base.people.items())]
    doc["units"] = [_item_fields(u) for _, u in sorted(base.units.items())]
    doc["posts"] = [_item_fields(p) for _, p in sorted(base.posts.items())]
    doc["holders"] = {post: sorted(ids) for post, ids in sorted(base.appointments.items())}
    if history.held_since:
        doc["held_since"] = {
            post: {person: str(date) for person, date in people.items()}
            for post, people in history.held_since.items()
        }
    doc["events"] = [_event_fields(e) for e in history.events]
    return doc


def _source_fields(source: Source) -> dict[str, Any]:
    fields = _item_fields(source)
    if source.date is not None:
        fields["date"] = str(source.date)
    return fields


def _event_fields(event: Event) -> dict[str, Any]:
    fields: dict[str, Any] = {"date": str(event.date)}
    if event.after is not None:
        fields["after"] = str(event.after)
    if event.by:
        fields["by"] = True
    if event.proposal:
        fields["proposal"] = True
    if event.announced is not None:
        fields["announced"] = str(event.announced)
    if event.summary:
        fields["summary"] = event.summary
    if event.sources:
        fields["sources"] = list(event.sources)
    if event.note is not None:
        fields["note"] = event.note
    if event.disputed:
        fields["disputed"] = list(event.disputed)
    if event.readings:
        fields["readings"] = {name: list(others) for name, others in event.readings}
    fields["changes"] = [_change_entry(op) for op in event.changes]
    return fields


# --------------------------------------------------------------- public API


def _check_format(format: Any) -> str:
    if format == "yml":
        return "yaml"
    if format not in FORMATS:
        raise ValidationError.field("format", format, f"one of {_keys(FORMATS)}")
    return format


def from_document(doc: Any, *, source: str | None = None) -> History:
    """A history from a document (the mapping :func:`to_document` makes, or a parsed file).

    ``source`` names where the document came from, for error messages;
    anything wrong in it is a :class:`~orgchart.FormatError` naming the place.
    """
    if doc is None:
        raise FormatError(_EMPTY, source)
    try:
        with paused_gc():
            return _Reader(source).history(doc)
    except RecursionError:
        raise FormatError("nested too deeply to read", source) from None


def parse(text: str, format: str = "yaml", *, source: str | None = None) -> Any:
    """The document in a JSON or YAML text (mappings, lists, strings), not yet read as a history.

    YAML dates stay text, so that orgchart reads every date the same way.
    """
    format = _check_format(format)
    if not isinstance(text, str):
        raise FormatError(f"expected text, got {type(text).__name__}", source=source)
    try:
        with paused_gc():
            if format == "json":
                doc = json.loads(text)
            else:
                doc = yaml.load(text, Loader=_yaml.loader_for(text))
    except json.JSONDecodeError as error:
        raise FormatError(
            f"not valid JSON: {error.msg}", source, f"line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise FormatError("nested too deeply to read", source) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(error, "problem", None) or str(error)
        raise FormatError(f"not valid YAML: {problem}", source, where) from None
    except (ValueError, KeyError) as error:
        # A scalar the parser accepts but cannot make a value of (an empty
        # binary number, an unknown boolean, an integer too long to convert).
        name = "JSON" if format == "json" else "YAML"
        reason = error.args[0] if error.args else type(error).__name__
        raise FormatError(f"not valid {name}: a value cannot be read ({reason})", source) from None
    return doc


def loads(text: str, format: str = "yaml", *, source: str | None = None) -> History:
    """A history from text in the YAML format (default) or JSON.

    ``source`` names where the text came from, for error messages.
    """
    with paused_gc():
        return from_document(parse(text, format, source=source), source=source)


def dumps(history: History, format: str = "yaml") -> str:
    """The text of a history in the YAML format (default) or JSON."""
    format = _check_format(format)
    with paused_gc():
        doc = to_document(history)
        if format == "json":
            return json_text(doc) + "\n"
        return yaml.dump(doc, Dumper=_yaml.Dumper, sort_keys=False, allow_unicode=True, width=100)


def _format_of(path: Path, format: str | None) -> str:
    if format is not None:
        return _check_format(format)
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ValidationError.field(
            "path", str(path), f"a file name ending in {_keys(tuple(_SUFFIXES))} (or pass format=)"
        ) from None


def load(path: str | os.PathLike[str], format: str | None = None) -> History:
    """Read a history file (``.yaml``/``.yml`` or ``.json``, or ``format=``)."""
    path = Path(path)
    if path.is_dir():
        raise FormatError("is a folder, not a history file", source=str(path))
    kind = _format_of(path, format)
    return loads(read_text(path), kind, source=str(path))


def dump(history: History, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write a history to a file, atomically.

    The text is written to a temporary file in the target's folder and then
    renamed over the target, so a failure leaves any old file as it was.
    """
    path = Path(path)
    text = dumps(history, _format_of(path, format))
    write_atomically(path, text.encode("utf-8"), FormatError)
    return path
