"""Public behaviour with no other test: History.with_sources, History.tenures,
Snapshot.posts_in and Snapshot.reports, strategies.events, a failing Graphviz
run, History.dates."""

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import orgchart as oc
from orgchart import strategies as ocst

# ----------------------------------------------------------- with_sources

WIRE = oc.Source("wire-2022", "Reshuffle", publisher="Wire", date="2022-12-06")
DAILY = oc.Source("daily-2023", "CEO succession", publisher="Daily", date="2023-06-20")
FILING = oc.Source("filing-2023", "Annual report", date="2023-07")


def small_history(sources=(WIRE,)):
    base = oc.Snapshot.build(
        people=[oc.Person("a", "Ann"), oc.Person("b", "Bo")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g")],
        holders={"ceo": ["a"]},
    )
    events = [
        oc.Event(
            "2023-01-01", [oc.Vacate("ceo", "a"), oc.Appoint("ceo", "b")], sources=["wire-2022"]
        )
    ]
    return oc.History(base, events, sources, title="Small")


@pytest.mark.parametrize("given_as", ["list", "mapping"])
def test_with_sources_adds_entries_and_keeps_base_and_events(given_as):
    history = small_history()
    more = [DAILY, FILING]
    extended = history.with_sources(more if given_as == "list" else {s.id: s for s in more})
    assert dict(extended.sources) == {"wire-2022": WIRE, "daily-2023": DAILY, "filing-2023": FILING}
    assert extended.base == history.base
    assert extended.events == history.events
    assert extended.title == "Small"
    assert extended.as_of("2023-06-01") == history.as_of("2023-06-01")
    assert dict(history.sources) == {"wire-2022": WIRE}  # the original is unchanged


def test_with_sources_equals_the_history_built_with_all_sources_at_once():
    history = small_history()
    assert history.with_sources([DAILY, FILING]) == small_history([WIRE, DAILY, FILING])
    assert history.with_sources([DAILY]).with_sources({"filing-2023": FILING}) == small_history(
        [WIRE, DAILY, FILING]
    )
    assert history.with_sources([DAILY]) != history


def test_with_sources_on_a_history_without_a_source_table():
    base = oc.Snapshot.build(people=[oc.Person("a", "Ann")])
    history = oc.History(base, [oc.Event("2023-01-01", [oc.Update(*renamed("a"))])])
    assert dict(history.sources) == {}
    assert dict(history.with_sources([WIRE]).sources) == {"wire-2022": WIRE}


def renamed(person_id):
    return oc.Person(person_id, "Ann"), oc.Person(person_id, "Anne")


def test_events_may_cite_the_added_sources_and_only_those():
    history = small_history()
    cites_daily = oc.Event("2023-06-20", [oc.Update(*renamed("a"))], sources=["daily-2023"])
    with pytest.raises(oc.ValidationError, match="daily-2023"):
        history.append(cites_daily)
    extended = history.with_sources([DAILY]).append(cites_daily)
    assert extended.events[-1].sources == ("daily-2023",)
    assert extended.as_of("2023-06-20").people["a"].name == "Anne"


def test_with_sources_refuses_a_source_id_repeated_in_a_list():
    history = small_history()
    again = oc.Source("daily-2023", "Another article with the same id")
    with pytest.raises(oc.ValidationError, match="daily-2023"):
        history.with_sources([DAILY, FILING, again])
    with pytest.raises(oc.ValidationError):
        history.with_sources({"not-its-id": DAILY})


# ----------------------------------------------------------------- tenures


def succession_history():
    """A CEO post held by a, then b succeeding a, then c succeeding b; a CTO
    post held by d from before the record, joined by e and a on one day."""
    people = [oc.Person(i, i.upper()) for i in "abcde"]
    base = oc.Snapshot.build(
        people=people,
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", reports_to="ceo")],
        holders={"ceo": ["a"], "cto": ["d"]},
    )
    events = [
        # Listed out of order on purpose: the history sorts them by date.
        oc.Event(
            "2021-06-01",
            [
                oc.Appoint("cto", "e"),
                oc.Vacate("ceo", "b"),
                oc.Appoint("ceo", "c"),
                oc.Appoint("cto", "a"),
            ],
            summary="c succeeds b; e and a join the CTO post",
        ),
        oc.Event(
            "2020-01-01", [oc.Vacate("ceo", "a"), oc.Appoint("ceo", "b")], summary="b succeeds a"
        ),
    ]
    return oc.History(base, events)


def describe(tenure):
    return (
        tenure.post.id,
        tenure.person.id,
        None if tenure.start is None else str(tenure.start),
        None if tenure.end is None else str(tenure.end),
        tenure.predecessor.id if tenure.predecessor else None,
        tenure.successor.id if tenure.successor else None,
    )


def test_tenures_order_and_neighbours():
    # Order: start (unknown first), then post, then person.
    assert [describe(t) for t in succession_history().tenures()] == [
        ("ceo", "a", None, "2020-01-01", None, "b"),
        ("cto", "d", None, None, None, None),
        ("ceo", "b", "2020-01-01", "2021-06-01", "a", "c"),
        ("ceo", "c", "2021-06-01", None, "b", None),
        ("cto", "a", "2021-06-01", None, None, None),
        ("cto", "e", "2021-06-01", None, None, None),
    ]


def test_tenures_of_holders_in_the_base_start_unknown():
    tenures = succession_history().tenures()
    from_base = [t for t in tenures if t.start is None]
    assert {(t.post.id, t.person.id) for t in from_base} == {("ceo", "a"), ("cto", "d")}
    assert all(t.duration() is None for t in from_base)
    assert [t.ongoing for t in tenures] == [False, True, False, True, True, True]
    assert tenures[2].duration().in_days() == 517  # 2020-01-01 to 2021-06-01


def test_tenures_without_events_are_the_base_holders():
    history = oc.History(succession_history().base)
    assert [describe(t) for t in history.tenures()] == [
        ("ceo", "a", None, None, None, None),
        ("cto", "d", None, None, None, None),
    ]


def test_tenures_starting_on_one_date_in_two_events_are_ordered_by_post():
    base = oc.Snapshot.build(
        people=[oc.Person("x", "X"), oc.Person("y", "Y")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g")],
    )
    one_event = oc.History(
        base, [oc.Event("2023-01-01", [oc.Appoint("cto", "x"), oc.Appoint("ceo", "y")])]
    )
    two_events = oc.History(
        base,
        [
            oc.Event("2023-01-01", [oc.Appoint("cto", "x")]),
            oc.Event("2023-01-01", [oc.Appoint("ceo", "y")]),
        ],
    )
    expected = [
        ("ceo", "y", "2023-01-01", None, None, None),
        ("cto", "x", "2023-01-01", None, None, None),
    ]
    assert [describe(t) for t in one_event.tenures()] == expected
    assert [describe(t) for t in two_events.tenures()] == expected


# ------------------------------------------------------ posts_in, reports


def reporting_org():
    return oc.Snapshot.build(
        units=[
            oc.Unit("g", "Group"),
            oc.Unit("c", "Cloud", parent="g"),
            oc.Unit("x", "Lab", parent="c"),
            oc.Unit("empty", "Empty", parent="g"),
        ],
        posts=[
            oc.Post("z-ceo", "CEO", "g"),
            oc.Post("a-cfo", "CFO", "g", reports_to="z-ceo"),
            oc.Post("m-pres", "President", "c", reports_to="z-ceo"),
            oc.Post("b-cto", "CTO", "c", reports_to="m-pres", dotted_to=("a-cfo",)),
            oc.Post("k-head", "Head", "x", reports_to="b-cto"),
        ],
    )


def ids(items):
    return [item.id for item in items]


def test_posts_in_lists_a_units_own_posts_by_id():
    org = reporting_org()
    assert ids(org.posts_in("g")) == ["a-cfo", "z-ceo"]  # not those of c or x
    assert ids(org.posts_in("c")) == ["b-cto", "m-pres"]
    assert ids(org.posts_in("x")) == ["k-head"]
    assert org.posts_in("empty") == ()
    assert org.posts_in("g")[0] == org.posts["a-cfo"]


def test_reports_lists_direct_reports_by_solid_and_dotted_lines():
    org = reporting_org()
    assert ids(org.reports("z-ceo")) == ["a-cfo", "m-pres"]  # not b-cto or k-head
    assert ids(org.reports("m-pres")) == ["b-cto"]
    assert ids(org.reports("a-cfo")) == ["b-cto"]  # a dotted line
    assert ids(org.reports("b-cto")) == ["k-head"]
    assert org.reports("k-head") == ()


@pytest.mark.parametrize(
    ("method", "key"), [("posts_in", "nowhere"), ("posts_in", "z-ceo"), ("reports", "g")]
)
def test_posts_in_and_reports_refuse_unknown_ids(method, key):
    with pytest.raises(oc.NotFoundError, match=key):
        getattr(reporting_org(), method)(key)


@given(st.data())
def test_posts_in_and_reports_agree_with_the_posts_after_changes(data):
    org = data.draw(ocst.snapshots(max_people=3))
    org = data.draw(ocst.change_sets(org, max_size=6)).apply(org)
    for unit_id in org.units:
        expected = sorted(p.id for p in org.posts.values() if p.unit == unit_id)
        assert ids(org.posts_in(unit_id)) == expected
    for post_id in org.posts:
        expected = sorted(p.id for p in org.posts.values() if post_id in p.superiors)
        assert ids(org.reports(post_id)) == expected


# -------------------------------------------------------- strategies.events


@given(st.data())
def test_drawn_events_apply_to_their_snapshot(data):
    org = data.draw(ocst.snapshots(max_people=4, max_posts=5))
    low = data.draw(st.integers(0, 3))
    high = data.draw(st.integers(low, 5))
    event = data.draw(ocst.events(org, min_changes=low, max_changes=high))
    assert isinstance(event, oc.Event)
    assert low <= len(event.changes) <= high
    after = event.changes.apply(org)
    assert event.changes.invert().apply(after) == org
    history = oc.History(org, [event])  # the event fits the org of its date
    assert history.as_of(event.date) == after
    assert history.as_of(event.date.earliest.subtract(days=1)) == org
    assert oc.loads(oc.dumps(history)) == history


@given(ocst.snapshots(max_people=3).flatmap(lambda org: st.tuples(st.just(org), ocst.events(org))))
def test_drawn_events_have_one_to_four_changes_by_default(pair):
    org, event = pair
    assert 1 <= len(event.changes) <= 4
    first = oc.ChangeSet(event.changes[:1])
    assert first.apply(org) != org  # no drawn operation is a no-op


@pytest.mark.parametrize(
    "options", [{"min_changes": 3, "max_changes": 1}, {"min_changes": -1}, {"max_changes": "4"}]
)
def test_events_refuse_bad_options(options):
    @given(ocst.events(oc.Snapshot(), **options))
    def draw(event):
        pass

    with pytest.raises(InvalidArgument):
        draw()


def test_events_refuse_what_is_not_a_snapshot():
    @given(ocst.events("not a snapshot"))
    def draw(event):
        pass

    with pytest.raises(InvalidArgument):
        draw()


# --------------------------------------------------------- a failing dot run


@pytest.mark.needs_dot
@pytest.mark.parametrize(
    "graph_attr",
    [{"layout": "no-such-layout"}, {"label": "<<B>unbalanced</I>>"}],
    ids=["unknown-layout", "broken-html-label"],
)
def test_a_failing_dot_run_is_a_render_error_and_keeps_the_old_file(tmp_path, graph_attr):
    target = tmp_path / "org.svg"
    target.write_text("old")
    with pytest.raises(oc.RenderError, match="dot"):
        oc.render(reporting_org(), target, graph_attr=graph_attr)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["org.svg"]


# ------------------------------------------------------------------- dates


def dated_history(*dates):
    base = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
    events = [
        oc.Event(date, [oc.Add(oc.Unit(f"u{i}", f"Unit {i}", parent="g"))])
        for i, date in enumerate(dates)
    ]
    return oc.History(base, events)


def test_dates_are_the_distinct_event_dates_in_order():
    history = dated_history("2023-09-10", "2022-12-06", "2023-09-10", "2023-07", "2024")
    assert [str(d) for d in history.dates] == ["2022-12-06", "2023-07", "2023-09-10", "2024"]
    assert dated_history().dates == ()


@pytest.mark.parametrize(
    "dates",
    [("2023-06-01", "2023-06"), ("2023-06", "2023-06-01"), ("2023-06", "2023-06-01", "2023-06")],
)
def test_dates_list_a_day_once_in_its_day_precise_form(dates):
    assert [str(d) for d in dated_history(*dates).dates] == ["2023-06-01"]
