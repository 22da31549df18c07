"""The HTML page in a real browser: headless Chromium driven by Playwright.

Playwright's own browser download is not used: the tests launch the system
Chromium (Debian's ``chromium``, which ``make test`` installs like Graphviz,
or the one named by ``ORGCHART_CHROMIUM``). Without it they are skipped with
the reason, except in CI (``CI=true``), where a missing browser fails.

No test sleeps: each waits for the state it needs (an attribute, a text, the
network gone quiet) with Playwright's ``expect`` or ``wait_for_*``, so a slow
machine makes a test slower, never wrong.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says why the tests are skipped
    expect = None

import orgchart as oc
from orgchart.pages import frames
from orgchart.rendering import READABLE_FONT_PX, TOO_SMALL

pytestmark = pytest.mark.needs_dot

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


def _chromium() -> str | None:
    named = os.environ.get("ORGCHART_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (make test installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    executable = _chromium()
    if executable is None:
        _unavailable("no Chromium on PATH (sudo apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


class Visit:
    """A page opened from disk, with every request and console message recorded."""

    def __init__(self, browser, path: Path, fragment: str = "") -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url + fragment)
        self.page.wait_for_selector('[data-orgchart="page"][data-orgchart-ready]')

    def close(self) -> None:
        self.context.close()

    def q(self, name: str):
        return self.page.locator(f'[data-orgchart="{name}"]')

    @property
    def date(self) -> str:
        return self.q("date").get_attribute("datetime")

    def shows(self, iso: str) -> None:
        """Wait until the page shows the frame of ``iso``: its date and its diagram."""
        expect(self.q("date")).to_have_attribute("datetime", iso)
        expect(self.q("diagram")).to_have_attribute("data-date", iso)

    def settle(self) -> None:
        """Wait until the page has loaded everything it will and the network is
        quiet, so that a request or an error it would make has been made."""
        self.page.wait_for_load_state("load")
        self.page.wait_for_load_state("networkidle")

    @property
    def diagram(self) -> str:
        return self.q("diagram").inner_html()

    def titles(self, status: str | None = None) -> set[str]:
        """The node names of the posts drawn (``post_<id>``), or of those with a status."""
        selector = "g.node.post" + (f".{status}" if status else "")
        return set(self.q("diagram").locator(f"{selector} > title").all_text_contents())


@pytest.fixture(scope="module")
def alibaba():
    return oc.seeds.alibaba()


@pytest.fixture(scope="module")
def alibaba_page(alibaba, tmp_path_factory):
    return oc.page(alibaba, tmp_path_factory.mktemp("page") / "alibaba.html")


@pytest.fixture
def visit(browser, alibaba_page):
    opened: list[Visit] = []

    def open_(fragment: str = "", path: Path | None = None) -> Visit:
        opened.append(Visit(browser, path or alibaba_page, fragment))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


def _post_node(post_id: str) -> str:
    return "post_" + "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in post_id)


def test_opens_from_disk_with_no_request_and_no_error(visit, alibaba):
    v = visit()
    v.settle()
    assert v.requests == [v.url]
    assert v.errors == []
    assert v.date == frames(alibaba)[-1].iso
    assert v.q("slider").get_attribute("type") == "range"
    assert v.q("controls").is_visible()


def test_slider_buttons_and_keys_change_the_date_and_the_diagram(visit, alibaba):
    expected = [f.iso for f in frames(alibaba)]
    v = visit()
    last_diagram = v.diagram
    v.q("slider").fill("0")
    v.shows(expected[0])
    expect(v.q("date")).to_have_text(frames(alibaba)[0].label)
    assert v.diagram != last_diagram
    first_diagram = v.diagram
    v.q("next").click()
    v.shows(expected[1])
    assert v.diagram != first_diagram
    expect(v.q("slider")).to_have_value("1")
    v.q("prev").click()
    v.shows(expected[0])
    expect(v.q("prev")).to_be_disabled()
    v.page.locator("h1").click()  # focus away from the controls: keys work anywhere
    v.page.keyboard.press("ArrowRight")
    v.page.keyboard.press("ArrowRight")
    v.shows(expected[2])
    v.page.keyboard.press("ArrowLeft")
    v.shows(expected[1])
    # The slider itself moves by one with the keys, not by two.
    v.q("slider").focus()
    v.page.keyboard.press("ArrowRight")
    v.shows(expected[2])
    v.page.wait_for_function("hash => location.hash === hash", arg="#" + expected[2])
    assert v.errors == []


def test_play_steps_through_the_frames_and_pauses(visit, alibaba):
    expected = [f.iso for f in frames(alibaba)]
    v = visit("#" + expected[0])
    v.shows(expected[0])
    v.q("play").click()
    expect(v.q("play")).to_have_attribute("aria-pressed", "true")
    # A frame every 1.5 seconds: the next one comes without a touch.
    expect(v.q("date")).to_have_attribute("datetime", expected[1], timeout=10_000)
    v.q("play").click()
    expect(v.q("play")).to_have_attribute("aria-pressed", "false")


def test_the_last_frame_names_the_right_holders(visit, alibaba):
    v = visit()
    latest = alibaba.latest
    drawn = v.titles()
    assert drawn == {_post_node(p) for p in latest.posts}
    for post_id in latest.posts:
        node = (
            v.q("diagram")
            .locator("g.node.post")
            .filter(has=v.page.locator(f"title:text-is('{_post_node(post_id)}')"))
        )
        text = " ".join(node.locator("text").all_text_contents())
        for person in latest.holders(post_id):
            assert person.name in text, (post_id, person.name, text)


def _touched_posts(change: oc.ChangeSet) -> set[str]:
    touched = set()
    for op in change:
        if isinstance(op, (oc.Appoint, oc.Vacate)):
            touched.add(op.post)
        elif op.kind == "post":
            touched.add(op.id)
    return touched


def test_the_highlighted_posts_are_those_the_step_changes(visit, alibaba):
    v = visit()
    for i, frame in enumerate(frames(alibaba)):
        v.q("slider").fill(str(i))
        v.shows(frame.iso)
        highlighted = set()
        for status in ("added", "removed", "changed", "moved"):
            highlighted |= v.titles(status)
        assert highlighted == {_post_node(p) for p in _touched_posts(frame.changes)}, frame.iso
        assert v.titles("context") == v.titles() - highlighted
        listed = v.q("events").locator(".orgchart-summary").all_text_contents()
        assert [re.sub(r"( \[\d+\])+$", "", t) for t in listed] == [e.summary for e in frame.events]


def test_the_fragment_opens_that_frame(visit, alibaba):
    chosen = frames(alibaba)[3]
    v = visit("#" + chosen.iso)
    v.shows(chosen.iso)
    expect(v.q("slider")).to_have_value("3")
    # A day between frames opens the frame in force on it.
    later = frames(alibaba)[4].day.subtract(days=1).isoformat()
    v2 = visit("#" + later)
    v2.shows(chosen.iso)
    # Changing the fragment moves the page.
    v2.page.goto(v2.url + "#" + frames(alibaba)[1].iso)
    v2.shows(frames(alibaba)[1].iso)


def test_names_and_summaries_never_become_markup(browser, tmp_path):
    hostile = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    base = oc.Snapshot.build(
        people=[oc.Person("p", hostile)],
        units=[oc.Unit("g", hostile)],
        posts=[oc.Post("ceo", hostile, "g")],
    )
    history = oc.History(
        base,
        [
            oc.Event(
                "2023-01-01",
                [oc.Appoint("ceo", "p")],
                summary=hostile,
                sources=["s"],
                note=hostile,
            )
        ],
        sources={"s": oc.Source("s", hostile, url="javascript:alert(3)")},
        title=hostile,
    )
    path = oc.page(history, tmp_path / "hostile.html", title=hostile)
    v = Visit(browser, path)
    try:
        v.settle()  # an image that failed to load would have run its onerror by now
        assert v.dialogs == [] and v.errors == []
        assert v.requests == [v.url]
        assert v.page.locator("h1").inner_text() == hostile
        assert v.q("events").locator(".orgchart-summary").inner_text().startswith(hostile)
        assert v.page.locator("img, [data-orgchart=events] a[href^=javascript]").count() == 0
    finally:
        v.close()


def test_screenshots_at_two_dates(visit, alibaba):
    """Pictures of the page for people to look at (build/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for i in (0, len(frames(alibaba)) - 1):
        frame = frames(alibaba)[i]
        v = visit("#" + frame.iso)
        v.shows(frame.iso)
        shot = SCREENSHOTS / f"alibaba-{frame.iso}.png"
        v.page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000


def test_the_diagram_fits_the_page_and_a_click_shows_it_full_size(visit):
    v = visit()
    figure = v.q("diagram")
    svg = figure.locator("svg")
    fitted = svg.bounding_box()["width"]
    expect(v.q("fit")).to_have_attribute("aria-pressed", "false")  # "Full size" is not on
    assert fitted <= figure.bounding_box()["width"]
    svg.click()  # the diagram itself, or the button
    expect(v.q("fit")).to_have_attribute("aria-pressed", "true")
    full = svg.bounding_box()["width"]
    assert full > fitted and full > figure.bounding_box()["width"]
    before = v.date
    v.q("next").click() if not v.q("next").is_disabled() else v.q("prev").click()
    expect(v.q("diagram")).not_to_have_attribute("data-date", before)
    assert svg.bounding_box()["width"] > figure.bounding_box()["width"]  # it stays full size
    v.q("fit").click()
    expect(v.q("fit")).to_have_attribute("aria-pressed", "false")
    assert svg.bounding_box()["width"] <= figure.bounding_box()["width"]


# ------------------------------------------------- diagrams where they are shown

#: The widths a reader has: a laptop's window, a narrow column, a phone.
WIDTHS = (1300, 700)


def _fits(box: dict, container: dict) -> bool:
    return box["width"] <= container["width"] + 0.5 and box["x"] >= container["x"] - 0.5


def _aspect_kept(svg) -> None:
    view_box = [float(n) for n in svg.get_attribute("viewBox").split()]
    box = svg.bounding_box()
    assert box["height"] > 0
    assert abs(box["width"] / box["height"] - view_box[2] / view_box[3]) < 0.02


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory):
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("docs") / "html"
    docs = Path(__file__).resolve().parent.parent / "docs"
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    return out


@pytest.fixture
def open_at(browser):
    contexts = []

    def open_(path: Path, width: int):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["index.html", "gallery.html"])
def test_each_docs_diagram_fits_its_column(built_docs, open_at, name, width):
    page = open_at(built_docs / name, width)
    column = page.locator("article").first.bounding_box()
    figures = page.locator('[data-orgchart="figure"]:visible')
    # One drawing of each diagram shows: its phone drawing or the other.
    assert figures.count() == page.locator(".orgchart-diagram").count() >= 1
    for i in range(figures.count()):
        svg = figures.nth(i).locator("svg").first
        box = svg.bounding_box()
        assert _fits(box, column), (name, i, box, column)
        assert _fits(box, figures.nth(i).bounding_box()), (name, i)
        _aspect_kept(svg)
        # Fitted, the text is no smaller than the readable minimum (the
        # drawings are made for a 700 px column: the window is 700 px or
        # more), or the note under it says to open it full size.
        scale = box["width"] / (float(svg.get_attribute("width").removesuffix("pt")) * 4 / 3)
        caption = figures.nth(i).locator("figcaption").inner_text()
        readable = 11 * 4 / 3 * min(1, scale) >= READABLE_FONT_PX * 0.95
        assert readable or TOO_SMALL in caption, (name, i, scale)
    for svg in page.locator('[data-orgchart="diagram"] svg').all():
        assert _fits(svg.bounding_box(), column)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_click_opens_a_docs_diagram_full_size_and_another_fits_it(built_docs, open_at, width):
    page = open_at(built_docs / "index.html", width)
    figure = page.locator('[data-orgchart="figure"]:visible').first
    svg = figure.locator("svg")
    fitted = svg.bounding_box()["width"]
    natural_pt = float(svg.get_attribute("width").removesuffix("pt"))
    svg.click()
    full = svg.bounding_box()["width"]
    assert full == pytest.approx(natural_pt * 4 / 3, rel=0.01)
    assert full > fitted
    assert figure.bounding_box()["width"] <= page.locator("article").first.bounding_box()["width"]
    figure.get_by_text("Full size").click()
    assert svg.bounding_box()["width"] == pytest.approx(fitted, abs=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_gallery_s_page_embed_shows_the_diagram_fitted(built_docs, open_at, width):
    page = open_at(built_docs / "gallery.html", width)
    page.wait_for_selector('[data-orgchart="page"][data-orgchart-ready]')
    figure = page.locator('[data-orgchart="diagram"]')
    svg = figure.locator("svg")
    inner = figure.evaluate("f => f.clientWidth - 16")  # less its padding
    box = svg.bounding_box()
    # The whole diagram, as wide as the frame: not a corner of it.
    assert inner * 0.95 <= box["width"] <= inner + 1
    assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
    _aspect_kept(svg)
    svg.click()
    assert svg.bounding_box()["width"] > box["width"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_s_diagram_fits_the_window(visit, browser, alibaba_page, width):
    v = Visit(browser, alibaba_page)
    try:
        v.page.set_viewport_size({"width": width, "height": 900})
        figure = v.q("diagram")
        assert _fits(figure.locator("svg").bounding_box(), figure.bounding_box())
        assert figure.bounding_box()["width"] <= width
    finally:
        v.close()


def test_on_a_phone_the_home_page_shows_a_readable_part_and_says_what_is_left_out(
    built_docs, open_at
):
    page = open_at(built_docs / "index.html", 400)
    figure = page.locator('[data-orgchart="figure"]:visible')
    assert figure.count() == 1
    assert "orgchart-small" in figure.get_attribute("class")
    svg = figure.locator("svg")
    scale = svg.bounding_box()["width"] / (float(svg.get_attribute("width")[:-2]) * 4 / 3)
    assert 11 * 4 / 3 * min(1, scale) >= READABLE_FONT_PX
    caption = figure.locator("figcaption").inner_text()
    assert "posts are not drawn" in caption and ":depth:" in caption and ":root:" in caption
    # A change diagram too small to read here says so (only here).
    changes = open_at(built_docs / "gallery.html", 400).locator('[data-orgchart="figure"]:visible')
    assert TOO_SMALL in changes.nth(1).locator("figcaption").inner_text()
    assert (
        TOO_SMALL
        not in open_at(built_docs / "gallery.html", 1300)
        .locator('[data-orgchart="figure"]:visible')
        .nth(1)
        .locator("figcaption")
        .inner_text()
    )
    # Full size is the whole org, a click away.
    wide = page.locator(".orgchart-figure.orgchart-wide")
    assert wide.count() == 1 and not wide.is_visible()


def test_screenshots_of_the_docs_at_a_laptop_s_and_a_phone_s_width(built_docs, open_at):
    """Pictures of the home page and the gallery's diagrams for people to look
    at (build/screenshots/): the home page as a window shows it, and the
    gallery's page embed, change diagram and org chart each as drawn there."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1300, 400):
        home = open_at(built_docs / "index.html", width)
        shots = [("index", home, None)]
        gallery = open_at(built_docs / "gallery.html", width)
        gallery.wait_for_selector('[data-orgchart="page"][data-orgchart-ready]')
        figures = gallery.locator('[data-orgchart="figure"]:visible')
        shots += [
            ("gallery-page", gallery, gallery.locator('[data-orgchart="page"]')),
            ("gallery-changes", gallery, figures.nth(1)),
            ("gallery-org", gallery, figures.nth(0)),
        ]
        for name, page, element in shots:
            shot = SCREENSHOTS / f"docs-{name}-{width}.png"
            if element is None:
                page.screenshot(path=str(shot))
            else:
                element.screenshot(path=str(shot))
            assert shot.stat().st_size > 5_000
            # Nothing wider than the window: no sideways scrolling.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
