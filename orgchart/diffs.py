"""The diff engine: the canonical, minimal change set between two snapshots.

:func:`diff` finds what differs (reading only what two snapshots of one
lineage wrote, or comparing them whole) and :func:`canonical` puts it in the
one order that applies; ``History.diff`` folds a history's operations into
the same :class:`Touched` and asks :func:`canonical` too.

>>> import orgchart as oc
>>> a = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
>>> b = oc.Snapshot.build(units=[oc.Unit("g", "Group"), oc.Unit("c", "Cloud", parent="g")])
>>> change = diff(a, b)
>>> change.apply(a) == b and change.invert().apply(b) == a
True
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias

import attrs

from .changes import ChangeSet
from .errors import ValidationError
from .items import Item, Person, Post, Unit
from .model import Snapshot
from .operations import Add, Appoint, Op, Remove, Update, Vacate, holding, transition
from .walks import Levels

__all__ = ["Touched", "canonical", "diff"]

#: What places an item among its kind: the units or posts directly above it.
_UNIT_PARENTS = operator.attrgetter("parents")
_POST_PARENTS = operator.attrgetter("superiors")


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
        return ChangeSet((), before=a, after=b)
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
        return ChangeSet((), before=a, after=b)
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
            vacate.append(holding(True, post, person))
        else:
            appoint.append(holding(False, post, person))

    people_ops: list[Op] = []
    removals: list[Op] = []
    for person_id in sorted(people):
        op = transition(*people[person_id])
        if isinstance(op, Remove):
            removals.append(op)
        else:
            people_ops.append(op)

    read_a, read_b = (a, b) if within is None else (within, within)
    unit_adds, unit_removes = _ordered(read_a.units, read_b.units, units, _UNIT_PARENTS)
    post_adds, post_removes = _ordered(read_a.posts, read_b.posts, posts, _POST_PARENTS)

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
    return ChangeSet(ops, before=a, after=b)


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
        op = transition(old, new)
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
