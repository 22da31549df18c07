"""The integrity rules of an org, said once: what is wrong with an org, or with a change.

The rules:

- **references resolve**: a unit's parent is a unit; a post's unit is a unit
  and every post it reports to (solid or dotted) is a post; a post that has
  holders is a post, and each holder is a person;
- **no cycles**: unit parents, and reporting lines (solid and dotted
  together), never lead back to where they start;
- **nothing is removed while something refers to it**: a person holding a
  post, a unit with sub-units or posts, a post with holders or with posts
  reporting to it.

:func:`violations` checks a whole org (``Snapshot.build``, merges);
:func:`placing`, :func:`removing` and :func:`appointing` check one change
against an org being changed (the operations). Each answer is a
:class:`Violation`: which item breaks which rule through which field, and
the ids involved, for each caller to phrase (``describe`` and ``reason``
give the library's wording).

>>> from orgchart.items import Unit
>>> [v.describe() for v in violations(units={"a": Unit("a", "A", parent="b")})]
["unit 'a': parent 'b' is not a known unit"]
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Any, Protocol

import attrs

from .items import REFERENCES, Item, Person, Post, Unit
from .walks import cycles

__all__ = [
    "CYCLE",
    "REFERRED",
    "UNKNOWN",
    "Violation",
    "appointing",
    "placing",
    "removing",
    "violations",
]

#: The three rules, as :attr:`Violation.rule` names them.
UNKNOWN = "unknown"
CYCLE = "cycle"
REFERRED = "referred"

#: What each referring field refers to (from the items' field metadata), and
#: who holds a post.
_REFERS_TO = {
    **{name: kind for fields in REFERENCES.values() for name, kind in fields.items()},
    "holders": "person",
}
_CYCLE_OF = {"unit": "unit parents", "post": "reporting lines"}


@attrs.frozen(slots=True)
class Violation:
    """One rule that an item breaks.

    ``kind`` and ``id``: the item (for a holder who is not a person, the
    post). ``field``: the field through which it breaks the rule ("parent",
    "unit", "reports_to", "dotted_to", "holders"; for a removal, what still
    refers to it: "holders", "held", "children", "posts", "reports").
    ``others``: the ids involved (the references that do not resolve; a
    cycle's path, back to its start; what still refers to the item).
    ``rule``: :data:`UNKNOWN`, :data:`CYCLE` or :data:`REFERRED`.
    """

    kind: str
    id: str
    field: str
    others: tuple[str, ...]
    rule: str = UNKNOWN

    @property
    def other_kind(self) -> str:
        """The kind of the ids in ``others``."""
        if self.rule == CYCLE:
            return self.kind
        if self.rule == REFERRED:
            return _REFERRER_KIND[self.field]
        if self.field == "holders" and self.kind == "post" and not self.others:
            return "post"
        return _REFERS_TO[self.field]

    def reason(self) -> str:
        """The broken rule in words, without naming the item (as a change says it)."""
        listed = ", ".join(map(repr, self.others))
        if self.rule == CYCLE and self.kind == "post":
            return f"reporting lines would form a cycle through {self.id!r}"
        if self.rule == CYCLE:
            return f"unit parents would form a cycle: {' -> '.join(self.others)}"
        if self.rule == REFERRED:
            return _REFERRED_WORDS[self.field].format(listed)
        if self.field == "holders":
            return (
                f"{listed} is not a known person"
                if self.others
                else f"{self.id!r} is not a known post"
            )
        return f"{self.field} {listed} is not a known {self.other_kind}"

    def describe(self) -> str:
        """The broken rule in words, naming the item (as a whole org says it)."""
        if self.rule == CYCLE:
            return f"{_CYCLE_OF[self.kind]} form a cycle: {' -> '.join(map(repr, self.others))}"
        if self.field == "holders":
            if not self.others:
                return f"holders: {self.id!r} is not a known post"
            return f"holders of post {self.id!r}: {self.others[0]!r} is not a known person"
        return f"{self.kind} {self.id!r}: {self.reason()}"


_REFERRER_KIND = {
    "held": "post",
    "holders": "person",
    "children": "unit",
    "posts": "post",
    "reports": "post",
}
_REFERRED_WORDS = {
    "held": "they still hold post(s) {}",
    "holders": "it is still held by {}",
    "children": "it still has sub-unit(s) {}",
    "posts": "it still has post(s) {}",
    "reports": "post(s) {} still report to it",
}


def _references(item: Item, units: Container[str], posts: Container[str]) -> Iterator[Violation]:
    """The references of one item that do not resolve, one violation each."""
    if isinstance(item, Unit):
        if item.parent is not None and item.parent not in units:
            yield Violation("unit", item.id, "parent", (item.parent,))
    elif isinstance(item, Post):
        if item.unit not in units:
            yield Violation("post", item.id, "unit", (item.unit,))
        if item.reports_to is not None and item.reports_to not in posts:
            yield Violation("post", item.id, "reports_to", (item.reports_to,))
        for other in item.dotted_to:
            if other not in posts:
                yield Violation("post", item.id, "dotted_to", (other,))


def violations(
    people: Container[str] = (),
    units: Mapping[str, Unit] | None = None,
    posts: Mapping[str, Post] | None = None,
    holders: Mapping[str, Iterable[str]] | None = None,
) -> list[Violation]:
    """Every rule a whole org breaks: references that do not resolve (of units,
    posts and holders), then cycles of unit parents and of reporting lines.

    ``people`` holds the person ids; ``units`` and ``posts`` map ids to items;
    ``holders`` maps post ids to the ids of the people holding them.
    """
    units = units or {}
    posts = posts or {}
    found = [
        v
        for table in (units, posts)
        for item in table.values()
        for v in _references(item, units, posts)
    ]
    for post_id, person_ids in (holders or {}).items():
        if post_id not in posts:
            found.append(Violation("post", post_id, "holders", ()))
            continue
        found.extend(
            Violation("post", post_id, "holders", (person_id,))
            for person_id in person_ids
            if person_id not in people
        )
    for kind, table, edges in (
        ("unit", units, _unit_parents),
        ("post", posts, _superiors),
    ):
        found.extend(
            Violation(kind, cycle[0], _CYCLE_FIELD[kind], cycle, CYCLE)
            for cycle in cycles(table, edges)
        )
    return found


def _unit_parents(unit: Unit) -> tuple[str, ...]:
    return unit.parents


def _superiors(post: Post) -> tuple[str, ...]:
    return post.superiors


_CYCLE_FIELD = {"unit": "parent", "post": "reports_to"}


class _Org(Protocol):
    """What the checks of a change read: an org being changed (an Evolver)."""

    @property
    def people(self) -> Mapping[str, Person]: ...
    @property
    def units(self) -> Mapping[str, Unit]: ...
    @property
    def posts(self) -> Mapping[str, Post]: ...
    def table(self, kind: str) -> Mapping[str, Item]: ...
    def holder_ids(self, post_id: str) -> tuple[str, ...]: ...
    def held_ids(self, person_id: str) -> tuple[str, ...]: ...
    def child_ids(self, unit_id: str) -> tuple[str, ...]: ...
    def post_ids(self, unit_id: str) -> tuple[str, ...]: ...
    def report_ids(self, post_id: str) -> tuple[str, ...]: ...
    def unit_ids_above(self, unit_id: str) -> Iterator[str]: ...
    def post_ids_above(self, post_id: str, *, dotted: bool = False) -> Iterator[str]: ...


def placing(item: Item, org: _Org, before: Item | None = None) -> Violation | None:
    """What is wrong with putting ``item`` in ``org`` (new, or replacing
    ``before``): a reference that does not resolve, or, when the item moves,
    a cycle it would close. None when nothing is.

    Every operation of every history asks this, so it reads the fields
    directly and returns at the first problem (the same checks as
    :func:`violations`, one item at a time).
    """
    if isinstance(item, Post):
        if item.unit not in org.units:
            return Violation("post", item.id, "unit", (item.unit,))
        posts = org.posts
        if item.reports_to is not None and item.reports_to not in posts:
            return Violation("post", item.id, "reports_to", (item.reports_to,))
        for other in item.dotted_to:
            if other not in posts:
                return Violation("post", item.id, "dotted_to", (other,))
        if isinstance(before, Post) and item.superiors != before.superiors:
            for superior in item.superiors:
                if superior == item.id or item.id in org.post_ids_above(superior, dotted=True):
                    return Violation("post", item.id, "reports_to", (item.id, superior), CYCLE)
    elif isinstance(item, Unit):
        parent = item.parent
        if parent is None:
            return None
        if parent not in org.units:
            return Violation("unit", item.id, "parent", (parent,))
        if isinstance(before, Unit) and parent != before.parent:
            # A new item is referred to by nothing yet, so only a move can close a cycle.
            path = [item.id, parent]
            for above in org.unit_ids_above(parent):
                path.append(above)
                if above == item.id:
                    return Violation("unit", item.id, "parent", tuple(path), CYCLE)
    return None


def removing(item: Item, org: _Org) -> Violation | None:
    """What still refers to ``item`` in ``org``, so that it cannot be removed."""
    item_id = item.id
    if isinstance(item, Person):
        checks: tuple[tuple[str, str, Any], ...] = (("person", "held", org.held_ids),)
    elif isinstance(item, Unit):
        checks = (("unit", "children", org.child_ids), ("unit", "posts", org.post_ids))
    else:
        checks = (("post", "holders", org.holder_ids), ("post", "reports", org.report_ids))
    for kind, field, read in checks:
        ids = read(item_id)
        if ids:
            return Violation(kind, item_id, field, tuple(sorted(ids)), REFERRED)
    return None


def appointing(post_id: str, person_id: str, org: _Org) -> Violation | None:
    """What is wrong with appointing ``person_id`` to ``post_id`` in ``org``."""
    if post_id not in org.posts:
        return Violation("post", post_id, "holders", ())
    if person_id not in org.people:
        return Violation("post", post_id, "holders", (person_id,))
    return None
