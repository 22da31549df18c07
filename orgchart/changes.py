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
from typing import TYPE_CHECKING, Any

import attrs

from ._moved import moved_names
from .dates import date_columns
from .display import Display
from .errors import ConflictError, ValidationError
from .model import Snapshot
from .operations import OP_TYPES, Add, Appoint, Op, Remove, Update, Vacate, subject
from .sentences import Names, sentences

if TYPE_CHECKING:
    from .dates import PartialDate
    from .events import Event
    from .provenance import Source

__all__ = ["ChangeSet", "Origin"]

#: Names this module held before operations, the diff engine and sentences
#: got modules of their own: importing them from here still works, with a
#: DeprecationWarning naming the new place.
__getattr__ = moved_names(
    __name__,
    {"Touched": "orgchart.diffs", "canonical": "orgchart.diffs", "diff": "orgchart.diffs"},
)


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
        before: Snapshot | Callable[[], Snapshot] | None = None,
        after: Snapshot | Callable[[], Snapshot] | None = None,
        origin: Origin | None = None,
    ) -> None:
        if isinstance(ops, ChangeSet):
            before = ops._before if before is None else before
            after = ops._after if after is None else after
            origin = ops.origin if origin is None else origin
            ops = ops.ops
        ops = tuple(ops)
        for i, op in enumerate(ops):
            if not isinstance(op, OP_TYPES):
                raise ValidationError.field(f"ops[{i}]", op, "an operation (Add, Remove, ...)")
        for name, value in (("before", before), ("after", after)):
            if value is not None and not isinstance(value, Snapshot) and not callable(value):
                raise ValidationError.field(
                    name, value, "a Snapshot, a function that makes one, or None"
                )
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
        """A change set of operations known to be valid, without re-checking them:
        the one constructor that skips the checks of ``__init__``, for the
        inverse or the sequence of change sets already made (their operations
        and ends were checked then)."""
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
                last_event[subject(op)] = folded
        names = Names(self)
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
                    name=None if item is None else item.label,
                    person=None,
                    person_name=None,
                    fields=op.fields if isinstance(op, Update) else (),
                    before=None if before is None else attrs.asdict(before),
                    after=None if after is None else attrs.asdict(after),
                )
            event = last_event.get(subject(op))
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
