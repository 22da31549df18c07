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
Eddie Wu succeeds Daniel Zhang as Chief Executive Officer, Alibaba Group
>>> [op.describe() for op in change]
["vacate 'dz' from post 'ceo'", "appoint 'ew' to post 'ceo'"]
>>> change.apply(before) == after and change.invert().apply(after) == before
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from .dates import date_columns
from .display import Display
from .errors import ConflictError, ValidationError
from .model import KIND, Evolver, Item, Levels, Person, Post, Snapshot, Unit
from .validators import check_id

if TYPE_CHECKING:
    from .dates import PartialDate
    from .history import Event, Source

__all__ = [
    "Add",
    "Appoint",
    "ChangeSet",
    "Op",
    "Origin",
    "Remove",
    "Touched",
    "Update",
    "Vacate",
    "canonical",
    "diff",
]

_ITEM_TYPES = (Person, Unit, Post)


def _check_item(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, _ITEM_TYPES):
        raise ValidationError.field(attribute.name, value, "a Person, Unit or Post")


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in sorted(ids))


# ---------------------------------------------------------------- operations


def _holding(cls: type, post: str, person: str) -> Any:
    """An Appoint or Vacate built without running validators (see :func:`_trusted`)."""
    op = _new(cls)
    _set(op, "post", post)
    _set(op, "person", person)
    return op


_new: Any = object.__new__
_set = object.__setattr__


def _trusted(cls: type, **fields: Any) -> Any:
    """An operation built without running its validators.

    Only for values known to be valid: the inverse of a valid operation, or
    an operation made from two valid snapshots by :func:`diff`. Diffs and
    inversions of large change sets spend most of their time otherwise
    re-checking what cannot be wrong.
    """
    op: Any = object.__new__(cls)
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

    def apply_to(self, org: Evolver) -> None:  # pragma: no cover - overridden
        """Check this operation against ``org`` and make it there.

        Raises :class:`~orgchart.ConflictError` (naming this operation) and
        changes nothing when it does not fit. This is the step every bulk
        builder (change sets, histories, files, generators) goes through.
        """
        raise NotImplementedError

    def redo(self, org: Evolver) -> None:  # pragma: no cover - overridden
        """Make this operation in ``org`` without checking it.

        Only for an operation that applied to the same org before: replaying
        the events of a history from one of its checkpoints.
        """
        raise NotImplementedError

    def undo(self, org: Evolver) -> None:  # pragma: no cover - overridden
        """Take this operation back in ``org`` without checking it: what
        ``invert().redo(org)`` does, without making the inverse.

        Only for an org this operation was just made in: replaying the events
        of a history backwards from the checkpoint after them.
        """
        raise NotImplementedError

    def conflict(self, reason: str) -> ConflictError:
        return ConflictError(self, reason)


def _check_refs(op: _OpBase, org: Evolver, item: Item) -> None:
    """Every id the item refers to must be present."""
    if isinstance(item, Unit):
        if item.parent is not None and item.parent not in org.units:
            raise op.conflict(f"parent {item.parent!r} is not a known unit")
    elif isinstance(item, Post):
        if item.unit not in org.units:
            raise op.conflict(f"unit {item.unit!r} is not a known unit")
        for superior in item.superiors:
            if superior not in org.posts:
                raise op.conflict(f"reports to {superior!r}, which is not a known post")


@attrs.frozen(slots=True)
class _ItemOp(_OpBase):
    """An operation on one item (``item``): its kind and id; ``describe`` names
    the operation by its class's ``verb``."""

    item: Item = attrs.field(validator=_check_item)
    verb = ""

    def describe(self) -> str:
        return f"{self.verb} {self.kind} {self.item.id!r}"

    @property
    def kind(self) -> str:
        return KIND[type(self.item)]

    @property
    def id(self) -> str:
        return self.item.id


@attrs.frozen(slots=True)
class Add(_ItemOp):
    """Add a person, unit or post that is not in the snapshot yet."""

    verb = "add"

    def invert(self) -> Remove:
        return _trusted(Remove, item=self.item)

    def apply_to(self, org: Evolver) -> None:
        if self.item.id in org.table(self.kind):
            raise self.conflict(f"{self.kind} {self.item.id!r} is already present")
        _check_refs(self, org, self.item)
        # A new item is referred to by nothing yet, so it cannot close a cycle.
        org.put(self.item)

    def redo(self, org: Evolver) -> None:
        org.put(self.item)

    def undo(self, org: Evolver) -> None:
        org.delete(self.item)


@attrs.frozen(slots=True)
class Remove(_ItemOp):
    """Remove a person, unit or post; records the item so it can be put back."""

    verb = "remove"

    def invert(self) -> Add:
        return _trusted(Add, item=self.item)

    def apply_to(self, org: Evolver) -> None:
        current = org.table(self.kind).get(self.item.id)
        if current is None:
            raise self.conflict(f"{self.kind} {self.item.id!r} is not present")
        if current is not self.item and current != self.item:
            raise self.conflict(f"the {self.kind} is {current!r}, not the recorded {self.item!r}")
        item_id = self.item.id
        if isinstance(self.item, Person) and org.held_ids(item_id):
            raise self.conflict(f"they still hold post(s) {_ids(org.held_ids(item_id))}")
        if isinstance(self.item, Unit):
            if org.child_ids(item_id):
                raise self.conflict(f"it still has sub-unit(s) {_ids(org.child_ids(item_id))}")
            if org.post_ids(item_id):
                raise self.conflict(f"it still has post(s) {_ids(org.post_ids(item_id))}")
        if isinstance(self.item, Post):
            if org.holder_ids(item_id):
                raise self.conflict(f"it is still held by {_ids(org.holder_ids(item_id))}")
            if org.report_ids(item_id):
                raise self.conflict(f"post(s) {_ids(org.report_ids(item_id))} still report to it")
        org.delete(self.item)

    def redo(self, org: Evolver) -> None:
        org.delete(self.item)

    def undo(self, org: Evolver) -> None:
        org.put(self.item)


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

    def apply_to(self, org: Evolver) -> None:
        before, after = self.before, self.after
        current = org.table(self.kind).get(self.id)
        if current is None:
            raise self.conflict(f"{self.kind} {self.id!r} is not present")
        if current is not before and current != before:
            raise self.conflict(f"the {self.kind} is {current!r}, not the recorded {before!r}")
        _check_refs(self, org, after)
        if isinstance(after, Unit) and isinstance(before, Unit) and after.parent != before.parent:
            self._check_unit_cycle(org, after)
        if (
            isinstance(after, Post)
            and isinstance(before, Post)
            and after.superiors != before.superiors
        ):
            self._check_post_cycle(org, after)
        org.put(after)

    def redo(self, org: Evolver) -> None:
        org.put(self.after)

    def undo(self, org: Evolver) -> None:
        org.put(self.before)

    def _check_unit_cycle(self, org: Evolver, after: Unit) -> None:
        # The new parent's chain upwards must not reach this unit.
        if after.parent is None:
            return
        path = [self.id, after.parent]
        for above in org.unit_ids_above(after.parent):
            path.append(above)
            if above == self.id:
                raise self.conflict(f"unit parents would form a cycle: {' -> '.join(path)}")

    def _check_post_cycle(self, org: Evolver, after: Post) -> None:
        # Reaching this post upwards from its new superiors closes a cycle.
        for superior in after.superiors:
            if superior == self.id or self.id in org.post_ids_above(superior, dotted=True):
                raise self.conflict(f"reporting lines would form a cycle through {self.id!r}")


@attrs.frozen(slots=True)
class _HoldingOp(_OpBase):
    """An operation on who holds a post: the post and the person."""

    post: str = attrs.field(validator=check_id)
    person: str = attrs.field(validator=check_id)

    kind = "appointment"


@attrs.frozen(slots=True)
class Appoint(_HoldingOp):
    """Make a person a holder of a post (posts may have several holders)."""

    def describe(self) -> str:
        return f"appoint {self.person!r} to post {self.post!r}"

    def invert(self) -> Vacate:
        return _holding(Vacate, self.post, self.person)

    def apply_to(self, org: Evolver) -> None:
        if self.post not in org.posts:
            raise self.conflict(f"{self.post!r} is not a known post")
        if self.person not in org.people:
            raise self.conflict(f"{self.person!r} is not a known person")
        if self.person in org.holder_ids(self.post):
            raise self.conflict(f"{self.person!r} already holds post {self.post!r}")
        org.appoint(self.post, self.person)

    def redo(self, org: Evolver) -> None:
        org.appoint(self.post, self.person)

    def undo(self, org: Evolver) -> None:
        org.vacate(self.post, self.person)


@attrs.frozen(slots=True)
class Vacate(_HoldingOp):
    """A holder leaves a post."""

    def describe(self) -> str:
        return f"vacate {self.person!r} from post {self.post!r}"

    def invert(self) -> Appoint:
        return _holding(Appoint, self.post, self.person)

    def apply_to(self, org: Evolver) -> None:
        if self.person not in org.holder_ids(self.post):
            raise self.conflict(f"{self.person!r} does not hold post {self.post!r}")
        org.vacate(self.post, self.person)

    def redo(self, org: Evolver) -> None:
        org.vacate(self.post, self.person)

    def undo(self, org: Evolver) -> None:
        org.appoint(self.post, self.person)


Op: TypeAlias = Add | Remove | Update | Appoint | Vacate
_OP_TYPES = (Add, Remove, Update, Appoint, Vacate)


# ---------------------------------------------------------------- change set


def _tuple(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(events)


def _dict(sources: Mapping[str, Source]) -> dict[str, Source]:
    return dict(sources)


@attrs.frozen(slots=True, eq=False)
class Origin:
    """Where a change set made from a history comes from.

    ``events``: the events it folds, in date order; ``period``: the two dates
    it goes between (``History.diff(d1, d2)`` gives ``(d1, d2)``);
    ``sources``: the history's source table, so that the events' source ids
    can be described. Not part of a change set's equality.
    """

    events: tuple[Event, ...] = attrs.field(default=(), converter=_tuple)
    period: tuple[PartialDate, PartialDate] | None = None
    sources: Mapping[str, Source] = attrs.field(factory=dict, converter=_dict)

    def invert(self) -> Origin:
        """The origin of the inverse change set: the same events, the period reversed."""
        period = None if self.period is None else (self.period[1], self.period[0])
        return Origin(self.events, period, self.sources)

    def then(self, other: Origin) -> Origin:
        """The origin of one change set followed by another."""
        seen = {id(e) for e in self.events}
        events = (*self.events, *(e for e in other.events if id(e) not in seen))
        period = None
        if self.period is not None and other.period is not None:
            period = (self.period[0], other.period[1])
        return Origin(events, period, {**self.sources, **other.sources})


_NO_ORIGIN = Origin()


class ChangeSet(Display):
    """An ordered, immutable sequence of primitive operations.

    Equal change sets have equal operations in the same order. A change set
    made by :func:`diff` (or ``History.diff``) also remembers the snapshots it
    goes between (``before`` and ``after``) and, from a history, its
    :class:`Origin` (the events, dates and sources behind it); both are
    outside equality, and both carry over to ``ChangeSet(change_set)``,
    :meth:`invert` and :meth:`then`, so a diagram can draw any of them in
    context.
    """

    __slots__ = ("_after", "_before", "_hash", "_ops", "_origin")
    _ops: tuple[Op, ...]
    # A snapshot, None, or a function that makes the snapshot when first asked.
    _before: Snapshot | Callable[[], Snapshot] | None
    _after: Snapshot | Callable[[], Snapshot] | None
    _origin: Origin
    _hash: int | None

    def __init__(
        self,
        ops: Iterable[Op] = (),
        *,
        before: Snapshot | None = None,
        after: Snapshot | None = None,
        origin: Origin | None = None,
    ) -> None:
        if isinstance(ops, ChangeSet):
            before = ops.before if before is None else before
            after = ops.after if after is None else after
            origin = ops.origin if origin is None else origin
            ops = ops.ops
        ops = tuple(ops)
        for i, op in enumerate(ops):
            if not isinstance(op, _OP_TYPES):
                raise ValidationError.field(f"ops[{i}]", op, "an operation (Add, Remove, ...)")
        for name, value in (("before", before), ("after", after)):
            if value is not None and not isinstance(value, Snapshot):
                raise ValidationError.field(name, value, "a Snapshot or None")
        if origin is not None and not isinstance(origin, Origin):
            raise ValidationError.field("origin", origin, "an Origin or None")
        self._init(ops, before, after, origin or _NO_ORIGIN)

    def _init(
        self,
        ops: tuple[Op, ...],
        before: Snapshot | Callable[[], Snapshot] | None,
        after: Snapshot | Callable[[], Snapshot] | None,
        origin: Origin,
    ) -> None:
        for name, value in (
            ("_ops", ops),
            ("_before", before),
            ("_after", after),
            ("_origin", origin),
            ("_hash", None),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def _trusted(
        cls,
        ops: tuple[Op, ...],
        before: Snapshot | Callable[[], Snapshot] | None,
        after: Snapshot | Callable[[], Snapshot] | None,
        origin: Origin = _NO_ORIGIN,
    ) -> ChangeSet:
        """A change set of operations known to be valid, without re-checking them."""
        change = cls.__new__(cls)
        change._init(ops, before, after, origin)
        return change

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"ChangeSet is immutable; cannot set {name!r}")

    @property
    def ops(self) -> tuple[Op, ...]:
        return self._ops

    @property
    def before(self) -> Snapshot | None:
        """The snapshot this change set was computed from, when known."""
        return self._end("_before")

    @property
    def after(self) -> Snapshot | None:
        """The snapshot this change set leads to, when known."""
        return self._end("_after")

    def _end(self, name: str) -> Snapshot | None:
        value = getattr(self, name)
        if callable(value):  # made when first asked (see History.diff)
            value = value()
            object.__setattr__(self, name, value)
        return value

    @property
    def origin(self) -> Origin:
        """The events, dates and sources behind this change set (empty when none)."""
        return self._origin

    @property
    def events(self) -> tuple[Event, ...]:
        """The history events this change set was folded from, when known."""
        return self._origin.events

    @property
    def period(self) -> tuple[PartialDate, PartialDate] | None:
        """The two dates of a change set made by ``History.diff``."""
        return self._origin.period

    @property
    def sources(self) -> Mapping[str, Source]:
        """The source table of the history this change set comes from (or empty)."""
        return self._origin.sources

    def with_origin(self, origin: Origin) -> ChangeSet:
        """The same change set, with ``origin`` as where it comes from."""
        if not isinstance(origin, Origin):
            raise ValidationError.field("origin", origin, "an Origin")
        return ChangeSet._trusted(self._ops, self._before, self._after, origin)

    def to_rows(self) -> list[dict[str, Any]]:
        """One plain dict per operation, for tables and DataFrames.

        Keys: ``op`` (add, remove, update, appoint, vacate), ``kind`` (person,
        unit, post, appointment), ``id`` (the item, or the post of an
        appointment) and ``name`` beside it (a name or a post's title),
        ``person`` and ``person_name`` (of an appointment), ``fields`` (of an
        update), ``before`` and ``after`` (attrs values as dicts), and, when
        the change set comes from a history, the ``date`` (a
        ``datetime.date``, the first day of a partial date), its
        ``date_precision`` ("day", "month" or "year"), the ``summary`` and
        ``sources`` of the last event that touched the thing (None, None and
        () otherwise).
        """
        last_event: dict[tuple[str, ...], Event] = {}
        for folded in self.events:
            for op in folded.changes:
                last_event[_op_key(op)] = folded
        names = _Names(self)
        rows = []
        for op in self._ops:
            row: dict[str, Any] = {"op": type(op).__name__.lower(), "kind": op.kind}
            if isinstance(op, (Appoint, Vacate)):
                holds = isinstance(op, Vacate)
                row.update(
                    id=op.post,
                    name=names.post(op.post),
                    person=op.person,
                    person_name=names.person(op.person),
                    fields=(),
                    before={"holds": holds},
                    after={"holds": not holds},
                )
            else:
                before = op.item if isinstance(op, Remove) else getattr(op, "before", None)
                after = op.item if isinstance(op, Add) else getattr(op, "after", None)
                item = after if after is not None else before
                row.update(
                    id=op.id,
                    name=getattr(item, "name", None) or getattr(item, "title", None),
                    person=None,
                    person_name=None,
                    fields=op.fields if isinstance(op, Update) else (),
                    before=None if before is None else attrs.asdict(before),
                    after=None if after is None else attrs.asdict(after),
                )
            event = last_event.get(_op_key(op))
            row.update(date_columns("date", None if event is None else event.date))
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
        org = snapshot.evolver()
        for i, op in enumerate(self._ops):
            try:
                op.apply_to(org)
            except ConflictError as error:
                raise error.within(f"operation {i + 1} of {len(self._ops)}") from None
        return org.finish()

    def invert(self) -> ChangeSet:
        """The change set that undoes this one."""
        return ChangeSet._trusted(
            tuple(op.invert() for op in reversed(self._ops)),
            self._after,
            self._before,
            self._origin.invert(),
        )

    def then(self, other: ChangeSet) -> ChangeSet:
        """This change set followed by ``other``."""
        if not isinstance(other, ChangeSet):
            raise ValidationError.field("other", other, "a ChangeSet")
        return ChangeSet._trusted(
            self._ops + other._ops, self._before, other._after, self._origin.then(other._origin)
        )

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
        return hash(self._ops) if self._hash is None else self._hash

    def __repr__(self) -> str:
        if not self._ops:
            return "ChangeSet([])"
        inner = ",\n".join(f"    {op!r}" for op in self._ops)
        return f"ChangeSet([\n{inner},\n])"

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self) -> str:
        """The change set in words, one sentence a line, with names (see :func:`sentences`).

        ``repr`` and :meth:`to_rows` give the operations with their ids.
        """
        return "\n".join(sentences(self)) or "(no changes)"


def _op_key(op: Op) -> tuple[str, ...]:
    """What an operation is about: an item, or a (post, person) appointment."""
    if isinstance(op, (Appoint, Vacate)):
        return ("appointment", op.post, op.person)
    return (op.kind, op.id)


# ------------------------------------------------------------------ in words


class _Names:
    """Names for ids, from the snapshots a change set goes between (ids when unknown)."""

    def __init__(self, change: ChangeSet) -> None:
        self.snapshots = [s for s in (change.after, change.before) if s is not None]
        # Items the operations carry, for a change set with no snapshots.
        self.extra: dict[tuple[str, str], Item] = {}
        for op in change:
            if isinstance(op, (Add, Remove)):
                self.extra.setdefault((op.kind, op.id), op.item)
            elif isinstance(op, Update):
                self.extra.setdefault((op.kind, op.id), op.after)

    def item(self, kind: str, item_id: str) -> Any:
        for snapshot in self.snapshots:
            found = snapshot.table(kind).get(item_id)
            if found is not None:
                return found
        return self.extra.get((kind, item_id))

    def person(self, person_id: str) -> str:
        person = self.item("person", person_id)
        return person.name if isinstance(person, Person) else person_id

    def unit(self, unit_id: str | None) -> str:
        if unit_id is None:
            return "the top"
        unit = self.item("unit", unit_id)
        return unit.name if isinstance(unit, Unit) else unit_id

    def post(self, post_id: str, post: Any = None) -> str:
        post = post or self.item("post", post_id)
        if not isinstance(post, Post):
            return post_id
        return f"{post.title}, {self.unit(post.unit)}"


def _people(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def sentences(change: ChangeSet) -> list[str]:
    """A change set in words, with names: appointments and vacancies of one post
    paired into successions, moves as moves, renames as renames; in date order
    when the change set comes from events.

    >>> import orgchart as oc
    >>> before = oc.Snapshot.build(
    ...     people=[oc.Person("dz", "Daniel Zhang"), oc.Person("ew", "Eddie Wu")],
    ...     units=[oc.Unit("g", "Alibaba Group")],
    ...     posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
    ...     holders={"ceo": ["dz"]},
    ... )
    >>> after = oc.ChangeSet([oc.Vacate("ceo", "dz"), oc.Appoint("ceo", "ew")]).apply(before)
    >>> sentences(oc.diff(before, after))
    ['Eddie Wu succeeds Daniel Zhang as Chief Executive Officer, Alibaba Group']
    """
    names = _Names(change)
    order: dict[tuple[str, ...], int] = {}
    for n, event in enumerate(change.events):
        for op in event.changes:
            order[_op_key(op)] = n
    out: list[tuple[int, int, int, str]] = []  # (event, rank, position, sentence)

    def say(op: Op, text: str) -> None:
        # Within an event: what is created, then who moves, then renames, then removals.
        rank = _RANKS.get((type(op), op.kind), 3)
        out.append((order.get(_op_key(op), -1), rank, len(out), text))

    appointed: dict[str, list[Appoint]] = {}
    vacated: dict[str, list[Vacate]] = {}
    for op in change:
        if isinstance(op, Appoint):
            appointed.setdefault(op.post, []).append(op)
        elif isinstance(op, Vacate):
            vacated.setdefault(op.post, []).append(op)
    holding_people: set[str] = set()
    for holding_ops in (appointed, vacated):
        for ops in holding_ops.values():
            holding_people.update(op.person for op in ops)

    for post_id in dict.fromkeys([*vacated, *appointed]):
        coming = [names.person(op.person) for op in appointed.get(post_id, [])]
        going = [names.person(op.person) for op in vacated.get(post_id, [])]
        post = names.post(post_id)
        first = (appointed.get(post_id) or vacated[post_id])[0]
        if coming and going:
            verb = "succeeds" if len(coming) == 1 else "succeed"
            say(first, f"{_people(coming)} {verb} {_people(going)} as {post}")
        elif coming:
            verb = "becomes" if len(coming) == 1 else "become"
            say(first, f"{_people(coming)} {verb} {post}")
        else:
            verb = "leaves" if len(going) == 1 else "leave"
            say(first, f"{_people(going)} {verb} {post}")

    for op in change:
        if isinstance(op, (Appoint, Vacate)):
            continue
        if op.kind == "person":
            person: Any = op.item if isinstance(op, (Add, Remove)) else None
            if isinstance(op, Add) and op.id not in holding_people:
                say(op, f"{person.name} joins")
            elif isinstance(op, Remove) and op.id not in holding_people:
                say(op, f"{person.name} leaves the organisation")
            elif isinstance(op, Update):
                say(op, _person_update(op))
        elif op.kind == "unit":
            say(op, _unit_sentence(op, names))
        else:
            say(op, _post_sentence(op, names))
    return [text for *_, text in sorted(out)]


_RANKS: dict[tuple[type, str], int] = {
    (Add, "unit"): 0,
    (Add, "post"): 1,
    (Add, "person"): 2,
    (Remove, "post"): 5,
    (Remove, "unit"): 6,
    (Remove, "person"): 7,
}


def _person_update(op: Any) -> str:
    before, after = op.before, op.after
    if before.name != after.name:
        return f"{before.name} is now called {after.name}"
    if before.aliases != after.aliases:
        return f"{after.name} is also known as {', '.join(after.aliases) or 'no other name'}"
    return f"{after.name}: {' and '.join(op.fields)} changed"


def _unit_sentence(op: Any, names: _Names) -> str:
    if isinstance(op, Add):
        unit: Any = op.item
        where = f" in {names.unit(unit.parent)}" if unit.parent else ""
        return f"{unit.name} is created{where}"
    if isinstance(op, Remove):
        removed: Any = op.item
        return f"{removed.name} is dissolved"
    before, after = op.before, op.after
    parts = []
    if before.name != after.name:
        parts.append(f"{before.name} is renamed {after.name}")
    if before.parent != after.parent:
        parts.append(
            f"{after.name} moves from {names.unit(before.parent)} to {names.unit(after.parent)}"
        )
    if before.kind != after.kind:
        parts.append(f"{after.name} becomes a {after.kind or 'unit'}")
    return "; ".join(parts) or f"{after.name}: {' and '.join(op.fields)} changed"


def _post_sentence(op: Any, names: _Names) -> str:
    if isinstance(op, Add):
        post: Any = op.item
        line = f", reporting to {names.post(post.reports_to)}" if post.reports_to else ""
        return f"New post: {names.post(post.id, post)}{line}"
    if isinstance(op, Remove):
        return f"Post removed: {names.post(op.id, op.item)}"
    before, after = op.before, op.after
    parts = []
    if before.title != after.title:
        parts.append(f"{names.post(before.id, before)} is renamed {after.title}")
    if before.unit != after.unit:
        parts.append(
            f"{after.title} moves from {names.unit(before.unit)} to {names.unit(after.unit)}"
        )
    if before.reports_to != after.reports_to:
        to = names.post(after.reports_to) if after.reports_to else "no one"
        parts.append(f"{names.post(after.id, after)} now reports to {to}")
    if before.dotted_to != after.dotted_to:
        lines = ", ".join(names.post(p) for p in after.dotted_to) or "no one"
        parts.append(f"{names.post(after.id, after)} has dotted lines to {lines}")
    return "; ".join(parts) or f"{names.post(after.id, after)}: {' and '.join(op.fields)} changed"


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
    # Snapshots evolved from a common one differ at most where the evolutions
    # between them wrote; up to a quarter of their size, reading only those
    # keys beats reading everything.
    keys = a.changed_since(b, at_most=min(65_536, (len(a) + len(b)) // 4))
    if keys is None:
        return canonical(a, b, Touched.between(a, b))
    return canonical(a, b, Touched.reading(a, b, *keys))


_Pair: TypeAlias = tuple[Any, Any]


@attrs.define
class Touched:
    """What may differ between two snapshots ``a`` and ``b``, with both states.

    ``people``, ``units`` and ``posts`` map an id to its item in ``a`` and
    in ``b`` (None where absent); ``holdings`` maps a (post, person) pair to
    whether ``a`` has it and whether ``b`` has it. Entries whose two states
    are equal are allowed: :func:`canonical` leaves them out, unless
    ``exact`` says there are none.
    """

    people: dict[str, tuple[Person | None, Person | None]] = attrs.Factory(dict)
    units: dict[str, tuple[Unit | None, Unit | None]] = attrs.Factory(dict)
    posts: dict[str, tuple[Post | None, Post | None]] = attrs.Factory(dict)
    holdings: dict[tuple[str, str], tuple[bool, bool]] = attrs.Factory(dict)
    exact: bool = False

    @classmethod
    def between(cls, a: Snapshot, b: Snapshot) -> Touched:
        """Everything that differs between two snapshots, found by reading both.

        Snapshots made from one another share most of their items: an item
        that is the same object in both is passed over without comparing
        its fields.
        """
        holdings: dict[tuple[str, str], tuple[bool, bool]] = {}
        for post, (old, new) in _differing(a.appointments, b.appointments).items():
            old_ids, new_ids = set(old or ()), set(new or ())
            for person in old_ids ^ new_ids:
                holdings[(post, person)] = (person in old_ids, person in new_ids)
        return cls(
            _differing(a.people, b.people),
            _differing(a.units, b.units),
            _differing(a.posts, b.posts),
            holdings,
            exact=True,
        )

    @classmethod
    def reading(
        cls,
        a: Snapshot,
        b: Snapshot,
        people: Iterable[str],
        units: Iterable[str],
        posts: Iterable[str],
        holders: Iterable[str],
    ) -> Touched:
        """Both states of the given ids (and of the holders of the given posts), read
        from the two snapshots; ids whose states are equal are left in."""
        holdings: dict[tuple[str, str], tuple[bool, bool]] = {}
        a_holders, b_holders = a.appointments, b.appointments
        for post in holders:
            old_ids = set(a_holders.get(post, ()))
            new_ids = set(b_holders.get(post, ()))
            for person in old_ids ^ new_ids:
                holdings[(post, person)] = (person in old_ids, person in new_ids)
        return cls(
            _pairs(a.people, b.people, people),
            _pairs(a.units, b.units, units),
            _pairs(a.posts, b.posts, posts),
            holdings,
        )

    @classmethod
    def folding(cls, ops: Iterable[Op]) -> Touched:
        """What a run of operations changes, from the org it starts on to the org it ends on.

        The operations must have applied in order (as a history's events
        did). Each records the state it found (the item before an update,
        the item removed, whether a person held the post), so the states at
        both ends come from the operations alone, without reading a snapshot.
        """
        touched = cls()
        holdings = touched.holdings
        tables: dict[type, dict[str, _Pair]] = {
            Person: touched.people,
            Unit: touched.units,
            Post: touched.posts,
        }
        op: Any
        for op in ops:
            kind = type(op)
            if kind is Appoint or kind is Vacate:
                key = (op.post, op.person)
                first = holdings.get(key)
                holdings[key] = (kind is Vacate if first is None else first[0], kind is Appoint)
                continue
            if kind is Update:
                found, now = op.before, op.after
                item = found
            elif kind is Add:
                found, now = None, op.item
                item = now
            else:
                found, now = op.item, None
                item = found
            table = tables[type(item)]
            item_id = item.id
            first = table.get(item_id)
            table[item_id] = (found if first is None else first[0], now)
        return touched


def _differing(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, _Pair]:
    """Key -> (value in ``a``, value in ``b``) for every key whose values differ."""
    if a is b:
        return {}
    get = b.get
    out = {}
    for key, old in a.items():
        new = get(key)
        if new is not old and new != old:
            out[key] = (old, new)
    for key, new in b.items():
        if key not in a:
            out[key] = (None, new)
    return out


def _pairs(a: Mapping[str, Any], b: Mapping[str, Any], keys: Iterable[str]) -> dict[str, _Pair]:
    a_get, b_get = a.get, b.get
    return {key: (a_get(key), b_get(key)) for key in keys}


def _changed(pairs: Mapping[str, _Pair]) -> dict[str, _Pair]:
    return {k: pair for k, pair in pairs.items() if pair[0] is not pair[1] and pair[0] != pair[1]}


def canonical(
    a: Snapshot | Callable[[], Snapshot],
    b: Snapshot | Callable[[], Snapshot],
    touched: Touched,
    *,
    within: Snapshot | None = None,
) -> ChangeSet:
    """The canonical change set from ``a`` to ``b``, given what differs (``touched``).

    Entries of ``touched`` whose two states are equal are left out, so a
    superset of what differs gives the same result as the exact set. This
    is the one place the canonical order is defined.

    The canonical form belongs to the unordered pair of snapshots: one of
    the two directions is built forwards (see :func:`_forward`) and the other
    is its exact inverse, so ``diff(b, a) == diff(a, b).invert()``. Which
    direction is built forwards is decided by the first differing thing (in
    sorted order), comparing its two states by explicit keys (see
    :func:`_state`), never by how values print.

    ``within``, when given, is a snapshot that agrees with both ``a`` and
    ``b`` on everything ``touched`` leaves out (a checkpoint between the two
    dates of a history): chains of parents are read from it, and ``a`` and
    ``b`` may then be functions that make them, called only when someone asks
    for the change set's ``before`` or ``after``.
    """
    flips = {key: held for key, (held, holds) in touched.holdings.items() if held != holds}
    if touched.exact:
        people, units, posts = touched.people, touched.units, touched.posts
    else:
        people = _changed(touched.people)
        units = _changed(touched.units)
        posts = _changed(touched.posts)
    first = _first_difference(flips, people, posts, units)
    if first is None:
        return ChangeSet._trusted((), a, b)
    state_a, state_b = first
    if state_a <= state_b:
        return _forward(a, b, flips, people, units, posts, within)
    unflipped = {k: not held for k, held in flips.items()}
    people, units, posts = (_swapped(pairs) for pairs in (people, units, posts))
    return _forward(b, a, unflipped, people, units, posts, within).invert()


def _swapped(pairs: Mapping[str, _Pair]) -> dict[str, _Pair]:
    return {k: (new, old) for k, (old, new) in pairs.items()}


def _state(item: Item | None) -> tuple[Any, ...]:
    """A sortable key for the state of one item: (0,) when absent, else (1, its fields
    in declaration order), each field keyed so that None sorts first and values of
    one field compare among themselves. Explicit, so that how a value prints never
    changes the canonical form. An appointment is (0,) when absent and (1,) when
    present."""
    if item is None:
        return (0,)
    return (1, *(_field_key(getattr(item, f.name)) for f in attrs.fields(type(item))))


def _field_key(value: Any) -> tuple[Any, ...]:
    return (0,) if value is None else (1, value)


def _first_difference(
    flips: Mapping[tuple[str, str], bool], *tables: Mapping[str, _Pair]
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The two states of the smallest differing key, keys ordered by kind then id.

    Kinds in key order: holding, then the tables given (person, post, unit).
    """
    if flips:
        held = flips[min(flips)]
        return ((1,), (0,)) if held else ((0,), (1,))
    for pairs in tables:
        if pairs:
            old, new = pairs[min(pairs)]
            return _state(old), _state(new)
    return None


def _by_post_and_person(
    flips: Mapping[tuple[str, str], bool],
) -> list[tuple[tuple[str, str], bool]]:
    """The appointments in (post, person) order, sorted as strings in two stable
    passes (much faster than comparing the pairs)."""
    items = list(flips.items())
    items.sort(key=_person_of)
    items.sort(key=_post_of)
    return items


def _person_of(item: tuple[tuple[str, str], bool]) -> str:
    return item[0][1]


def _post_of(item: tuple[tuple[str, str], bool]) -> str:
    return item[0][0]


def _unit_parents(unit: Unit) -> tuple[str, ...]:
    return (unit.parent,) if unit.parent is not None else ()


def _post_parents(post: Post) -> tuple[str, ...]:
    return post.superiors


def _forward(
    a: Any,
    b: Any,
    flips: Mapping[tuple[str, str], bool],
    people: Mapping[str, _Pair],
    units: Mapping[str, _Pair],
    posts: Mapping[str, _Pair],
    within: Snapshot | None,
) -> ChangeSet:
    """Vacancies; additions and updates (parents first); appointments; removals.

    ``flips`` maps each appointment that differs to whether ``a`` has it;
    the tables map each item that differs to its states in ``a`` and ``b``.
    """
    vacate: list[Op] = []
    appoint: list[Op] = []
    for (post, person), held in _by_post_and_person(flips):
        if held:
            vacate.append(_holding(Vacate, post, person))
        else:
            appoint.append(_holding(Appoint, post, person))

    people_ops: list[Op] = []
    removals: list[Op] = []
    for person_id in sorted(people):
        op = _item_op(*people[person_id])
        if isinstance(op, Remove):
            removals.append(op)
        else:
            people_ops.append(op)

    read_a, read_b = (a, b) if within is None else (within, within)
    unit_adds, unit_removes = _ordered(read_a.units, read_b.units, units, _unit_parents)
    post_adds, post_removes = _ordered(read_a.posts, read_b.posts, posts, _post_parents)

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


def _item_op(old: Item | None, new: Item | None) -> Op:
    """The operation from one state of an item to another (the two differ), built
    without running validators (see :func:`_trusted`)."""
    if old is None:
        op = _new(Add)
        _set(op, "item", new)
    elif new is None:
        op = _new(Remove)
        _set(op, "item", old)
    else:
        op = _new(Update)
        _set(op, "before", old)
        _set(op, "after", new)
    return op


def _ordered(
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    pairs: Mapping[str, _Pair],
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
    # What differs is at hand in ``pairs``; the rest of a chain is read from the snapshot.
    get = pairs.get

    def parents_in_b(item_id: str) -> tuple[str, ...]:
        pair = get(item_id)
        return parents(b[item_id] if pair is None else pair[1])

    def parents_in_a(item_id: str) -> tuple[str, ...]:
        pair = get(item_id)
        return parents(a[item_id] if pair is None else pair[0])

    level_b = Levels(parents_in_b)
    level_a = Levels(parents_in_a)
    for item_id, (old, new) in pairs.items():
        op = _item_op(old, new)
        if new is None:
            backward.append((-level_a(item_id), item_id, op))
        elif old is not None and parents(old) == parents(new):
            forward.append((-1, item_id, op))
        else:
            forward.append((level_b(item_id), item_id, op))
    forward.sort(key=_level_and_id)
    backward.sort(key=_level_and_id)
    return [t[2] for t in forward], [t[2] for t in backward]


def _level_and_id(entry: tuple[int, str, Op]) -> tuple[int, str]:
    return entry[0], entry[1]
