"""Diagrams that fit where they are shown: the compact layout, the automatic
choice of layout, the readable minimum, and the fitted HTML figure."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst
from orgchart.dot import COMPACT_ROW
from orgchart.pages import PHONE_COLUMN_PX, diagram, diagram_html, figure
from orgchart.rendering import (
    READABLE_FONT_PX,
    TOO_SMALL,
    WIDE,
    fitting_source,
    readable_drawing,
    readable_width,
    svg_size,
)

from .test_docs import build, small_project


@pytest.fixture(scope="module")
def alibaba():
    return oc.seeds.alibaba()


@pytest.fixture(scope="module")
def org(alibaba):
    return alibaba.as_of("2023-12-31")


@pytest.fixture(scope="module")
def changes(alibaba):
    return alibaba.diff("2022-12-01", "2023-12-31")


# ------------------------------------------------------------------ to_dot


@pytest.mark.parametrize("value", ["wide", "Compact", "auto", 3, True])
def test_a_bad_layout_names_the_option(org, value):
    with pytest.raises(oc.ValidationError, match="layout"):
        oc.to_dot(org, layout=value)


def test_a_timeline_has_no_layout_to_choose(alibaba):
    with pytest.raises(oc.ValidationError, match="option 'layout' does not apply to a timeline"):
        oc.to_dot(alibaba.timeline("Eddie Wu"), layout="compact")


def test_natural_is_the_default_layout(org, changes):
    assert oc.to_dot(org, layout="natural") == oc.to_dot(org)
    assert oc.to_dot(changes, layout="natural") == oc.to_dot(changes)


def _visible(text: str) -> set[str]:
    """The statements of DOT text that draw something: not the invisible lines
    and the rank groups the compact layout adds, nor the braces around them."""
    return {
        line.strip()
        for line in text.splitlines()
        if "style=invis" not in line and "rank=same" not in line and line.strip() not in "{}"
    }


def test_compact_adds_only_invisible_lines(org):
    natural, compact = oc.to_dot(org), oc.to_dot(org, layout="compact")
    assert _visible(natural) == _visible(compact)
    assert compact.count("style=invis") > natural.count("style=invis")


@settings(max_examples=40, deadline=None)
@given(ocst.snapshots(), st.booleans(), st.sampled_from(["TB", "LR"]))
def test_the_compact_layout_draws_what_the_natural_one_draws(snapshot, show_units, direction):
    """A law: the layouts differ in where things go, never in what is drawn."""
    options = {"show_units": show_units, "direction": direction}
    natural = oc.to_dot(snapshot, **options)
    compact = oc.to_dot(snapshot, layout="compact", **options)
    assert _visible(natural) == _visible(compact)
    for post_id in snapshot.posts:
        name = oc.dot.syntax.node_name("post", post_id)
        assert re.search(rf"^\s*{re.escape(name)} \[label=", compact, re.M), post_id


def test_a_post_s_reports_wrap_into_rows(org):
    compact = oc.to_dot(org, layout="compact")
    reports = [p for p in org.posts.values() if p.reports_to == "group-ceo"]
    assert len(reports) > COMPACT_ROW
    wrapped = re.findall(r"^\s*(post_\w+) -> (post_\w+) \[style=invis\]", compact, re.M)
    assert wrapped, "no row was wrapped"
    names = {oc.dot.syntax.node_name("post", p.id) for p in reports}
    assert any(a in names and b in names for a, b in wrapped)


# --------------------------------------------------------------- rendering


@pytest.mark.needs_dot
@pytest.mark.parametrize("which", ["org", "changes"])
def test_the_compact_alibaba_diagrams_are_at_most_1_6_times_as_wide_as_tall(request, which):
    obj = request.getfixturevalue(which)
    natural = svg_size(oc.rendering.svg(obj, layout="natural"))
    compact = svg_size(oc.rendering.svg(obj, layout="compact"))
    assert natural[0] > WIDE * natural[1]  # what the compact layout is for
    assert compact[0] <= 1.6 * compact[1], compact
    assert compact[0] < natural[0]


@pytest.mark.needs_dot
def test_auto_draws_wide_diagrams_compact_and_others_as_they_are(org, changes):
    for obj in (org, changes):
        assert oc.rendering.svg(obj) == oc.rendering.svg(obj, layout="compact")
        assert fitting_source(obj)[0] == oc.to_dot(obj, layout="compact")
    narrow = oc.Snapshot.build(
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "Chief Executive", "g"), oc.Post("cto", "CTO", "g", "ceo")],
    )
    assert fitting_source(narrow)[0] == oc.to_dot(narrow)
    timeline = oc.seeds.alibaba().timeline("Eddie Wu")
    assert fitting_source(timeline)[0] == oc.to_dot(timeline)


@pytest.mark.needs_dot
def test_render_takes_a_layout_and_refuses_a_bad_one_by_name(org, tmp_path):
    path = oc.render(org, tmp_path / "org.svg", layout="natural")
    width, height = svg_size(path.read_text())
    assert width > WIDE * height
    with pytest.raises(oc.ValidationError, match="'layout'"):
        oc.render(org, tmp_path / "bad.svg", layout="sideways")
    assert not (tmp_path / "bad.svg").exists()


def test_a_dot_file_is_written_in_the_natural_layout_without_graphviz(org, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    assert oc.render(org, tmp_path / "a.dot", layout="auto").read_text() == oc.to_dot(org)
    compact = oc.render(org, tmp_path / "b.dot", layout="compact").read_text()
    assert compact == oc.to_dot(org, layout="compact")


def test_svg_size_reads_points_and_refuses_what_has_none():
    assert svg_size('<svg width="12.5pt" height="3pt" viewBox="0 0 1 1">') == (12.5, 3.0)
    with pytest.raises(oc.RenderError):
        svg_size("<svg>")


def test_the_readable_minimum():
    # 11 pt text is 14.67 px at full size: fitted, it may shrink to READABLE_FONT_PX.
    limit_pt = 700 * 0.75 * (11 * 4 / 3) / READABLE_FONT_PX
    assert readable_width(limit_pt - 1, 700)
    assert not readable_width(limit_pt + 1, 700)
    assert readable_width(400, 400)  # never scaled up: always readable


@pytest.mark.needs_dot
def test_a_narrow_column_draws_less_of_the_org_and_says_what_and_how(org):
    drawn, note = readable_drawing(org, 400)
    assert note is not None
    assert "depth=" in note and "root=" in note and "of 12 posts are not drawn" in note
    assert readable_width(svg_size(drawn)[0], 400)
    assert drawn.count('class="node post ') < len(org.posts)
    # Wide enough a column: all of it, nothing said.
    whole, none = readable_drawing(org, 2000)
    assert none is None and whole.count('class="node post ') == len(org.posts)
    # A depth asked for is kept: the reader chose it, and is told to open it full size.
    asked, note = readable_drawing(org, 300, depth=1)
    assert asked == oc.rendering.svg(org, depth=1)
    assert note == TOO_SMALL
    # So is a change diagram, which has no depth.
    changes = oc.seeds.alibaba().diff("2022-12-01", "2023-12-31")
    assert readable_drawing(changes, 300) == (oc.rendering.svg(changes), TOO_SMALL)
    assert readable_drawing(changes, 2000)[1] is None


# ------------------------------------------------------------ HTML figures


def test_a_figure_fits_its_container_and_toggles_full_size():
    svg = '<?xml version="1.0"?>\n<svg width="900pt" height="300pt" viewBox="0 0 900 300"></svg>'
    markup = figure(svg, alt='a "chart"', key="k1", note="a <note>")
    assert "<?xml" not in markup
    assert "--orgchart-width:900pt" in markup
    assert 'id="orgchart-full-k1"' in markup and 'for="orgchart-full-k1"' in markup
    assert 'aria-label="a &quot;chart&quot;"' in markup
    assert "a &lt;note&gt;" in markup
    assert markup.startswith('<figure class="orgchart-figure" ')
    assert figure(svg, alt="x", key="k2", fit=False).startswith(
        '<figure class="orgchart-figure orgchart-natural"'
    )


@pytest.mark.needs_dot
def test_notebooks_show_diagrams_fitted_unless_asked_for_natural_size(org):
    bundle = org._repr_mimebundle_()
    assert {"text/plain", "image/svg+xml", "text/html"} <= set(bundle)
    assert 'data-orgchart="figure"' in bundle["text/html"]
    assert bundle["text/html"].startswith(
        '<div class="orgchart-diagram"><figure class="orgchart-figure '
    )
    assert "orgchart-natural" not in bundle["text/html"].split("<style>")[0]
    try:
        oc.display.fit_width(False)
        natural = diagram_html(org)
        assert natural.startswith(
            '<div class="orgchart-diagram"><figure class="orgchart-figure orgchart-natural"'
        )
        assert natural.count("<figure") == 1  # at natural size, no drawing for phones
    finally:
        oc.display.fit_width(True)
    with pytest.raises(oc.ValidationError, match="'on'"):
        oc.display.fit_width("no")


@pytest.mark.needs_dot
def test_a_diagram_has_a_smaller_drawing_for_phones_when_it_needs_one(org):
    markup = diagram(org, 700, key="k")
    wide, small = re.findall(r'<figure class="orgchart-figure orgchart-(wide|small)"', markup)
    assert (wide, small) == ("wide", "small")
    assert 'id="orgchart-full-k"' in markup and 'id="orgchart-full-k-small"' in markup
    assert "posts are not drawn" in markup.split('orgchart-small"')[1]
    drawn_small = readable_drawing(org, PHONE_COLUMN_PX)[0]
    assert readable_width(svg_size(drawn_small)[0], PHONE_COLUMN_PX)
    # One that reads well on a phone too has one drawing.
    one = diagram(org, 700, root="alibaba-cloud", depth=0, key="c")
    assert one.count("<figure") == 1 and 'class="orgchart-figure orgchart-wide' not in one


# ------------------------------------------------------------------ sphinx


@pytest.mark.needs_dot
def test_the_directive_takes_a_layout_and_refuses_a_bad_one(tmp_path):
    source = small_project(
        tmp_path,
        "Org\n===\n\n.. orgchart::\n   :date: 2023-12-31\n   :layout: natural\n\n"
        ".. orgchart::\n   :date: 2023-12-31\n   :layout: sideways\n",
    )
    status, warnings = build(tmp_path, source)
    assert status == 0
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('<div class="orgchart-diagram">') == 1
    assert "layout" in warnings and "sideways" in warnings


@pytest.mark.needs_dot
def test_the_directive_names_what_it_left_out_for_a_narrow_column(tmp_path, monkeypatch):
    monkeypatch.setattr("orgchart.sphinx.COLUMN_PX", 400)
    source = small_project(tmp_path, "Org\n===\n\n.. orgchart::\n   :date: 2023-12-31\n")
    status, warnings = build(tmp_path, source)
    assert status == 0 and not warnings
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "posts are not drawn" in page and ":depth:" in page and ":root:" in page


# --------------------------------------------------------------------- cli


def test_the_cli_takes_a_layout(tmp_path, capsys):
    from orgchart.cli import main

    path = tmp_path / "org.dot"
    assert main(["render", "--date", "2023-12-31", "-o", str(path), "--layout", "compact"]) == 0
    assert "style=invis" in path.read_text()
    natural = tmp_path / "natural.dot"
    assert main(["render", "--date", "2023-12-31", "-o", str(natural)]) == 0
    assert _visible(natural.read_text()) == _visible(path.read_text())
    assert natural.read_text() != path.read_text()
    with pytest.raises(SystemExit):
        main(["render", "-o", str(path), "--layout", "sideways"])
    assert "--layout" in capsys.readouterr().err
    # A timeline has one layout: asking for another is an error naming the option.
    status = main(["timeline", "Eddie Wu", "-o", str(tmp_path / "t.svg"), "--layout", "compact"])
    assert status != 0
    assert "'layout'" in capsys.readouterr().err
