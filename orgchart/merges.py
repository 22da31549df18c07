"""Three-way merge: two reorganisations drafted from one org, combined.

:func:`merge` takes the org both drafts started from (``base``) and the two
drafts (``ours`` and ``theirs``). People, units and posts are matched by id
and compared field by field, the way version control merges lines and Dolt
merges cells: a field only one side changed takes that side's value; a field
both changed the same way takes it; a field both changed differently is a
:class:`Conflict`. The holders of a post merge as sets: both sides'
appointments and vacancies apply. What each side does may be valid alone
and break a rule together (a reporting cycle, a post in a unit the other
side removed, a person appointed whom the other side removed): every such
break is an ``"invariant"`` conflict, all of them at once.

>>> import orgchart as oc
>>> base = oc.Snapshot.build(
...     people=[oc.Person("ew", "Eddie Wu"), oc.Person("dz", "Daniel Zhang")],
...     units=[oc.Unit("g", "Group"), oc.Unit("c", "Cloud", parent="g")],
...     posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cloud", "President", "c", reports_to="ceo")],
...     holders={"ceo": ["dz"], "cloud": ["dz"]},
... )
>>> ours = oc.ChangeSet([oc.Vacate("cloud", "dz"), oc.Appoint("cloud", "ew")]).apply(base)
>>> renamed = oc.Unit("c", "Cloud Intelligence", parent="g")
>>> theirs = oc.ChangeSet([oc.Update(base.units["c"], renamed)]).apply(base)
>>> merged = oc.merge(base, ours, theirs)
>>> bool(merged), merged.snapshot.units["c"].name
(True, 'Cloud Intelligence')
>>> [p.name for p in merged.snapshot.holders("cloud")]
['Eddie Wu']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .changes import ChangeSet
from .dates import DateLike, PartialDate, parse_date
from .diffs import diff
from .errors import MergeError, ValidationError
from .history import History
from .items import Person, Post, Unit
from .model import Snapshot
from .operations import Appoint, Vacate
from .rules import CYCLE, Violation, violations

__all__ = ["KINDS", "SIDES", "Conflict", "Merge", "merge"]

#: The kinds of conflict, in the order they are listed.
KINDS = ("both-added", "removed-and-changed", "both-changed", "invariant")
#: The two sides a conflict is resolved to.
SIDES = ("ours", "theirs")
#: Each kind of item, and the snapshot's table of them.
_TABLES = {"person": "people", "unit": "units", "post": "posts"}
_ORDER = {kind: i for i, kind in enumerate(KINDS)}


def _value_text(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (Person, Unit, Post)):
        return repr(value.label)
    if isinstance(value, tuple):
        return "(" + ", ".join(map(repr, value)) + ")" if value else "none"
    return repr(value)


@attrs.frozen(slots=True)
class Conflict:
    """Where ``ours`` and ``theirs`` cannot both be taken.

    ``kind`` is one of :data:`KINDS`; ``item`` is ``"person"``, ``"unit"`` or
    ``"post"`` and ``id`` its id; ``field`` the field in question (``None``
    for the whole item; ``"holders"`` for a post's holders); ``base``,
    ``ours`` and ``theirs`` the three values of that field (or item, or
    ``None`` where it does not exist). ``others`` are the other ids the
    conflict involves (the unit a post is in, the person appointed), and
    ``name`` and ``other_names`` how they read.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    item: str = attrs.field(validator=attrs.validators.in_(("person", "unit", "post")))
    id: str
    field: str | None = None
    base: Any = None
    ours: Any = None
    theirs: Any = None
    others: tuple[str, ...] = ()
    name: str = ""
    other_names: tuple[str, ...] = ()
    #: For an invariant: the rule broken, in words.
    rule: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """The conflict's item id, then the other ids it involves."""
        return (self.id, *self.others)

    @property
    def involved(self) -> tuple[tuple[str, str], ...]:
        """Each item the conflict involves, as ``(kind, id)``: its own, then the others."""
        if self.field in ("unit", "parent"):
            other = "unit"
        elif self.field == "holders":
            other = "person"
        else:
            other = self.item
        return ((self.item, self.id), *((other, x) for x in self.others))

    def swapped(self) -> Conflict:
        """The same conflict seen from the other side."""
        return attrs.evolve(self, ours=self.theirs, theirs=self.ours)

    def _sort_key(self) -> tuple[Any, ...]:
        return (_ORDER[self.kind], self.item, self.id, self.field or "", self.others)

    def describe(self) -> str:
        """The conflict in words, with names."""
        what = f"{self.item} {self.name or self.id!r}"
        if self.kind == "both-added":
            return f"both sides add {what}, differently"
        if self.kind == "removed-and-changed":
            remover = "ours" if self.ours is None else "theirs"
            changer = "theirs" if remover == "ours" else "ours"
            return f"{remover} removes {what}, which {changer} changes"
        if self.kind == "both-changed":
            return (
                f"both sides change the {self.field} of {what}: "
                f"{_value_text(self.base)} becomes {_value_text(self.ours)} in ours "
                f"and {_value_text(self.theirs)} in theirs"
            )
        return f"together the two sides break a rule: {self.rule}"

    def __str__(self) -> str:
        return self.describe()


@attrs.frozen(slots=True, eq=False)
class Merge:
    """The result of :func:`merge`: clean (``bool(merge)``) or with conflicts.

    ``snapshot`` is the merged org when clean, else ``None``; ``conflicts``
    lists every conflict; ``changes`` is the change set from ``base`` to the
    merged org (``None`` when not clean). ``ours_changes`` and
    ``theirs_changes`` are what each side did. :meth:`resolve` picks a side
    for conflicts.
    """

    base: Snapshot
    ours: Snapshot
    theirs: Snapshot
    snapshot: Snapshot | None
    conflicts: tuple[Conflict, ...]
    ours_changes: ChangeSet
    theirs_changes: ChangeSet
    #: The sides chosen so far, by (item, id) (see :meth:`resolve`).
    chosen: tuple[tuple[tuple[str, str], str], ...] = ()
    #: The date histories were read on, when they were histories.
    on: PartialDate | None = None

    @property
    def changes(self) -> ChangeSet | None:
        """The change set from ``base`` to the merged org, when clean."""
        if self.snapshot is None:
            return None
        return diff(self.base, self.snapshot)

    def __bool__(self) -> bool:
        return self.snapshot is not None

    def to_text(self) -> str:
        """ "Clean merge: …" or one line per conflict."""
        if self.snapshot is not None:
            change = self.changes
            count = len(change) if change is not None else 0
            return f"clean merge: {count} change{'s' if count != 1 else ''} from the base"
        lines = [f"{len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''}:"]
        lines.extend(f"  {c.kind}: {c.describe()}" for c in self.conflicts)
        return "\n".join(lines)

    def __repr__(self) -> str:
        state = "clean" if self else f"{len(self.conflicts)} conflicts"
        return f"<Merge {state}>"

    def resolve(self, choices: str | Mapping[Any, str]) -> Merge:
        """A clean merge, taking ``"ours"`` or ``"theirs"`` where the sides conflict.

        ``choices`` is one side for every conflict, or a mapping from a
        conflict (the :class:`Conflict`, its index in :attr:`conflicts`, or
        its id) to a side. A conflict's side is taken for every item it
        involves (:attr:`Conflict.ids`), whole. Raises
        :class:`~orgchart.MergeError` when a conflict is left without a
        side, or when the choices still break a rule.
        """
        chosen = dict(self.chosen)
        left = []
        for index, conflict in enumerate(self.conflicts):
            side = _side_for(choices, conflict, index)
            if side is None:
                left.append(conflict)
                continue
            for key in conflict.involved:
                chosen[key] = side
        if left:
            raise MergeError("no side chosen for these conflicts:", left)
        result = _merge(self.base, self.ours, self.theirs, chosen, self.on)
        if not result:
            raise MergeError("the sides chosen still break a rule:", result.conflicts)
        return result


def _side_for(choices: str | Mapping[Any, str], conflict: Conflict, index: int) -> str | None:
    if isinstance(choices, str):
        side: str | None = choices
    elif isinstance(choices, Mapping):
        side = None
        for key in (conflict, index, conflict.id):
            try:
                if key in choices:
                    side = choices[key]
                    break
            except TypeError:  # an unhashable key in the lookup
                continue
    else:
        raise ValidationError.field("choices", choices, "'ours', 'theirs' or a mapping")
    if side is not None and side not in SIDES:
        raise ValidationError.field("choice", side, "'ours' or 'theirs'")
    return side


# ------------------------------------------------------------------ merging


def _snapshot(value: Any, name: str, on: DateLike | None) -> Snapshot:
    if isinstance(value, Snapshot):
        return value
    if isinstance(value, History):
        if on is None:
            raise ValidationError("merging histories needs on= (the date to compare them on)")
        return value.as_of(on)
    raise ValidationError.field(name, value, "a Snapshot or a History")


def _latest(*values: Any) -> Any:
    ends = [v.end for v in values if isinstance(v, History) and v.end is not None]
    return str(max(ends).latest) if ends else "1970-01-01"


def merge(base: Any, ours: Any, theirs: Any, *, on: DateLike | None = None) -> Merge:
    """Merge two orgs drafted from ``base``: see the module's introduction.

    Each argument is a :class:`~orgchart.Snapshot`, or a
    :class:`~orgchart.History` read on ``on`` (default: the last date any
    of the histories reaches), such as two proposals made on one history.
    """
    if on is None and any(isinstance(v, History) for v in (base, ours, theirs)):
        on = _latest(base, ours, theirs)
    day = parse_date(on) if on is not None else None
    return _merge(
        _snapshot(base, "base", day),
        _snapshot(ours, "ours", day),
        _snapshot(theirs, "theirs", day),
        {},
        day,
    )


def _touched(change: ChangeSet) -> tuple[dict[str, set[str]], set[str]]:
    """The item ids a change set touches, by kind, and the posts whose holders it changes."""
    items: dict[str, set[str]] = {"person": set(), "unit": set(), "post": set()}
    posts: set[str] = set()
    for op in change:
        if isinstance(op, (Appoint, Vacate)):
            posts.add(op.post)
        else:
            items[op.kind].add(op.id)
    return items, posts


class _Merger:
    """One merge: the three orgs, the sides chosen, and what comes out."""

    def __init__(
        self, base: Snapshot, ours: Snapshot, theirs: Snapshot, chosen: Mapping[Any, str]
    ) -> None:
        self.sides = {"base": base, "ours": ours, "theirs": theirs}
        self.chosen = chosen
        self.conflicts: list[Conflict] = []

    def display(self, kind: str, item_id: str) -> str:
        """How an item reads: its name in the base, or else the first of its
        names in the two sides (whichever side is which, the same)."""
        table = _TABLES[kind]
        found = getattr(self.sides["base"], table).get(item_id)
        if found is not None:
            return str(found.label)
        names = [
            item.label
            for side in ("ours", "theirs")
            if (item := getattr(self.sides[side], table).get(item_id)) is not None
        ]
        return min(names, default=item_id)

    @staticmethod
    def pick(side: str, ours: Any, theirs: Any) -> Any:
        return ours if side == "ours" else theirs

    def item(self, kind: str, b: Any, o: Any, t: Any, item_id: str) -> Any:
        """The merged item (``None`` for removed), or the base one when in conflict."""
        side = self.chosen.get((kind, item_id))
        if side is not None:
            return self.pick(side, o, t)
        if o == t:
            return o
        if o == b:
            return t
        if t == b:
            return o
        name = self.display(kind, item_id)
        if b is None:
            self.conflicts.append(Conflict("both-added", kind, item_id, None, b, o, t, name=name))
            return None
        if o is None or t is None:
            self.conflicts.append(
                Conflict("removed-and-changed", kind, item_id, None, b, o, t, name=name)
            )
            return b
        values: dict[str, Any] = {}
        taken: dict[str, list[str]] = {"ours": [], "theirs": []}
        clean = True
        for field in attrs.fields(type(b)):
            bf, of, tf = (getattr(x, field.name) for x in (b, o, t))
            if of == tf or tf == bf:
                values[field.name] = of
                if of != bf:
                    taken["ours"].append(field.name)
            elif of == bf:
                values[field.name] = tf
                taken["theirs"].append(field.name)
            else:
                self.conflicts.append(
                    Conflict("both-changed", kind, item_id, field.name, bf, of, tf, name=name)
                )
                values[field.name] = bf
                clean = False
        try:
            return attrs.evolve(b, **values)
        except ValidationError as error:
            # Each side's fields are valid alone, but not together (a post's
            # solid line from one side is among its dotted lines from the other).
            if clean:
                fields = " and ".join(
                    f"{', '.join(taken[side])} from {side}" for side in SIDES if taken[side]
                )
                rule = f"{kind} {name!r} would take {fields}, and then {error}"
                self.conflicts.append(
                    Conflict("invariant", kind, item_id, None, b, o, t, name=name, rule=rule)
                )
            return b

    def run(self, on: PartialDate | None) -> Merge:
        base, ours, theirs = self.sides["base"], self.sides["ours"], self.sides["theirs"]
        ours_changes, theirs_changes = diff(base, ours), diff(base, theirs)
        (o_items, o_posts), (t_items, t_posts) = _touched(ours_changes), _touched(theirs_changes)
        tables: dict[str, dict[str, Any]] = {}
        for kind, table in _TABLES.items():
            merged = dict(getattr(base, table))
            ids = o_items[kind] | t_items[kind]
            ids |= {i for k, i in self.chosen if k == kind}
            for item_id in sorted(ids):
                b, o, t = (getattr(s, table).get(item_id) for s in (base, ours, theirs))
                value = self.item(kind, b, o, t, item_id)
                if value is None:
                    merged.pop(item_id, None)
                else:
                    merged[item_id] = value
            tables[table] = merged
        holders = {post: set(people) for post, people in base.appointments.items()}
        chosen_posts = {i for k, i in self.chosen if k == "post"}
        for post_id in sorted(o_posts | t_posts | chosen_posts):
            b, o, t = (set(s.appointments.get(post_id, ())) for s in (base, ours, theirs))
            side = self.chosen.get(("post", post_id))
            # As sets: what both keep, and what either adds.
            merged_holders = (o & t) | (o - b) | (t - b)
            holders[post_id] = merged_holders if side is None else self.pick(side, o, t)
        self.check(tables, holders)
        conflicts = tuple(sorted(self.conflicts, key=Conflict._sort_key))
        snapshot = None
        if not conflicts:
            snapshot = Snapshot.build(
                people=tables["people"].values(),
                units=tables["units"].values(),
                posts=tables["posts"].values(),
                holders={p: sorted(h) for p, h in holders.items() if h},
            )
        return Merge(
            base,
            ours,
            theirs,
            snapshot,
            conflicts,
            ours_changes,
            theirs_changes,
            tuple(sorted(self.chosen.items())),
            on,
        )

    # ------------------------------------------------------------ the rules

    def field_values(self, kind: str, item_id: str, field: str) -> tuple[Any, Any, Any]:
        table = _TABLES[kind]
        values = []
        for side in ("base", "ours", "theirs"):
            item = getattr(self.sides[side], table).get(item_id)
            if field == "holders":
                values.append(self.sides[side].appointments.get(item_id, ()) if item else None)
            else:
                values.append(getattr(item, field) if item is not None else None)
        return values[0], values[1], values[2]

    def invariant(
        self, kind: str, item_id: str, field: str, others: Iterable[str], rule: str, other_kind: str
    ) -> None:
        others = tuple(others)
        b, o, t = self.field_values(kind, item_id, field)
        self.conflicts.append(
            Conflict(
                "invariant",
                kind,
                item_id,
                field,
                b,
                o,
                t,
                others=others,
                name=self.display(kind, item_id),
                other_names=tuple(self.display(other_kind, x) for x in others),
                rule=rule,
            )
        )

    def touched(self, kind: str, item_id: str) -> bool:
        table = _TABLES[kind]
        values = [getattr(s, table).get(item_id) for s in self.sides.values()]
        return not (values[0] == values[1] == values[2])

    def names(self, kind: str, ids: Iterable[str]) -> str:
        return ", ".join(repr(self.display(kind, x)) for x in ids)

    def check(self, tables: Mapping[str, dict[str, Any]], holders: Mapping[str, set[str]]) -> None:
        """Every rule the merged org breaks (:mod:`orgchart.rules`), as an invariant conflict."""
        held = {post: sorted(ids) for post, ids in sorted(holders.items()) if ids}
        found = violations(tables["people"], tables["units"], tables["posts"], held)
        # One conflict per item and field: a post's missing superiors together
        # (on reports_to when it is among them), a post's unknown holders together.
        grouped: dict[tuple[str, str, str], list[Violation]] = {}
        for violation in found:
            field = "reports_to" if violation.field == "dotted_to" else violation.field
            grouped.setdefault((violation.kind, violation.id, field), []).append(violation)
        removed = "which the other side removes"
        for (kind, item_id, _), group in grouped.items():
            first = group[0]
            others = tuple(dict.fromkeys(x for v in group for x in v.others))
            name = self.names(kind, [item_id])
            if first.rule == CYCLE:
                self.cycle(first)
            elif first.field == "parent":
                rule = f"unit {name} is in unit {self.names('unit', others)}, {removed}"
                self.invariant("unit", item_id, "parent", others, rule, "unit")
            elif first.field == "unit":
                rule = f"post {name} is in unit {self.names('unit', others)}, {removed}"
                self.invariant("post", item_id, "unit", others, rule, "unit")
            elif first.field == "holders" and not first.others:
                appointed = held[item_id]
                rule = f"one side appoints {self.names('person', appointed)} to post {name}, "
                self.invariant("post", item_id, "holders", appointed, rule + removed, "person")
            elif first.field == "holders":
                rule = (
                    f"one side appoints {self.names('person', others)} to post {name}, "
                    "and the other side removes them"
                )
                self.invariant("post", item_id, "holders", others, rule, "person")
            else:
                field = "reports_to" if any(v.field == "reports_to" for v in group) else "dotted_to"
                rule = f"post {name} reports to {self.names('post', others)}, {removed}"
                self.invariant("post", item_id, field, others, rule, "post")

    def cycle(self, violation: Violation) -> None:
        kind, path = violation.kind, violation.others
        ids = list(path[:-1])
        first = next((x for x in ids if self.touched(kind, x)), ids[0])
        others = [x for x in ids if x != first]
        what = "unit parents" if kind == "unit" else "reporting lines"
        text = " -> ".join(repr(self.display(kind, x)) for x in path)
        self.invariant(kind, first, violation.field, others, f"{what} form a cycle: {text}", kind)


def _merge(
    base: Snapshot,
    ours: Snapshot,
    theirs: Snapshot,
    chosen: Mapping[Any, str],
    on: PartialDate | None = None,
) -> Merge:
    return _Merger(base, ours, theirs, chosen).run(on)
