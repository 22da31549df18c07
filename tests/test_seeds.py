"""The shipped Alibaba data set, checked fact by fact through the public API."""

import json

import pytest

import orgchart as oc


@pytest.fixture(scope="module")
def h():
    return oc.seeds.alibaba()


def holders(h, post, date, **kwargs):
    return [p.name for p in h.as_of(date, **kwargs).holders(post)]


@pytest.mark.parametrize(
    ("post", "before", "after", "was", "now"),
    [
        ("cloud-president", "2022-12-01", "2023-01-15", ["Jeff Zhang"], ["Daniel Zhang"]),
        ("group-cto", "2022-12-28", "2022-12-29", ["Cheng Li"], ["Wu Zeming"]),
        ("group-cpo", "2023-03-31", "2023-04-02", ["Judy Tong"], ["Jane Jiang"]),
        ("group-ceo", "2023-09-09", "2023-09-10", ["Daniel Zhang"], ["Eddie Wu"]),
        ("group-chair", "2023-09-09", "2023-09-10", ["Daniel Zhang"], ["Joseph Tsai"]),
        ("cloud-president", "2023-09-09", "2023-09-10", ["Daniel Zhang"], ["Eddie Wu"]),
    ],
)
def test_successions(h, post, before, after, was, now):
    assert holders(h, post, before) == was
    assert holders(h, post, after) == now


def test_the_december_2022_reshuffle(h):
    before, after = h.as_of("2022-12-01"), h.as_of("2023-01-15")
    assert "cloud-cto" not in before.posts
    # Jeff Zhang led DAMO Academy before the record and keeps it; Zhou Jingren
    # was already his deputy there.
    for org in (h.as_of("2022-06-30"), before, after):
        assert [p.name for p in org.holders("damo-head")] == ["Jeff Zhang"]
        assert [p.name for p in org.holders("damo-vp")] == ["Zhou Jingren"]
    assert [p.name for p in before.holders("cloud-president")] == ["Jeff Zhang"]
    zhou = after.find_person("Jingren Zhou")
    assert {p.id for p in after.posts_held(zhou.id)} == {"cloud-cto", "damo-vp"}
    assert after.units[after.posts["damo-vp"].unit].name == "DAMO Academy"
    # Wu Zeming keeps the local services CTO post.
    assert {p.id for p in after.posts_held("wu-zeming")} == {"group-cto", "local-services-cto"}


def test_the_cpo_change_was_announced_before_it_took_effect(h):
    assert holders(h, "group-cpo", "2023-04-02", known_at="2022-12-01") == ["Judy Tong"]
    assert holders(h, "group-cpo", "2023-04-02", known_at="2022-12-29") == ["Jane Jiang"]
    assert [e.summary for e in h.pending(on="2023-01-15")] == [
        "Jane Jiang succeeds Judy Tong as Chief People Officer"
    ]


def test_the_march_2023_split_into_six_business_groups(h):
    before, after = h.as_of("2023-03-01"), h.as_of("2023-04-01")
    groups = sorted(u.name for u in after.units.values() if u.kind == "business group")
    assert groups == [
        "Alibaba Cloud Intelligence Group",
        "Cainiao Smart Logistics",
        "Digital Media and Entertainment Group",
        "Global Digital Commerce Group",
        "Local Services Group",
        "Taobao Tmall Commerce Group",
    ]
    assert before.units["alibaba-cloud"].name == "Alibaba Cloud Intelligence"


def test_the_november_2023_cloud_heads(h):
    before, after = h.as_of("2023-11-16"), h.as_of("2023-11-30")
    # Known only as after the cancellation of 16 November, in November: the
    # event sorts on the 17th and says so.
    heads = next(e for e in h.events if "Three new heads" in e.summary)
    cancellation = next(e for e in h.events if "calls off" in e.summary)
    assert str(heads.date) == "2023-11" and str(heads.after) == "2023-11-16"
    assert heads.day > cancellation.day
    assert heads.when() == "November 2023 (after 16 November 2023)"
    # The units are first put in the org by the November reports.
    for unit in ("public-cloud", "hybrid-cloud", "cloud-infrastructure"):
        assert unit not in before.units and unit in h.as_of("2023-11-17").units
    for post, name, unit, superior, disputed in [
        ("public-cloud-head", "Liu Weiguang", "Public Cloud", "group-ceo", ()),
        ("hybrid-cloud-head", "Li Jin", "Hybrid Cloud", "group-ceo", ()),
        (
            "cloud-infrastructure-head",
            "Jiang Jiangwei",
            "Cloud Infrastructure",
            "cloud-cto",
            ("reports_to",),
        ),
    ]:
        assert post not in before.posts
        assert [p.name for p in after.holders(post)] == [name]
        assert after.posts[post].assumed == ()
        assert after.units[after.posts[post].unit].name == unit
        assert after.units[after.posts[post].unit].parent == "alibaba-cloud"
        assert after.posts[post].reports_to == superior
        assert after.posts[post].disputed == disputed
    # Two report to Eddie Wu directly, as the cloud strategy article counts.
    assert [p.name for p in after.holders("group-ceo")] == ["Eddie Wu"]


def test_the_november_2023_readings_name_their_sources(h):
    (dispute,) = [d for d in h.disputes() if d.kind == "event" and d.field == "changes"]
    assert dispute.readings[0] == "as recorded"
    others = dispute.readings[1:]
    assert len(others) == 2
    assert "cloud-revamp-2023-11" in others[0] and "group CEO" in others[0]
    assert "cnbc-2023-11-24" in others[1] and "existed before" in others[1]
    for source in ("cloud-revamp-2023-11", "cloud-strategy-2023", "cnbc-2023-11-24"):
        assert source in dispute.event.sources


def test_cai_yinghua_from_march_2022_until_december_2023_at_the_latest(h):
    (tenure,) = h.timeline("Cai Yinghua")
    assert str(tenure.start) == "2022-03" and not tenure.start_by
    assert str(tenure.end) == "2023-12-14"
    assert tenure.post.title == "Senior Vice President"
    assert "cloud-senior-vp" not in h.as_of("2023-12-14").posts
    (leaving,) = [e for e in h.events if e.summary == "Cai Yinghua has left Alibaba Cloud"]
    assert leaving.by and leaving.sources == ("star-daily-2023-12-14",)


def test_the_cloud_head_is_retitled_by_june_2023(h):
    assert h.as_of("2023-06-19").posts["cloud-president"].title == "President"
    assert h.as_of("2023-06-20").posts["cloud-president"].title == (
        "Chairman and Chief Executive Officer"
    )


def test_selina_yuan_heads_the_international_arm(h):
    assert "cloud-international-president" not in h.as_of("2024-04-30").posts
    assert holders(h, "cloud-international-president", "2024-05-01") == ["Selina Yuan"]


def test_cai_yinghua_joined_alibaba_cloud(h):
    assert "cai-yinghua" not in h.as_of("2022-02-28").people
    org = h.as_of("2022-12-30")
    cai = org.find_person("Cai Yinghua")
    assert [org.units[p.unit].name for p in org.posts_held(cai.id)] == [
        "Alibaba Cloud Intelligence"
    ]


def test_the_ai_teams_consolidated_under_eddie_wu(h):
    before, after = h.as_of("2024-11-21"), h.as_of("2024-11-22")
    assert "intelligent-computing" not in before.units
    group = after.units["intelligent-computing"]
    assert group.name == "Intelligent Computing Business Group"
    assert group.parent == "alibaba-cloud"
    assert holders(h, "intelligent-computing-head", "2024-11-22") == ["Eddie Wu"]
    for team in ("damo-ai-models", "cloud-foundation-models", "taobao-tmall-ai"):
        assert team in before.units and team not in after.units


def test_names_and_aliases_resolve_to_one_person(h):
    org = h.latest
    assert org.find_person("Liu Weiguang") == org.find_person("Weiguang Liu")
    assert org.find_person("Wu Yongming").name == "Eddie Wu"
    assert org.find_person("jin li").id == "li-jin"
    assert org.find_person("Jiangwei Jiang").id == "jiang-jiangwei"
    assert org.find_person("Joe Tsai").id == "joseph-tsai"


def test_the_diff_over_2023_lists_the_appointments_and_departures(h):
    change = h.diff("2022-12-01", "2023-12-31")
    ops = set(change)
    expected = {
        oc.Vacate("cloud-president", "jeff-zhang"),
        oc.Appoint("cloud-president", "eddie-wu"),
        oc.Appoint("cloud-cto", "zhou-jingren"),
        oc.Vacate("group-cto", "cheng-li"),
        oc.Appoint("group-cto", "wu-zeming"),
        oc.Vacate("group-cpo", "judy-tong"),
        oc.Appoint("group-cpo", "jane-jiang"),
        oc.Vacate("group-ceo", "daniel-zhang"),
        oc.Appoint("group-ceo", "eddie-wu"),
        oc.Vacate("group-chair", "daniel-zhang"),
        oc.Appoint("group-chair", "joseph-tsai"),
        oc.Vacate("group-vice-chair", "joseph-tsai"),
        oc.Appoint("public-cloud-head", "liu-weiguang"),
        oc.Appoint("hybrid-cloud-head", "li-jin"),
        oc.Appoint("cloud-infrastructure-head", "jiang-jiangwei"),
        oc.Vacate("cloud-senior-vp", "cai-yinghua"),
    }
    assert expected <= ops
    holdings = {op for op in ops if isinstance(op, (oc.Appoint, oc.Vacate))}
    assert holdings == expected
    # Daniel Zhang's cloud presidency starts and ends inside the window: no net change.
    assert oc.Appoint("cloud-president", "daniel-zhang") not in ops
    assert change == oc.diff(h.as_of("2022-12-01"), h.as_of("2023-12-31"))


def test_the_data_set_validates(h):
    assert len(h.events) >= 10
    for event in h.events:
        assert event.sources, event.describe()
        for source in event.sources:
            assert source in h.sources
    for source in h.sources.values():
        assert source.title
    assert oc.load(oc.seeds.path("alibaba")) == h
    assert oc.loads(oc.dumps(h)) == h


def test_the_disputed_facts_are_listed(h):
    disputes = {(d.kind, d.id, d.field) for d in h.disputes()}
    assert disputes == {
        ("post", "cloud-infrastructure-head", "reports_to"),
        (
            "event",
            str(
                1
                + [e.summary for e in h.events].index(
                    "Three new heads for public cloud, hybrid cloud and cloud infrastructure"
                )
            ),
            "changes",
        ),
        ("event", str(len(h.events)), "date"),
    }
    for dispute in h.disputes():
        assert dispute.note and "disagree" in dispute.note


def test_timelines_derive_predecessors_and_successors(h):
    daniel = h.timeline("Daniel Zhang")
    cloud = next(t for t in daniel if t.post.id == "cloud-president")
    assert cloud.predecessor.name == "Jeff Zhang"
    assert cloud.successor.name == "Eddie Wu"
    assert str(cloud.start) == "2022-12-29" and str(cloud.end) == "2023-09-10"
    assert cloud.post.title == "President"
    assert [t.post.title for t in h.holders_over_time("cloud-president")] == [
        "President",
        "President",
        "Chairman and Chief Executive Officer",
    ]


def test_context_events_have_no_changes(h):
    context = [e for e in h.events if not e.changes]
    assert {str(e.date) for e in context} == {"2022-12-18", "2023-11-16"}


def test_sources_are_cited_by_title_publisher_and_date_not_by_a_local_path():
    history = oc.seeds.alibaba()
    for source in history.sources.values():
        assert source.file is None, source.id
        assert source.title
        for text in (source.note or "", source.url or ""):
            assert "shared/" not in text and ".txt" not in text, source.id
    assert history.sources["ai-consolidation"].publisher == "Gnoppix"


def test_every_reporting_line_no_source_gives_is_listed_as_assumed():
    history = oc.seeds.alibaba()
    assumed = {(a.kind, a.id, a.field) for a in history.assumptions()}
    assert {a[1] for a in assumed if a[2] == "reports_to"} == {
        "group-ceo",
        "group-vice-chair",
        "group-cto",
        "group-cpo",
        "cloud-president",
        "cloud-cto",
        "local-services-cto",
        "cloud-senior-vp",
        "damo-head",
        "damo-vp",
        "cloud-international-president",
    }
    # Names that are the data set's own are marked too.
    assert {a[1] for a in assumed if a[2] == "name"} == {
        "local-services",
        "taobao-tmall",
        "cloud-international",
        "damo-ai-models",
        "cloud-foundation-models",
        "taobao-tmall-ai",
    }
    (local,) = [a for a in history.assumptions() if a.id == "local-services"]
    assert str(local.until) == "2023-03-28"  # the March 2023 name is sourced
    assert all(a.reason for a in history.assumptions())
    # They survive the file format and the Popolo extension.
    assert oc.loads(oc.dumps(history)).assumptions() == history.assumptions()
    back = oc.popolo.load(json.loads(oc.popolo.dumps_popolo(history)))
    assert [a.describe() for a in back.assumptions()] == [
        a.describe() for a in history.assumptions()
    ]


def test_the_ai_consolidation_date_lists_every_reading(h):
    (dispute,) = [d for d in h.disputes() if d.kind == "event" and d.field == "date"]
    assert dispute.readings == ("2024-11-22", "2023-11-22", "2025-11-22")
    assert "recorded: 2024-11-22" in dispute.describe()
    assert "Qwen3" in dispute.note and "earlier this year" in dispute.note
    assert oc.loads(oc.dumps(h)).disputes() == h.disputes()


def test_holdings_before_the_record_start_where_the_article_says(h):
    (jeff,) = [t for t in h.timeline("Jeff Zhang") if t.post.id == "cloud-president"]
    assert str(jeff.start) == "2018" and str(jeff.end) == "2022-12-29"
    assert jeff.describe().startswith(
        "Jeff Zhang, President (Alibaba Cloud Intelligence), from 2018"
    )
    assert str(h.timeline("Cheng Li")[0].start) == "2019"
    assert str(h.timeline("Judy Tong")[0].start) == "2017"
    assert h.held_since["group-cpo"] == {"judy-tong": oc.parse_date("2017")}
    assert oc.loads(oc.dumps(h)) == h
    with pytest.raises(oc.ValidationError, match="holding that post"):
        oc.History(h.base, held_since={"group-ceo": {"eddie-wu": "2020"}})


def test_what_a_source_shows_only_by_a_date_says_so(h):
    (event,) = [e for e in h.events if "Selina Yuan" in e.summary]
    assert event.by
    (tenure,) = h.timeline("Selina Yuan")
    assert tenure.start_by and "by May 2024" in tenure.describe()
    assert "by May 2024" in oc.to_dot(h.timeline("Selina Yuan"))
    assert oc.loads(oc.dumps(h)).events == h.events
