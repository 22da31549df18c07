"""Running Graphviz: files, formats, atomic writes, notebook display, missing dot."""

import os
from pathlib import Path

import pytest

import orgchart as oc

EXAMPLE = Path(__file__).parent.parent / "examples" / "small-history.yaml"


@pytest.fixture(scope="module")
def org():
    return oc.load(EXAMPLE).as_of("2023-05-01")


@pytest.mark.needs_dot
@pytest.mark.parametrize(
    ("suffix", "magic"), [(".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")]
)
def test_render_formats_from_the_suffix(org, tmp_path, suffix, magic):
    path = oc.render(org, tmp_path / f"org{suffix}")
    assert path.read_bytes().startswith(magic)
    assert os.listdir(tmp_path) == [f"org{suffix}"]


def test_render_dot_needs_no_graphviz(org, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    path = oc.render(org, tmp_path / "org.dot", title="T")
    assert path.read_text() == oc.to_dot(org, title="T")


@pytest.mark.needs_dot
def test_render_explicit_format_and_options(org, tmp_path):
    path = oc.render(org, tmp_path / "diagram", format="svg", direction="LR")
    assert b"<svg" in path.read_bytes()


def test_missing_graphviz_is_a_library_error_saying_how_to_install(org, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    target = tmp_path / "org.svg"
    target.write_text("old")
    with pytest.raises(oc.ExecutableNotFoundError) as info:
        oc.render(org, target)
    assert isinstance(info.value, oc.RenderError) and isinstance(info.value, FileNotFoundError)
    assert "apt-get install graphviz" in str(info.value)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["org.svg"]


def test_bad_suffix_or_format(org, tmp_path):
    with pytest.raises(oc.ValidationError, match="'path'"):
        oc.render(org, tmp_path / "org.jpeg")
    with pytest.raises(oc.ValidationError, match="'format'"):
        oc.render(org, tmp_path / "org.svg", format="gif")


@pytest.mark.needs_dot
def test_notebook_display_is_svg_with_text(org):
    history = oc.load(EXAMPLE)
    for obj in (org, history.diff("2023-01-01", "2023-12-31"), history.timeline("Alan Turing")):
        bundle = obj._repr_mimebundle_()
        assert bundle["image/svg+xml"].lstrip().startswith("<?xml")
        assert "<svg" in bundle["image/svg+xml"]
        assert bundle["text/plain"]


def test_notebook_display_falls_back_to_text_without_graphviz(org, monkeypatch):
    monkeypatch.setenv("PATH", "")
    bundle = org._repr_mimebundle_()
    assert bundle == {"text/plain": org.to_text()}


@pytest.mark.needs_dot
def test_svg_escapes_names():
    evil = oc.Snapshot.build(
        people=[oc.Person("x", "<script>alert(1)</script>")],
        units=[oc.Unit("u", "U")],
        posts=[oc.Post("p", "P", "u")],
        holders={"p": ["x"]},
    )
    svg = oc.render.__module__ and evil._repr_mimebundle_()["image/svg+xml"]
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
