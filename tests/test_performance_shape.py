"""The shape of the work (not its speed): as_of replays at most one checkpoint
interval of events, and History.diff folds only the events in its window."""

import pytest

import orgchart as oc
from orgchart import synthetic


@pytest.fixture(scope="module")
def large():
    return synthetic.history(people=2_000, events=20_000, seed=7)


def test_as_of_replays_at_most_one_checkpoint_interval(large, applied):
    every = oc.History.CHECKPOINT_EVERY
    days = [e.date for e in large.events]
    for i in range(0, len(days), 997):
        count = large._index(days[i])
        start = (count // every) * every
        expected = sum(len(e.changes) for e in large.events[start:count])
        applied["ops"] = 0
        large.as_of(days[i])
        assert applied["ops"] == expected
        assert count - start < every


def test_history_diff_touches_only_the_events_in_its_window(large, applied, monkeypatch):
    seen = []
    original = oc.changes.Touched.folding.__func__

    def recording(cls, ops):
        ops = tuple(ops)
        seen.append(ops)
        return original(cls, ops)

    monkeypatch.setattr(oc.changes.Touched, "folding", classmethod(recording))
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
