"""The history file format: round trips, the example file, and every error path."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import given

import orgchart as oc
from orgchart import strategies as ocst

EXAMPLE = Path(__file__).parent.parent / "examples" / "small-history.yaml"

MINIMAL = """\
orgchart: 1
sources:
  - {id: s1, title: Source One}
people:
  - {id: a, name: A}
  - {id: b, name: B}
units:
  - {id: u, name: U}
posts:
  - {id: p, title: P, unit: u}
holders:
  p: [a]
events:
  - date: 2023-06-01
    summary: B succeeds A
    sources: [s1]
    changes:
      - succeed: {post: p, person: b, replaces: a}
"""


@given(ocst.histories())
def test_yaml_round_trip(history):
    assert oc.loads(oc.dumps(history)) == history


@given(ocst.histories())
def test_json_round_trip(history):
    text = oc.dumps(history, format="json")
    json.loads(text)
    assert oc.loads(text, format="json") == history


def test_the_example_file_loads_and_answers():
    h = oc.load(EXAMPLE)
    assert h.title == "Example Co. leadership"
    assert [p.id for p in h.as_of("2023-03-31").holders("ceo")] == ["ada"]
    assert [p.id for p in h.as_of("2023-04-01").holders("ceo")] == ["grace"]
    later = h.as_of("2023-10-01")
    assert set(later.units) == {"co", "eng"}
    assert [p.id for p in later.holders("eng-head")] == ["alan"]
    assert str(h.events[1].date) == "2023-09"
    assert h.sources["annual-report-2023"].date == oc.parse_date("2024-03")
    assert h.timeline("Ada Lovelace")[0].successor.id == "grace"
    assert oc.loads(oc.dumps(h)) == h


def test_dump_and_load_files(tmp_path):
    h = oc.load(EXAMPLE)
    for name in ("h.yaml", "h.yml", "h.json"):
        path = oc.dump(h, tmp_path / name)
        assert oc.load(path) == h
    assert sorted(os.listdir(tmp_path)) == ["h.json", "h.yaml", "h.yml"]


def test_a_failed_dump_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "h.yaml"
    target.write_text("old contents\n")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        oc.dump(oc.load(EXAMPLE), target)
    assert target.read_text() == "old contents\n"
    assert os.listdir(tmp_path) == ["h.yaml"]


def bad(text: str, replace: tuple[str, str] | None = None) -> str:
    return text if replace is None else text.replace(*replace)


@pytest.mark.parametrize(
    ("text", "error", "pieces"),
    [
        (
            bad(MINIMAL, ("date: 2023-06-01", "date: 2023-02-30")),
            oc.FormatError,
            ["book.yaml", "event 1", "'date'", "'2023-02-30'"],
        ),
        (
            bad(MINIMAL, ("date: 2023-06-01", "date: 2023-13")),
            oc.FormatError,
            ["book.yaml", "event 1", "'2023-13'"],
        ),
        (
            bad(MINIMAL, ("    summary: B succeeds A", "    summry: B succeeds A")),
            oc.FormatError,
            ["book.yaml", "event 1", "unknown key 'summry'"],
        ),
        (
            bad(MINIMAL, ("  - {id: a, name: A}", "  - {id: a, name: A, nickname: x}")),
            oc.FormatError,
            ["book.yaml", "people[0]", "unknown key 'nickname'"],
        ),
        (
            bad(MINIMAL, ("  - {id: b, name: B}", "  - {id: a, name: B}")),
            oc.FormatError,
            ["book.yaml", "duplicate person id 'a'"],
        ),
        (
            bad(MINIMAL, ("replaces: a", "replaces: ghost")),
            "conflict",
            ["book.yaml", "event 1 (2023-06-01 'B succeeds A')", "vacate 'ghost' from post 'p'"],
        ),
        (
            bad(MINIMAL, ("person: b,", "person: ghost,")),
            "conflict",
            ["book.yaml", "event 1", "'ghost' is not a known person"],
        ),
        (
            bad(
                MINIMAL,
                (
                    "      - succeed: {post: p, person: b, replaces: a}",
                    "      - promote: {post: p}",
                ),
            ),
            oc.FormatError,
            ["book.yaml", "event 1", "change 1", "unknown verb 'promote'"],
        ),
        (
            bad(
                MINIMAL,
                (
                    "      - succeed: {post: p, person: b, replaces: a}",
                    "      - succeed: {post: p}",
                ),
            ),
            oc.FormatError,
            ["book.yaml", "event 1", "'succeed'", "missing key 'person'"],
        ),
        (
            bad(MINIMAL, ("    sources: [s1]", "    sources: [s2]")),
            oc.FormatError,
            ["book.yaml", "event 1", "'s2'"],
        ),
        (
            bad(MINIMAL, ("  p: [a]", "  p: [a]\n  q: [a]")),
            oc.FormatError,
            ["book.yaml", "'q' is not a known post"],
        ),
        (
            MINIMAL
            + "      - update_unit: {id: u, parent: v}\n"
            + "  - date: 2023-07-01\n    changes:\n"
            + "      - create_unit: {id: v, name: V, parent: u}\n"
            + "      - move_unit: {id: u, parent: v}\n",
            "conflict",
            ["book.yaml", "event 1", "'v'"],
        ),
        (
            MINIMAL
            + "  - date: 2023-07-01\n    changes:\n"
            + "      - create_unit: {id: v, name: V, parent: u}\n"
            + "      - move_unit: {id: u, parent: v}\n",
            "conflict",
            ["book.yaml", "event 2 (2023-07-01)", "update unit 'u' (parent)", "cycle"],
        ),
        ("orgchart: 2\n", oc.FormatError, ["book.yaml", "unsupported format version 2"]),
        ("people: [a, b\n", oc.FormatError, ["book.yaml", "not valid YAML", "line"]),
        ("- just a list\n", oc.FormatError, ["book.yaml", "top level", "expected a mapping"]),
    ],
)
def test_errors_name_the_file_the_event_and_the_field(text, error, pieces):
    # A document that cannot be read is a FormatError, even when what is wrong is
    # an event that does not fit the org: the conflict, with its real operation,
    # is the cause.
    with pytest.raises(oc.FormatError if error == "conflict" else error) as info:
        oc.loads(text, source="book.yaml")
    assert isinstance(info.value, ValueError)
    for piece in pieces:
        assert piece in str(info.value)
    if error == "conflict":
        assert isinstance(info.value.__cause__, oc.ConflictError)
        assert isinstance(info.value.__cause__.op, oc.Op)


def test_bad_json_names_the_line():
    with pytest.raises(oc.FormatError, match="line 1"):
        oc.loads("{", format="json", source="h.json")


def test_unknown_format_and_suffix(tmp_path):
    # A bad argument is a ValidationError wherever it is given.
    with pytest.raises(oc.ValidationError, match="'toml'"):
        oc.loads("", format="toml")
    with pytest.raises(oc.ValidationError, match=r"history\.txt"):
        oc.load(tmp_path / "history.txt")
    with pytest.raises(oc.ValidationError, match="'toml'"):
        oc.dumps(oc.History(), format="toml")
    with pytest.raises(oc.FormatError, match="no such file"):
        oc.load(tmp_path / "missing.yaml")


@pytest.mark.parametrize("text", ["", "\n", "orgchart: 1\n", "title: Nothing\n"])
def test_an_empty_or_base_less_file_is_an_error(text):
    with pytest.raises(oc.FormatError, match=r"h\.yaml: empty: a history needs an org"):
        oc.loads(text, source="h.yaml")
    # An empty org written out is not empty: it says so.
    assert oc.loads(oc.dumps(oc.History())) == oc.History()


def test_dump_uses_intent_verbs():
    text = oc.dumps(oc.load(EXAMPLE))
    for verb in (
        "appoint:",
        "vacate:",
        "create_unit:",
        "dissolve_post:",
        "dissolve_unit:",
    ):
        assert verb in text


def test_yml_is_a_name_for_yaml():
    h = oc.load(EXAMPLE)
    assert oc.dumps(h, format="yml") == oc.dumps(h)
    assert oc.loads(oc.dumps(h), format="yml") == h
