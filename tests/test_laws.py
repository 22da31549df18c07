"""The laws that hold between snapshots and change sets (docs/concepts.md,
"The laws"; the one of ``History.diff`` is in test_history.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst


@st.composite
def related_snapshots(draw, count=2):
    """``count`` snapshots, each reached from the previous by a change set."""
    first = draw(ocst.snapshots())
    chain = [first]
    for _ in range(count - 1):
        chain.append(draw(ocst.change_sets(chain[-1])).after)
    return chain


# Unrelated snapshots (independently drawn) exercise wholesale replacement;
# related ones exercise small edits. The laws must hold for both.
pairs = st.one_of(related_snapshots(2), st.lists(ocst.snapshots(), min_size=2, max_size=2))
triples = st.one_of(related_snapshots(3), st.lists(ocst.snapshots(), min_size=3, max_size=3))


@given(pairs)
def test_diff_then_apply_gives_the_target(pair):
    a, b = pair
    assert oc.diff(a, b).apply(a) == b


@given(pairs)
def test_inverted_diff_restores_the_source(pair):
    a, b = pair
    assert oc.diff(a, b).invert().apply(b) == a
    assert b - oc.diff(a, b) == a


@given(ocst.snapshots())
def test_diff_with_itself_is_empty(a):
    change = oc.diff(a, a)
    assert not change
    assert len(change) == 0
    assert change.apply(a) == a


@given(pairs)
def test_diff_touches_only_what_differs(pair):
    a, b = pair
    change = oc.diff(a, b)
    touched = []
    for op in change:
        if isinstance(op, (oc.Appoint, oc.Vacate)):
            holds_before = op.person in a.appointments.get(op.post, ())
            holds_after = op.person in b.appointments.get(op.post, ())
            assert holds_before != holds_after
            touched.append(("holding", op.post, op.person))
        else:
            table = {"person": "people", "unit": "units", "post": "posts"}[op.kind]
            assert getattr(a, table).get(op.id) != getattr(b, table).get(op.id)
            touched.append((op.kind, op.id))
    # Minimal: one operation per differing thing, never two.
    assert len(touched) == len(set(touched))
    differing = sum(
        1
        for table in ("people", "units", "posts")
        for key in set(getattr(a, table)) | set(getattr(b, table))
        if getattr(a, table).get(key) != getattr(b, table).get(key)
    )
    holdings = {(p, q) for p, qs in a.appointments.items() for q in qs}
    holdings ^= {(p, q) for p, qs in b.appointments.items() for q in qs}
    assert len(change) == differing + len(holdings)


@given(triples)
def test_composition(triple):
    a, b, c = triple
    assert oc.diff(a, b).then(oc.diff(b, c)).apply(a) == c


@given(ocst.snapshots().flatmap(lambda s: st.tuples(st.just(s), ocst.change_sets(s))))
def test_generated_change_sets_apply_and_invert(pair):
    a, change = pair
    b = change.apply(a)
    assert b == change.after
    assert a + change == b
    assert change.invert().apply(b) == a
    # The canonical diff reaches the same snapshot, never with more operations.
    assert oc.diff(a, b).apply(a) == b


@given(pairs)
def test_diff_is_canonical(pair):
    """Equal inputs give equal diffs, whatever way the snapshots were built."""
    a, b = pair
    rebuilt = oc.Snapshot.build(
        reversed(list(b.people.values())),
        reversed(list(b.units.values())),
        reversed(list(b.posts.values())),
        {post: sorted(ids, reverse=True) for post, ids in b.appointments.items()},
    )
    assert rebuilt == b
    assert hash(rebuilt) == hash(b)
    assert oc.diff(a, rebuilt) == oc.diff(a, b)


@given(ocst.snapshots().flatmap(lambda s: st.tuples(st.just(s), ocst.change_sets(s, min_size=1))))
def test_a_change_set_that_does_not_fit_raises_conflict_naming_the_op(pair):
    a, change = pair
    b = change.apply(a)
    # Applying it a second time fits only if every thing it touches ends as
    # it began (each first operation on a thing checks the state it recorded).
    try:
        change.apply(b)
    except oc.ConflictError as error:
        assert error.op in change.ops
        assert error.op.describe() in str(error)
        assert isinstance(error, ValueError)
    else:
        assert a == b


@given(pairs)
def test_inverse_of_diff_does_not_fit_the_source_unless_equal(pair):
    a, b = pair
    backwards = oc.diff(a, b).invert()
    if a == b:
        assert backwards.apply(a) == a
    else:
        with pytest.raises(oc.ConflictError):
            backwards.apply(a)


@given(pairs)
def test_diff_backwards_is_the_inverse(pair):
    a, b = pair
    assert oc.diff(b, a) == oc.diff(a, b).invert()
