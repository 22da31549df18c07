"""orgchart.strategies draws valid and varied data."""

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import orgchart as oc
from orgchart import strategies as ocst

# Finding an example is enough; shrinking it would only cost time.
search = settings(max_examples=2000, database=None, phases=[Phase.generate])


def unit_depth(org, unit_id):
    return len(org.unit_path(unit_id))


@pytest.mark.parametrize(
    ("what", "condition"),
    [
        ("a vacant post", lambda s: any(not s.holders(p) for p in s.posts)),
        ("a co-held post", lambda s: any(len(s.holders(p)) >= 2 for p in s.posts)),
        ("a person with several posts", lambda s: any(len(s.posts_held(p)) >= 2 for p in s.people)),
        ("a unit tree four deep", lambda s: any(unit_depth(s, u) >= 4 for u in s.units)),
        ("a reporting chain", lambda s: any(p.reports_to for p in s.posts.values())),
        ("a dotted line", lambda s: any(p.dotted_to for p in s.posts.values())),
        ("a non-ASCII name", lambda s: any(not p.name.isascii() for p in s.people.values())),
        ("an alias", lambda s: any(p.aliases for p in s.people.values())),
    ],
)
def test_snapshots_are_varied(what, condition):
    assert find(ocst.snapshots(), condition, settings=search) is not None, what


@pytest.mark.parametrize(
    "kind",
    [
        ("Add", oc.Person),
        ("Add", oc.Unit),
        ("Add", oc.Post),
        ("Remove", oc.Person),
        ("Remove", oc.Unit),
        ("Remove", oc.Post),
        ("Update", oc.Person),
        ("Update", oc.Unit),
        ("Update", oc.Post),
        ("Appoint", None),
        ("Vacate", None),
    ],
)
def test_change_sets_use_every_kind_of_operation(kind):
    name, item_type = kind

    def has_kind(pair):
        _, change = pair
        for op in change:
            if type(op).__name__ != name:
                continue
            item = getattr(op, "item", None) or getattr(op, "before", None)
            if item_type is None or isinstance(item, item_type):
                return True
        return False

    pairs = ocst.snapshots().flatmap(lambda s: st.tuples(st.just(s), ocst.change_sets(s)))
    assert find(pairs, has_kind, settings=search)


def test_change_sets_move_units_and_posts():
    pairs = ocst.snapshots().flatmap(lambda s: st.tuples(st.just(s), ocst.change_sets(s)))
    assert find(
        pairs, lambda p: any(isinstance(o, oc.Update) and o.moved for o in p[1]), settings=search
    )


@given(
    ocst.snapshots(min_people=2, max_people=3, min_units=2, max_units=2, min_posts=1, max_posts=2)
)
def test_sizes_are_respected(org):
    assert 2 <= len(org.people) <= 3
    assert len(org.units) == 2
    assert 1 <= len(org.posts) <= 2


@given(ocst.people(), ocst.units(parents=["a", "b"]), ocst.posts(units=["u"], superiors=["s"]))
def test_value_strategies(person, unit, post):
    assert isinstance(person, oc.Person)
    assert unit.parent in (None, "a", "b")
    assert post.unit == "u" and post.reports_to in (None, "s")


@pytest.mark.parametrize(
    "make",
    [
        lambda: ocst.snapshots(max_people=-1),
        lambda: ocst.snapshots(min_people=5, max_people=2),
        lambda: ocst.snapshots(min_posts=1, min_units=0, max_units=0),
        lambda: ocst.change_sets("not a snapshot"),
        lambda: ocst.change_sets(oc.Snapshot(), min_size=3, max_size=1),
        lambda: ocst.people(max_aliases=-2),
    ],
)
def test_bad_options_raise_invalid_argument(make):
    with pytest.raises(InvalidArgument):
        given(make())(lambda value: None)()
