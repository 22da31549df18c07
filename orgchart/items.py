"""People, units and posts: the items an org is made of.

Frozen attrs classes, checked when made: ids and names are non-empty text,
a unit is not its own parent, a post does not report to itself. Every item
has a ``label`` (the text that shows it) and ``names`` (what finds it).

>>> Unit("cloud", "Alibaba Cloud Intelligence", parent="alibaba").parents
('alibaba',)
>>> Post("cto", "Chief Technology Officer", "cloud", reports_to="ceo").label
'Chief Technology Officer'
"""

from __future__ import annotations

from typing import Any, TypeAlias

import attrs

from .errors import ValidationError
from .validators import (
    check_id,
    check_optional_id,
    check_optional_text,
    check_text,
    compact_repr,
    id_tuple,
    names_among,
    reasons_for,
    text_tuple,
)

__all__ = ["FIELDS", "KIND", "MARKABLE", "REFERENCES", "VALUES", "Item", "Person", "Post", "Unit"]


# The converters, built once from the shared rules (named, as type checkers want).
_to_aliases = text_tuple("aliases")
_to_dotted_to = id_tuple("dotted_to")


def _aliases(value: Any) -> tuple[str, ...]:
    return _to_aliases(value)


def _dotted_to(value: Any) -> tuple[str, ...]:
    return _to_dotted_to(value)


# A mark names fields of its own item: the converters check against MARKABLE,
# which is read from the classes below (so they look it up when called).
def _person_disputed(value: Any) -> tuple[str, ...]:
    return _MARKS["person"][0](value)


def _unit_disputed(value: Any) -> tuple[str, ...]:
    return _MARKS["unit"][0](value)


def _post_disputed(value: Any) -> tuple[str, ...]:
    return _MARKS["post"][0](value)


def _person_assumed(value: Any) -> tuple[tuple[str, str], ...]:
    return _MARKS["person"][1](value)


def _unit_assumed(value: Any) -> tuple[tuple[str, str], ...]:
    return _MARKS["unit"][1](value)


def _post_assumed(value: Any) -> tuple[tuple[str, str], ...]:
    return _MARKS["post"][1](value)


#: Field metadata: the kind of item a field refers to by id.
_UNIT_REF = {"refers_to": "unit"}
_POST_REF = {"refers_to": "post"}


@attrs.frozen(slots=True, repr=False)
class Person:
    """A person: a stable id, the name to show, and other names they go by.

    >>> Person("liu-weiguang", "Liu Weiguang", aliases=("Weiguang Liu",))
    Person(id='liu-weiguang', name='Liu Weiguang', aliases=('Weiguang Liu',))
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_aliases)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_person_disputed, kw_only=True)
    assumed: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_person_assumed, kw_only=True
    )

    __repr__ = compact_repr

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)

    @property
    def label(self) -> str:
        """The text that shows this person: the name."""
        return self.name


@attrs.frozen(slots=True, repr=False)
class Unit:
    """An organisational unit (group, business group, academy, division...).

    ``parent`` is the id of the unit it belongs to, or None for a top unit.

    >>> Unit("cloud", "Alibaba Cloud Intelligence", parent="alibaba", kind="business group")
    Unit(id='cloud', name='Alibaba Cloud Intelligence', parent='alibaba', kind='business group')
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    parent: str | None = attrs.field(default=None, validator=check_optional_id, metadata=_UNIT_REF)
    kind: str | None = attrs.field(default=None, validator=check_optional_text)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_unit_disputed, kw_only=True)
    assumed: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_unit_assumed, kw_only=True
    )

    __repr__ = compact_repr

    def __attrs_post_init__(self) -> None:
        if self.parent == self.id:
            raise ValidationError.field("parent", self.parent, f"another unit than {self.id!r}")

    @property
    def parents(self) -> tuple[str, ...]:
        """The units directly above this one: its parent, or none for a top unit.

        The one definition of a unit's place in the tree; walks over units
        (levels, cycles, closures) step with it.
        """
        return () if self.parent is None else (self.parent,)

    @property
    def label(self) -> str:
        """The text that shows this unit: the name."""
        return self.name

    @property
    def names(self) -> tuple[str, ...]:
        """The names it is found by: the name."""
        return (self.name,)


@attrs.frozen(slots=True, repr=False)
class Post:
    """A seat in a unit, such as "President" of "Alibaba Cloud Intelligence".

    ``reports_to`` is the post it reports to; ``dotted_to`` holds secondary
    (dotted-line, matrix) reporting lines, kept sorted because their order
    does not count.

    >>> Post("cloud-cto", "Chief Technology Officer", "cloud", reports_to="cloud-president")
    Post(id='cloud-cto', title='Chief Technology Officer', unit='cloud', \
reports_to='cloud-president')
    """

    id: str = attrs.field(validator=check_id)
    title: str = attrs.field(validator=check_text)
    unit: str = attrs.field(validator=check_id, metadata=_UNIT_REF)
    reports_to: str | None = attrs.field(
        default=None, validator=check_optional_id, metadata=_POST_REF
    )
    dotted_to: tuple[str, ...] = attrs.field(default=(), converter=_dotted_to, metadata=_POST_REF)
    disputed: tuple[str, ...] = attrs.field(default=(), converter=_post_disputed, kw_only=True)
    assumed: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_post_assumed, kw_only=True
    )

    __repr__ = compact_repr

    def __attrs_post_init__(self) -> None:
        if self.reports_to == self.id:
            raise ValidationError.field(
                "reports_to", self.reports_to, f"another post than {self.id!r}"
            )
        if self.id in self.dotted_to:
            raise ValidationError.field(
                "dotted_to", self.dotted_to, f"posts other than {self.id!r}"
            )
        if self.reports_to is not None and self.reports_to in self.dotted_to:
            raise ValidationError.field(
                "dotted_to",
                self.dotted_to,
                f"posts other than the solid-line superior {self.reports_to!r}",
            )

    @property
    def superiors(self) -> tuple[str, ...]:
        """Every post this one reports to: the solid line first, then dotted lines."""
        if self.reports_to is None:
            return self.dotted_to
        if not self.dotted_to:
            return (self.reports_to,)
        return (self.reports_to, *self.dotted_to)

    @property
    def label(self) -> str:
        """The text that shows this post: the title."""
        return self.title

    @property
    def names(self) -> tuple[str, ...]:
        """The names it is found by: the title."""
        return (self.title,)


Item: TypeAlias = Person | Unit | Post

#: The name of each kind of item, as used in messages and change sets.
KIND: dict[type, str] = {Person: "person", Unit: "unit", Post: "post"}

_CLASSES = (Person, Unit, Post)

#: The field names of each kind of item, in declaration order, read from the
#: attrs classes: adding a field to a class adds it everywhere fields are listed.
FIELDS: dict[str, tuple[str, ...]] = {
    KIND[cls]: tuple(field.name for field in attrs.fields(cls)) for cls in _CLASSES
}

#: The fields of each kind that say something about the item (all but the id
#: and the marks): what a file may update, what sources may dispute.
VALUES: dict[str, tuple[str, ...]] = {
    kind: tuple(name for name in names if name not in ("id", "disputed", "assumed"))
    for kind, names in FIELDS.items()
}

#: What may be marked disputed or assumed on each kind: its values, and for a
#: post who holds it.
MARKABLE: dict[str, tuple[str, ...]] = {
    kind: (*values, "holders") if kind == "post" else values for kind, values in VALUES.items()
}

#: The fields of each kind that refer to another item by id, and the kind they
#: refer to (from the fields' ``refers_to`` metadata): what places an item.
REFERENCES: dict[str, dict[str, str]] = {
    KIND[cls]: {
        field.name: field.metadata["refers_to"]
        for field in attrs.fields(cls)
        if "refers_to" in field.metadata
    }
    for cls in _CLASSES
}

_MARKS: dict[str, tuple[Any, Any]] = {
    kind: (names_among("disputed", *names), reasons_for("assumed", *names))
    for kind, names in MARKABLE.items()
}
