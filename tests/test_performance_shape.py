"""What ``History.as_of`` and ``History.diff`` answer, and how much work they do.

First the law, which says nothing of how the answer is reached: the org on a
date is the base with the events effective by then applied one by one with
``ChangeSet.apply``, and with ``known_at`` the same over the events known by
then. It is a hypothesis property over ``orgchart.strategies.histories()``.

Then the shape tests (``test_shape_*``): tests of the implementation, not of
the API. They re-derive the checkpoint arithmetic of ``History._snapshot_at``
(a checkpoint every ``CHECKPOINT_EVERY`` events, a replay from the nearer of
the two around a date) and count the operations replayed or folded instead
of timing them, so a slow machine cannot make them flaky. When the storage
changes, they change with it; the law does not.
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import diffs, synthetic
from orgchart import strategies as ocst

# ------------------------------------------------------------------ the law


@st.composite
def histories_and_days(draw):
    """A history of ``orgchart.strategies.histories()``, kept again with a
    checkpoint every 1 to 4 events (or the default), a day to ask about and a
    day the record stood on: often a day on which an event takes effect or is
    announced, or the day before."""
    drawn = draw(ocst.histories(max_events=10))
    every = draw(st.sampled_from((1, 2, 3, 4, oc.History.CHECKPOINT_EVERY)))
    kind = type("Checkpointed", (oc.History,), {"CHECKPOINT_EVERY": every, "__slots__": ()})
    history = kind(drawn.base, drawn.events, drawn.sources or None, title=drawn.title)
    anywhere = ocst.dates().map(_first_day)
    days = {day for event in history.events for day in (event.day, _known_day(event))}
    near = sorted(day + step for day in days for step in (-1, 0))
    if near:
        anywhere |= st.sampled_from(near).map(datetime.date.fromordinal)
    return history, draw(anywhere), draw(anywhere)


def _first_day(date) -> datetime.date:
    """A partial date counts as its first day."""
    return datetime.date.fromordinal(date.earliest.toordinal())


def _known_day(event) -> int:
    """The day an event became known: the first day of its announced date, or
    else the day it takes effect (``event.day``)."""
    if event.announced is None:
        return event.day
    return _first_day(event.announced).toordinal()


def _applied_one_by_one(history, day: datetime.date, known: datetime.date | None = None):
    """The org on ``day`` the slow way: the base, then every event effective on
    or before ``day`` (and, with ``known``, announced on or before it; an event
    with no announced date is announced on the day it takes effect) applied in
    turn with ``ChangeSet.apply``."""
    org = history.base
    for event in history.events:
        if event.day <= day.toordinal() and (
            known is None or _known_day(event) <= known.toordinal()
        ):
            org = event.changes.apply(org)
    return org


@given(histories_and_days(), st.booleans())
def test_as_of_is_the_base_with_the_events_up_to_the_date_applied_one_by_one(case, as_text):
    history, day, known = case
    asked = day.isoformat() if as_text else day
    assert history.as_of(asked) == _applied_one_by_one(history, day)
    # Leaving out the events not yet known can leave a later one without what
    # it changes: then as_of says so, as applying them by hand does.
    try:
        expected = _applied_one_by_one(history, day, known)
    except oc.ConflictError:
        with pytest.raises(oc.ConflictError):
            history.as_of(asked, known_at=known)
    else:
        assert history.as_of(asked, known_at=known) == expected


# ------------------------------------------------------- the shape of the work


@pytest.fixture(scope="module")
def large():
    return synthetic.history(people=2_000, events=20_000, seed=7)


def test_shape_as_of_replays_at_most_half_a_checkpoint_interval(large, applied):
    every = oc.History.CHECKPOINT_EVERY
    days = [e.date for e in large.events]
    backwards = 0
    for i in range(0, len(days), 97):
        count = large._index(days[i])
        start = (count // every) * every
        end = min(start + every, len(days))
        # From the checkpoint before, or back from the one after (or the latest).
        backward = end - count < count - start
        nearer = large.events[count:end] if backward else large.events[start:count]
        backwards += backward
        applied["ops"] = 0
        large.as_of(days[i])
        assert applied["ops"] == sum(len(e.changes) for e in nearer)
        assert len(nearer) <= every // 2
    assert backwards > 0


def test_shape_history_diff_touches_only_the_events_in_its_window(large, applied, monkeypatch):
    seen = []
    original = diffs.Touched.folding.__func__

    def recording(cls, ops):
        ops = tuple(ops)
        seen.append(ops)
        return original(cls, ops)

    monkeypatch.setattr(diffs.Touched, "folding", classmethod(recording))
    days = [e.date for e in large.events]
    d1, d2 = days[5_000], days[6_000]
    change = large.diff(d1, d2)
    (folded,) = seen
    window = large.events_between(d1, d2)
    assert folded == tuple(op for event in window for op in event.changes)
    assert 990 <= len(window) <= 1_010
    # Building the two ends replays less than two checkpoint intervals.
    assert applied["ops"] < 2 * oc.History.CHECKPOINT_EVERY * 4
    assert change == oc.diff(large.as_of(d1), large.as_of(d2))


def test_shape_diff_of_snapshots_of_one_history_reads_only_what_changed_between_them(large):
    days = [e.date for e in large.events]
    for i, j in ((100, 1_100), (5_000, 5_010), (19_000, 12_000), (7_000, 7_000)):
        a, b = large.as_of(days[i]), large.as_of(days[j])
        keys = a.changed_since(b)
        assert keys is not None
        # Every id that differs is among the keys, and the keys follow the
        # events between the two dates, not the size of the org.
        full = diffs.Touched.between(a, b)
        people, units, posts, holders = keys
        assert set(full.people) <= people and set(full.units) <= units
        assert set(full.posts) <= posts and {post for post, _ in full.holdings} <= holders
        low, high = sorted((large._index(days[i]), large._index(days[j])))
        ops = sum(len(e.changes) for e in large.events[low:high])
        written = len(people) + len(units) + len(posts) + len(holders)
        assert written <= 2 * (ops + 2 * 64 * 4)
        assert oc.diff(a, b) == diffs.canonical(a, b, full) == large.diff(days[i], days[j])


def test_shape_diff_reads_everything_when_the_lineage_is_gone_or_too_long(large):
    days = [e.date for e in large.events]
    a, b = large.as_of(days[100]), large.as_of(days[19_000])
    assert a.changed_since(b, at_most=1_000) is None
    assert oc.diff(a, b) == large.diff(days[100], days[19_000])
    # A built snapshot has no lineage; one evolved from it remembers what it wrote.
    org = synthetic.snapshot(people=50, seed=3)
    person = next(iter(org.people.values()))
    renamed = org.evolver()
    renamed.put(oc.Person(person.id, person.name + " Jr"))
    later = renamed.finish()
    assert later.changed_since(org) == ({person.id}, set(), set(), set())
    copy = oc.Snapshot.build(
        org.people.values(), org.units.values(), org.posts.values(), org.appointments
    )
    assert copy == org and copy.changed_since(later) is None
    assert oc.diff(copy, later) == oc.diff(org, later)
    # Evolved through a snapshot that no longer exists: nothing to follow.
    middle = renamed_again = later.evolver()
    renamed_again.put(oc.Person(person.id, person.name + " Sr"))
    gone = middle.finish()
    last = gone.evolver()
    last.vacate(*next((post, ids[0]) for post, ids in org.appointments.items()))
    latest = last.finish()
    assert latest.changed_since(later) is not None
    del gone, middle, renamed_again
    assert latest.changed_since(later) is None
    assert oc.diff(later, latest) == diffs.canonical(
        later, latest, diffs.Touched.between(later, latest)
    )


def test_shape_history_diff_makes_its_two_ends_only_when_asked(large, applied):
    days = [e.date for e in large.events]
    d1, d2 = days[3_000], days[4_000]
    applied["ops"] = 0
    change = large.diff(d1, d2)
    assert applied["ops"] == 0  # a checkpoint inside the window was read instead
    assert change.before == large.as_of(d1) and change.after == large.as_of(d2)
    assert applied["ops"] > 0
    back = large.diff(d2, d1)
    assert back == change.invert() and back.before == change.after
    assert change == oc.diff(large.as_of(d1), large.as_of(d2))
    # A window with no checkpoint inside reads its two ends.
    every = oc.History.CHECKPOINT_EVERY
    first = (large._index(d1) // every) * every + 1
    short = large.diff(days[first], days[first + 10])
    assert short == oc.diff(large.as_of(days[first]), large.as_of(days[first + 10]))
