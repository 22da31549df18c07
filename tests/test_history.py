"""History: as_of, known_at, pending, diff, windows, tenures, construction errors."""

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst


def people():
    return [
        oc.Person("daniel-zhang", "Daniel Zhang", aliases=("Zhang Yong",)),
        oc.Person("eddie-wu", "Eddie Wu", aliases=("Wu Yongming",)),
        oc.Person("jeff-zhang", "Jeff Zhang"),
        oc.Person("judy-tong", "Judy Tong"),
        oc.Person("jane-jiang", "Jane Jiang"),
    ]


def org_history() -> oc.History:
    base = oc.Snapshot.build(
        people=people(),
        units=[
            oc.Unit("group", "Alibaba Group", kind="group"),
            oc.Unit("cloud", "Alibaba Cloud Intelligence", parent="group"),
        ],
        posts=[
            oc.Post("ceo", "Chief Executive Officer", "group"),
            oc.Post("cpo", "Chief People Officer", "group", reports_to="ceo"),
            oc.Post("cloud-president", "President", "cloud", reports_to="ceo"),
        ],
        holders={"ceo": ["daniel-zhang"], "cpo": ["judy-tong"], "cloud-president": ["jeff-zhang"]},
    )
    sources = [
        oc.Source("dec-2022", "Reshuffle", publisher="Wire", date="2022-12-06"),
        oc.Source("jun-2023", "CEO succession", publisher="Wire", date="2023-06-20"),
    ]
    events = [
        oc.Event(
            "2023-09-10",
            [oc.Vacate("ceo", "daniel-zhang"), oc.Appoint("ceo", "eddie-wu")],
            summary="Eddie Wu succeeds Daniel Zhang as CEO",
            sources=("jun-2023",),
            announced="2023-06-20",
        ),
        oc.Event(
            "2022-12-06",
            [
                oc.Vacate("cloud-president", "jeff-zhang"),
                oc.Appoint("cloud-president", "daniel-zhang"),
            ],
            summary="Daniel Zhang takes over the cloud unit",
            sources=("dec-2022",),
        ),
        oc.Event(
            "2023-04-01",
            [oc.Vacate("cpo", "judy-tong"), oc.Appoint("cpo", "jane-jiang")],
            summary="Jane Jiang becomes CPO",
            sources=("dec-2022",),
            announced="2022-12-06",
        ),
        oc.Event(
            "2023-09",
            [
                oc.Vacate("cloud-president", "daniel-zhang"),
                oc.Appoint("cloud-president", "eddie-wu"),
            ],
            summary="Eddie Wu takes over the cloud unit",
            sources=("jun-2023",),
        ),
    ]
    return oc.History(base, events, sources, title="Example")


def holder(snapshot, post):
    return [p.id for p in snapshot.holders(post)]


def test_events_are_in_date_order_and_stable_within_a_date():
    h = org_history()
    assert [str(e.date) for e in h.events] == ["2022-12-06", "2023-04-01", "2023-09", "2023-09-10"]
    same_day = oc.History(
        h.base,
        [
            oc.Event("2023-01-01", [oc.Vacate("ceo", "daniel-zhang")], summary="first"),
            oc.Event("2023-01-01", [oc.Appoint("ceo", "eddie-wu")], summary="second"),
        ],
    )
    assert [e.summary for e in same_day.events] == ["first", "second"]


def test_as_of_before_between_and_after_events():
    h = org_history()
    assert h.as_of("2022-01-01") == h.base
    assert holder(h.as_of("2022-12-05"), "cloud-president") == ["jeff-zhang"]
    assert holder(h.as_of("2022-12-06"), "cloud-president") == ["daniel-zhang"]
    assert holder(h.as_of("2023-03-31"), "cpo") == ["judy-tong"]
    assert holder(h.as_of("2023-04-02"), "cpo") == ["jane-jiang"]
    # A month-precise date counts from its first day.
    assert holder(h.as_of("2023-09-01"), "cloud-president") == ["eddie-wu"]
    assert holder(h.as_of(pendulum.date(2024, 1, 1)), "ceo") == ["eddie-wu"]
    assert h.as_of("2030") == h.latest


def test_as_of_known_at_leaves_out_later_announcements():
    h = org_history()
    # In December 2022 the CPO change was announced, the CEO change was not.
    assert holder(h.as_of("2023-04-02", known_at="2022-12-01"), "cpo") == ["judy-tong"]
    assert holder(h.as_of("2023-04-02", known_at="2022-12-06"), "cpo") == ["jane-jiang"]
    assert holder(h.as_of("2023-10-01", known_at="2023-06-01"), "ceo") == ["daniel-zhang"]
    assert holder(h.as_of("2023-10-01", known_at="2023-06-20"), "ceo") == ["eddie-wu"]


def test_pending_lists_announced_but_not_yet_effective_events():
    h = org_history()
    assert [e.summary for e in h.pending(on="2023-01-15")] == ["Jane Jiang becomes CPO"]
    assert [e.summary for e in h.pending(on="2023-07-01")] == [
        "Eddie Wu succeeds Daniel Zhang as CEO"
    ]
    assert h.pending(on="2024-01-01") == ()


def test_events_between_is_half_open_after_the_first_date():
    h = org_history()
    assert [str(e.date) for e in h.events_between("2022-12-06", "2023-09-01")] == [
        "2023-04-01",
        "2023-09",
    ]
    assert [str(e.date) for e in h.events_between("2022-12-05", "2022-12-06")] == ["2022-12-06"]
    assert h.events_between("2024-01-01", "2022-01-01") == ()


def test_dates():
    assert [str(d) for d in org_history().dates] == [
        "2022-12-06",
        "2023-04-01",
        "2023-09",
        "2023-09-10",
    ]


def test_diff_between_dates():
    h = org_history()
    change = h.diff("2022-12-01", "2023-04-02")
    assert set(change) == {
        oc.Vacate("cloud-president", "jeff-zhang"),
        oc.Appoint("cloud-president", "daniel-zhang"),
        oc.Vacate("cpo", "judy-tong"),
        oc.Appoint("cpo", "jane-jiang"),
    }
    assert [e.summary for e in change.events] == [
        "Daniel Zhang takes over the cloud unit",
        "Jane Jiang becomes CPO",
    ]
    assert h.diff("2023-04-02", "2022-12-01") == change.invert()
    assert not h.diff("2023-05-01", "2023-06-01")


def test_diff_rows_name_the_event_and_sources():
    rows = org_history().diff("2023-03-01", "2023-05-01").to_rows()
    appoint = next(r for r in rows if r["op"] == "appoint")
    assert appoint["kind"] == "appointment"
    assert appoint["id"] == "cpo" and appoint["person"] == "jane-jiang"
    assert appoint["date"] == datetime.date(2023, 4, 1)
    assert appoint["date_precision"] == "day"
    assert appoint["summary"] == "Jane Jiang becomes CPO"
    assert appoint["sources"] == ("dec-2022",)


def test_timeline_with_predecessors_and_successors():
    h = org_history()
    tenures = h.timeline("Zhang Yong")
    assert [
        (t.post.id, str(t.start) if t.start else None, str(t.end) if t.end else None)
        for t in tenures
    ] == [
        ("ceo", None, "2023-09-10"),
        ("cloud-president", "2022-12-06", "2023-09"),
    ]
    cloud = tenures[1]
    assert cloud.predecessor.id == "jeff-zhang"
    assert cloud.successor.id == "eddie-wu"
    assert cloud.sources == ("dec-2022", "jun-2023")
    assert cloud.length() == "8 months 26 days"
    assert tenures[0].duration() is None
    ceo = h.timeline("eddie-wu")
    assert [t.post.id for t in ceo] == ["cloud-president", "ceo"]
    assert all(t.ongoing for t in ceo)
    assert ceo[1].predecessor.id == "daniel-zhang"


def test_holders_over_time():
    h = org_history()
    assert [t.person.id for t in h.holders_over_time("cpo")] == ["judy-tong", "jane-jiang"]
    with pytest.raises(oc.NotFoundError, match="'ghost'"):
        h.holders_over_time("ghost")
    with pytest.raises(oc.NotFoundError, match="'Nobody'"):
        h.timeline("Nobody")


def test_snapshots_at_regular_steps_and_window():
    h = org_history()
    steps = h.snapshots("2022-11-01", "2023-05-01", every="2 months")
    assert [str(day) for day, _ in steps] == [
        "2022-11-01",
        "2023-01-01",
        "2023-03-01",
        "2023-05-01",
    ]
    assert holder(steps[-1][1], "cpo") == ["jane-jiang"]
    window = h.window("2023-01-01", "2023-06-30")
    assert window.base == h.as_of("2023-01-01")
    assert [e.summary for e in window.events] == ["Jane Jiang becomes CPO"]


def test_append_returns_a_new_history():
    h = org_history()
    longer = h.append(
        oc.Event("2024-01-01", [oc.Vacate("cpo", "jane-jiang")], summary="CPO leaves")
    )
    assert len(longer) == len(h) + 1
    assert holder(longer.latest, "cpo") == []
    assert holder(h.latest, "cpo") == ["jane-jiang"]
    with pytest.raises(AttributeError):
        h.title = "x"


def test_from_snapshots():
    h = org_history()
    dated = [(d, h.as_of(d)) for d in ("2022-11-30", "2023-01-31", "2023-02-28", "2023-04-30")]
    rebuilt = oc.History.from_snapshots(dated)
    assert rebuilt.base == h.as_of("2022-11-30")
    assert [str(e.date) for e in rebuilt.events] == ["2023-01-31", "2023-04-30"]
    for day, snapshot in dated:
        assert rebuilt.as_of(day) == snapshot
    assert rebuilt.events[0].summary == "changes since 2022-11-30"


def test_an_event_that_does_not_fit_names_the_event_and_operation():
    h = org_history()
    bad = oc.Event("2024-02-01", [oc.Appoint("ceo", "eddie-wu")], summary="again")
    with pytest.raises(oc.ConflictError) as info:
        h.append(bad)
    message = str(info.value)
    assert "event 5 (2024-02-01 'again')" in message
    assert "appoint 'eddie-wu' to post 'ceo'" in message
    assert "already holds" in message


def test_an_event_that_creates_a_cycle():
    h = org_history()
    before = h.latest.posts["ceo"]
    cycle = oc.Event(
        "2024-02-01", [oc.Update(before, oc.Post("ceo", before.title, "group", reports_to="cpo"))]
    )
    with pytest.raises(oc.ConflictError, match="cycle"):
        h.append(cycle)


@pytest.mark.parametrize(
    ("make", "pieces"),
    [
        (lambda: oc.Event("2023-02-30", []), ["'2023-02-30'"]),
        (lambda: oc.Event("2023-01-01", "appoint"), ["'changes'"]),
        (lambda: oc.Event("2023-01-01", [], sources="src"), ["'sources'"]),
        (lambda: oc.Event("2023-01-01", [], summary=None), ["'summary'"]),
        (lambda: oc.History("base"), ["'base'"]),
        (lambda: oc.History(oc.Snapshot(), ["event"]), ["'events[0]'"]),
        (
            lambda: oc.History(oc.Snapshot(), [oc.Event("2023-01-01", [], sources=["nope"])], []),
            ["event 1 (2023-01-01)", "'nope'"],
        ),
        (lambda: oc.Source("s", "T", date="June 2023"), ["'June 2023'"]),
    ],
)
def test_bad_inputs(make, pieces):
    with pytest.raises(oc.OrgChartError) as info:
        make()
    assert isinstance(info.value, ValueError)
    for piece in pieces:
        assert piece in str(info.value)


def test_history_is_a_value():
    assert org_history() == org_history()
    assert hash(org_history()) == hash(org_history())
    assert "4 events from 2022-12-06 to 2023-09-10" in repr(org_history())


# ---------------------------------------------------------------- properties

history_and_dates = ocst.histories().flatmap(
    lambda h: st.tuples(st.just(h), ocst.dates(), ocst.dates())
)


@given(history_and_dates)
def test_history_diff_equals_diff_of_as_of(case):
    h, d1, d2 = case
    assert h.diff(d1, d2) == oc.diff(h.as_of(d1), h.as_of(d2))
    assert h.diff(d1, d2).apply(h.as_of(d1)) == h.as_of(d2)


@given(history_and_dates)
def test_history_diff_backwards_is_the_inverse(case):
    h, d1, d2 = case
    assert h.diff(d2, d1) == h.diff(d1, d2).invert()


@given(history_and_dates)
def test_known_at_after_every_announcement_changes_nothing(case):
    h, d, _ = case
    last = max((e.known_on.earliest for e in h.events), default=pendulum.date(1990, 1, 1))
    assert h.as_of(d, known_at=last) == h.as_of(d)
    assert h.as_of(d, known_at=last.add(days=1)) == h.as_of(d)


@given(ocst.histories(), st.data())
def test_known_at_never_shows_an_event_announced_later(h, data):
    k = data.draw(ocst.dates())
    d = data.draw(ocst.dates())
    cutoff = k.earliest
    known = [e for e in h.events if e.date.earliest <= d.earliest and e.known_on.earliest <= cutoff]
    try:
        expected = oc.ChangeSet([op for e in known for op in e.changes]).apply(h.base)
    except oc.ConflictError:
        with pytest.raises(oc.ConflictError):
            h.as_of(d, known_at=k)
        return
    assert h.as_of(d, known_at=k) == expected


@given(ocst.histories(max_events=4), st.data())
def test_checkpoints_do_not_change_answers(h, data):
    small = type("Small", (oc.History,), {"CHECKPOINT_EVERY": 1, "__slots__": ()})
    other = small(h.base, h.events, h.sources if h.sources else None, title=h.title)
    d = data.draw(ocst.dates())
    assert other.as_of(d) == h.as_of(d)


@given(ocst.histories(max_events=11))
def test_every_count_of_events_is_the_events_applied_in_order(h):
    # Checkpoints every 4 events: counts replayed forwards from the checkpoint
    # before, backwards from the one after, and backwards from the latest org.
    every4 = type("Every4", (oc.History,), {"CHECKPOINT_EVERY": 4, "__slots__": ()})
    other = every4(h.base, h.events, h.sources if h.sources else None, title=h.title)
    org = h.base
    for count, event in enumerate(h.events, start=1):
        org = event.changes.apply(org)
        assert other._snapshot_at(count) == org
    assert other._snapshot_at(0) == h.base


def test_disputes_are_listed_with_the_event_that_marks_them():
    h = org_history()
    president = h.latest.posts["cloud-president"]
    marked = oc.Post(
        president.id, president.title, president.unit, reports_to="ceo", disputed=["reports_to"]
    )
    h = h.append(
        oc.Event(
            "2023-11",
            [oc.Update(president, marked)],
            summary="Reporting line reported two ways",
            note="One source says the head reports to the CEO, another says not.",
            disputed=["date"],
        )
    )
    h = h.append(oc.Event("2024-02-01", [oc.Update(marked, president)], summary="Settled"))
    disputes = h.disputes()
    assert [(d.kind, d.id, d.field, str(d.since), str(d.until)) for d in disputes] == [
        ("event", "5", "date", "2023-11", "None"),
        ("post", "cloud-president", "reports_to", "2023-11", "2024-02-01"),
    ]
    assert disputes[1].note.startswith("One source says")
    assert "reports_to is disputed since 2023-11" in disputes[1].describe()
    assert oc.loads(oc.dumps(h)) == h


def test_sources_may_be_given_as_plain_mappings():
    h = oc.History(oc.Snapshot(), [oc.Event("2023", [], sources=["s"])], {"s": {"title": "T"}})
    assert h.sources["s"] == oc.Source("s", "T")
    with pytest.raises(oc.ValidationError, match="sources\\['s'\\]"):
        oc.History(oc.Snapshot(), [], {"s": {"titel": "T"}})


def test_a_handover_day_links_predecessor_and_successor():
    # Sources that give both holders' dates inclusively overlap by the handover
    # day: the outgoing holder leaves the day after the new one starts.
    base = oc.Snapshot.build(
        people=[oc.Person("a", "A"), oc.Person("b", "B"), oc.Person("c", "C")],
        units=[oc.Unit("g", "G")],
        posts=[oc.Post("pm", "Prime Minister", "g")],
        holders={"pm": ["a"]},
    )
    history = oc.History(
        base,
        [
            oc.Event("2010-05-11", [oc.Appoint("pm", "b")]),
            oc.Event("2010-05-12", [oc.Vacate("pm", "a")]),
            oc.Event("2016-07-13", [oc.Appoint("pm", "c")]),
            oc.Event("2016-07-14", [oc.Vacate("pm", "b")]),
        ],
    )
    b = next(t for t in history.tenures() if t.person.id == "b")
    assert (b.predecessor.id, b.successor.id) == ("a", "c")


def test_a_partial_date_known_to_follow_an_event_sorts_after_it():
    base = oc.Snapshot.build(
        people=[oc.Person("a", "A")],
        units=[oc.Unit("g", "G")],
        posts=[oc.Post("head", "Head", "g")],
    )
    cancelled = oc.Event("2023-11-16", [], summary="The spin-off is called off")
    heads = oc.Event("2023-11", [oc.Appoint("head", "a")], summary="New heads", after="2023-11-16")
    history = oc.History(base, [heads, cancelled])
    assert history.events == (cancelled, heads)  # "2023-11" alone would sort first
    assert history.as_of("2023-11-05").holders("head") == ()
    assert history.as_of("2023-11-16").holders("head") == ()
    assert [p.id for p in history.as_of("2023-11-17").holders("head")] == ["a"]
    assert str(history.events[1].date) == "2023-11"  # the date keeps what the source says
    text = oc.dumps(history)
    assert "after: 2023-11-16" in text
    assert oc.loads(text) == history
    with pytest.raises(oc.ValidationError, match="'after'"):
        oc.Event("2023-11", [], after="2023-11-30")


def test_text_rows_and_diagrams_give_the_last_day_in_office():
    """One convention for the end of a tenure: Daniel Zhang's last day as CEO is
    9 September 2023 (Eddie Wu takes over on the 10th) in the text, the row and
    the timeline diagram; ``left_on`` (``end``) keeps the day the post was left."""
    history = oc.seeds.alibaba()
    tenure = next(
        t
        for t in history.timeline("Daniel Zhang")
        if t.post.id == "group-ceo" and t.end is not None
    )
    assert str(tenure.left_on) == str(tenure.end) == "2023-09-10"
    assert str(tenure.last_day) == "2023-09-09"
    assert tenure.describe().endswith("to 9 September 2023")
    assert tenure.to_row()["end"] == datetime.date(2023, 9, 9)
    assert "9 September 2023" in oc.to_dot(oc.Timeline([tenure]))
    assert "10 September 2023" not in oc.to_dot(oc.Timeline([tenure]))
