"""The snapshot: an org at one moment, and the evolver that changes one in bulk.

A :class:`Snapshot` is a value: the people, units and posts of an
organisation at one moment and who holds each post. Reporting lines run
between posts, because posts outlive their holders.

>>> import orgchart as oc
>>> org = oc.Snapshot.build(
...     people=[oc.Person("eddie-wu", "Eddie Wu", aliases=("Wu Yongming",))],
...     units=[oc.Unit("alibaba", "Alibaba Group", kind="group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "alibaba")],
...     holders={"ceo": ["eddie-wu"]},
... )
>>> org.find_person("wu yongming").name
'Eddie Wu'
>>> [p.title for p in org.posts_held("eddie-wu")]
['Chief Executive Officer']
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, cast

import attrs
import immutables

from ._moved import moved_names
from .display import Display
from .errors import (
    AmbiguousNameError,
    IntegrityError,
    NotFoundError,
    StateError,
    ValidationError,
)
from .items import KIND, Item, Person, Post, Unit
from .rules import violations
from .validators import check_depth
from .walks import walk, walk_from

#: Names this module held before items and walks got modules of their own.
__getattr__ = moved_names(
    __name__,
    {
        "FIELDS": "orgchart.items",
        "KIND": "orgchart.items",
        "Item": "orgchart.items",
        "Levels": "orgchart.walks",
        "cycles": "orgchart.walks",
        "walk": "orgchart.walks",
        "walk_from": "orgchart.walks",
    },
)

__all__ = [
    "Evolver",
    "NameIndex",
    "OrgView",
    "Snapshot",
    "TablesByKind",
    "find_in",
    "known_names",
]


def _parent_of(units: Mapping[str, Unit]) -> Callable[[str], tuple[str, ...]]:
    def parents(unit_id: str) -> tuple[str, ...]:
        return units[unit_id].parents

    return parents


def _superiors_of(posts: Mapping[str, Post], *, dotted: bool) -> Callable[[str], tuple[str, ...]]:
    def superiors(post_id: str) -> tuple[str, ...]:
        post = posts[post_id]
        if dotted:
            return post.superiors
        return (post.reports_to,) if post.reports_to is not None else ()

    return superiors


# ----------------------------------------------------------------- the maps

#: A snapshot's maps, written out once: the three tables, who holds what, and
#: the derived indexes. :class:`Snapshot` stores them and :class:`Evolver`
#: changes them; no other code knows the layout. Sets of ids are sorted
#: tuples (a tuple of one id takes a quarter of the memory of a frozenset,
#: and most of these sets hold one id).
_MAPS = (
    "_people",  # id -> Person
    "_units",  # id -> Unit
    "_posts",  # id -> Post
    "_holders",  # post id -> person ids (vacant posts absent)
    "_held",  # person id -> post ids
    "_children",  # unit id -> child unit ids
    "_unit_posts",  # unit id -> post ids
    "_reporters",  # post id -> posts reporting to it by any line
)
_EMPTY: immutables.Map = immutables.Map()
#: The tables whose keys an evolver records (the indexes follow from them).
_RECORDED = ("_people", "_units", "_posts", "_holders")
#: An evolver that writes more keys than this records none: a snapshot that
#: far from its source is compared with it in full.
_RECORD_AT_MOST = 4096


def _link(index: Any, key: str, value: str) -> None:
    ids = index.get(key, ())
    i = bisect.bisect_left(ids, value)
    index[key] = (*ids[:i], value, *ids[i:])


def _unlink(index: Any, key: str, value: str) -> None:
    ids = index.get(key, ())
    i = bisect.bisect_left(ids, value)
    rest = ids[:i] + ids[i + 1 :]
    if rest:
        index[key] = rest
    else:
        index.pop(key, None)


_TABLE_OF = {"person": "_people", "unit": "_units", "post": "_posts"}
_CLASS_OF: dict[str, type] = {"person": Person, "unit": Unit, "post": Post}


def _place(item: Item) -> tuple[Any, ...]:
    """What the indexes record of an item: a unit's parent, a post's unit and superiors."""
    if isinstance(item, Post):
        return (item.unit, item.reports_to, item.dotted_to)
    if isinstance(item, Unit):
        return item.parents
    return ()


class _Tables:
    """The three tables of a snapshot, or of one being changed (read-only mappings by id)."""

    __slots__ = ()
    # The maps of :data:`_MAPS`: immutables.Map in a Snapshot, their mutations
    # in an Evolver.
    _people: Any
    _units: Any
    _posts: Any
    _holders: Any
    _held: Any
    _children: Any
    _unit_posts: Any
    _reporters: Any

    @property
    def people(self) -> Mapping[str, Person]:
        """Every person, by id (read-only)."""
        return self._people

    @property
    def units(self) -> Mapping[str, Unit]:
        """Every unit, by id (read-only)."""
        return self._units

    @property
    def posts(self) -> Mapping[str, Post]:
        """Every post, by id (read-only)."""
        return self._posts

    def table(self, kind: str) -> Mapping[str, Item]:
        """The people, units or posts, by kind ("person", "unit", "post")."""
        return {"person": self._people, "unit": self._units, "post": self._posts}[kind]


class Evolver(_Tables):
    """A snapshot being changed in bulk: the one owner of a snapshot's maps and indexes.

    Made by :meth:`Snapshot.evolver`; :meth:`finish` freezes it into a new
    snapshot (the old one is untouched, and shares structure with the new).
    Writes (:meth:`put`, :meth:`delete`, :meth:`appoint`, :meth:`vacate`) keep
    every index right but check nothing else: they are the primitive steps
    of :class:`~orgchart.Op`, which checks before it writes. Reads return ids.

    Like ``immutables.Map.mutate()``, it is a context manager that finishes
    on leaving; :meth:`finish` again gives the same snapshot, and a write
    after it raises :class:`~orgchart.StateError`.

    >>> org = Snapshot.build(units=[Unit("g", "Group")])
    >>> with org.evolver() as evolver:
    ...     evolver.put(Unit("c", "Cloud", parent="g"))
    ...     evolver.child_ids("g")
    ('c',)
    >>> bigger = evolver.finish()
    >>> len(org), len(bigger)
    (1, 2)
    """

    __slots__ = (*_MAPS, "_finished", "_source", "_view", "_written")

    def __init__(self, snapshot: Snapshot) -> None:
        for name in _MAPS:
            setattr(self, name, getattr(snapshot, name).mutate())
        self._finished: Snapshot | None = None
        self._source = snapshot
        self._view: OrgView | None = None
        # The keys written to each recorded table (None once there are too many).
        self._written: dict[str, set[str]] | None = {name: set() for name in _RECORDED}

    def _wrote(self, table: str, key: str) -> None:
        written = self._written
        if written is not None:
            keys = written[table]
            keys.add(key)
            if len(keys) > _RECORD_AT_MOST:
                self._written = None

    # ------------------------------------------------------------- reads

    def holder_ids(self, post_id: str) -> tuple[str, ...]:
        """The ids of the people holding a post (sorted)."""
        return self._holders.get(post_id, ())

    def held_ids(self, person_id: str) -> tuple[str, ...]:
        """The ids of the posts a person holds (sorted)."""
        return self._held.get(person_id, ())

    def child_ids(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the units directly inside a unit (sorted)."""
        return self._children.get(unit_id, ())

    def post_ids(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the posts of a unit (sorted)."""
        return self._unit_posts.get(unit_id, ())

    def report_ids(self, post_id: str) -> tuple[str, ...]:
        """The ids of the posts reporting to a post by any line (sorted)."""
        return self._reporters.get(post_id, ())

    def unit_ids_above(self, unit_id: str) -> Iterator[str]:
        """The parent of a unit, its parent, and so on (a cycle leads back to ``unit_id``)."""
        return walk(unit_id, _parent_of(self._units))

    def post_ids_above(self, post_id: str, *, dotted: bool = False) -> Iterator[str]:
        """The posts above a post: its solid line up, or with ``dotted`` every line."""
        return walk(post_id, _superiors_of(self._posts, dotted=dotted))

    # ------------------------------------------------------------ writes

    def put(self, item: Item) -> None:
        """Add an item, or replace the item with its id."""
        if self._finished is not None:
            raise self._after_finish()
        kind = KIND[type(item)]
        table = self.table(kind)
        old = table.get(item.id)
        table[item.id] = item  # type: ignore[index]
        self._wrote(_TABLE_OF[kind], item.id)
        if old is not None:
            if _place(old) == _place(item):  # a rename: the indexes stay as they are
                return
            self._index(old, _unlink)
        self._index(item, _link)

    def delete(self, item: Item) -> None:
        """Remove the item with ``item``'s id."""
        if self._finished is not None:
            raise self._after_finish()
        kind = KIND[type(item)]
        table = self.table(kind)
        old = table[item.id]
        del table[item.id]  # type: ignore[attr-defined]
        self._wrote(_TABLE_OF[kind], item.id)
        self._index(old, _unlink)

    def appoint(self, post_id: str, person_id: str) -> None:
        """Make a person a holder of a post."""
        if self._finished is not None:
            raise self._after_finish()
        self._wrote("_holders", post_id)
        _link(self._holders, post_id, person_id)
        _link(self._held, person_id, post_id)

    def vacate(self, post_id: str, person_id: str) -> None:
        """Take a person out of a post."""
        if self._finished is not None:
            raise self._after_finish()
        self._wrote("_holders", post_id)
        _unlink(self._holders, post_id, person_id)
        _unlink(self._held, person_id, post_id)

    def _index(self, item: Item, edit: Callable[[Any, str, str], None]) -> None:
        if isinstance(item, Unit):
            if item.parent is not None:
                edit(self._children, item.parent, item.id)
        elif isinstance(item, Post):
            edit(self._unit_posts, item.unit, item.id)
            for superior in item.superiors:
                edit(self._reporters, superior, item.id)

    def finish(self) -> Snapshot:
        """The snapshot with every change made; the evolver takes no writes after.

        Finishing again gives the same snapshot.
        """
        if self._finished is not None:
            return self._finished
        snapshot = Snapshot.__new__(Snapshot)
        for name in _MAPS:
            object.__setattr__(snapshot, name, getattr(self, name).finish())
        object.__setattr__(snapshot, "_hash", None)
        object.__setattr__(snapshot, "_name_index", None)
        lineage = None
        if self._written is not None:
            written = tuple(tuple(self._written[name]) for name in _RECORDED)
            lineage = (weakref.ref(self._source), written)
        object.__setattr__(snapshot, "_lineage", lineage)
        self._source = None  # type: ignore[assignment]
        self._finished = snapshot
        return snapshot

    def __enter__(self) -> Evolver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()

    def _after_finish(self) -> StateError:
        return StateError.used_after(
            "evolver", "finished", "make a new one with snapshot.evolver()"
        )

    def view(self) -> OrgView:
        """A read-only view of the org being changed (it follows the changes)."""
        if self._view is None:
            self._view = OrgView(self)
        return self._view


class _ReadOnly(Mapping):
    """A read-only mapping over a map being changed: read by key, and counted."""

    __slots__ = ("_map",)

    def __init__(self, mapping: Any) -> None:
        self._map = mapping

    def __getitem__(self, key: str) -> Any:
        return self._map[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._map.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._map

    def __iter__(self) -> Iterator[str]:
        # A map being changed reads by key only (immutables' MapMutation).
        raise TypeError(
            "an org being built is read by id (org.units[id], id in org.units, "
            "org.child_ids(id)...), not listed; finish the history to list it"
        )

    def __len__(self) -> int:
        return len(self._map)


class TablesByKind:
    """``people``, ``units``, ``posts`` and ``table(kind)`` over read-only
    mappings kept by kind in ``_tables``: what read-only views of an org share."""

    __slots__ = ()
    _tables: dict[str, Mapping[str, Any]]

    @property
    def people(self) -> Mapping[str, Person]:
        """Every person, by id (read-only)."""
        return self._tables["person"]

    @property
    def units(self) -> Mapping[str, Unit]:
        """Every unit, by id (read-only)."""
        return self._tables["unit"]

    @property
    def posts(self) -> Mapping[str, Post]:
        """Every post, by id (read-only)."""
        return self._tables["post"]

    def table(self, kind: str) -> Mapping[str, Item]:
        """The people, units or posts, by kind ("person", "unit", "post")."""
        return self._tables[kind]


class OrgView(TablesByKind):
    """An org being built, to read: what ``HistoryBuilder.org`` gives.

    The tables are read-only mappings and the reads return ids, as an
    :class:`Evolver`'s do; there is no way to write through it, so
    operations (through the builder) are the only way to change the org.

    >>> from orgchart.history import HistoryBuilder
    >>> builder = HistoryBuilder(Snapshot.build(units=[Unit("g", "Group")]))
    >>> builder.org.units["g"].name, builder.org.child_ids("g")
    ('Group', ())
    >>> builder.org.units["x"] = Unit("x", "X")
    Traceback (most recent call last):
    TypeError: '_ReadOnly' object does not support item assignment
    """

    __slots__ = ("_evolver", "_tables")

    def __init__(self, evolver: Evolver) -> None:
        self._evolver = evolver
        self._tables = {
            kind: _ReadOnly(getattr(evolver, table)) for kind, table in _TABLE_OF.items()
        }

    def holder_ids(self, post_id: str) -> tuple[str, ...]:
        """The ids of the people holding a post (sorted)."""
        return self._evolver.holder_ids(post_id)

    def held_ids(self, person_id: str) -> tuple[str, ...]:
        """The ids of the posts a person holds (sorted)."""
        return self._evolver.held_ids(person_id)

    def child_ids(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the units directly inside a unit (sorted)."""
        return self._evolver.child_ids(unit_id)

    def post_ids(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the posts of a unit (sorted)."""
        return self._evolver.post_ids(unit_id)

    def report_ids(self, post_id: str) -> tuple[str, ...]:
        """The ids of the posts reporting to a post by any line (sorted)."""
        return self._evolver.report_ids(post_id)

    def unit_ids_above(self, unit_id: str) -> Iterator[str]:
        """The parent of a unit, its parent, and so on."""
        return self._evolver.unit_ids_above(unit_id)

    def post_ids_above(self, post_id: str, *, dotted: bool = False) -> Iterator[str]:
        """The posts above a post: its solid line up, or with ``dotted`` every line."""
        return self._evolver.post_ids_above(post_id, dotted=dotted)


def _fresh(
    people: Mapping[str, Person],
    units: Mapping[str, Unit],
    posts: Mapping[str, Post],
    holders: Mapping[str, tuple[str, ...]],
) -> Snapshot:
    """A snapshot of checked tables (``holders``: post id -> sorted person ids), its
    indexes built in one pass each: what :class:`Evolver` writes one item at a time."""
    children: dict[str, list[str]] = {}
    for unit in units.values():
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit.id)
    unit_posts: dict[str, list[str]] = {}
    reporters: dict[str, list[str]] = {}
    for post in posts.values():
        unit_posts.setdefault(post.unit, []).append(post.id)
        for superior in post.superiors:
            reporters.setdefault(superior, []).append(post.id)
    held: dict[str, list[str]] = {}
    for post_id, person_ids in holders.items():
        for person_id in person_ids:
            held.setdefault(person_id, []).append(post_id)
    snapshot = Snapshot()
    for name, table in (
        ("_people", people),
        ("_units", units),
        ("_posts", posts),
        ("_holders", holders),
        ("_held", _sorted_ids(held)),
        ("_children", _sorted_ids(children)),
        ("_unit_posts", _sorted_ids(unit_posts)),
        ("_reporters", _sorted_ids(reporters)),
    ):
        object.__setattr__(snapshot, name, immutables.Map(table))
    return snapshot


def _sorted_ids(index: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(sorted(ids)) for key, ids in index.items()}


# ------------------------------------------------------------------ names


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


class NameIndex:
    """Items of one kind found by id, by name or by title, case-insensitively:
    the one name lookup (people by their aliases too).

    Built once per table and kept, so a lookup by name or title costs a
    dictionary read, not a scan.

    >>> index = NameIndex([Person("ew", "Eddie Wu", aliases=("Wu Yongming",))])
    >>> index.find("wu  yongming").id
    'ew'
    >>> posts = NameIndex([Post("ceo", "Chief Executive Officer", "g")], kind="post")
    >>> posts.find("chief executive officer").id
    'ceo'
    """

    __slots__ = ("_by_id", "_by_name", "_kind", "_where")

    def __init__(
        self, items: Iterable[Item], where: str = "the snapshot", *, kind: str = "person"
    ) -> None:
        if kind not in _TABLE_OF:
            raise ValidationError.field("kind", kind, "'person', 'unit' or 'post'")
        self._by_id: dict[str, Item] = {}
        by_name: dict[str, set[str]] = {}
        for item in items:
            self._by_id[item.id] = item
            for name in item.names:
                by_name.setdefault(_fold(name), set()).add(item.id)
        self._by_name = {k: tuple(sorted(v)) for k, v in by_name.items()}
        self._kind = kind
        self._where = where

    def find(self, key: str) -> Any:
        """The item with this id, name, alias or title.

        Raises :class:`~orgchart.NotFoundError` when nothing matches (with the
        nearest names) and :class:`~orgchart.AmbiguousNameError` when several
        items do.
        """
        if not isinstance(key, str):
            expected = "a string" if self._kind == "person" else f"an id or a {self._kind}'s name"
            what = "name_or_alias" if self._kind == "person" else self._kind
            raise ValidationError.field(what, key, expected)
        found = self._by_id.get(key)
        if found is not None:
            return found
        matches = self._by_name.get(_fold(key), ())
        if len(matches) == 1:
            return self._by_id[matches[0]]
        if matches:
            what = "people" if self._kind == "person" else f"{self._kind}s"
            raise AmbiguousNameError(key, matches, what=what)
        known = [name for item in self._by_id.values() for name in item.names]
        if self._kind == "person":
            raise NotFoundError.nobody_called(key, self._where, known)
        raise NotFoundError.unknown(self._kind, key, self._where, [*self._by_id, *known])


# ------------------------------------------------------------------ snapshot


class Snapshot(_Tables, Display):
    """The organisation at one moment: an immutable, hashable value.

    Build one with :meth:`Snapshot.build`; derive new ones by applying change
    sets (``snapshot + change_set``) or, in bulk, through :meth:`evolver`.
    ``people``, ``units`` and ``posts`` are read-only mappings by id.
    Snapshots derived from one another share structure (persistent maps), so
    keeping many of them is cheap.
    """

    __slots__ = (*_MAPS, "_hash", "_name_index", "_lineage", "__weakref__")
    _hash: int | None
    # A NameIndex per kind, made when first needed.
    _name_index: dict[str, NameIndex] | None
    #: (a weak reference to the snapshot this one was evolved from, the keys
    #: written to each recorded table), or None: see :meth:`changed_since`.
    _lineage: tuple[weakref.ref[Snapshot], tuple[tuple[str, ...], ...]] | None

    def __init__(self) -> None:
        for name in _MAPS:
            object.__setattr__(self, name, _EMPTY)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_name_index", None)
        object.__setattr__(self, "_lineage", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Snapshot is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Snapshot is immutable; cannot delete {name!r}")

    # ------------------------------------------------------------ building

    def evolver(self) -> Evolver:
        """A mutable copy for many changes at once; ``finish()`` makes the new snapshot."""
        return Evolver(self)

    @classmethod
    def build(
        cls,
        people: Iterable[Person] = (),
        units: Iterable[Unit] = (),
        posts: Iterable[Post] = (),
        holders: Mapping[str, Iterable[str]] | None = None,
    ) -> Snapshot:
        """Build a snapshot, checking every integrity rule.

        ``holders`` maps a post id to the ids of the people holding it; a post
        missing from it (or mapped to an empty list) is vacant. Every problem
        found is reported at once in an :class:`~orgchart.IntegrityError`.

        >>> Snapshot.build(units=[Unit("a", "A", parent="b")])
        Traceback (most recent call last):
        ...
        orgchart.errors.IntegrityError: invalid snapshot: unit 'a': parent 'b' is not a known unit
        """
        errors: list[str] = []
        people_map = _index(people, Person, errors)
        units_map = _index(units, Unit, errors)
        posts_map = _index(posts, Post, errors)

        holders_map = _holders(holders, errors)
        errors.extend(
            violation.describe()
            for violation in violations(people_map, units_map, posts_map, holders_map)
        )
        if errors:
            raise IntegrityError(errors)
        held = {post_id: ids for post_id, ids in holders_map.items() if ids}
        return _fresh(people_map, units_map, posts_map, held)

    def changed_since(
        self, other: Snapshot, *, at_most: int = 65_536
    ) -> tuple[set[str], set[str], set[str], set[str]] | None:
        """The ids that may differ between this snapshot and ``other``, when cheap to know.

        Snapshots evolved from one another (a history's checkpoints, the
        snapshots ``as_of`` replays from them) remember which keys each
        evolution wrote. When both snapshots come from a common one by
        evolutions that wrote at most ``at_most`` keys in all, this gives
        every person, unit and post id and every post whose holders may
        differ (a superset of what differs), without reading the rest of
        either. Otherwise None: compare them in full.
        """
        # Walk both lineages up in turns, until one reaches a snapshot the other
        # has passed; the snapshots passed are held, so that their ids stay theirs.
        passed: tuple[dict[int, tuple[Snapshot, int]], ...] = ({}, {})
        paths: tuple[list[tuple[tuple[str, ...], ...]], ...] = ([], [])
        current: list[Snapshot | None] = [self, other]
        total = 0
        while current[0] is not None or current[1] is not None:
            for side in (0, 1):
                snapshot = current[side]
                if snapshot is None:
                    continue
                passed[side][id(snapshot)] = (snapshot, len(paths[side]))
                met = passed[1 - side].get(id(snapshot))
                if met is not None:
                    keys: tuple[set[str], set[str], set[str], set[str]] = (
                        set(),
                        set(),
                        set(),
                        set(),
                    )
                    for written in (*paths[side], *paths[1 - side][: met[1]]):
                        for found, ids in zip(keys, written, strict=True):
                            found.update(ids)
                    return keys
                lineage = snapshot._lineage
                parent = lineage[0]() if lineage is not None else None
                if lineage is None or parent is None:
                    current[side] = None
                    continue
                total += sum(len(ids) for ids in lineage[1])
                if total > at_most:
                    return None
                paths[side].append(lineage[1])
                current[side] = parent
        return None

    # ------------------------------------------------------------- lookups

    def find_person(self, who: str | Person) -> Person:
        """The person with this id, name or alias (case-insensitive), or the Person itself.

        Every method that takes a person takes what this takes. A name shared by
        several people raises :class:`~orgchart.AmbiguousNameError` listing them;
        an unknown one :class:`~orgchart.NotFoundError` with the nearest names.
        """
        return self._find("person", who)

    def find_post(self, which: str | Post) -> Post:
        """The post with this id or title (case-insensitive), or the Post itself."""
        return self._find("post", which)

    def find_unit(self, which: str | Unit) -> Unit:
        """The unit with this id or name (case-insensitive), or the Unit itself."""
        return self._find("unit", which)

    def find(self, key: str | Person | Post | Unit) -> Person | Post | Unit:
        """A person (by id, name or alias), else a post (by id or title), else a
        unit (by id or name): the one lookup behind "a person, post or unit"."""
        return find_in(self, key, "the snapshot", lambda: known_names(self))

    #: Short names of the lookups, as every method taking a person, post or
    #: unit resolves its argument.
    person = find_person
    post = find_post
    unit = find_unit

    def _find(self, kind: str, key: Any) -> Any:
        table = self.table(kind)
        if isinstance(key, str):
            found = table.get(key)
            if found is not None:
                return found
        elif isinstance(key, _CLASS_OF[kind]):
            key_id = cast(Item, key).id
            if key_id not in table:
                raise NotFoundError.unknown(kind, key_id, "the snapshot", table)
            return table[key_id]
        indexes = self._name_index
        if indexes is None:
            indexes = {}
            object.__setattr__(self, "_name_index", indexes)
        index = indexes.get(kind)
        if index is None:
            index = indexes[kind] = NameIndex(table.values(), kind=kind)
        return index.find(key)

    # ------------------------------------------------------------- reading

    @property
    def appointments(self) -> Mapping[str, tuple[str, ...]]:
        """Post id -> the ids of its holders (sorted), for every post that is not vacant."""
        return self._holders

    def holders(self, post: str | Post) -> tuple[Person, ...]:
        """The people holding a post, ordered by id; empty when it is vacant."""
        ids = self._holders.get(self.post(post).id, ())
        return tuple(self._people[i] for i in ids)

    def posts_held(self, person: str | Person) -> tuple[Post, ...]:
        """The posts a person holds, ordered by id."""
        ids = self._held.get(self.person(person).id, ())
        return tuple(self._posts[i] for i in ids)

    def children(self, unit: str | Unit | None) -> tuple[Unit, ...]:
        """The units directly inside a unit (or the top units for None), by id."""
        if unit is None:
            return tuple(sorted((u for u in self._units.values() if u.parent is None), key=_by_id))
        ids = self._children.get(self.unit(unit).id, ())
        return tuple(self._units[i] for i in ids)

    def posts_in(self, unit: str | Unit) -> tuple[Post, ...]:
        """The posts of a unit (not of its sub-units), by id."""
        return tuple(self._posts[i] for i in self._unit_posts.get(self.unit(unit).id, ()))

    def reports(self, post: str | Post) -> tuple[Post, ...]:
        """The posts reporting to a post, by solid or dotted line, by id."""
        return tuple(self._posts[i] for i in self._reporters.get(self.post(post).id, ()))

    # --------------------------------------------------------------- walks

    def units_above(self, unit: str | Unit) -> tuple[Unit, ...]:
        """The units a unit belongs to: its parent first, the top unit last."""
        start = self.unit(unit).id
        return tuple(self._units[u] for u in walk(start, _parent_of(self._units)))

    def units_below(self, unit: str | Unit, *, depth: int | None = None) -> tuple[Unit, ...]:
        """Every unit inside a unit, level by level (``depth`` levels below it at most)."""
        check_depth(depth)
        children = self._children
        found = walk(self.unit(unit).id, lambda u: children.get(u, ()), depth=depth)
        return tuple(self._units[u] for u in found)

    def unit_path(self, unit: str | Unit) -> tuple[Unit, ...]:
        """The unit and its ancestors, from the top unit down."""
        return (*reversed(self.units_above(unit)), self.unit(unit))

    def posts_above(self, post: str | Post, *, dotted: bool = False) -> tuple[Post, ...]:
        """The chain of command above a post, nearest first: its solid reporting line
        up to the top; with ``dotted``, every post above it by any line."""
        found = walk(self.post(post).id, _superiors_of(self._posts, dotted=dotted))
        return tuple(self._posts[p] for p in found)

    def posts_below(self, post: str | Post, *, depth: int | None = None) -> tuple[Post, ...]:
        """Every post reporting to a post, directly or not, by any line, level by level
        (``depth`` levels below it at most)."""
        check_depth(depth)
        reporters = self._reporters
        found = walk(self.post(post).id, lambda p: reporters.get(p, ()), depth=depth)
        return tuple(self._posts[p] for p in found)

    # ------------------------------------------------------ people in line

    def _holders_of(self, post_ids: Iterable[str], but: str) -> tuple[Person, ...]:
        found: dict[str, None] = {}
        for post_id in post_ids:
            for person_id in self._holders.get(post_id, ()):
                if person_id != but:
                    found.setdefault(person_id)
        return tuple(self._people[i] for i in found)

    def chain_of_command(self, person: str | Person) -> tuple[Person, ...]:
        """The people above a person, nearest first, up to the top.

        Follows the solid reporting lines of every post the person holds;
        vacant posts on the way are passed over. Each person appears once.

        >>> org = Snapshot.build(
        ...     people=[Person("a", "Ada"), Person("b", "Bo"), Person("c", "Cy")],
        ...     units=[Unit("g", "Group")],
        ...     posts=[Post("ceo", "CEO", "g"), Post("vp", "VP", "g", reports_to="ceo"),
        ...            Post("dev", "Developer", "g", reports_to="vp")],
        ...     holders={"ceo": ["a"], "vp": ["b"], "dev": ["c"]},
        ... )
        >>> [p.name for p in org.chain_of_command("Cy")]
        ['Bo', 'Ada']
        """
        who = self.person(person)
        held = self._held.get(who.id, ())
        above = walk_from(held, _superiors_of(self._posts, dotted=False))
        return self._holders_of(above, who.id)

    def manager_of(self, person: str | Person) -> tuple[Person, ...]:
        """The person's managers: the holders of the nearest held post above each post
        they hold (usually one person; empty at the top)."""
        who = self.person(person)
        superiors = _superiors_of(self._posts, dotted=False)
        nearest = []
        for post_id in self._held.get(who.id, ()):
            for above in walk(post_id, superiors):
                if [p for p in self._holders.get(above, ()) if p != who.id]:
                    nearest.append(above)
                    break
        return self._holders_of(nearest, who.id)

    def reports_of(self, person: str | Person, *, all: bool = False) -> tuple[Person, ...]:
        """The people who report to a person: the holders of the posts reporting to
        theirs by solid line, looking through vacant posts; with ``all``, everyone below."""
        who = self.person(person)
        solid = self._solid_reports
        found: dict[str, None] = {}
        frontier = list(self._held.get(who.id, ()))
        seen = set(frontier)
        while frontier:
            nxt = []
            for post_id in frontier:
                for report in solid(post_id):
                    if report in seen:
                        continue
                    seen.add(report)
                    holders = [p for p in self._holders.get(report, ()) if p != who.id]
                    found.update(dict.fromkeys(holders))
                    if all or not holders:  # a vacant post: look at who reports to it
                        nxt.append(report)
            frontier = nxt
        return tuple(self._people[i] for i in found)

    def _solid_reports(self, post_id: str) -> tuple[str, ...]:
        return tuple(
            p for p in self._reporters.get(post_id, ()) if self._posts[p].reports_to == post_id
        )

    def __len__(self) -> int:
        """The number of people, units and posts."""
        return len(self._people) + len(self._units) + len(self._posts)

    def __bool__(self) -> bool:
        return len(self) > 0

    # ---------------------------------------------------------- comparison

    def _key(self) -> tuple[immutables.Map, ...]:
        return (self._people, self._units, self._posts, self._holders)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Snapshot):
            return NotImplemented
        if self._hash is not None and other._hash is not None and self._hash != other._hash:
            return False
        return self._key() == other._key()

    def __hash__(self) -> int:
        value = self._hash
        if value is None:
            value = hash(self._key())
            object.__setattr__(self, "_hash", value)
        return value

    # -------------------------------------------------------------- output

    def __repr__(self) -> str:
        appointments = sum(len(ids) for ids in self._holders.values())
        return (
            f"<Snapshot: {_count(len(self._people), 'person', 'people')}, "
            f"{_count(len(self._units), 'unit')}, {_count(len(self._posts), 'post')}, "
            f"{_count(appointments, 'appointment')}>"
        )

    def __str__(self) -> str:
        return self.to_text()

    def subtree(self, root: str | Unit | Post, *, depth: int | None = None) -> Snapshot:
        """The part of the org under a unit (its sub-units, their posts and holders) or
        under a post (the posts reporting to it, directly or not, and their units).

        ``depth`` is the number of levels below the root to keep (0: the root
        alone, 1: the root and what is directly under it, None: everything),
        as everywhere in the library. Reporting lines to posts outside the
        part are left out, so the part is a valid snapshot of its own: diff
        two of them to see what changed there.
        """
        check_depth(depth)
        steps = depth
        top = self.find_root(root)
        if isinstance(top, Post):
            posts = {top.id: top, **{p.id: p for p in self.posts_below(top, depth=steps)}}
            units: dict[str, Unit] = {}
            for post in posts.values():
                for unit in self.unit_path(post.unit):
                    units[unit.id] = unit
        else:
            units = {top.id: attrs.evolve(top, parent=None)}
            units.update((u.id, u) for u in self.units_below(top, depth=steps))
            posts = {p.id: p for u in units for p in self.posts_in(u)}
        kept_posts = [
            attrs.evolve(
                post,
                reports_to=post.reports_to if post.reports_to in posts else None,
                dotted_to=tuple(d for d in post.dotted_to if d in posts),
            )
            for post in posts.values()
        ]
        holders = {p: self._holders[p] for p in posts if p in self._holders}
        people = {i for ids in holders.values() for i in ids}
        return Snapshot.build(
            [self._people[i] for i in sorted(people)], units.values(), kept_posts, holders
        )

    def find_root(self, root: str | Unit | Post) -> Unit | Post:
        """The unit or post that a part of the org hangs from (``subtree``, ``to_dot``):
        a Unit or Post, a unit id, a post id or title, else a unit name.

        A name matching nothing raises :class:`~orgchart.NotFoundError`, one
        matching several :class:`~orgchart.AmbiguousNameError`.
        """
        if isinstance(root, Post):
            return self.find_post(root)
        if isinstance(root, Unit) or root in self._units:
            return self.find_unit(root)
        try:
            return self.find_post(root)
        except NotFoundError:
            return self.find_unit(root)

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per holding and per vacant post, for tables and DataFrames.

        Keys: ``person`` and ``person_name`` (None for a vacant post), ``post``
        and ``title``, ``unit`` and ``unit_name``, ``reports_to`` (the
        superior post's id) with ``reports_to_title`` and
        ``reports_to_holders`` (the names of the people holding it, joined by
        "; "). Ordered by unit, post and person id.

        >>> org = Snapshot.build(
        ...     people=[Person("ew", "Eddie Wu")], units=[Unit("g", "Group")],
        ...     posts=[Post("ceo", "CEO", "g"), Post("cto", "CTO", "g", reports_to="ceo")],
        ...     holders={"ceo": ["ew"]},
        ... )
        >>> [(r["post"], r["person_name"], r["reports_to_holders"]) for r in org.to_rows()]
        [('ceo', 'Eddie Wu', None), ('cto', None, 'Eddie Wu')]
        """
        rows = []
        for post in sorted(self._posts.values(), key=lambda p: (p.unit, p.id)):
            superior = self._posts.get(post.reports_to) if post.reports_to else None
            above = (
                "; ".join(p.name for p in self.holders(superior.id)) or None
                if superior is not None
                else None
            )
            base = {
                "post": post.id,
                "title": post.title,
                "unit": post.unit,
                "unit_name": self._units[post.unit].name,
                "reports_to": post.reports_to,
                "reports_to_title": superior.title if superior is not None else None,
                "reports_to_holders": above,
            }
            holders = self._holders.get(post.id, ())
            for person_id in holders or (None,):
                name = self._people[person_id].name if person_id is not None else None
                rows.append({"person": person_id, "person_name": name, **base})
        return rows

    def to_text(self, indent: str = "  ") -> str:
        """The org as an indented text tree: units, their posts and holders.

        Posts are listed in reporting order inside their unit; a vacant post
        shows ``(vacant)``.

        >>> org = Snapshot.build(
        ...     people=[Person("jz", "Jeff Zhang")],
        ...     units=[Unit("g", "Alibaba Group"), Unit("c", "Alibaba Cloud", parent="g")],
        ...     posts=[Post("ceo", "CEO", "g"), Post("p", "President", "c", reports_to="ceo")],
        ...     holders={"p": ["jz"]},
        ... )
        >>> print(org.to_text())
        Alibaba Group
          CEO: (vacant)
          Alibaba Cloud
            President: Jeff Zhang
        """
        lines: list[str] = []
        # Depth-first with an explicit stack: unit trees may be very deep.
        stack = [(top, 0) for top in reversed(sorted(self.children(None), key=_by_name))]
        while stack:
            unit, level = stack.pop()
            kind = f" [{unit.kind}]" if unit.kind else ""
            lines.append(f"{indent * level}{unit.name}{kind}")
            for post in self._posts_in_reporting_order(unit.id):
                names = ", ".join(p.name for p in self.holders(post.id)) or "(vacant)"
                lines.append(f"{indent * (level + 1)}{post.title}: {names}")
            children = sorted(self.children(unit.id), key=_by_name)
            stack.extend((child, level + 1) for child in reversed(children))
        return "\n".join(lines)

    def _posts_in_reporting_order(self, unit_id: str) -> list[Post]:
        """Posts of a unit, each after its superiors inside the unit, then by title."""
        posts = {p.id: p for p in self.posts_in(unit_id)}
        ordered: list[Post] = []
        tops = [p for p in sorted(posts.values(), key=_by_title) if p.reports_to not in posts]
        stack = list(reversed(tops))
        while stack:
            post = stack.pop()
            ordered.append(post)
            subordinates = [
                posts[i]
                for i in self._reporters.get(post.id, ())
                if i in posts and posts[i].reports_to == post.id
            ]
            stack.extend(reversed(sorted(subordinates, key=_by_title)))
        return ordered


# ------------------------------------------------------------------ helpers


def _by_id(item: Any) -> str:
    return item.id


def _by_name(unit: Unit) -> tuple[str, str]:
    return (unit.name.casefold(), unit.id)


def _by_title(post: Post) -> tuple[str, str]:
    return (post.title.casefold(), post.id)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def known_names(tables: Any) -> list[str]:
    """Every id and name of the items of ``tables`` (anything with ``table(kind)``:
    a snapshot, a catalogue), for "did you mean"."""
    names: list[str] = []
    for kind in _TABLE_OF:
        for item in tables.table(kind).values():
            names.extend(item.names)
            names.append(item.id)
    return names


class _Lookups(Protocol):
    def find_person(self, key: Any) -> Person: ...
    def find_post(self, key: Any) -> Post: ...
    def find_unit(self, key: Any) -> Unit: ...


def find_in(
    lookups: _Lookups, key: Any, where: str, known: Callable[[], Iterable[str]] = tuple
) -> Person | Post | Unit:
    """A person, else a post, else a unit by ``key`` in ``lookups`` (a snapshot, a
    history or its catalogue): the one order of "a person, post or unit".

    An item is itself; a string not found as any of them raises
    :class:`~orgchart.NotFoundError` naming ``where``.
    """
    if isinstance(key, (Person, Post, Unit)):
        return key
    for find in (lookups.find_person, lookups.find_post, lookups.find_unit):
        try:
            return find(key)
        except NotFoundError:
            pass
    raise NotFoundError.unknown("person, post or unit called", key, where, known())


def _holders(holders: Any, errors: list[str]) -> dict[str, tuple[str, ...]]:
    """The holders argument of :meth:`Snapshot.build` in shape: post id -> sorted
    person ids (whether they are known posts and people is a rule of
    :mod:`orgchart.rules`)."""
    result: dict[str, tuple[str, ...]] = {}
    if holders is not None and not isinstance(holders, Mapping):
        errors.append(f"holders must be a mapping of post id to person ids (got {holders!r})")
        holders = None
    for post_id, person_ids in (holders or {}).items():
        if isinstance(person_ids, str) or not isinstance(person_ids, Iterable):
            errors.append(
                f"holders of post {post_id!r} must be a list of person ids (got {person_ids!r})"
            )
            continue
        ids = list(person_ids)
        if not isinstance(post_id, str):
            errors.append(f"holders: post id {post_id!r} is not a string")
            continue
        bad = [i for i in ids if not isinstance(i, str)]
        if bad:
            errors.append(f"holders of post {post_id!r}: {bad[0]!r} is not a person id")
            continue
        if len(set(ids)) != len(ids):
            errors.append(f"holders of post {post_id!r}: a person is listed twice ({ids!r})")
        result[post_id] = tuple(sorted(ids))
    return result


def _index(items: Iterable[Any], cls: type, errors: list[str]) -> dict[str, Any]:
    kind = KIND[cls]
    result: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, cls):
            errors.append(f"expected a {cls.__name__} among the {kind} items (got {item!r})")
            continue
        item_id: str = cast(Any, item).id
        if item_id in result:
            errors.append(f"duplicate {kind} id {item_id!r}")
            continue
        result[item_id] = item
    return result
