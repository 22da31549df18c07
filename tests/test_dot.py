"""DOT building: golden files, determinism, escaping, options, change colours."""

from pathlib import Path

import pytest

import orgchart as oc

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = Path(__file__).parent.parent / "examples" / "small-history.yaml"


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare with tests/golden/<name>; `pytest --update-golden` rewrites it."""
    path = GOLDEN / name
    if update or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"created missing golden file {path}; check it and commit it")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file; if the change is intended, "
        "run `pytest tests/test_dot.py --update-golden` and review the diff"
    )


@pytest.fixture(scope="module")
def example():
    return oc.load(EXAMPLE)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("example-2023-05-01.dot", lambda h: oc.to_dot(h.as_of("2023-05-01"), title="May 2023")),
        ("example-2023-10-01-lr.dot", lambda h: oc.to_dot(h.as_of("2023-10-01"), direction="LR")),
        ("example-diff-2023.dot", lambda h: oc.to_dot(h.diff("2023-01-01", "2023-12-31"))),
        ("example-timeline-alan.dot", lambda h: oc.to_dot(h.timeline("Alan Turing"))),
        ("example-holders-ceo.dot", lambda h: oc.to_dot(h.holders_over_time("ceo"))),
    ],
)
def test_golden_example(example, update_golden, name, make):
    check_golden(name, make(example), update_golden)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("alibaba-2022-12-01.dot", lambda h: oc.to_dot(h.as_of("2022-12-01"))),
        ("alibaba-2023-12-31.dot", lambda h: oc.to_dot(h.as_of("2023-12-31"))),
        (
            "alibaba-2025-12-31-cloud.dot",
            lambda h: oc.to_dot(h.as_of("2025-12-31"), root="alibaba-cloud"),
        ),
        ("alibaba-diff-dec-2022.dot", lambda h: oc.to_dot(h.diff("2022-12-01", "2023-01-31"))),
        ("alibaba-diff-2023.dot", lambda h: oc.to_dot(h.diff("2022-12-01", "2023-12-31"))),
        ("alibaba-diff-nov-2023.dot", lambda h: oc.to_dot(h.diff("2023-10-31", "2023-11-30"))),
        ("alibaba-timeline-eddie-wu.dot", lambda h: oc.to_dot(h.timeline("Eddie Wu"))),
    ],
)
def test_golden_alibaba(update_golden, name, make):
    check_golden(name, make(oc.seeds.alibaba()), update_golden)


def test_output_is_deterministic(example):
    first = oc.to_dot(example.diff("2023-01-01", "2023-12-31"))
    again = oc.to_dot(oc.load(EXAMPLE).diff("2023-01-01", "2023-12-31"))
    assert first == again


def org_with(name: str, title: str = "CEO") -> oc.Snapshot:
    return oc.Snapshot.build(
        people=[oc.Person("x", name)],
        units=[oc.Unit("u", name)],
        posts=[oc.Post("p", title, "u")],
        holders={"p": ["x"]},
    )


@pytest.mark.parametrize(
    "evil",
    [
        '"]; evil [label="pwned',
        "<script>alert(1)</script>",
        "} digraph { a -> b",
        "a\\nb\\lc",
        "&amp; &#x3C;",
        "line\nbreak\x0bvertical",
    ],
)
def test_names_cannot_change_structure_or_inject_markup(evil):
    """The evil text shows up only as escaped label text: replacing it by a
    plain word gives exactly the DOT of an org with that plain word."""
    source = oc.to_dot(org_with(evil, title=evil), title=evil)
    plain = oc.to_dot(org_with("SAFE", title="SAFE"), title="SAFE")
    assert "<script>" not in source
    assert source.replace(oc.dot._text(evil), "SAFE") == plain


def test_ids_with_odd_characters_make_distinct_safe_node_names():
    org = oc.Snapshot.build(
        units=[oc.Unit("u", "U")],
        posts=[oc.Post("a-b", "A", "u"), oc.Post("a_2d_b", "B", "u"), oc.Post('q"x', "C", "u")],
    )
    source = oc.to_dot(org)
    names = [x.split()[0] for x in source.splitlines() if "[label=" in x and "post_" in x]
    assert len(set(names)) == 3
    assert all('"' not in n for n in names)


def test_vacant_co_held_and_disputed_posts_look_distinct():
    org = oc.Snapshot.build(
        people=[oc.Person("a", "A"), oc.Person("b", "B")],
        units=[oc.Unit("u", "U")],
        posts=[
            oc.Post("boss", "Boss", "u"),
            oc.Post("vacant", "Vacant", "u", reports_to="boss"),
            oc.Post("shared", "Shared", "u", reports_to="boss"),
            oc.Post("unsure", "Unsure", "u", reports_to="boss", disputed=["reports_to", "holders"]),
            oc.Post("matrix", "Matrix", "u", reports_to="boss", dotted_to=["shared"]),
        ],
        holders={"boss": ["a"], "shared": ["a", "b"], "unsure": ["b"]},
    )
    source = oc.to_dot(org)
    lines = {x.split()[0]: x for x in source.splitlines() if "[label=" in x and "->" not in x}
    assert "dashed" in lines["post_vacant"] and "<I>vacant</I>" in lines["post_vacant"]
    assert "peripheries=2" in lines["post_shared"]
    assert "diagonals" in lines["post_unsure"] and "B (?)" in lines["post_unsure"]
    edges = [line for line in oc.to_dot(org).splitlines() if "->" in line]
    assert any("post_unsure" in e and "tooltip=" in e and "dashed" in e for e in edges)
    assert any("post_shared -> post_matrix" in e and "dotted" in e for e in edges)


def test_root_depth_and_show_units(example):
    org = example.as_of("2023-05-01")
    only_labs = oc.to_dot(org, root="labs")
    assert "cluster_unit_labs" in only_labs and "post_ceo" not in only_labs
    top = oc.to_dot(org, root="ceo", depth=1)
    assert "post_ceo" in top and "post_labs_2d_head" not in top
    chain = oc.to_dot(org, root="ceo")
    assert "post_labs_2d_head" in chain
    shallow = oc.to_dot(org, depth=1)
    assert "cluster_unit_labs" not in shallow
    flat = oc.to_dot(org, show_units=False)
    assert "cluster_unit" not in flat and "Example Labs" in flat


def test_graphviz_attributes_pass_through(example):
    source = oc.to_dot(
        example.as_of("2023-05-01"),
        graph_attr={"bgcolor": "white", "dpi": 150},
        node_attr={"fontname": "Noto Sans"},
        edge_attr={"color": "black"},
    )
    assert "bgcolor=white" in source and "dpi=150" in source
    assert 'fontname="Noto Sans"' in source


def test_change_colours_and_legend(example):
    source = oc.to_dot(example.diff("2023-01-01", "2023-12-31"))
    assert "cluster_legend" in source
    for status in ("added", "removed", "changed"):
        assert f"legend_{status}" in source
        assert oc.dot.STYLES[status]["color"] in source
    assert "Changes from 1 January 2023 to 31 December 2023" in source
    assert "Example Co. announces new leadership" in source  # the event's source


def test_moved_items_have_their_own_style():
    a = oc.Snapshot.build(
        units=[oc.Unit("g", "G"), oc.Unit("x", "X", parent="g"), oc.Unit("y", "Y", parent="g")],
        posts=[oc.Post("p", "P", "x")],
    )
    b = oc.Snapshot.build(
        units=[oc.Unit("g", "G"), oc.Unit("x", "X", parent="g"), oc.Unit("y", "Y", parent="g")],
        posts=[oc.Post("p", "P", "y")],
    )
    source = oc.to_dot(oc.diff(a, b))
    line = next(x for x in source.splitlines() if x.strip().startswith("post_p "))
    assert oc.dot.STYLES["moved"]["color"] in line and "dotted" in line
    assert "moved" in line and "unit: X → Y" in line


def test_a_hand_built_change_set_draws_what_it_touches():
    change = oc.ChangeSet([oc.Appoint("ceo", "eddie-wu"), oc.Add(oc.Unit("ai", "AI Group"))])
    source = oc.to_dot(change)
    assert "post_ceo" in source and "+ eddie-wu" in source and "AI Group" in source
    base = oc.Snapshot.build(
        people=[oc.Person("eddie-wu", "Eddie Wu")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g")],
    )
    in_context = oc.to_dot(oc.ChangeSet([oc.Appoint("ceo", "eddie-wu")]), base=base)
    assert "+ Eddie Wu" in in_context and "Group" in in_context


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"direction": "up"}, "direction"),
        ({"depth": 0}, "depth"),
        ({"show_units": "yes"}, "show_units"),
        ({"graph_attr": "big"}, "graph_attr"),
        ({"root": "ghost"}, "ghost"),
    ],
)
def test_bad_options(example, kwargs, field):
    with pytest.raises(oc.OrgChartError) as info:
        oc.to_dot(example.as_of("2023-05-01"), **kwargs)
    assert repr(field) in str(info.value)


def test_unknown_objects_are_refused():
    with pytest.raises(oc.ValidationError, match="'obj'"):
        oc.to_dot("a snapshot")
    # An empty tuple is not a timeline; an empty Timeline is (it draws nothing).
    with pytest.raises(oc.ValidationError, match="'obj'"):
        oc.to_dot(())
    assert oc.to_dot(oc.Timeline()).startswith("digraph orgchart {")


@pytest.mark.parametrize(
    ("subject", "option", "value"),
    [
        (lambda h: h.diff("2023-01-01", "2023-12-31"), "root", "zzz"),
        (lambda h: h.diff("2023-01-01", "2023-12-31"), "depth", 2),
        (lambda h: h.as_of("2023-05-01"), "context", 2),
        (lambda h: h.as_of("2023-05-01"), "legend", False),
        (lambda h: h.as_of("2023-05-01"), "base", oc.Snapshot()),
        (lambda h: h.timeline("Alan Turing"), "show_units", False),
        (lambda h: h.timeline("Alan Turing"), "root", "zzz"),
    ],
)
def test_options_that_do_not_apply_are_refused(example, subject, option, value):
    with pytest.raises(oc.ValidationError, match=f"option '{option}' does not apply"):
        oc.to_dot(subject(example), **{option: value})


def test_timelines_run_left_to_right_unless_asked(example):
    timeline = example.timeline("Alan Turing")
    assert "rankdir=LR" in oc.to_dot(timeline)
    assert "rankdir=TB" in oc.to_dot(timeline, direction="TB")
    assert "rankdir=TB" in oc.to_dot(example.as_of("2023-05-01"))


def test_a_unit_whose_posts_are_not_drawn_says_so():
    history = oc.seeds.alibaba()
    change = history.diff("2023-01", "2023-06")
    source = oc.to_dot(change)
    # Alibaba Cloud has posts on both dates; none of them changed.
    assert "empty_alibaba_2d_cloud" in source
    line = next(line for line in source.splitlines() if "empty_alibaba_2d_cloud" in line)
    assert "3 posts not drawn" in line
    cloud_posts = history.as_of("2023-06").posts_in("alibaba-cloud")
    assert len(cloud_posts) == 3


def test_assumed_lines_and_holdings_are_drawn_apart_with_a_legend():
    org = oc.Snapshot.build(
        people=[oc.Person("a", "Ada")],
        units=[oc.Unit("g", "Group")],
        posts=[
            oc.Post("ceo", "CEO", "g"),
            oc.Post(
                "cto",
                "CTO",
                "g",
                reports_to="ceo",
                assumed={"reports_to": "no source", "holders": "no source"},
            ),
        ],
        holders={"cto": ["a"]},
    )
    source = oc.to_dot(org)
    line = next(line for line in source.splitlines() if "post_ceo -> post_cto" in line)
    assert "xlabel" not in line and "style=dashed" in line
    assert "<I>Ada (assumed)</I>" in source
    assert "assumed: a modelling choice, no source" in source  # the legend
    plain = oc.Snapshot.build(units=[oc.Unit("g", "Group")])
    assert "cluster_legend" not in oc.to_dot(plain)
