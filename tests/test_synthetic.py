"""Generated histories: valid, reproducible, of the asked size and realistic mix."""

from collections import Counter

import pytest

import orgchart as oc
from orgchart import synthetic


@pytest.fixture(scope="module")
def generated():
    return synthetic.history(people=300, events=2000, seed=3)


def test_sizes_and_reproducibility(generated):
    assert len(generated.events) == 2000
    assert len(generated.base.people) == 300
    assert generated == synthetic.history(people=300, events=2000, seed=3)
    assert generated != synthetic.history(people=300, events=2000, seed=4)


def test_dates_spread_over_the_years(generated):
    years = Counter(e.date.year for e in generated.events)
    assert min(years) == 2000 and max(years) == 2019
    assert len(years) == 20


def test_a_deep_unit_tree_with_reporting_lines(generated):
    org = generated.base
    assert max(len(org.unit_path(u)) for u in org.units) >= 4
    assert sum(1 for p in org.posts.values() if p.reports_to) > len(org.posts) * 0.9
    assert any(not org.holders(p) for p in org.posts)


def test_every_kind_of_change_happens(generated):
    kinds = Counter()
    for event in generated.events:
        for op in event.changes:
            kinds[(type(op).__name__, getattr(op, "kind", ""))] += 1
    for kind in [
        ("Appoint", "appointment"),
        ("Vacate", "appointment"),
        ("Add", "person"),
        ("Remove", "person"),
        ("Update", "unit"),
        ("Update", "post"),
        ("Add", "unit"),
        ("Remove", "unit"),
        ("Remove", "post"),
    ]:
        assert kinds[kind] > 0, kind


def test_the_laws_hold_on_a_generated_history(generated):
    days = [e.date for e in generated.events]
    for d1, d2 in [(days[10], days[900]), (days[1500], days[100]), (days[0], days[-1])]:
        assert generated.diff(d1, d2) == oc.diff(generated.as_of(d1), generated.as_of(d2))
    assert oc.loads(oc.dumps(generated, format="json"), format="json") == generated


@pytest.mark.parametrize("kwargs", [{"people": 0}, {"events": -1}, {"years": 0}, {"depth": "deep"}])
def test_bad_arguments(kwargs):
    with pytest.raises(oc.ValidationError):
        synthetic.history(**kwargs)
