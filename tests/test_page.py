"""The HTML page with a date slider, read as text (tests/test_browser.py drives it)."""

from __future__ import annotations

import html
import json
import re
import sys

import pendulum
import pytest

import orgchart as oc
from orgchart.cli import main
from orgchart.pages import MAX_FRAMES, NOTEBOOK_FRAMES, frames, notebook_html, to_html

pytestmark = pytest.mark.needs_dot


@pytest.fixture(scope="module")
def alibaba():
    return oc.seeds.alibaba()


def _history(days: int = 3) -> oc.History:
    base = oc.Snapshot.build(
        people=[oc.Person(f"p{i}", f"Person {i}") for i in range(days + 1)],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "Chief Executive Officer", "g")],
        holders={"ceo": ["p0"]},
    )
    events = [
        oc.Event(
            f"2023-0{i}-15",
            [oc.Vacate("ceo", f"p{i - 1}"), oc.Appoint("ceo", f"p{i}")],
            summary=f"Person {i} becomes CEO",
        )
        for i in range(1, days + 1)
    ]
    return oc.History(base, events, title="Example Co.")


def _frame_data(text: str) -> list[dict]:
    found = re.search(
        r'<script type="application/json" data-orgchart="frames">(.*?)</script>', text
    )
    return json.loads(found.group(1))


def test_one_frame_per_day_with_changes_by_default(alibaba):
    shown = frames(alibaba)
    days = sorted({e.day for e in alibaba})
    assert [f.day.toordinal() for f in shown] == days
    for frame in shown:
        assert frame.changes == alibaba.diff(frame.since, frame.day)
        assert frame.events == alibaba.events_between(frame.since, frame.day)
    assert shown[0].since == shown[0].day.subtract(days=1)
    # Every event is listed once, in one frame.
    assert [e for f in shown for e in f.events] == list(alibaba)


def test_frames_by_steps_within_a_range(alibaba):
    shown = frames(alibaba, start="2023-01-01", end="2023-12-01", every="1 month")
    assert [f.iso for f in shown][:3] == ["2023-01-01", "2023-02-01", "2023-03-01"]
    assert len(shown) == 12
    assert [e for f in shown for e in f.events] == list(
        alibaba.events_between("2022-12-31", "2023-12-01")
    )
    only = frames(alibaba, start="2023-06-01", end="2023-12-31")
    assert all(pendulum.date(2023, 6, 1) <= f.day <= pendulum.date(2023, 12, 31) for f in only)


def test_a_frame_is_labelled_as_its_events_date_it(alibaba):
    labels = {f.iso: f.label for f in frames(alibaba)}
    assert labels["2023-09-10"] == "10 September 2023"
    assert labels["2022-03-01"] == "March 2022"  # the sources give the month only


def test_frames_that_draw_the_same_org_share_one_drawing():
    history = _history(2)
    text = to_html(history, start="2023-01-01", end="2023-04-30", every="1 week")
    data = _frame_data(text)
    assert len(data) == 18
    drawings = text.count("<template data-orgchart-svg=")
    # Weeks with no change draw the same org with nothing highlighted: one drawing.
    assert drawings == len({d["svg"] for d in data}) <= 6
    shown = frames(history, start="2023-01-01", end="2023-04-30", every="1 week")
    quiet: dict[oc.Snapshot, set[int]] = {}
    for d, f in zip(data, shown, strict=True):
        if not f.events:
            quiet.setdefault(history.as_of(f.day), set()).add(d["svg"])
    # Quiet weeks drawing one org (nothing highlighted) share one drawing.
    assert len(quiet) == 3 and all(len(svgs) == 1 for svgs in quiet.values())


def test_too_many_frames_are_refused_with_a_way_out(alibaba):
    with pytest.raises(oc.ValidationError, match=r"more than the 240 .* start= and end= .*every="):
        frames(alibaba, every="1 day")
    assert MAX_FRAMES == 240


def test_bad_ranges_and_options_are_clear_errors(alibaba, tmp_path):
    with pytest.raises(oc.ValidationError, match="before its start"):
        frames(alibaba, start="2024-01-01", end="2023-01-01")
    with pytest.raises(oc.ValidationError, match="no dates to show"):
        frames(alibaba, start="2030-01-01")
    with pytest.raises(oc.ValidationError, match="every"):
        frames(alibaba, every="fortnightly")
    with pytest.raises(oc.ValidationError, match="option 'root' does not apply to a page"):
        oc.page(alibaba, tmp_path / "p.html", root="cloud")
    with pytest.raises(oc.ValidationError, match="a History"):
        oc.page(alibaba.latest, tmp_path / "p.html")
    assert not list(tmp_path.iterdir())


def test_the_page_is_self_contained_and_readable_without_script(alibaba, tmp_path):
    path = oc.page(alibaba, tmp_path / "alibaba.html")
    text = path.read_text()
    assert text.startswith("<!DOCTYPE html>")
    # Nothing to fetch: no external address in any src/href but the sources' links.
    assert not re.search(r'\s(src|srcset)="(?!data:)', text)
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:|#)", text)
    assert "default-src 'none'" in html.unescape(text)
    # Without script, the diagram element holds the last frame's SVG and events.
    diagram = re.search(r'<figure data-orgchart="diagram"[^>]*>(.*?)</figure>', text, re.S)
    assert diagram.group(1).startswith("<svg")
    for post in alibaba.latest.posts.values():
        for person in alibaba.latest.holders(post.id):
            assert html.escape(person.name) in diagram.group(1)
    last = alibaba.events[-1]
    events = re.search(r'<aside data-orgchart="events"[^>]*>(.*?)</aside>', text, re.S).group(1)
    assert html.escape(last.summary) in events
    for contract in (
        'type="range" data-orgchart="slider"',
        'data-orgchart="date"',
        'data-orgchart="prev"',
        'data-orgchart="next"',
        'data-orgchart="play"',
    ):
        assert contract in text
    size = path.stat().st_size
    assert size < 1_000_000, f"the Alibaba page is {size:,} bytes"


def test_events_show_both_dates_and_numbered_sources(tmp_path):
    base = oc.Snapshot.build(
        people=[oc.Person("a", "Ada")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g")],
    )
    history = oc.History(
        base,
        [
            oc.Event(
                "2023-09-10",
                [oc.Appoint("ceo", "a")],
                summary="Ada becomes CEO",
                announced="2023-06-20",
                sources=["r", "b"],
            )
        ],
        sources=[
            oc.Source("r", "Ada named CEO", publisher="Reuters", url="https://example.com/r"),
            oc.Source("b", "Ada to lead", publisher="Bloomberg"),
        ],
    )
    text = to_html(history)
    assert "10 September 2023 (announced 20 June 2023)" in text
    assert "Ada becomes CEO <span" in text and "[1]" in text and "[2]" in text
    assert '<li value="1">Ada named CEO, Reuters <a href="https://example.com/r"' in text
    assert '<li value="2">Ada to lead, Bloomberg</li>' in text


def test_no_name_summary_or_link_becomes_markup(tmp_path):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    base = oc.Snapshot.build(
        people=[oc.Person("p", hostile)],
        units=[oc.Unit("g", hostile, kind=hostile)],
        posts=[oc.Post("ceo", hostile, "g")],
    )
    history = oc.History(
        base,
        [
            oc.Event(
                "2023-01-01", [oc.Appoint("ceo", "p")], summary=hostile, sources=["s"], note=hostile
            )
        ],
        sources=[oc.Source("s", hostile, publisher=hostile, url="javascript:alert(3)")],
        title=hostile,
    )
    text = to_html(history, title=hostile)
    assert "<script>alert" not in text
    assert "<img" not in text
    assert 'href="javascript' not in text
    assert text.count("<script") == 2  # the frames' JSON and the page's own script
    # Everything between the page's own two script elements is the frames' JSON.
    json_part = re.search(r'data-orgchart="frames">(.*?)</script>', text, re.S).group(1)
    assert "<" not in json_part


def test_the_page_does_not_depend_on_today(alibaba, monkeypatch):
    first = to_html(alibaba)
    monkeypatch.setattr(pendulum, "today", lambda *a, **k: pendulum.date(2040, 1, 1))
    monkeypatch.setattr(pendulum, "now", lambda *a, **k: pendulum.datetime(2040, 1, 1))
    assert to_html(alibaba) == first


def test_a_failed_page_leaves_the_old_file(alibaba, tmp_path, monkeypatch):
    path = tmp_path / "alibaba.html"
    path.write_text("old")

    def broken(obj, **options) -> tuple[str, str]:
        raise oc.RenderError("dot crashed")

    # orgchart.page is the function; its module is orgchart.pages.
    monkeypatch.setattr(sys.modules["orgchart.pages"], "fitting_source", broken)
    with pytest.raises(oc.RenderError, match="could not draw the page's diagrams"):
        oc.page(alibaba, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["alibaba.html"]


def test_diagram_options_reach_every_frame(alibaba):
    text = to_html(alibaba, direction="LR", show_units=False, legend=False)
    assert "cluster_unit" not in text and "Legend" not in text


def test_a_history_shows_as_its_page_in_a_notebook(alibaba):
    bundle = alibaba._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Alibaba Group and Alibaba Cloud leadership")
    assert bundle["text/html"].startswith("<iframe srcdoc=")
    assert 'sandbox="allow-scripts"' in bundle["text/html"]
    inner = html.unescape(re.search(r'srcdoc="(.*?)"', bundle["text/html"], re.S).group(1))
    assert 'data-orgchart="slider"' in inner


def test_a_long_history_shows_its_last_frames_in_a_notebook_with_a_note():
    history = oc.synthetic.history(people=40, events=120, seed=1)
    inner = html.unescape(re.search(r'srcdoc="(.*?)"', notebook_html(history), re.S).group(1))
    assert len(_frame_data(inner)) == NOTEBOOK_FRAMES
    assert f"The last {NOTEBOOK_FRAMES} of" in inner and "oc.page(history" in inner


def test_the_command_writes_the_page(tmp_path, capsys):
    path = tmp_path / "alibaba.html"
    assert main(["page", "-o", str(path), "--from", "2023-01-01", "--to", "2023-12-31"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {path} (") and "KiB" in out
    data = _frame_data(path.read_text())
    assert data[0]["date"] >= "2023-01-01" and data[-1]["date"] <= "2023-12-31"
    assert main(["page", "-o", str(path), "--every", "1 day"]) == 1
    assert "more than the 240" in capsys.readouterr().err
