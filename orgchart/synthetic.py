"""Generated histories of realistic shape, for benchmarks and demos.

:func:`history` grows a deep unit tree, fills it with posts in reporting
lines (a head per unit reporting to the head above, staff reporting to their
head, a few dotted lines), staffs most posts, and then writes a steady stream
of dated events: successions, departures, hires, renames, moves of posts
between units and changes of reporting line, units created and dissolved.
The same arguments always give the same history.

>>> from orgchart import synthetic
>>> h = synthetic.history(people=200, events=500, seed=1)
>>> len(h.events), len(h.base.people)
(500, 200)
>>> h == synthetic.history(people=200, events=500, seed=1)
True
"""

from __future__ import annotations

import random
from typing import Any

from .bulk import paused_gc
from .dates import PartialDate, parse_date
from .errors import ValidationError
from .history import History, HistoryBuilder
from .items import Person, Post, Unit
from .model import OrgView, Snapshot
from .operations import Add, Appoint, Op, Remove, Update, Vacate

__all__ = ["history", "snapshot"]

_FIRST = (
    "Ada",
    "Li",
    "Wei",
    "Grace",
    "Jin",
    "Alan",
    "Mei",
    "Ravi",
    "Sofia",
    "Omar",
    "Yuki",
    "Lena",
)
_LAST = ("Zhang", "Wu", "Hopper", "Liu", "Jiang", "Turing", "Chen", "Patel", "Rossi", "Haddad")
_UNIT_KINDS = ("group", "business group", "division", "department", "team")
_STAFF = ("Engineer", "Manager", "Analyst", "Designer", "Lead", "Director", "Researcher")


def _check(name: str, value: Any, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValidationError.field(name, value, f"a whole number >= {minimum}")
    return value


class _Generator:
    def __init__(self, people: int, seed: int, depth: int) -> None:
        self.rng = random.Random(seed)
        self.people = people
        self.depth = depth
        self.next_person = 0
        self.next_unit = 0
        self.next_post = 0

    def person(self) -> Person:
        n = self.next_person
        self.next_person += 1
        first = _FIRST[n % len(_FIRST)]
        last = _LAST[(n // len(_FIRST)) % len(_LAST)]
        return Person(f"p{n}", f"{first} {last} {n}")

    def unit_id(self) -> str:
        self.next_unit += 1
        return f"u{self.next_unit - 1}"

    def post_id(self) -> str:
        self.next_post += 1
        return f"x{self.next_post - 1}"

    def base(self) -> Snapshot:
        rng = self.rng
        units: list[Unit] = []
        posts: list[Post] = []
        heads: dict[str, str] = {}
        target_units = max(1, self.people // 12)
        top = Unit(self.unit_id(), "Group 0", kind=_UNIT_KINDS[0])
        units.append(top)
        frontier = [(top, 1)]
        while len(units) < target_units and frontier:
            parent, level = frontier.pop(0)
            if level >= self.depth:
                continue
            for _ in range(rng.randint(2, 5)):
                if len(units) >= target_units:
                    break
                kind = _UNIT_KINDS[min(level, len(_UNIT_KINDS) - 1)]
                unit = Unit(self.unit_id(), f"{kind.title()} {self.next_unit}", parent.id, kind)
                units.append(unit)
                frontier.append((unit, level + 1))
        by_id = {u.id: u for u in units}
        for unit in units:
            head = self.post_id()
            superior = heads.get(unit.parent) if unit.parent else None
            posts.append(Post(head, "Head", unit.id, reports_to=superior))
            heads[unit.id] = head
        # Staff posts: about 1.1 posts per person, spread over the units.
        staff_total = int(self.people * 1.1) - len(posts)
        for _ in range(max(0, staff_total)):
            unit = units[rng.randrange(len(units))]
            dotted: tuple[str, ...] = ()
            if rng.random() < 0.01 and unit.parent is not None:
                dotted = (heads[by_id[unit.parent].id],)
            posts.append(
                Post(
                    self.post_id(),
                    _STAFF[rng.randrange(len(_STAFF))],
                    unit.id,
                    reports_to=heads[unit.id],
                    dotted_to=tuple(d for d in dotted if d != heads[unit.id]),
                )
            )
        people = [self.person() for _ in range(self.people)]
        holders: dict[str, list[str]] = {}
        # About 90% of posts are held; a few people hold two posts.
        order = list(range(len(posts)))
        rng.shuffle(order)
        person_ids = [p.id for p in people]
        rng.shuffle(person_ids)
        for i, post_index in enumerate(order):
            if rng.random() < 0.1:
                continue
            person = person_ids[i % len(person_ids)]
            holders.setdefault(posts[post_index].id, []).append(person)
        holders = {k: sorted(set(v)) for k, v in holders.items()}
        return Snapshot.build(people, units, posts, holders)


def snapshot(*, people: int = 1000, seed: int = 0, depth: int = 6) -> Snapshot:
    """A generated org of about ``people`` people (no history)."""
    _check("people", people, 1)
    _check("depth", depth, 1)
    return _Generator(people, seed, depth).base()


def history(
    *,
    people: int = 1000,
    events: int = 10_000,
    seed: int = 0,
    start: Any = "2000-01-01",
    years: int = 20,
    depth: int = 6,
) -> History:
    """A generated history: an org of ``people`` people and ``events`` events
    spread over ``years`` years from ``start`` (several on some days).
    """
    _check("people", people, 1)
    _check("events", events, 0)
    _check("years", years, 1)
    _check("depth", depth, 1)
    with paused_gc():
        return _history(people, events, seed, start, years, depth)


def _history(people: int, events: int, seed: int, start: Any, years: int, depth: int) -> History:
    gen = _Generator(people, seed, depth)
    base = gen.base()
    rng = gen.rng
    first = parse_date(start).earliest
    span = years * 365
    offsets = sorted(rng.randrange(span) for _ in range(events))
    builder = HistoryBuilder(base, title=f"Synthetic org ({people} people, seed {seed})")
    state = _State(builder, base, rng, gen)
    dates: dict[int, PartialDate] = {}  # one date object a day, shared by its events
    for offset in offsets:
        date = dates.get(offset)
        if date is None:
            day = first.add(days=offset)
            date = dates[offset] = PartialDate(day.year, day.month, day.day)
        _ops, summary = state.next_event()
        builder.commit(date, summary=summary)
    return builder.finish()


# Cumulative shares of the kinds of event.
_MIX = (
    (0.45, "succession"),
    (0.63, "departure"),
    (0.75, "hire"),
    (0.82, "rename"),
    (0.90, "move_post"),
    (0.95, "change_line"),
    (0.98, "new_unit"),
    (1.00, "dissolve_unit"),
)


def _number(item_id: str) -> int:
    return int(item_id[1:])


class _State:
    """Draws valid events against the org as it stands, applying them as it goes."""

    def __init__(
        self, builder: HistoryBuilder, base: Snapshot, rng: random.Random, gen: _Generator
    ) -> None:
        self.builder = builder
        self.rng = rng
        self.gen = gen
        # Sampling lists, in a fixed order; stale entries are dropped when drawn.
        self.post_ids = sorted(base.posts, key=_number)
        self.person_ids = sorted(base.people, key=_number)
        self.unit_ids = sorted(base.units, key=_number)
        self.renames = 0

    @property
    def w(self) -> OrgView:
        """The org so far."""
        return self.builder.org

    def apply(self, ops: list[Op]) -> list[Op]:
        for op in ops:
            self.builder.apply(op)
        return ops

    def pick(self, ids: list[str], table: Any) -> str | None:
        for _ in range(20):
            if not ids:
                return None
            i = self.rng.randrange(len(ids))
            candidate = ids[i]
            if candidate in table:
                return candidate
            ids[i] = ids[-1]
            ids.pop()
        return None

    def free_person(self) -> str | None:
        for _ in range(10):
            person = self.pick(self.person_ids, self.w.people)
            if person is not None and not self.w.held_ids(person):
                return person
        return None

    def next_event(self) -> tuple[list[Op], str]:
        """Draw a kind of event by its share; when the org offers no way to make
        it (nobody free, no dissolvable unit...), try the kinds after it."""
        roll = self.rng.random()
        for threshold, kind in _MIX:
            if roll < threshold:
                result = getattr(self, kind)()
                if result is not None:
                    return result
        return self.hire()  # always possible

    def succession(self) -> tuple[list[Op], str] | None:
        w = self.w
        post = self.pick(self.post_ids, w.posts)
        if post is None:
            return None
        ops: list[Op] = [Vacate(post, p) for p in sorted(w.holder_ids(post))]
        newcomer = self.free_person()
        if newcomer is None:  # nobody free: hire from outside
            person = self.gen.person()
            ops.append(Add(person))
            self.person_ids.append(person.id)
            newcomer = person.id
        ops.append(Appoint(post, newcomer))
        return self.apply(ops), f"{newcomer} takes over post {post}"

    def departure(self) -> tuple[list[Op], str] | None:
        w = self.w
        person = self.pick(self.person_ids, w.people)
        if person is None or len(w.people) < self.gen.people * 9 // 10:
            return None
        ops: list[Op] = [Vacate(post, person) for post in sorted(w.held_ids(person))]
        ops.append(Remove(w.people[person]))
        return self.apply(ops), f"{person} leaves"

    def hire(self) -> tuple[list[Op], str]:
        w = self.w
        person = self.gen.person()
        ops: list[Op] = [Add(person)]
        post = self.pick(self.post_ids, w.posts)
        if post is not None and not w.holder_ids(post):
            ops.append(Appoint(post, person.id))
        self.person_ids.append(person.id)
        return self.apply(ops), f"{person.name} joins"

    def rename(self) -> tuple[list[Op], str] | None:
        w = self.w
        self.renames += 1
        if self.rng.random() < 0.5:
            unit_id = self.pick(self.unit_ids, w.units)
            if unit_id is None:
                return None
            unit = w.units[unit_id]
            after = Unit(
                unit.id, f"{unit.name.split(' (')[0]} ({self.renames})", unit.parent, unit.kind
            )
            return self.apply([Update(unit, after)]), f"unit {unit_id} renamed"
        post_id = self.pick(self.post_ids, w.posts)
        if post_id is None:
            return None
        post = w.posts[post_id]
        title = f"Senior {post.title}" if not post.title.startswith("Senior") else post.title[7:]
        retitled = Post(post.id, title, post.unit, post.reports_to, post.dotted_to)
        return self.apply([Update(post, retitled)]), f"post {post_id} retitled"

    def _head(self, unit_id: str) -> str | None:
        """The post of a unit that reports to nothing inside the unit."""
        w = self.w
        for post_id in sorted(w.post_ids(unit_id)):
            post = w.posts[post_id]
            if post.reports_to is None or w.posts[post.reports_to].unit != unit_id:
                return post_id
        return None

    def _above(self, post_id: str, target: str) -> bool:
        """Is ``target`` at or above ``post_id``'s line (would linking close a cycle)?"""
        return target == post_id or post_id in self.w.post_ids_above(target, dotted=True)

    def move_post(self) -> tuple[list[Op], str] | None:
        w = self.w
        post_id = self.pick(self.post_ids, w.posts)
        unit_id = self.pick(self.unit_ids, w.units)
        if post_id is None or unit_id is None or w.report_ids(post_id):
            return None
        head = self._head(unit_id)
        if head is None or head == post_id or self._above(post_id, head):
            return None
        post = w.posts[post_id]
        dotted = tuple(d for d in post.dotted_to if d != head)
        after = Post(post.id, post.title, unit_id, head, dotted)
        if after == post:
            return None
        return self.apply([Update(post, after)]), f"post {post_id} moves to unit {unit_id}"

    def change_line(self) -> tuple[list[Op], str] | None:
        w = self.w
        post_id = self.pick(self.post_ids, w.posts)
        if post_id is None:
            return None
        post = w.posts[post_id]
        head = self._head(post.unit)
        if head is None or head == post_id:
            return None
        # Report to the unit's head or to one of its direct reports (a team
        # lead), so reporting chains stay as short as in real organisations.
        leads = [p for p in w.report_ids(head) if w.posts[p].unit == post.unit]
        candidates = [head, *leads]
        target = candidates[self.rng.randrange(len(candidates))]
        if target == post.reports_to or target == post_id or self._above(post_id, target):
            return None
        if w.posts[target].reports_to != head and target != head:
            return None
        dotted = tuple(d for d in post.dotted_to if d != target)
        after = Post(post.id, post.title, post.unit, target, dotted)
        return self.apply([Update(post, after)]), f"post {post_id} now reports to {target}"

    def new_unit(self) -> tuple[list[Op], str] | None:
        w = self.w
        parent = self.pick(self.unit_ids, w.units)
        if parent is None:
            return None
        unit = Unit(self.gen.unit_id(), f"Team {self.gen.next_unit}", parent, "team")
        ops: list[Op] = [Add(unit)]
        head = Post(self.gen.post_id(), "Head", unit.id, reports_to=self._head(parent))
        ops.append(Add(head))
        newcomer = self.free_person()
        self.apply(ops)
        if newcomer is not None:
            self.apply([Appoint(head.id, newcomer)])
            ops.append(Appoint(head.id, newcomer))
        self.unit_ids.append(unit.id)
        self.post_ids.append(head.id)
        return ops, f"unit {unit.id} created"

    def dissolve_unit(self) -> tuple[list[Op], str] | None:
        w = self.w
        unit_id = self.pick(self.unit_ids, w.units)
        if unit_id is None or w.child_ids(unit_id) or w.units[unit_id].parent is None:
            return None
        posts = sorted(w.post_ids(unit_id))
        if len(posts) > 3:
            return None
        # Remove from the bottom of the reporting lines up.
        ops: list[Op] = []
        remaining = set(posts)
        while remaining:
            leaves = sorted(p for p in remaining if not w.report_ids(p))
            if not leaves:
                return None if not ops else (ops, f"unit {unit_id} partly dissolved")
            for post_id in leaves:
                step: list[Op] = [Vacate(post_id, p) for p in sorted(w.holder_ids(post_id))]
                step.append(Remove(w.posts[post_id]))
                ops.extend(self.apply(step))
                remaining.discard(post_id)
        ops.extend(self.apply([Remove(w.units[unit_id])]))
        return ops, f"unit {unit_id} dissolved"
