"""Change sets in words: successions, moves and renames, with names.

>>> import orgchart as oc
>>> org = oc.Snapshot.build(
...     people=[oc.Person("dz", "Daniel Zhang"), oc.Person("ew", "Eddie Wu")],
...     units=[oc.Unit("g", "Alibaba Group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
...     holders={"ceo": ["dz"]},
... )
>>> change = oc.ChangeSet([oc.Vacate("ceo", "dz"), oc.Appoint("ceo", "ew")], before=org)
>>> sentences(change)
['Eddie Wu succeeds Daniel Zhang as Chief Executive Officer, Alibaba Group']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .items import Item, Person, Post, Unit
from .operations import Add, Appoint, Op, Remove, Update, Vacate, subject

if TYPE_CHECKING:
    from .changes import ChangeSet

__all__ = ["Names", "sentences"]


class Names:
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
    names = Names(change)
    order: dict[tuple[str, ...], int] = {}
    for n, event in enumerate(change.events):
        for op in event.changes:
            order[subject(op)] = n
    out: list[tuple[int, int, int, str]] = []  # (event, rank, position, sentence)

    def say(op: Op, text: str) -> None:
        # Within an event: what is created, then who moves, then renames, then removals.
        rank = _RANKS.get((type(op), op.kind), 3)
        out.append((order.get(subject(op), -1), rank, len(out), text))

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


def _unit_sentence(op: Any, names: Names) -> str:
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


def _post_sentence(op: Any, names: Names) -> str:
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
