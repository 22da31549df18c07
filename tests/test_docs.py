"""The documentation builds with warnings as errors, and the directive draws SVG."""

from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

DOCS = Path(__file__).parent.parent / "docs"


@pytest.mark.needs_dot
def test_the_site_builds_without_warnings_and_the_gallery_has_diagrams(tmp_path):
    out = tmp_path / "html"
    status = build_main(["-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(out)])
    assert status == 0
    gallery = (out / "gallery.html").read_text(encoding="utf-8")
    assert gallery.count('<div class="orgchart-diagram"') == 6
    assert gallery.count("<svg") >= 5
    assert "Intelligent Computing Business Group" in gallery
    assert "<?xml" not in gallery
    # The history over time, with its slider, embedded once.
    assert gallery.count('class="orgchart-page" data-orgchart="page"') == 1
    assert 'type="range" data-orgchart="slider"' in gallery


def small_project(tmp_path: Path, body: str) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["orgchart.sphinx"]\n')
    (source / "index.rst").write_text(body)
    return source


def build(tmp_path: Path, source: Path) -> tuple[int, str]:
    warnings = tmp_path / "warnings.txt"
    status = build_main(
        ["-q", "-b", "html", "-w", str(warnings), str(source), str(tmp_path / "out")]
    )
    return status, warnings.read_text()


@pytest.mark.needs_dot
def test_a_history_file_next_to_the_document(tmp_path):
    source = small_project(
        tmp_path, "Org\n===\n\n.. orgchart:: acme.yaml\n   :date: 2023-05-01\n   :no-units:\n"
    )
    example = Path(__file__).parent.parent / "examples" / "small-history.yaml"
    (source / "acme.yaml").write_text(example.read_text())
    status, warnings = build(tmp_path, source)
    assert status == 0 and not warnings
    page = (tmp_path / "out" / "index.html").read_text()
    assert "<svg" in page and "Grace Hopper" in page


@pytest.mark.needs_dot
@pytest.mark.parametrize("direction", ["LR", "lr", "BT"])
def test_the_direction_option_takes_every_documented_value(tmp_path, direction):
    source = small_project(
        tmp_path, f"Org\n===\n\n.. orgchart::\n   :date: 2023-12-31\n   :direction: {direction}\n"
    )
    status, warnings = build(tmp_path, source)
    assert status == 0 and not warnings
    assert "<svg" in (tmp_path / "out" / "index.html").read_text()


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        (".. orgchart::\n   :date: 2023\n   :direction: up\n", "'up' unknown"),
        (".. orgchart::\n   :timeline: Eddie Wu\n   :root: cloud\n", "'root' does not apply"),
        (".. orgchart::\n   :date: 2023-02-30\n", "invalid date '2023-02-30'"),
        (".. orgchart::\n   :timeline: Nobody At All\n", "'Nobody At All'"),
        (".. orgchart:: missing.yaml\n   :date: 2023\n", "no such file"),
        (".. orgchart:: ../outside.yaml\n   :date: 2023\n", "outside the documentation source"),
        (".. orgchart::\n", "give exactly one of"),
        (".. orgchart::\n   :from: 2023-01-01\n", "give exactly one of"),
    ],
)
def test_errors_are_warnings_naming_the_document_and_line(tmp_path, directive, message):
    (tmp_path / "outside.yaml").write_text("orgchart: 1\n")
    source = small_project(tmp_path, "Title\n=====\n\nText.\n\n" + directive)
    status, warnings = build(tmp_path, source)
    assert status == 0
    assert "index.rst:6" in warnings
    assert message in warnings


def test_injection_in_the_directive_is_escaped(tmp_path, monkeypatch):
    source = small_project(
        tmp_path, 'T\n=\n\n.. orgchart::\n   :date: 2023\n   :alt: "><script>alert(1)</script>\n'
    )
    status, _ = build(tmp_path, source)
    page = (tmp_path / "out" / "index.html").read_text()
    assert status == 0
    assert "<script>alert(1)</script>" not in page


@pytest.mark.needs_dot
def test_the_directive_embeds_the_page_over_a_range(tmp_path):
    source = small_project(
        tmp_path,
        "Over time\n=========\n\n.. orgchart::\n   :page:\n   :from: 2023-01-01\n"
        "   :to: 2023-12-31\n   :every: 3 months\n\n"
        ".. orgchart::\n   :page:\n   :date: 2023-01-01\n",
    )
    status, warnings = build(tmp_path, source)
    assert status == 0
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="orgchart-page" data-orgchart="page"') == 1
    assert '"date":"2023-01-01"' in page and '"date":"2023-10-01"' in page
    assert ":date: does not apply to a :page:" in warnings and "index.rst:" in warnings
