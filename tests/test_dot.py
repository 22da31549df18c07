"""DOT building: golden files, determinism, escaping, options, change colours."""

import ast
import re
from pathlib import Path

import graphviz
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst
from orgchart.dot.syntax import Body, attr_list, digraph, escape, node_name

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


#: The golden diagrams of the example history: (file name, how it is drawn).
EXAMPLE_GOLDEN = [
    ("example-2023-05-01.dot", lambda h: oc.to_dot(h.as_of("2023-05-01"), title="May 2023")),
    ("example-2023-10-01-lr.dot", lambda h: oc.to_dot(h.as_of("2023-10-01"), direction="LR")),
    ("example-diff-2023.dot", lambda h: oc.to_dot(h.diff("2023-01-01", "2023-12-31"))),
    ("example-timeline-alan.dot", lambda h: oc.to_dot(h.timeline("Alan Turing"))),
    ("example-holders-ceo.dot", lambda h: oc.to_dot(h.holders_over_time("ceo"))),
]
#: The golden diagrams of the Alibaba history. A case drawn with ``depth=N``
#: when depth counted the root as level 1 is drawn with ``depth=N-1`` now
#: (the levels below the root), and its bytes stay the same.
ALIBABA_GOLDEN = [
    ("alibaba-2022-12-01.dot", lambda h: oc.to_dot(h.as_of("2022-12-01"))),
    ("alibaba-2023-12-31.dot", lambda h: oc.to_dot(h.as_of("2023-12-31"))),
    (
        "alibaba-2025-12-31-cloud.dot",
        lambda h: oc.to_dot(h.as_of("2025-12-31"), root="alibaba-cloud"),
    ),
    (
        "alibaba-2025-12-31-cloud-top.dot",
        lambda h: oc.to_dot(h.as_of("2025-12-31"), root="alibaba-cloud", depth=0),
    ),
    ("alibaba-diff-dec-2022.dot", lambda h: oc.to_dot(h.diff("2022-12-01", "2023-01-31"))),
    ("alibaba-diff-2023.dot", lambda h: oc.to_dot(h.diff("2022-12-01", "2023-12-31"))),
    ("alibaba-diff-nov-2023.dot", lambda h: oc.to_dot(h.diff("2023-10-31", "2023-11-30"))),
    ("alibaba-timeline-eddie-wu.dot", lambda h: oc.to_dot(h.timeline("Eddie Wu"))),
    # The compact layout of the two widest diagrams.
    (
        "alibaba-2023-12-31-compact.dot",
        lambda h: oc.to_dot(h.as_of("2023-12-31"), layout="compact"),
    ),
    (
        "alibaba-diff-2023-compact.dot",
        lambda h: oc.to_dot(h.diff("2022-12-01", "2023-12-31"), layout="compact"),
    ),
]


@pytest.mark.parametrize(("name", "make"), EXAMPLE_GOLDEN)
def test_golden_example(example, update_golden, name, make):
    check_golden(name, make(example), update_golden)


@pytest.mark.parametrize(("name", "make"), ALIBABA_GOLDEN)
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
    assert source.replace(escape(evil), "SAFE") == plain


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
    # depth counts the levels below the root: 0 is the root alone.
    top = oc.to_dot(org, root="ceo", depth=0)
    assert "post_ceo" in top and "post_labs_2d_head" not in top
    chain = oc.to_dot(org, root="ceo")
    assert "post_labs_2d_head" in chain
    shallow = oc.to_dot(org, depth=0)
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
        ({"depth": -1}, "depth"),
        ({"depth": True}, "depth"),
        ({"depth": 1.5}, "depth"),
        ({"depth": "2"}, "depth"),
        ({"root": 7}, "root"),
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


# ------------------------------------------------------- root and depth


@pytest.mark.parametrize(
    "root",
    [
        lambda org: "alibaba-cloud",
        lambda org: "Alibaba Cloud Intelligence Group",
        lambda org: "alibaba cloud intelligence GROUP",
        lambda org: org.units["alibaba-cloud"],
        # Enough levels to reach every unit below the root: the same diagram.
        lambda org: ("alibaba-cloud", len(org.units)),
    ],
    ids=["id", "name", "name in another case", "Unit", "deep enough"],
)
def test_a_root_is_an_id_a_name_or_the_value(root):
    """Whatever names the root, the diagram is the golden one drawn by id."""
    org = oc.seeds.alibaba().as_of("2025-12-31")
    given = root(org)
    root, depth = given if isinstance(given, tuple) else (given, None)
    golden = (GOLDEN / "alibaba-2025-12-31-cloud.dot").read_text(encoding="utf-8")
    assert oc.to_dot(org, root=root, depth=depth) == golden


def test_a_root_post_is_an_id_a_title_or_the_value(example):
    org = example.as_of("2023-05-01")
    ceo = org.post("ceo")
    by_id = oc.to_dot(org, root="ceo", depth=1)
    assert oc.to_dot(org, root=ceo.title, depth=1) == by_id
    assert oc.to_dot(org, root=ceo, depth=1) == by_id
    assert by_id != oc.to_dot(org, root="ceo", depth=0)


def test_a_root_naming_nothing_or_several_is_refused_as_subtree_refuses_it():
    org = oc.seeds.alibaba().as_of("2025-12-31")
    for name in ("Head", "No Such Group"):
        with pytest.raises(oc.OrgChartError) as drawing:
            oc.to_dot(org, root=name)
        with pytest.raises(oc.OrgChartError) as part:
            org.subtree(name)
        assert type(drawing.value) is type(part.value)
        assert str(drawing.value) == str(part.value)
    with pytest.raises(oc.AmbiguousNameError):
        oc.to_dot(org, root="Head")  # two posts have this title
    with pytest.raises(oc.NotFoundError, match="No Such Group"):
        oc.to_dot(org, root="No Such Group")


def drawn(source: str, prefix: str, ids) -> set[str]:
    """The ids among ``ids`` whose node (``post``) or cluster (``cluster_unit``) is drawn."""
    names = {node_name(prefix, i): i for i in ids}
    if prefix == "post":
        found = re.findall(r"^\t+(\S+) \[label=", source, flags=re.MULTILINE)
    else:
        found = re.findall(r"^\t+subgraph (\S+) \{", source, flags=re.MULTILINE)
    return {names[n] for n in found if n in names}


@settings(max_examples=60)
@given(org=ocst.snapshots(max_units=6, max_posts=8), depth=st.integers(0, 3))
def test_depth_counts_the_levels_below_the_root_as_units_below_does(org, depth):
    """depth=0 is the root alone, 1 adds what is directly under it, None is all:
    what ``Snapshot.units_below`` and ``posts_below`` mean by ``depth``."""
    for unit in org.units.values():
        source = oc.to_dot(org, root=unit, depth=depth, empty_units=True)
        expected = {unit.id, *(u.id for u in org.units_below(unit, depth=depth))}
        assert drawn(source, "cluster_unit", org.units) == expected
    for post in org.posts.values():
        source = oc.to_dot(org, root=post, depth=depth, empty_units=True)
        expected = {post.id, *(p.id for p in org.posts_below(post, depth=depth))}
        assert drawn(source, "post", org.posts) == expected
    # With no root, the levels count from the top units down.
    source = oc.to_dot(org, depth=depth, empty_units=True)
    top = {u.id for u in org.units.values() if len(org.units_above(u)) <= depth}
    assert drawn(source, "cluster_unit", org.units) == top
    everything = oc.to_dot(org, depth=None, empty_units=True)
    assert drawn(everything, "cluster_unit", org.units) == set(org.units)


# ------------------------------------------------------- the one writer


def test_only_the_syntax_module_writes_dot():
    """One DOT writer: no other module of the drawing imports graphviz or has
    graph, subgraph or edge syntax of its own in its code (docs aside)."""
    package = Path(oc.dot.__file__).parent
    modules = sorted(package.glob("*.py"))
    assert {p.name for p in modules} >= {"__init__.py", "syntax.py", "views.py", "legend.py"}
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        imported, texts = set(), []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Constant) and id(node) not in docs:
                texts.append(str(node.value))
        syntax = [t for t in texts if re.search(r"digraph|subgraph|->|\{$|^\}", t)]
        if path.name == "syntax.py":
            assert "graphviz" in imported and syntax
        else:
            assert "graphviz" not in imported and not syntax, (path.name, syntax)


_KEYS = st.sampled_from(["class", "color", "fontname", "label", "penwidth", "rank", "style"])
_VALUES = st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\\"))
_ATTRS = st.dictionaries(_KEYS, _VALUES, max_size=3)
_IDS = st.text("ab-_ é1", min_size=1, max_size=4)
_LABELS = st.none() | _VALUES | _VALUES.map(lambda text: f"<<B>{escape(text)}</B>>")
_STATEMENTS = st.recursive(
    st.tuples(st.just("node"), _IDS, _LABELS, _ATTRS)
    | st.tuples(st.just("edge"), _IDS, _IDS, _ATTRS)
    | st.tuples(st.just("attr"), _ATTRS.filter(bool)),
    lambda inner: st.tuples(st.just("subgraph"), st.none() | _IDS, st.lists(inner, max_size=4)),
    max_leaves=12,
)


def write_with_syntax(statements, body):
    for kind, *args in statements:
        if kind == "node":
            body.node(node_name("n", args[0]), attr_list(args[1], args[2]))
        elif kind == "edge":
            body.edge(node_name("n", args[0]), node_name("n", args[1]), attr_list(None, args[2]))
        elif kind == "attr":
            body.attr(**args[0])
        else:
            with body.subgraph(None if args[0] is None else node_name("cluster", args[0])):
                write_with_syntax(args[1], body)


def write_with_graphviz(statements, graph):
    for kind, *args in statements:
        if kind == "node":
            graph.node(node_name("n", args[0]), args[1], _attributes=args[2])
        elif kind == "edge":
            graph.edge(node_name("n", args[0]), node_name("n", args[1]), _attributes=args[2])
        elif kind == "attr":
            graph.attr(_attributes=args[0])
        else:
            name = None if args[0] is None else node_name("cluster", args[0])
            with graph.subgraph(name=name) as inner:
                write_with_graphviz(args[1], inner)


@settings(max_examples=100)
@given(statements=st.lists(_STATEMENTS, max_size=5), heads=st.tuples(_ATTRS, _ATTRS, _ATTRS))
def test_the_one_writer_writes_what_graphviz_writes(statements, heads):
    """The golden files were first written through ``graphviz.Digraph``: the one
    writer gives the same text for the same statements, quoted the same way."""
    body = Body()
    write_with_syntax(statements, body)
    ours = digraph(body, graph=heads[0], node=heads[1], edge=heads[2])
    graph = graphviz.Digraph(
        "orgchart", graph_attr=heads[0], node_attr=heads[1], edge_attr=heads[2]
    )
    write_with_graphviz(statements, graph)
    assert ours == graph.source


def test_the_golden_files_come_from_the_one_writer(monkeypatch, example):
    """With ``graphviz``'s own writers gone (only its quoting is left), every
    golden file still comes out byte for byte."""
    for writer in ("Digraph", "Graph", "Source"):
        monkeypatch.delattr(graphviz, writer)
    alibaba = oc.seeds.alibaba()
    for cases, history in ((EXAMPLE_GOLDEN, example), (ALIBABA_GOLDEN, alibaba)):
        for name, make in cases:
            check_golden(name, make(history), update=False)
