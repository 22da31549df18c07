"""History against a plain-dict model, as a hypothesis state machine.

Each step appends an event (on or after the last date, or earlier: then it is
inserted in date order and every later event must still fit), or adds
sources. The model keeps the events as plain tuples and applies their
operations to plain dicts itself; the library only supplies the base snapshot
and the change sets to try (``oc.strategies.change_sets``). After every step,
``History.as_of`` must agree with the model on every date that matters.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import orgchart as oc

FIRST_DAY = dt.date(2020, 1, 1)
ONE_DAY = dt.timedelta(days=1)
TABLES = {oc.Person: "people", oc.Unit: "units", oc.Post: "posts"}


# ------------------------------------------------------------------ the model


class ModelConflict(Exception):
    """The model's own verdict: ``op`` does not fit the state."""

    def __init__(self, op):
        super().__init__(repr(op))
        self.op = op


def state_of(snapshot):
    """A snapshot as plain dicts (what the model is compared with)."""
    return {
        "people": dict(snapshot.people),
        "units": dict(snapshot.units),
        "posts": dict(snapshot.posts),
        "holders": {post: frozenset(ids) for post, ids in snapshot.appointments.items()},
    }


def to_snapshot(state):
    """The model state as a Snapshot, only to draw change sets for it."""
    return oc.Snapshot.build(
        people=state["people"].values(),
        units=state["units"].values(),
        posts=state["posts"].values(),
        holders={post: sorted(ids) for post, ids in state["holders"].items()},
    )


def superiors(post):
    return [p for p in (post.reports_to, *post.dotted_to) if p is not None]


def refers_to_missing(state, item):
    if isinstance(item, oc.Unit):
        return item.parent is not None and item.parent not in state["units"]
    if isinstance(item, oc.Post):
        return item.unit not in state["units"] or any(
            p not in state["posts"] for p in superiors(item)
        )
    return False


def is_referred_to(state, item):
    if isinstance(item, oc.Person):
        return any(item.id in ids for ids in state["holders"].values())
    if isinstance(item, oc.Unit):
        return any(u.parent == item.id for u in state["units"].values()) or any(
            p.unit == item.id for p in state["posts"].values()
        )
    return item.id in state["holders"] or any(
        item.id in superiors(p) for p in state["posts"].values()
    )


def closes_a_cycle(state, item):
    """Would ``item`` (a new value of an existing unit or post) reach itself upwards?"""
    if isinstance(item, oc.Person):
        return False
    if isinstance(item, oc.Unit):
        table, up = state["units"], lambda u: [u.parent] if u.parent is not None else []
    else:
        table, up = state["posts"], superiors
    seen, stack = set(), up(item)
    while stack:
        current = stack.pop()
        if current == item.id:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(up(table[current]))
    return False


def apply_op(state, op):
    """Apply one operation to the (already copied) dicts, or raise ModelConflict."""
    people, posts, holders = state["people"], state["posts"], state["holders"]
    if isinstance(op, oc.Add):
        table = state[TABLES[type(op.item)]]
        if op.item.id in table or refers_to_missing(state, op.item):
            raise ModelConflict(op)
        table[op.item.id] = op.item
    elif isinstance(op, oc.Remove):
        table = state[TABLES[type(op.item)]]
        if table.get(op.item.id) != op.item or is_referred_to(state, op.item):
            raise ModelConflict(op)
        del table[op.item.id]
    elif isinstance(op, oc.Update):
        table = state[TABLES[type(op.before)]]
        if (
            table.get(op.before.id) != op.before
            or refers_to_missing(state, op.after)
            or closes_a_cycle(state, op.after)
        ):
            raise ModelConflict(op)
        table[op.after.id] = op.after
    elif isinstance(op, oc.Appoint):
        if op.post not in posts or op.person not in people or op.person in holders.get(op.post, ()):
            raise ModelConflict(op)
        holders[op.post] = holders.get(op.post, frozenset()) | {op.person}
    elif isinstance(op, oc.Vacate):
        if op.person not in holders.get(op.post, ()):
            raise ModelConflict(op)
        rest = holders[op.post] - {op.person}
        if rest:
            holders[op.post] = rest
        else:
            del holders[op.post]
    else:  # pragma: no cover - every kind of operation is handled above
        raise AssertionError(f"unknown operation {op!r}")


def apply_ops(state, ops):
    new = {name: dict(table) for name, table in state.items()}
    for op in ops:
        apply_op(new, op)
    return new


def replay(base, events):
    """The state after each event (events: (day, ops, sources) in history order)."""
    states, state = [], base
    for _, ops, _ in events:
        state = apply_ops(state, ops)
        states.append(state)
    return states


def new_sources(count):
    """Source entries with ids unseen so far: numbered on from ``count``."""
    entry = st.tuples(
        oc.strategies.ids(),
        oc.strategies.names(),
        st.none() | oc.strategies.names(),
        st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)),
    )
    return st.lists(entry, min_size=1, max_size=3).map(
        lambda entries: [
            oc.Source(f"s{count + n}-{tag}", title, publisher=publisher, date=date)
            for n, (tag, title, publisher, date) in enumerate(entries)
        ]
    )


# ------------------------------------------------------------ the machine


class HistoryMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.history = None
        self.base = None
        self.events = []  # (day, ops, source ids), in the order the history keeps them
        self.states = []  # the state after each event
        self.sources = {}

    @initialize(base=oc.strategies.snapshots(max_people=4, max_units=3, max_posts=4))
    def start(self, base):
        self.history = oc.History(base)
        self.base = state_of(base)

    # -------------------------------------------------------------- reading

    def state_on(self, day):
        count = sum(1 for d, _, _ in self.events if d <= day)
        return self.states[count - 1] if count else self.base

    def days_to_check(self):
        days = sorted({d for d, _, _ in self.events})
        if not days:
            return [FIRST_DAY - ONE_DAY, FIRST_DAY]
        return [days[0] - ONE_DAY, *days, days[-1] + ONE_DAY]

    def draw_event(self, data, day, state):
        changes = data.draw(oc.strategies.change_sets(to_snapshot(state), max_size=4))
        cited = ()
        if self.sources:
            cited = tuple(
                data.draw(st.lists(st.sampled_from(sorted(self.sources)), unique=True, max_size=2))
            )
        announced = data.draw(st.none() | st.integers(-30, 30).map(lambda n: day + n * ONE_DAY))
        return oc.Event(
            day.isoformat(),
            changes,
            summary=data.draw(st.just("") | oc.strategies.names()),
            sources=cited,
            announced=announced,
        )

    # ---------------------------------------------------------------- rules

    @rule(data=st.data())
    def append_event(self, data):
        last = self.events[-1][0] if self.events else FIRST_DAY
        # Often on the same date as the last event: same-date events keep their order.
        day = last + data.draw(st.just(0) | st.integers(1, 60)) * ONE_DAY
        state = self.state_on(day)
        new = self.draw_event(data, day, state)
        ops = tuple(new.changes)
        expected = apply_ops(state, ops)  # drawn for this state, so it must fit
        self.history = self.history.append(new)
        self.events.append((day, ops, new.sources))
        self.states.append(expected)

    @rule(data=st.data())
    def insert_earlier_event(self, data):
        # (No precondition: a rule that cannot run makes hypothesis retry draws.)
        if not self.events:
            return
        first, last = self.events[0][0], self.events[-1][0]
        earlier = sorted({d for d, _, _ in self.events if d < last})
        any_day = st.integers((first - last).days - 5, -1).map(lambda n: last + n * ONE_DAY)
        day = data.draw(st.sampled_from(earlier) | any_day if earlier else any_day)
        new = self.draw_event(data, day, self.state_on(day))
        ops = tuple(new.changes)
        # Placed after every event of its day or before, as the history places it.
        position = sum(1 for d, _, _ in self.events if d <= day)
        events = [*self.events[:position], (day, ops, new.sources), *self.events[position:]]
        try:
            states = replay(self.base, events)
        except ModelConflict as conflict:
            event("an earlier event that does not fit")
            before = self.history
            with pytest.raises(oc.ConflictError) as info:
                self.history.append(new)
            assert info.value.op == conflict.op
            assert self.history is before  # nothing changed, the model neither
            return
        event("an earlier event that fits")
        self.history = self.history.append(new)
        self.events, self.states = events, states

    @rule(data=st.data())
    def add_sources(self, data):
        entries = data.draw(new_sources(len(self.sources)))
        as_mapping = data.draw(st.booleans())
        before = self.history
        self.history = before.with_sources({s.id: s for s in entries} if as_mapping else entries)
        self.sources.update((s.id, s) for s in entries)
        assert self.history.events == before.events
        assert self.history.base == before.base
        assert before.sources != self.history.sources

    @rule(data=st.data())
    def diff_between_dates(self, data):
        days = st.sampled_from(self.days_to_check())
        d1, d2 = data.draw(days), data.draw(days)
        for a, b in ((d1, d2), (d2, d1)):
            expected = oc.diff(self.history.as_of(a), self.history.as_of(b))
            assert self.history.diff(a, b) == expected

    @rule(format=st.sampled_from(["yaml", "json"]))
    def round_trip(self, format):
        text = oc.dumps(self.history, format=format)
        assert oc.loads(text, format=format) == self.history

    # ----------------------------------------------------------- invariants

    @invariant()
    def as_of_agrees_with_the_model(self):
        for day in self.days_to_check():
            assert state_of(self.history.as_of(day)) == self.state_on(day), day
        assert state_of(self.history.latest) == (self.states[-1] if self.states else self.base)

    @invariant()
    def events_and_sources_agree_with_the_model(self):
        kept = [(str(e.date), tuple(e.changes), e.sources) for e in self.history.events]
        assert kept == [(d.isoformat(), ops, cited) for d, ops, cited in self.events]
        assert dict(self.history.sources) == self.sources


HistoryMachine.TestCase.settings = settings(
    # The profile's count (200 in CI, 20 with HYPOTHESIS_PROFILE=dev), capped:
    # each example is a whole run of steps.
    max_examples=min(settings.default.max_examples, 200),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestHistory = HistoryMachine.TestCase
