"""The declared core: the evolver, the history builder, the walks, the rules
every value shares, the error policy and the canonical order."""

import gc
import threading
import weakref

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import changes, strategies
from orgchart.history import HistoryBuilder
from orgchart.model import OrgView
from orgchart.walks import Levels, walk
from tests.test_history import org_history
from tests.test_model import small_org

# ------------------------------------------------------------------ evolver


def test_an_evolver_changes_a_copy_and_keeps_every_index():
    org = small_org()
    evolver = org.evolver()
    evolver.put(oc.Unit("intl", "International", parent="alibaba"))
    evolver.put(oc.Post("intl-head", "Head", "intl", reports_to="ceo"))
    evolver.appoint("intl-head", "joseph-tsai")
    assert evolver.child_ids("alibaba")[-1] == "intl"
    assert evolver.post_ids("intl") == ("intl-head",)
    assert "intl-head" in evolver.report_ids("ceo")
    assert "intl-head" in evolver.held_ids("joseph-tsai")
    bigger = evolver.finish()
    # The same snapshot as building it whole: the indexes agree with the tables.
    rebuilt = oc.Snapshot.build(
        bigger.people.values(),
        bigger.units.values(),
        bigger.posts.values(),
        {post: list(ids) for post, ids in bigger.appointments.items()},
    )
    assert bigger == rebuilt
    assert [u.id for u in bigger.children("alibaba")] == [u.id for u in rebuilt.children("alibaba")]
    assert bigger.reports("ceo") == rebuilt.reports("ceo")
    assert bigger.posts_held("joseph-tsai") == rebuilt.posts_held("joseph-tsai")
    # The original is untouched.
    assert "intl" not in org.units
    # Finishing again gives the same snapshot; a write after it is a StateError.
    assert evolver.finish() is bigger
    with pytest.raises(oc.StateError, match="evolver is finished"):
        evolver.put(oc.Unit("late", "Late"))
    with pytest.raises(oc.StateError, match="evolver is finished"):
        evolver.appoint("ceo", "joseph-tsai")


@given(strategies.snapshots())
def test_building_through_an_evolver_gives_the_indexes_of_build(org):
    evolver = oc.Snapshot().evolver()
    for table in (org.people, org.units, org.posts):
        for item in table.values():
            evolver.put(item)
    for post, ids in org.appointments.items():
        for person in ids:
            evolver.appoint(post, person)
    made = evolver.finish()
    assert made == org
    for unit in org.units:
        assert made.children(unit) == org.children(unit)
        assert made.posts_in(unit) == org.posts_in(unit)
    for post in org.posts:
        assert made.reports(post) == org.reports(post)
    # Snapshot.build makes its indexes in bulk: each map is what the evolver writes.
    for name in oc.model._MAPS:
        assert getattr(made, name) == getattr(org, name), name


def test_replacing_an_item_moves_it_in_the_indexes():
    org = small_org()
    evolver = org.evolver()
    post = org.posts["damo-vp"]
    evolver.put(attrs.evolve(post, unit="cloud", dotted_to=()))
    assert "damo-vp" not in evolver.post_ids("damo")
    assert "damo-vp" in evolver.post_ids("cloud")
    assert "damo-vp" not in evolver.report_ids("cloud-cto")
    evolver.vacate("damo-vp", "zhou-jingren")
    evolver.delete(evolver.posts["damo-vp"])
    assert "damo-vp" not in evolver.post_ids("cloud")
    assert "damo-vp" not in evolver.finish().posts


# -------------------------------------------------------------------- walks


def test_walk_is_breadth_first_each_once_and_finds_cycles():
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}
    assert list(walk("a", graph.__getitem__)) == ["b", "c", "d"]
    assert list(walk("a", graph.__getitem__, depth=1)) == ["b", "c"]
    cyclic = {"a": ["b"], "b": ["a"]}
    assert "a" in walk("a", cyclic.__getitem__)
    assert "a" not in walk("a", graph.__getitem__)


def test_walk_takes_trees_deeper_than_the_recursion_limit():
    n = 20_000
    parents = {i: [i - 1] if i else [] for i in range(n)}
    assert sum(1 for _ in walk(n - 1, parents.__getitem__)) == n - 1
    assert Levels(parents.__getitem__)(n - 1) == n - 1


def test_snapshot_walks():
    org = small_org()
    assert [u.id for u in org.units_above("cloud")] == ["alibaba"]
    assert [u.id for u in org.unit_path("cloud")] == ["alibaba", "cloud"]
    assert {u.id for u in org.units_below("alibaba")} == {"cloud", "damo"}
    assert org.units_below("alibaba", depth=0) == ()
    assert [p.id for p in org.posts_above("cloud-cto")] == ["cloud-chair", "ceo", "chair"]
    assert [p.id for p in org.posts_below("ceo")] == ["cloud-chair", "cloud-cto", "damo-vp"]
    assert [p.id for p in org.posts_below("ceo", depth=1)] == ["cloud-chair"]
    assert "damo-vp" in {p.id for p in org.posts_below("cloud-cto")}  # a dotted line
    assert "cloud-cto" in {p.id for p in org.posts_above("damo-vp", dotted=True)}
    for method in (org.units_above, org.units_below, org.unit_path):
        with pytest.raises(oc.NotFoundError, match="no unit 'ghost'"):
            method("ghost")
    for method in (org.posts_above, org.posts_below):
        with pytest.raises(oc.NotFoundError, match="no post 'ghost'"):
            method("ghost")


@given(strategies.snapshots())
def test_walks_agree_with_the_direct_lookups(org):
    for unit_id, unit in org.units.items():
        path = org.unit_path(unit_id)
        assert path[-1] == unit and path[0].parent is None
        below = {u.id for u in org.units_below(unit_id)}
        assert {c.id for c in org.children(unit_id)} <= below
        assert all(unit_id in {a.id for a in org.units_above(u)} for u in below)
    for post_id in org.posts:
        chain = org.posts_above(post_id)
        assert len({p.id for p in chain}) == len(chain)
        assert not chain or org.posts[post_id].reports_to == chain[0].id


# ------------------------------------------------------------ history builder


def test_the_builder_applies_each_operation_once(monkeypatch):
    calls = {"n": 0}
    original = changes.Appoint.apply_to

    def counting(self, org):
        calls["n"] += 1
        return original(self, org)

    monkeypatch.setattr(changes.Appoint, "apply_to", counting)
    text = oc.dumps(org_history())
    appointments = sum(
        isinstance(op, oc.Appoint) for event in org_history().events for op in event.changes
    )
    calls["n"] = 0
    oc.loads(text)
    assert calls["n"] == appointments


def test_the_builder_refuses_events_out_of_order_and_work_after_an_error():
    builder = HistoryBuilder(small_org())
    builder.add(oc.Event("2023-05-01", [oc.Vacate("chair", "joseph-tsai")]))
    with pytest.raises(oc.ValidationError, match="date order"):
        builder.add(oc.Event("2023-01-01", []))
    with pytest.raises(oc.StateError, match="start a new one"):
        builder.add(oc.Event("2023-06-01", []))
    broken = HistoryBuilder(small_org())
    with pytest.raises(oc.ConflictError) as info:
        broken.apply(oc.Appoint("ghost", "eddie-wu"))
    assert isinstance(info.value.op, oc.Appoint)
    with pytest.raises(oc.StateError, match="broken by an error"):
        broken.finish()


def test_append_and_with_events_replay_only_from_the_new_event(applied):
    long = oc.synthetic.history(people=200, events=2_000, seed=3)
    applied["ops"] = 0
    person = oc.Person("newcomer", "New Comer")
    later = long.append(oc.Event("2030-01-01", [oc.Add(person)]))
    # At most one checkpoint interval of old events is replayed, plus the new one.
    assert applied["ops"] <= sum(len(e.changes) for e in long.events[-64:]) + 1
    assert later.events[:-1] == long.events and "newcomer" in later.latest.people
    assert later == oc.History(long.base, [*long.events, later.events[-1]], title=long.title)
    middle = long.events[1_000].date
    applied["ops"] = 0
    new = oc.Event(middle, [oc.Add(person)])
    earlier = long.append(new)
    assert applied["ops"] <= sum(len(e.changes) for e in long.events[960:]) + 1
    # After the events already on that date, as when the history is made whole.
    assert earlier.events.index(new) == 1_002
    assert earlier == oc.History(long.base, [*long.events, new], title=long.title)


def test_with_sources_replays_nothing(monkeypatch):
    base = org_history()
    monkeypatch.setattr(
        changes.ChangeSet, "apply", lambda *a: pytest.fail("with_sources replayed an event")
    )
    more = base.with_sources([oc.Source("extra", "An extra source")])
    assert set(more.sources) == {*base.sources, "extra"}
    assert more.events == base.events and more.latest == base.latest


def test_the_garbage_collector_is_left_as_it_was():
    assert gc.isenabled()
    oc.synthetic.history(people=100, events=500, seed=1)
    assert gc.isenabled()
    gc.disable()
    try:
        oc.History(small_org(), [])
        oc.synthetic.history(people=100, events=500, seed=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(oc.FormatError):
        oc.loads("events: [{date: 2023-01-01, changes: [{appoint: {post: x, person: y}}]}]")
    assert gc.isenabled()


def test_a_bulk_build_leaves_the_users_objects_and_the_collector_as_it_found_them():
    """The library never freezes what the user made: a reference cycle made
    before a large build is collected after it, and the collector is on and
    freezes nothing more than before."""

    class Node:
        pass

    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    cycle = Node()
    cycle.me = cycle
    alive = weakref.ref(cycle)
    del cycle
    oc.synthetic.history(people=2_000, events=20_000, seed=1)
    assert gc.isenabled() == enabled and gc.get_freeze_count() == frozen
    gc.collect()
    assert alive() is None


def test_builds_in_two_threads_at_once_leave_the_collector_on():
    """One thread's build ending must not turn the collector back on while
    another still builds, nor leave it off when both are done."""
    barrier = threading.Barrier(2)
    seen: list[bool] = []

    def build(seed: int) -> None:
        barrier.wait()
        oc.synthetic.history(people=200, events=3_000, seed=seed)
        seen.append(True)

    threads = [threading.Thread(target=build, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [True, True]
    assert gc.isenabled()


def test_a_change_set_from_a_history_does_not_keep_the_history_alive():
    """A small change set holds its operations, the window's events and at
    most a checkpoint to make its ends from, never the history itself."""
    history = oc.synthetic.history(people=200, events=1_000, seed=3)
    days = [e.date for e in history.events]
    change = history.diff(days[100], days[110])
    expected_after = history.as_of(days[110])
    alive = weakref.ref(history)
    del history
    gc.collect()
    assert alive() is None
    assert change.after == expected_after  # made now, from what the change set holds
    assert change.apply(change.before) == change.after


def test_a_builder_changes_a_history_only_through_events():
    """``builder.org`` is read-only: there is no way to put an item in the org
    that no event explains (which a dump and load would then lose)."""
    builder = HistoryBuilder(small_org())
    org = builder.org
    assert isinstance(org, OrgView)
    assert not hasattr(org, "put") and not hasattr(org, "appoint")
    with pytest.raises(TypeError):
        org.units["x"] = oc.Unit("x", "X")  # type: ignore[index]
    with pytest.raises(AttributeError):
        org.units.pop("alibaba")  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="read by id"):
        list(org.units)
    assert len(org.units) == len(small_org().units) and "alibaba" in org.units
    builder.apply(oc.Add(oc.Unit("x", "X")))
    assert "x" in builder.org.units
    builder.commit("2024-01-01", summary="X is created")
    history = builder.finish()
    assert "x" in history.latest.units
    assert oc.loads(oc.dumps(history)) == history
    assert oc.loads(oc.dumps(history)).latest == history.latest
    with pytest.raises(oc.StateError, match="history builder is finished"):
        builder.org  # noqa: B018


def test_an_evolver_is_a_context_manager_and_refuses_writes_after_it():
    org = small_org()
    with org.evolver() as evolver:
        evolver.put(oc.Unit("x", "X"))
    bigger = evolver.finish()
    assert "x" in bigger.units and "x" not in org.units
    with pytest.raises(oc.StateError, match="evolver is finished"):
        evolver.delete(oc.Unit("x", "X"))
    assert evolver.finish() is bigger


# ----------------------------------------------------------------- one rule


@pytest.mark.parametrize(
    "make",
    [
        lambda v: oc.Person(v, "X"),
        lambda v: oc.Unit(v, "X"),
        lambda v: oc.Post(v, "X", "u"),
        lambda v: oc.Post("p", "X", "u", reports_to=v),
        lambda v: oc.Post("p", "X", "u", dotted_to=[v]),
        lambda v: oc.Appoint(v, "x"),
        lambda v: oc.Vacate("x", v),
        lambda v: oc.Source(v, "A source"),
        lambda v: oc.Event("2023-01-01", [], sources=[v]),
    ],
)
@pytest.mark.parametrize("bad", ["", " ceo", "ceo ", "   ", 7])
def test_every_id_follows_one_rule(make, bad):
    with pytest.raises(oc.ValidationError, match=r"\bids?\b"):
        make(bad)


@pytest.mark.parametrize(
    "make",
    [
        lambda v: oc.Person("x", v),
        lambda v: oc.Unit("x", v),
        lambda v: oc.Unit("x", "X", kind=v),
        lambda v: oc.Post("x", v, "u"),
        lambda v: oc.Source("x", v),
        lambda v: oc.Source("x", "X", publisher=v),
        lambda v: oc.Event("2023-01-01", [], note=v),
        lambda v: oc.Person("x", "X", aliases=[v]),
    ],
)
@pytest.mark.parametrize("bad", ["", "   ", "\n", 7])
def test_every_text_follows_one_rule(make, bad):
    with pytest.raises(oc.ValidationError, match="non-empty string"):
        make(bad)


def test_a_summary_may_be_empty_but_not_blank():
    assert oc.Event("2023-01-01", []).summary == ""
    with pytest.raises(oc.ValidationError, match="summary"):
        oc.Event("2023-01-01", [], summary="  ")


# ------------------------------------------------------------- error policy


def test_a_bad_format_argument_is_the_same_error_everywhere(tmp_path):
    org = small_org()
    for call in (
        lambda: oc.loads("", format="toml"),
        lambda: oc.dumps(org_history(), format="toml"),
        lambda: oc.load(tmp_path / "h.toml"),
        lambda: oc.dump(org_history(), tmp_path / "h.toml"),
        lambda: oc.render(org, tmp_path / "o.gif"),
        lambda: oc.render(org, tmp_path / "o.svg", format="gif"),
    ):
        with pytest.raises(oc.ValidationError):
            call()


def test_documents_that_cannot_be_read_are_format_errors(tmp_path):
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(oc.FormatError, match="folder"):
        oc.load(tmp_path / "folder.yaml")
    (tmp_path / "x.yaml").write_text("events: [{date: 2023-01-01, changes: [{vacate: {}}]}]")
    with pytest.raises(oc.FormatError, match=r"x\.yaml"):
        oc.load(tmp_path / "x.yaml")
    with pytest.raises(oc.FormatError, match="folder"):
        oc.popolo.load(tmp_path)


def test_a_conflict_names_a_real_operation():
    with pytest.raises(oc.FormatError) as info:
        oc.loads("events: [{date: 2023-01-01, changes: [{remove_person: ghost}]}]")
    # Nothing could be formed from an unknown id: the error names the place, with no
    # stand-in operation.
    assert "person 'ghost' is not in the org" in str(info.value)
    with pytest.raises(oc.ConflictError) as conflict:
        oc.ChangeSet([oc.Vacate("ceo", "ghost")]).apply(small_org())
    assert isinstance(conflict.value.op, oc.Vacate)


# ----------------------------------------------------------- canonical order


def test_the_canonical_diff_does_not_depend_on_how_values_print(monkeypatch):
    h = oc.seeds.alibaba()
    pairs = [(h.as_of(d1), h.as_of(d2)) for d1, d2 in zip(h.dates, h.dates[1:], strict=False)]
    before = [oc.diff(a, b) for a, b in pairs] + [oc.diff(b, a) for a, b in pairs]
    for cls in (oc.Person, oc.Unit, oc.Post):
        monkeypatch.setattr(cls, "__repr__", lambda self: "~" + self.id[::-1])
    after = [oc.diff(a, b) for a, b in pairs] + [oc.diff(b, a) for a, b in pairs]
    assert [c.ops for c in after] == [c.ops for c in before]


@given(strategies.snapshots(), st.data())
def test_the_direction_key_is_a_total_order_on_states(org, data):
    change = data.draw(strategies.change_sets(org, max_size=3))
    other = change.after
    forward, backward = oc.diff(org, other), oc.diff(other, org)
    assert backward == forward.invert()


# ------------------------------------------------------------------ origin


def test_an_origin_survives_copy_invert_and_then():
    h = org_history()
    first = h.diff("2022-12-01", "2023-03-01")
    second = h.diff("2023-03-01", "2023-12-31")
    assert oc.ChangeSet(first).origin is first.origin
    assert oc.ChangeSet(first).before is first.before
    inverse = first.invert()
    assert inverse.period == (first.period[1], first.period[0])
    assert inverse.events == first.events
    both = first.then(second)
    assert both.period == (first.period[0], second.period[1])
    assert both.events == first.events + second.events
    assert both.sources == h.sources
    assert both.apply(h.as_of("2022-12-01")) == h.as_of("2023-12-31")


def test_rows_give_dates_as_dates_with_their_precision():
    h = oc.History(
        small_org(),
        [oc.Event("2023-06", [oc.Vacate("chair", "joseph-tsai")], summary="Tsai steps down")],
    )
    (row,) = h.diff("2023-01-01", "2023-12-31").to_rows()
    assert row["date"].isoformat() == "2023-06-01" and row["date_precision"] == "month"


# ---------------------------------------------------------------- lookups


def test_one_lookup_for_a_person_or_a_post():
    h = org_history()
    assert isinstance(h.find("Eddie Wu"), oc.Person)
    post = h.latest.posts["cpo"]
    assert h.find("cpo") == post
    assert h.find(post.title.upper()) == post  # a title, in any case
    assert h.timeline("cpo") == h.holders_over_time(post)
    assert [t.person.id for t in h.timeline("cpo")] == ["judy-tong", "jane-jiang"]
    with pytest.raises(oc.NotFoundError, match="no person, post or unit called 'Nobody'"):
        h.find("Nobody")


def test_a_title_held_by_two_posts_is_ambiguous():
    org = oc.Snapshot.build(
        units=[oc.Unit("g", "G"), oc.Unit("c", "C", parent="g")],
        posts=[oc.Post("g-ceo", "CEO", "g"), oc.Post("c-ceo", "CEO", "c")],
    )
    with pytest.raises(oc.AmbiguousNameError, match="several posts: 'c-ceo', 'g-ceo'"):
        oc.History(org).find("ceo")


def test_everything_lists_what_ever_appeared():
    h = org_history()
    register = h.everything()
    for event in h.events:
        for op in event.changes:
            if isinstance(op, (oc.Add, oc.Remove)):
                assert (
                    op.item.id
                    in {"person": register.people, "unit": register.units, "post": register.posts}[
                        op.kind
                    ]
                )
