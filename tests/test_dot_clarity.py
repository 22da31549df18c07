"""Diagram clarity: marked lines, a legend of what is used, update notes,
timelines in lanes, and empty units."""

import re

import pytest

import orgchart as oc

# ----------------------------------------------------------------- helpers


def lines_with(source: str, needle: str) -> list[str]:
    return [line for line in source.splitlines() if needle in line]


def node(source: str, name: str) -> str:
    """The line that declares a node."""
    (line,) = [x for x in source.splitlines() if x.strip().startswith(f"{name} [")]
    return line


def edge(source: str, tail: str, head: str) -> str:
    (line,) = lines_with(source, f"post_{tail} -> post_{head} ")
    return line


def legend_of(source: str) -> str:
    """The text of the legend cluster ("" when there is none)."""
    start = source.find("subgraph cluster_legend {")
    return "" if start < 0 else source[start:]


def org(**overrides) -> oc.Snapshot:
    """A small org with one holder per post and only solid lines: no marks."""
    parts = {
        "people": [oc.Person("a", "Ada"), oc.Person("b", "Bo")],
        "units": [oc.Unit("g", "Group")],
        "posts": [oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", reports_to="ceo")],
        "holders": {"ceo": ["a"], "cto": ["b"]},
    }
    parts.update(overrides)
    return oc.Snapshot.build(**parts)


# ------------------------------------------------- 1. disputed and assumed lines


def test_disputed_and_assumed_lines_are_marked_by_style_and_tooltip_not_label():
    marked = org(
        posts=[
            oc.Post("ceo", "CEO", "g"),
            oc.Post("cto", "CTO", "g", reports_to="ceo", disputed=["reports_to"]),
            oc.Post("cfo", "CFO", "g", reports_to="ceo", assumed={"reports_to": "no source"}),
        ],
    )
    source = oc.to_dot(marked)
    assert "xlabel" not in source
    disputed = edge(source, "ceo", "cto")
    assert "style=dashed" in disputed and 'color="#9a6700"' in disputed
    assert 'tooltip="disputed: the sources disagree"' in disputed
    assert 'class="line context disputed"' in disputed
    assumed = edge(source, "ceo", "cfo")
    assert "style=dashed" in assumed and 'color="#8c959f"' in assumed
    assert 'tooltip="assumed: a modelling choice, no source"' in assumed
    legend = legend_of(source)
    assert "disputed: the sources disagree" in legend
    assert "assumed: a modelling choice, no source" in legend


def test_the_alibaba_disputed_line_has_no_label_to_land_on_a_cluster_title():
    source = oc.to_dot(oc.seeds.alibaba().as_of("2023-12-31"))
    assert "xlabel" not in source
    line = edge(source, "cloud_2d_cto", "cloud_2d_infrastructure_2d_head")
    assert "tooltip=" in line and "#9a6700" in line


# ------------------------------------------------------------------ 2. legend

#: Each legend entry, and text that only that entry's sample carries.
ENTRIES = {
    "new": "newly appointed",
    "leaving": "left the post",
    "disputed_holder": "holder disputed",
    "assumed_holder": "holder assumed",
    "vacant": "no holder on record",
    "co_held": "two or more holders",
    "added_line": "reporting line added",
    "removed_line": "reporting line removed",
    "dotted_line": "dotted-line reporting",
    "disputed_line": "disputed: the sources disagree",
    "assumed_line": "assumed: a modelling choice, no source",
}


def entries(source: str) -> set[str]:
    legend = legend_of(source)
    found = {name for name in re.findall(r"\blegend_(\w+?)(?:_from|_to)?\b", legend)}
    for name in found:
        if name in ENTRIES:
            assert ENTRIES[name] in legend
    return found


def test_a_plain_snapshot_has_no_legend():
    assert "cluster_legend" not in oc.to_dot(org())


@pytest.mark.parametrize(
    ("snapshot", "expected"),
    [
        (org(holders={"ceo": ["a"]}), {"vacant"}),
        (org(holders={"ceo": ["a", "b"], "cto": ["b"]}), {"co_held"}),
        (
            org(posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", dotted_to=["ceo"])]),
            {"dotted_line"},
        ),
        (
            org(
                posts=[
                    oc.Post("ceo", "CEO", "g"),
                    oc.Post("cto", "CTO", "g", reports_to="ceo", disputed=["reports_to"]),
                ]
            ),
            {"disputed_line"},
        ),
        (
            org(
                posts=[
                    oc.Post("ceo", "CEO", "g", disputed=["holders"]),
                    oc.Post("cto", "CTO", "g", reports_to="ceo", assumed={"holders": "guess"}),
                ]
            ),
            {"disputed_holder", "assumed_holder"},
        ),
    ],
)
def test_a_snapshot_legend_explains_exactly_the_marks_used(snapshot, expected):
    source = oc.to_dot(snapshot)
    assert entries(source) == expected


def test_a_change_set_legend_explains_exactly_the_marks_used():
    before = org(
        posts=[
            oc.Post("ceo", "CEO", "g"),
            oc.Post("cto", "CTO", "g", reports_to="ceo"),
            oc.Post("cfo", "CFO", "g", reports_to="ceo"),
        ],
        holders={"ceo": ["a"], "cto": ["b"], "cfo": ["b"]},
    )
    after = org(
        posts=[
            oc.Post("ceo", "CEO", "g"),
            oc.Post("cto", "CTO", "g", reports_to="ceo"),
            oc.Post("cfo", "CFO", "g", reports_to="cto"),
        ],
        holders={"ceo": ["b"], "cto": ["b"], "cfo": ["b"]},
    )
    source = oc.to_dot(oc.diff(before, after))
    assert entries(source) == {
        "changed",
        "moved",
        "context",
        "new",
        "leaving",
        "added_line",
        "removed_line",
    }
    assert "cluster_legend" not in oc.to_dot(oc.diff(before, after), legend=False)


def test_legend_samples_are_drawn_the_way_the_diagram_draws_them():
    snapshot = org(
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", dotted_to=["ceo"])],
        holders={"ceo": ["a", "b"]},
    )
    source = oc.to_dot(snapshot)
    vacant = node(source, "legend_vacant")
    post = node(source, "post_cto")
    for attr in ("style=", "color=", "fontcolor="):
        assert re.search(attr + r'"?[^ \]]+', vacant).group() in post
    assert "peripheries=2" in node(source, "legend_co_held")
    (line,) = lines_with(source, "legend_dotted_line_from -> legend_dotted_line_to")
    assert "style=dotted" in line and "arrowhead=empty" in line


def test_the_alibaba_change_set_legend():
    change = oc.seeds.alibaba().diff("2023-06-01", "2023-12-31")
    found = entries(oc.to_dot(change))
    assert {"new", "leaving", "added_line", "removed_line", "assumed_line"} <= found
    assert {"vacant", "dotted_line", "co_held"}.isdisjoint(found)


# ----------------------------------------------------------- 3. update notes


def test_update_notes_show_old_and_new_values_with_names():
    units = [
        oc.Unit("g", "Group"),
        oc.Unit("x", "Cloud Intelligence", parent="g"),
        oc.Unit("y", "Y <Unit>", parent="g"),
    ]
    posts = [oc.Post("ceo", "CEO", "g"), oc.Post("p", "Head", "x", reports_to="ceo")]
    before = oc.Snapshot.build(units=units, posts=posts)
    after = oc.Snapshot.build(
        units=[units[0], oc.Unit("x", "Cloud Intelligence Group", parent="g"), units[2]],
        posts=[posts[0], oc.Post("p", "Head of " + "Cloud " * 10, "y", dotted_to=["ceo"])],
    )
    source = oc.to_dot(oc.diff(before, after))
    assert "name: Cloud Intelligence → Cloud Intelligence Group" in source
    post = node(source, "post_p")
    assert "moved" in post
    assert "unit: Cloud Intelligence → Y &lt;Unit&gt;" in post
    assert "reports_to: CEO → none" in post
    assert "dotted_to: none → CEO" in post
    long_title = ("Head of " + "Cloud " * 10)[:39] + "…"
    assert f"title: Head → {long_title}" in post
    assert "changed: name" not in source


def test_update_notes_fall_back_to_ids_for_items_in_neither_snapshot():
    change = oc.ChangeSet(
        [oc.Update(oc.Post("p", "P", "u", reports_to="ghost"), oc.Post("p", "P", "u"))]
    )
    base = oc.Snapshot.build(
        units=[oc.Unit("u", "U")],
        posts=[oc.Post("ghost", "Ghost", "u"), oc.Post("p", "P", "u", reports_to="ghost")],
    )
    assert "reports_to: Ghost → none" in oc.to_dot(change, base=base)


# -------------------------------------------------------------- 4. timelines


def tenure(person, post, start, end, unit=None):
    return oc.Tenure(
        person=person,
        post=post,
        start=None if start is None else oc.parse_date(start),
        end=None if end is None else oc.parse_date(end),
        unit=unit,
    )


def tenure_edges(source: str) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in re.findall(r"tenure_(\d+) -> tenure_(\d+)", source)}


def test_concurrent_tenures_are_side_by_side_and_sequential_ones_chained():
    ada = oc.Person("a", "Ada")
    group = oc.Unit("g", "Group")
    ceo, cto, chair = (oc.Post(i, i.upper(), "g") for i in ("ceo", "cto", "chair"))
    timeline = oc.Timeline(
        [
            tenure(ada, chair, None, "2021-01-01"),  # 0: before the record
            tenure(ada, ceo, "2020-01-01", "2022-01-01", group),  # 1: with 0
            tenure(ada, cto, "2021-01-01", "2023-01-01", group),  # 2: after 0
            tenure(ada, chair, "2022-01-01", None, group),  # 3: after 1, with 2
        ]
    )
    source = oc.to_dot(timeline)
    assert tenure_edges(source) == {(0, 2), (1, 3)}
    assert "Group" in node(source, "tenure_1")
    assert "Group" not in node(source, "tenure_0")
    # The ongoing tenure has no length: the diagram does not depend on today.
    assert "ongoing</FONT>>" in node(source, "tenure_3")


def test_tenures_starting_together_share_a_rank():
    ada, bo = oc.Person("a", "Ada"), oc.Person("b", "Bo")
    post = oc.Post("ceo", "CEO", "g")
    timeline = oc.Timeline(
        [tenure(ada, post, "2020-01-01", None), tenure(bo, post, "2020-01-01", None)]
    )
    source = oc.to_dot(timeline)
    assert tenure_edges(source) == set()
    assert re.search(r"\{\s*rank=same\s*tenure_\d\s*tenure_\d\s*\}", source)


def test_alibaba_concurrent_posts_are_not_chained():
    history = oc.seeds.alibaba()
    eddie = history.timeline("Eddie Wu")
    assert len(eddie) == 3 and all(t.end is None for t in eddie)
    source = oc.to_dot(eddie)
    assert tenure_edges(source) == set()
    assert "Alibaba Cloud Intelligence Group" in source and "Alibaba Group" in source
    ceo = oc.to_dot(history.holders_over_time("group-ceo"))
    assert tenure_edges(ceo) == {(0, 1)}


# ------------------------------------------------------------ 5. empty units


def with_empty_units() -> oc.Snapshot:
    return oc.Snapshot.build(
        people=[oc.Person("a", "Ada")],
        units=[
            oc.Unit("g", "Group"),
            oc.Unit("e", "Empty", parent="g"),
            oc.Unit("ee", "Empty too", parent="e"),
            oc.Unit("f", "Full", parent="g"),
            oc.Unit("top", "Top", parent="f"),
        ],
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("head", "Head", "top")],
        holders={"ceo": ["a"]},
    )


def test_empty_units_are_left_out_by_default_and_the_title_says_so():
    source = oc.to_dot(with_empty_units())
    assert "cluster_unit_e " not in source and "cluster_unit_ee " not in source
    assert "no posts on record" not in source
    assert "cluster_unit_f " in source  # its posts are below it
    assert "2 units with no posts not drawn (empty_units=True draws them)" in source


def test_empty_units_true_draws_them():
    source = oc.to_dot(with_empty_units(), empty_units=True)
    assert "cluster_unit_e " in source and "cluster_unit_ee " in source
    assert "no posts on record" in source and "not drawn (empty_units" not in source


def test_an_empty_root_is_drawn_and_depth_hidden_posts_still_say_so():
    source = oc.to_dot(with_empty_units(), root="e")
    assert "cluster_unit_e " in source and "cluster_unit_ee " not in source
    assert "1 unit with no posts not drawn" in source
    shallow = oc.to_dot(with_empty_units(), root="f", depth=0)  # f alone, not its unit "top"
    assert "cluster_unit_f " in shallow and "with no posts" not in shallow
    assert "1 post in units below not drawn" in shallow


def test_change_sets_leave_out_empty_units_they_do_not_touch():
    before = with_empty_units()
    after = oc.Snapshot.build(
        people=[oc.Person("a", "Ada")],
        units=[*before.units.values(), oc.Unit("new", "New", parent="g")],
        posts=list(before.posts.values()),
        holders={"ceo": ["a"]},
    )
    source = oc.to_dot(oc.diff(before, after), context="all")
    assert "cluster_unit_new " in source  # added: touched, drawn though empty
    assert "cluster_unit_e " not in source
    assert "2 units with no posts not drawn" in source
    drawn = oc.to_dot(oc.diff(before, after), context="all", empty_units=True)
    assert "cluster_unit_e " in drawn and "not drawn (empty_units" not in drawn


def test_empty_units_is_refused_by_timelines_and_checked():
    history = oc.seeds.alibaba()
    with pytest.raises(oc.ValidationError, match="option 'empty_units' does not apply"):
        oc.to_dot(history.timeline("Eddie Wu"), empty_units=True)
    with pytest.raises(oc.ValidationError, match="'empty_units'"):
        oc.to_dot(with_empty_units(), empty_units="yes")
    assert "empty_units" in oc.dot.OPTIONS["snapshot"]
    assert "empty_units" in oc.dot.OPTIONS["change set"]


def test_a_change_set_can_leave_out_its_title_and_events():
    history = oc.seeds.alibaba()
    change = history.diff("2023-06-01", "2023-12-31")
    full = oc.to_dot(change)
    assert "Changes from 1 June 2023" in full and "Eddie Wu succeeds Daniel Zhang" in full
    bare = oc.to_dot(change, title="", events=False)
    assert "Changes from" not in bare and "Eddie Wu succeeds Daniel Zhang" not in bare
    assert "<B></B>" not in bare
    with pytest.raises(oc.ValidationError, match="events"):
        oc.to_dot(change, events="no")
    with pytest.raises(oc.ValidationError, match="'events' does not apply to a snapshot"):
        oc.to_dot(history.latest, events=False)
