"""Primitive operations: what changes a snapshot, one step at a time.

Every operation records what it needs to be inverted: a removal keeps the
item removed, an update keeps the item before and after. ``apply_to``
checks that recorded state against the org (always, like a JSON Patch
``test``) and then makes the change; ``redo`` and ``undo`` make it, or take
it back, without checking, for replaying what applied once.

>>> import orgchart as oc
>>> op = oc.Appoint("ceo", "ew")
>>> op.describe(), op.invert().describe()
("appoint 'ew' to post 'ceo'", "vacate 'ew' from post 'ceo'")
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs

from .errors import ConflictError, ValidationError
from .items import KIND, REFERENCES, Item, Person, Post, Unit
from .model import Evolver
from .rules import appointing, placing, removing
from .validators import check_id

__all__ = [
    "OP_TYPES",
    "Add",
    "Appoint",
    "Op",
    "Remove",
    "Update",
    "Vacate",
    "holding",
    "subject",
    "transition",
]

_ITEM_TYPES = (Person, Unit, Post)


def _check_item(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, _ITEM_TYPES):
        raise ValidationError.field(attribute.name, value, "a Person, Unit or Post")


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(repr(i) for i in sorted(ids))


# ---------------------------------------------------------------- operations


def _trusted(cls: type, **fields: Any) -> Any:
    """An operation built without running its validators: the one constructor
    that skips them.

    What was already checked: every value comes from a valid operation (an
    inverse swaps or keeps its fields) or from two valid snapshots (an item
    of one and of the other, which differ, or a post and a person both
    present). Diffs and inversions of large change sets would otherwise
    spend most of their time re-checking what cannot be wrong.
    """
    op: Any = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(op, name, value)
    return op


def transition(old: Item | None, new: Item | None) -> Op:
    """The operation from one state of an item to another: ``Add`` from None,
    ``Remove`` to None, else ``Update``.

    For states read from two valid snapshots, which differ (as
    :func:`orgchart.diff` reads them): built without re-running validators.
    """
    if old is None:
        return _trusted(Add, item=new)
    if new is None:
        return _trusted(Remove, item=old)
    return _trusted(Update, before=old, after=new)


def holding(held: bool, post: str, person: str) -> Appoint | Vacate:
    """The operation that changes whether ``person`` holds ``post``: ``Vacate``
    when they held it, else ``Appoint``.

    For a post and person read from a valid snapshot: built without
    re-running validators.
    """
    return _trusted(Vacate if held else Appoint, post=post, person=person)


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
        wrong = placing(self.item, org)
        if wrong is not None:
            raise self.conflict(wrong.reason())
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
        wrong = removing(self.item, org)
        if wrong is not None:
            raise self.conflict(wrong.reason())
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
        return any(name in REFERENCES[self.kind] for name in self.fields)

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
        wrong = placing(after, org, before)
        if wrong is not None:
            raise self.conflict(wrong.reason())
        org.put(after)

    def redo(self, org: Evolver) -> None:
        org.put(self.after)

    def undo(self, org: Evolver) -> None:
        org.put(self.before)


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
        return _trusted(Vacate, post=self.post, person=self.person)

    def apply_to(self, org: Evolver) -> None:
        wrong = appointing(self.post, self.person, org)
        if wrong is not None:
            raise self.conflict(wrong.reason())
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
        return _trusted(Appoint, post=self.post, person=self.person)

    def apply_to(self, org: Evolver) -> None:
        if self.person not in org.holder_ids(self.post):
            raise self.conflict(f"{self.person!r} does not hold post {self.post!r}")
        org.vacate(self.post, self.person)

    def redo(self, org: Evolver) -> None:
        org.vacate(self.post, self.person)

    def undo(self, org: Evolver) -> None:
        org.appoint(self.post, self.person)


Op: TypeAlias = Add | Remove | Update | Appoint | Vacate
#: Every kind of operation, for ``isinstance`` checks.
OP_TYPES = (Add, Remove, Update, Appoint, Vacate)


def subject(op: Op) -> tuple[str, ...]:
    """What an operation is about: an item, or a (post, person) appointment."""
    if isinstance(op, (Appoint, Vacate)):
        return ("appointment", op.post, op.person)
    return (op.kind, op.id)
