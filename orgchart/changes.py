"""Primitive operations, change sets, and the diff between two snapshots.

Every operation records what it needs to be inverted: a removal keeps the
item removed, an update keeps the item before and after. Applying checks that
recorded state against the snapshot (always, like a JSON Patch ``test``), so
a change set either applies whole or raises :class:`~orgchart.ConflictError`.

>>> import orgchart as oc
>>> before = oc.Snapshot.build(
...     people=[oc.Person("dz", "Daniel Zhang"), oc.Person("ew", "Eddie Wu")],
...     units=[oc.Unit("g", "Alibaba Group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
...     holders={"ceo": ["dz"]},
... )
>>> after = oc.Snapshot.build(
...     people=before.people.values(), units=before.units.values(),
...     posts=before.posts.values(), holders={"ceo": ["ew"]},
... )
>>> change = oc.diff(before, after)
>>> print(change)
vacate 'dz' from post 'ceo'
appoint 'ew' to post 'ceo'
>>> change.apply(before) == after and change.invert().apply(after) == before
True
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs
import immutables

from .errors import ConflictError, ValidationError
from .model import KIND, Item, Person, Post, Snapshot, Unit

__all__ = ["Add", "Appoint", "ChangeSet", "Op", "Remove", "Update", "Vacate", "diff"]

_ITEM_TYPES = (Person, Unit, Post)


def _check_item(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, _ITEM_TYPES):
        raise ValidationError.field(attribute.name, value, "a Person, Unit or Post")


def _check_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError.field(attribute.name, value, "a non-empty id string")


class _Working:
    """The maps of a snapshot being changed, one operation at a time."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.people = snapshot._people.mutate()
        self.units = snapshot._units.mutate()
        self.posts = snapshot._posts.mutate()
        self.holders = snapshot._holders.mutate()
        self.held = snapshot._held.mutate()
        self.children = snapshot._children.mutate()
        self.unit_posts = snapshot._unit_posts.mutate()
        self.reporters = snapshot._reporters.mutate()

    def finish(self) -> Snapshot:
        return Snapshot._from_maps(
            people=self.people.finish(),
            units=self.units.finish(),
            posts=self.posts.finish(),
            holders=self.holders.finish(),
            held=self.held.finish(),
            children=self.children.finish(),
            unit_posts=self.unit_posts.finish(),
            reporters=self.reporters.finish(),
        )

    def table(self, kind: str) -> Any:
        return {"person": self.people, "unit": self.units, "post": self.posts}[kind]


# Sets of ids in a snapshot are sorted tuples: a tuple of one id takes a
# quarter of the memory of a frozenset, and most of these sets hold one id.


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


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in sorted(ids))


# ---------------------------------------------------------------- operations


def _holding(cls: type, post: str, person: str) -> Any:
    """An Appoint or Vacate built without running validators (see :func:`_trusted`)."""
    op = _new(cls)
    _set(op, "post", post)
    _set(op, "person", person)
    return op


_new = object.__new__
_set = object.__setattr__


def _trusted(cls: type, **fields: Any) -> Any:
    """An operation built without running its validators.

    Only for values known to be valid: the inverse of a valid operation, or
    an operation made from two valid snapshots by :func:`diff`. Diffs and
    inversions of large change sets spend most of their time otherwise
    re-checking what cannot be wrong.
    """
    op = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(op, name, value)
    return op


class _OpBase:
    """What every primitive operation offers."""

    __slots__ = ()

    def describe(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def invert(self) -> Op:  # pragma: no cover - overridden
        raise NotImplementedError

    def _apply(self, w: _Working) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def conflict(self, reason: str) -> ConflictError:
        return ConflictError(self, reason)


def _check_refs(op: _OpBase, w: _Working, item: Item) -> None:
    """Every id the item refers to must be present."""
    if isinstance(item, Unit):
        if item.parent is not None and item.parent not in w.units:
            raise op.conflict(f"parent {item.parent!r} is not a known unit")
    elif isinstance(item, Post):
        if item.unit not in w.units:
            raise op.conflict(f"unit {item.unit!r} is not a known unit")
        for superior in item.superiors:
            if superior not in w.posts:
                raise op.conflict(f"reports to {superior!r}, which is not a known post")


def _index_item(w: _Working, item: Item, add: bool) -> None:
    edit = _link if add else _unlink
    if isinstance(item, Unit):
        if item.parent is not None:
            edit(w.children, item.parent, item.id)
    elif isinstance(item, Post):
        edit(w.unit_posts, item.unit, item.id)
        for superior in item.superiors:
            edit(w.reporters, superior, item.id)


@attrs.frozen(slots=True)
class Add(_OpBase):
    """Add a person, unit or post that is not in the snapshot yet."""

    item: Item = attrs.field(validator=_check_item)

    @property
    def kind(self) -> str:
        return KIND[type(self.item)]

    @property
    def id(self) -> str:
        return self.item.id

    def describe(self) -> str:
        return f"add {self.kind} {self.item.id!r}"

    def invert(self) -> Remove:
        return _trusted(Remove, item=self.item)

    def _apply(self, w: _Working) -> None:
        table = w.table(self.kind)
        if self.item.id in table:
            raise self.conflict(f"{self.kind} {self.item.id!r} is already present")
        _check_refs(self, w, self.item)
        # A new item is referred to by nothing yet, so it cannot close a cycle.
        table[self.item.id] = self.item
        _index_item(w, self.item, add=True)


@attrs.frozen(slots=True)
class Remove(_OpBase):
    """Remove a person, unit or post; records the item so it can be put back."""

    item: Item = attrs.field(validator=_check_item)

    @property
    def kind(self) -> str:
        return KIND[type(self.item)]

    @property
    def id(self) -> str:
        return self.item.id

    def describe(self) -> str:
        return f"remove {self.kind} {self.item.id!r}"

    def invert(self) -> Add:
        return _trusted(Add, item=self.item)

    def _apply(self, w: _Working) -> None:
        table = w.table(self.kind)
        current = table.get(self.item.id)
        if current is None:
            raise self.conflict(f"{self.kind} {self.item.id!r} is not present")
        if current != self.item:
            raise self.conflict(f"the {self.kind} is {current!r}, not the recorded {self.item!r}")
        item_id = self.item.id
        if isinstance(self.item, Person) and w.held.get(item_id):
            raise self.conflict(f"they still hold post(s) {_ids(w.held[item_id])}")
        if isinstance(self.item, Unit):
            if w.children.get(item_id):
                raise self.conflict(f"it still has sub-unit(s) {_ids(w.children[item_id])}")
            if w.unit_posts.get(item_id):
                raise self.conflict(f"it still has post(s) {_ids(w.unit_posts[item_id])}")
        if isinstance(self.item, Post):
            if w.holders.get(item_id):
                raise self.conflict(f"it is still held by {_ids(w.holders[item_id])}")
            if w.reporters.get(item_id):
                raise self.conflict(f"post(s) {_ids(w.reporters[item_id])} still report to it")
        del table[item_id]
        _index_item(w, self.item, add=False)


@attrs.frozen(slots=True)
class Update(_OpBase):
    """Replace a person, unit or post by a new value with the same id."""

    before: Item = attrs.field(validator=_check_item)
    after: Item = attrs.field(validator=_check_item)

    def __attrs_post_init__(self) -> None:
        if type(self.before) is not type(self.after):
            raise ValidationError.field(
                "after", self.after, f"a {type(self.before).__name__} like 'before'"
            )
        if self.before.id != self.after.id:
            raise ValidationError.field("after", self.after, f"an item with id {self.before.id!r}")
        if self.before == self.after:
            raise ValidationError.field("after", self.after, "different from 'before'")

    @property
    def kind(self) -> str:
        return KIND[type(self.before)]

    @property
    def id(self) -> str:
        return self.before.id

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the fields that change."""
        return tuple(
            f.name
            for f in attrs.fields(type(self.before))
            if getattr(self.before, f.name) != getattr(self.after, f.name)
        )

    @property
    def moved(self) -> bool:
        """True when the item changes place: a new parent, unit or superior."""
        return bool(set(self.fields) & {"parent", "unit", "reports_to", "dotted_to"})

    def describe(self) -> str:
        return f"update {self.kind} {self.id!r} ({', '.join(self.fields)})"

    def invert(self) -> Update:
        return _trusted(Update, before=self.after, after=self.before)

    def _apply(self, w: _Working) -> None:
        table = w.table(self.kind)
        current = table.get(self.id)
        if current is None:
            raise self.conflict(f"{self.kind} {self.id!r} is not present")
        if current != self.before:
            raise self.conflict(f"the {self.kind} is {current!r}, not the recorded {self.before!r}")
        _check_refs(self, w, self.after)
        if isinstance(self.after, Unit) and self.after.parent != self.before.parent:
            self._check_unit_cycle(w)
        if isinstance(self.after, Post) and self.after.superiors != self.before.superiors:
            self._check_post_cycle(w)
        _index_item(w, self.before, add=False)
        table[self.id] = self.after
        _index_item(w, self.after, add=True)

    def _check_unit_cycle(self, w: _Working) -> None:
        current = self.after.parent
        path = [self.id]
        while current is not None:
            path.append(current)
            if current == self.id:
                raise self.conflict(f"unit parents would form a cycle: {' -> '.join(path)}")
            current = w.units[current].parent

    def _check_post_cycle(self, w: _Working) -> None:
        # Search upwards from the new superiors; reaching this post closes a cycle.
        seen: set[str] = set()
        stack = list(self.after.superiors)
        while stack:
            post_id = stack.pop()
            if post_id == self.id:
                raise self.conflict(f"reporting lines would form a cycle through {self.id!r}")
            if post_id in seen:
                continue
            seen.add(post_id)
            stack.extend(w.posts[post_id].superiors)


@attrs.frozen(slots=True)
class Appoint(_OpBase):
    """Make a person a holder of a post (posts may have several holders)."""

    post: str = attrs.field(validator=_check_id)
    person: str = attrs.field(validator=_check_id)

    kind = "appointment"

    def describe(self) -> str:
        return f"appoint {self.person!r} to post {self.post!r}"

    def invert(self) -> Vacate:
        return _holding(Vacate, self.post, self.person)

    def _apply(self, w: _Working) -> None:
        if self.post not in w.posts:
            raise self.conflict(f"{self.post!r} is not a known post")
        if self.person not in w.people:
            raise self.conflict(f"{self.person!r} is not a known person")
        if self.person in w.holders.get(self.post, ()):
            raise self.conflict(f"{self.person!r} already holds post {self.post!r}")
        _link(w.holders, self.post, self.person)
        _link(w.held, self.person, self.post)


@attrs.frozen(slots=True)
class Vacate(_OpBase):
    """A holder leaves a post."""

    post: str = attrs.field(validator=_check_id)
    person: str = attrs.field(validator=_check_id)

    kind = "appointment"

    def describe(self) -> str:
        return f"vacate {self.person!r} from post {self.post!r}"

    def invert(self) -> Appoint:
        return _holding(Appoint, self.post, self.person)

    def _apply(self, w: _Working) -> None:
        if self.person not in w.holders.get(self.post, ()):
            raise self.conflict(f"{self.person!r} does not hold post {self.post!r}")
        _unlink(w.holders, self.post, self.person)
        _unlink(w.held, self.person, self.post)


Op: TypeAlias = Add | Remove | Update | Appoint | Vacate
_OP_TYPES = (Add, Remove, Update, Appoint, Vacate)


# ---------------------------------------------------------------- change set


class ChangeSet:
    """An ordered, immutable sequence of primitive operations.

    Equal change sets have equal operations in the same order. A change set
    made by :func:`diff` (or ``History.diff``) also remembers the snapshots it
    goes between (``before`` and ``after``, outside equality), so a diagram
    can draw it in context.
    """

    __slots__ = ("_after", "_before", "_events", "_hash", "_ops", "_period", "_sources")

    def __init__(
        self,
        ops: Iterable[Op] = (),
        *,
        before: Snapshot | None = None,
        after: Snapshot | None = None,
    ) -> None:
        if isinstance(ops, ChangeSet):
            ops = ops._ops
        ops = tuple(ops)
        for i, op in enumerate(ops):
            if not isinstance(op, _OP_TYPES):
                raise ValidationError.field(f"ops[{i}]", op, "an operation (Add, Remove, ...)")
        for name, value in (("before", before), ("after", after)):
            if value is not None and not isinstance(value, Snapshot):
                raise ValidationError.field(name, value, "a Snapshot or None")
        object.__setattr__(self, "_ops", ops)
        object.__setattr__(self, "_before", before)
        object.__setattr__(self, "_after", after)
        object.__setattr__(self, "_events", ())
        object.__setattr__(self, "_period", None)
        object.__setattr__(self, "_sources", {})
        object.__setattr__(self, "_hash", None)

    @classmethod
    def _trusted(
        cls, ops: tuple[Op, ...], before: Snapshot | None, after: Snapshot | None
    ) -> ChangeSet:
        """A change set of operations known to be valid, without re-checking them."""
        change = cls.__new__(cls)
        for name, value in (
            ("_ops", ops),
            ("_before", before),
            ("_after", after),
            ("_events", ()),
            ("_period", None),
            ("_sources", {}),
            ("_hash", None),
        ):
            object.__setattr__(change, name, value)
        return change

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"ChangeSet is immutable; cannot set {name!r}")

    @property
    def ops(self) -> tuple[Op, ...]:
        return self._ops

    @property
    def before(self) -> Snapshot | None:
        """The snapshot this change set was computed from, when known."""
        return self._before

    @property
    def after(self) -> Snapshot | None:
        """The snapshot this change set leads to, when known."""
        return self._after

    @property
    def events(self) -> tuple[Any, ...]:
        """The history events this change set was folded from, when known."""
        return self._events

    @property
    def period(self) -> tuple[Any, Any] | None:
        """The two dates of a change set made by ``History.diff``."""
        return self._period

    @property
    def sources(self) -> Mapping[str, Any]:
        """The source table of the history this change set comes from (or empty)."""
        return self._sources

    def with_events(
        self,
        events: Iterable[Any],
        *,
        period: tuple[Any, Any] | None = None,
        sources: Mapping[str, Any] | None = None,
    ) -> ChangeSet:
        """The same change set, remembering the events it was folded from,
        the dates it spans and the sources they cite."""
        change = ChangeSet._trusted(self._ops, self._before, self._after)
        object.__setattr__(change, "_events", tuple(events))
        object.__setattr__(change, "_period", period)
        object.__setattr__(change, "_sources", dict(sources or {}))
        return change

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per operation, for tables and DataFrames.

        Keys: ``op`` (add, remove, update, appoint, vacate), ``kind`` (person,
        unit, post, appointment), ``id`` (the item, or the post of an
        appointment), ``person`` (of an appointment), ``fields`` (of an
        update), ``before`` and ``after`` (attrs values as dicts), and, when
        the change set comes from a history, the ``date``, ``summary`` and
        ``sources`` of the last event that touched the thing.
        """
        last_event: dict[tuple[str, ...], Any] = {}
        for event in self._events:
            for op in event.changes:
                last_event[_op_key(op)] = event
        rows = []
        for op in self._ops:
            row: dict[str, Any] = {"op": type(op).__name__.lower(), "kind": op.kind}
            if isinstance(op, (Appoint, Vacate)):
                row.update(id=op.post, person=op.person, fields=(), before=None, after=None)
                holds = isinstance(op, Vacate)
                row.update(before={"holds": holds}, after={"holds": not holds})
            else:
                before = (
                    op.before
                    if isinstance(op, Update)
                    else op.item
                    if isinstance(op, Remove)
                    else None
                )
                after = (
                    op.after if isinstance(op, Update) else op.item if isinstance(op, Add) else None
                )
                row.update(
                    id=op.id,
                    person=None,
                    fields=op.fields if isinstance(op, Update) else (),
                    before=None if before is None else attrs.asdict(before),
                    after=None if after is None else attrs.asdict(after),
                )
            event = last_event.get(_op_key(op))
            row["date"] = None if event is None else str(event.date)
            row["summary"] = None if event is None else event.summary
            row["sources"] = () if event is None else event.sources
            rows.append(row)
        return rows

    # ------------------------------------------------------------ algebra

    def apply(self, snapshot: Snapshot) -> Snapshot:
        """The snapshot with every operation applied, in order.

        All or nothing: the first operation that does not fit raises
        :class:`~orgchart.ConflictError` (naming it and saying why) and the
        given snapshot, being immutable, is untouched.
        """
        if not isinstance(snapshot, Snapshot):
            raise ValidationError.field("snapshot", snapshot, "a Snapshot")
        if not self._ops:
            return snapshot
        working = _Working(snapshot)
        for i, op in enumerate(self._ops):
            try:
                op._apply(working)
            except ConflictError as error:
                raise error.within(f"operation {i + 1} of {len(self._ops)}") from None
        return working.finish()

    def invert(self) -> ChangeSet:
        """The change set that undoes this one."""
        inverse = ChangeSet._trusted(
            tuple(op.invert() for op in reversed(self._ops)), self._after, self._before
        )
        if self._events or self._period:
            period = None if self._period is None else (self._period[1], self._period[0])
            inverse = inverse.with_events(self._events, period=period, sources=self._sources)
        return inverse

    def then(self, other: ChangeSet) -> ChangeSet:
        """This change set followed by ``other``."""
        if not isinstance(other, ChangeSet):
            raise ValidationError.field("other", other, "a ChangeSet")
        return ChangeSet(self._ops + other._ops, before=self._before, after=other._after)

    def __radd__(self, snapshot: Any) -> Snapshot:
        if not isinstance(snapshot, Snapshot):
            return NotImplemented
        return self.apply(snapshot)

    def __rsub__(self, snapshot: Any) -> Snapshot:
        if not isinstance(snapshot, Snapshot):
            return NotImplemented
        return self.invert().apply(snapshot)

    # ---------------------------------------------------------- container

    def __len__(self) -> int:
        return len(self._ops)

    def __iter__(self) -> Iterator[Op]:
        return iter(self._ops)

    def __getitem__(self, index: int) -> Op:
        return self._ops[index]

    def __bool__(self) -> bool:
        return bool(self._ops)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChangeSet):
            return NotImplemented
        return self._ops == other._ops

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(self._ops))
        return self._hash

    def __repr__(self) -> str:
        if not self._ops:
            return "ChangeSet([])"
        inner = ",\n".join(f"    {op!r}" for op in self._ops)
        return f"ChangeSet([\n{inner},\n])"

    def __str__(self) -> str:
        return self.to_text()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Notebook display: the change diagram as SVG, and one line per operation."""
        from .render import mimebundle

        return mimebundle(self, include, exclude)

    def to_text(self) -> str:
        """One line per operation."""
        return "\n".join(op.describe() for op in self._ops) or "(no changes)"


def _op_key(op: Op) -> tuple[str, ...]:
    """What an operation is about: an item, or a (post, person) appointment."""
    if isinstance(op, (Appoint, Vacate)):
        return ("appointment", op.post, op.person)
    return (op.kind, op.id)


# ---------------------------------------------------------------------- diff


def diff(a: Snapshot, b: Snapshot) -> ChangeSet:
    """The canonical, minimal change set that turns ``a`` into ``b``.

    One operation per person, unit, post or appointment that differs, and
    nothing else. The operations come in an order that applies: vacancies,
    then additions and updates (parents before children), appointments, and
    removals (children before parents).

    >>> import orgchart as oc
    >>> a = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
    >>> b = oc.Snapshot.build(units=[oc.Unit("g", "Group"), oc.Unit("c", "Cloud", parent="g")])
    >>> oc.diff(a, b)
    ChangeSet([
        Add(item=Unit(id='c', name='Cloud', parent='g')),
    ])
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, Snapshot):
            raise ValidationError.field(name, value, "a Snapshot")
    if a is b:
        return ChangeSet._trusted((), a, b)
    touched = Touched(
        people=_differing(a._people, b._people),
        units=_differing(a._units, b._units),
        posts=_differing(a._posts, b._posts),
        holdings=_differing_holdings(a._holders, b._holders),
    )
    return canonical(a, b, touched)


@attrs.define
class Touched:
    """The ids (and post, person pairs) that may differ between two snapshots."""

    people: set[str] = attrs.Factory(set)
    units: set[str] = attrs.Factory(set)
    posts: set[str] = attrs.Factory(set)
    holdings: set[tuple[str, str]] = attrs.Factory(set)


def _differing(a: immutables.Map, b: immutables.Map) -> set[str]:
    if a is b:
        return set()
    keys = {k for k, v in a.items() if b.get(k) != v}
    keys.update(k for k in b if k not in a)
    return keys


def _differing_holdings(a: immutables.Map, b: immutables.Map) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for post in _differing(a, b):
        pairs.update((post, person) for person in set(a.get(post, ())) ^ set(b.get(post, ())))
    return pairs


def canonical(a: Snapshot, b: Snapshot, touched: Touched) -> ChangeSet:
    """The canonical change set from ``a`` to ``b``, looking only at ``touched``.

    Entries of ``touched`` that turn out equal in both snapshots are left
    out, so a superset of what differs gives the same result as the exact
    set. This is the one place the canonical order is defined.

    The canonical form belongs to the unordered pair of snapshots: one of
    the two directions is built forwards (see :func:`_forward`) and the other
    is its exact inverse, so ``diff(b, a) == diff(a, b).invert()``. Which
    direction is built forwards is decided by the first differing thing (in
    sorted order), comparing the text of its two states.
    """
    # The appointments that differ, each with whether ``a`` has it: found
    # once, used both to pick the direction and to build the operations.
    holders_a, holders_b = a._holders.get, b._holders.get
    flips = {
        (post, person): held
        for post, person in touched.holdings
        if (held := person in holders_a(post, ())) != (person in holders_b(post, ()))
    }
    first = _first_difference(a, b, touched, flips)
    if first is None:
        return ChangeSet._trusted((), a, b)
    state_a, state_b = first
    if state_a <= state_b:
        return _forward(a, b, touched, flips)
    return _forward(b, a, touched, {k: not held for k, held in flips.items()}).invert()


def _state(snapshot: Snapshot, key: tuple[str, ...]) -> str:
    kind = key[0]
    if kind == "holding":
        return "1" if key[2] in snapshot._holders.get(key[1], ()) else "0"
    table = {"person": snapshot._people, "unit": snapshot._units, "post": snapshot._posts}[kind]
    item = table.get(key[1])
    return "" if item is None else repr(item)


def _first_difference(
    a: Snapshot, b: Snapshot, touched: Touched, flips: Mapping[tuple[str, str], bool]
) -> tuple[str, str] | None:
    """The two states of the smallest differing key, keys ordered by kind then id.

    Kinds in key order: holding, person, post, unit. Within the first kind
    that has a difference, the smallest differing id is found in one pass.
    """
    if flips:
        key = ("holding", *min(flips))
        return _state(a, key), _state(b, key)
    for kind, ids, table_a, table_b in (
        ("person", touched.people, a._people, b._people),
        ("post", touched.posts, a._posts, b._posts),
        ("unit", touched.units, a._units, b._units),
    ):
        changed = [i for i in ids if table_a.get(i) != table_b.get(i)]
        if changed:
            key = (kind, min(changed))
            return _state(a, key), _state(b, key)
    return None


def _forward(
    a: Snapshot, b: Snapshot, touched: Touched, flips: Mapping[tuple[str, str], bool]
) -> ChangeSet:
    """Vacancies; additions and updates (parents first); appointments; removals.

    ``flips`` maps each appointment that differs to whether ``a`` has it.
    """
    vacate: list[Op] = []
    appoint: list[Op] = []
    for (post, person), held in sorted(flips.items()):
        if held:
            vacate.append(_holding(Vacate, post, person))
        else:
            appoint.append(_holding(Appoint, post, person))

    people_ops: list[Op] = []
    removals: list[Op] = []
    for person_id in sorted(touched.people):
        op = _item_op(a._people.get(person_id), b._people.get(person_id))
        if isinstance(op, Remove):
            removals.append(op)
        elif op is not None:
            people_ops.append(op)

    def unit_parents(unit: Unit) -> tuple[str, ...]:
        return (unit.parent,) if unit.parent is not None else ()

    def post_parents(post: Post) -> tuple[str, ...]:
        return post.superiors

    unit_adds, unit_removes = _ordered(a._units, b._units, touched.units, unit_parents)
    post_adds, post_removes = _ordered(a._posts, b._posts, touched.posts, post_parents)

    ops = [
        *vacate,
        *people_ops,
        *unit_adds,
        *post_adds,
        *appoint,
        *post_removes,
        *unit_removes,
        *removals,
    ]
    return ChangeSet._trusted(tuple(ops), a, b)


def _item_op(old: Item | None, new: Item | None) -> Op | None:
    if old == new:
        return None
    if old is None:
        return _trusted(Add, item=new)
    if new is None:
        return _trusted(Remove, item=old)
    return _trusted(Update, before=old, after=new)


def _ordered(
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    ids: Iterable[str],
    parents: Callable[[Any], tuple[str, ...]],
) -> tuple[list[Op], list[Op]]:
    """Additions and updates in target order, removals in reverse source order.

    Each item is placed by its level: the longest chain of parents above it.
    Setting items to their final value from the lowest level up never closes
    a cycle (everything above is already final) and never refers to an absent
    item; removing from the highest level down never leaves a dangling
    reference. An update that keeps the item's parents constrains nothing
    (everything it refers to exists before and after), so it goes first,
    without computing a level.
    """
    forward: list[tuple[int, str, Op]] = []
    backward: list[tuple[int, str, Op]] = []
    level_b = _Levels(b, parents)
    level_a = _Levels(a, parents)
    for item_id in ids:
        op = _item_op(a.get(item_id), b.get(item_id))
        if op is None:
            continue
        if isinstance(op, Remove):
            backward.append((-level_a(item_id), item_id, op))
        elif isinstance(op, Update) and parents(op.before) == parents(op.after):
            forward.append((-1, item_id, op))
        else:
            forward.append((level_b(item_id), item_id, op))
    forward.sort(key=lambda t: t[:2])
    backward.sort(key=lambda t: t[:2])
    return [t[2] for t in forward], [t[2] for t in backward]


class _Levels:
    """Longest distance from an item up to an item with no parents (memoised)."""

    def __init__(self, items: Mapping[str, Any], parents: Callable[[Any], tuple[str, ...]]):
        self.items = items
        self.parents = parents
        self.memo: dict[str, int] = {}

    def __call__(self, item_id: str) -> int:
        memo = self.memo
        if item_id in memo:
            return memo[item_id]
        # Iterative post-order walk: hierarchies can be deeper than the recursion limit.
        stack = [item_id]
        while stack:
            current = stack[-1]
            if current in memo:
                stack.pop()
                continue
            above = self.parents(self.items[current])
            pending = [p for p in above if p not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            memo[current] = 1 + max((memo[p] for p in above), default=-1)
        return memo[item_id]
