"""The orgchart command: each subcommand, --help, and errors without tracebacks."""

import subprocess
import sys
from pathlib import Path

import pytest

from orgchart.cli import main

EXAMPLE = str(Path(__file__).parent.parent / "examples" / "small-history.yaml")


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_prints_the_tree_for_a_date(capsys):
    status, out, err = run(capsys, "show", "--file", EXAMPLE, "--date", "2023-05-01")
    assert status == 0 and not err
    assert "Example Co. leadership on 1 May 2023" in out
    assert "  Chief Executive Officer: Grace Hopper" in out
    assert "    Head: (vacant)" in out


def test_show_known_at(capsys):
    _, out, _ = run(capsys, "show", "-f", EXAMPLE, "-d", "2023-05-01", "--known-at", "2023-01-01")
    assert "Chief Executive Officer: Ada Byron" in out
    assert "as known on 2023-01-01" in out


def test_diff_lists_changes_and_events_with_sources(capsys):
    status, out, _ = run(capsys, "diff", "-f", EXAMPLE, "2023-01-01", "2023-12-31")
    assert status == 0
    assert "Grace Hopper succeeds Ada" in out
    assert "2023-09: Labs and Tools merge into Example Engineering" in out
    assert "source: Example Co. annual report 2023, March 2024" in out


def test_timeline_of_a_person_and_of_a_post(capsys):
    _, out, _ = run(capsys, "timeline", "-f", EXAMPLE, "Ada Lovelace")
    assert out.splitlines()[0] == "Ada Byron"
    assert "Chief Executive Officer (Example Co.), from before the record to 1 April 2023" in out
    _, out, _ = run(capsys, "timeline", "-f", EXAMPLE, "ceo")
    assert "Grace Hopper, Chief Executive Officer (Example Co.), from 1 April 2023" in out


def test_events_between_dates(capsys):
    _, out, _ = run(capsys, "events", "-f", EXAMPLE, "--from", "2023-04-01", "--to", "2023-06-30")
    assert out.startswith("2023-04-01 (announced 2023-01-10): Grace Hopper succeeds Ada Byron")
    assert "Labs and Tools" not in out


def test_validate(capsys, tmp_path):
    status, out, _ = run(capsys, "validate", EXAMPLE)
    assert status == 0 and "valid, 2 events" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("events:\n  - date: 2023-02-30\n")
    status, out, err = run(capsys, "validate", str(broken))
    assert status == 1 and not out
    assert err.startswith("orgchart: error: ")
    assert "broken.yaml" in err and "2023-02-30" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "-f", EXAMPLE, "--date", "someday"],
        ["timeline", "-f", EXAMPLE, "Nobody"],
        ["show", "-f", "missing.yaml"],
    ],
)
def test_user_mistakes_exit_1_with_one_line(capsys, argv):
    status, _, err = run(capsys, *argv)
    assert status == 1
    assert err.count("\n") == 1 and err.startswith("orgchart: error: ")


def test_help_everywhere():
    commands = ["show", "render", "diff", "timeline", "events", "validate"]
    for argv in ([], *([c] for c in [*commands, "import-popolo", "export-popolo"])):
        result = subprocess.run(
            [sys.executable, "-m", "orgchart", *argv, "--help"], capture_output=True, text=True
        )
        assert result.returncode == 0, argv
        assert "usage: orgchart" in result.stdout


def test_usage_errors_exit_2():
    result = subprocess.run(
        [sys.executable, "-m", "orgchart", "frobnicate"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.needs_dot
def test_render_a_date_to_svg(capsys, tmp_path):
    target = tmp_path / "org.svg"
    status, out, err = run(capsys, "render", "-f", EXAMPLE, "-d", "2023-05-01", "-o", str(target))
    assert status == 0, err
    assert out.strip() == f"wrote {target}"
    svg = target.read_text()
    assert "<svg" in svg and "Example Co. leadership on 1 May 2023" in svg


def test_render_options_reach_the_dot_text(capsys, tmp_path):
    target = tmp_path / "org.dot"
    argv = ["render", "-f", EXAMPLE, "-d", "2023-05", "-o", str(target), "--direction", "LR"]
    status, _, err = run(capsys, *argv, "--root", "labs", "--no-units", "--title", "Labs")
    assert status == 0, err
    text = target.read_text()
    assert "rankdir=LR" in text and "cluster" not in text and "<B>Labs</B>" in text
    assert "post_ceo" not in text


@pytest.mark.needs_dot
def test_diff_and_timeline_draw_to_files(capsys, tmp_path):
    status, out, _ = run(
        capsys, "diff", "-f", EXAMPLE, "2023-01-01", "2023-12-31", "-o", str(tmp_path / "d.svg")
    )
    assert status == 0 and "wrote" in out and (tmp_path / "d.svg").exists()
    status, out, _ = run(capsys, "timeline", "-f", EXAMPLE, "ceo", "-o", str(tmp_path / "t.png"))
    assert status == 0 and (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")


def test_render_needs_an_output():
    result = subprocess.run(
        [sys.executable, "-m", "orgchart", "render"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "--output" in result.stderr


def test_popolo_export_and_import(capsys, tmp_path):
    status, out, err = run(capsys, "export-popolo", "-f", EXAMPLE, str(tmp_path / "p.json"))
    assert status == 0, err
    assert out.strip() == f"wrote {tmp_path / 'p.json'}"
    status, out, err = run(
        capsys, "import-popolo", str(tmp_path / "p.json"), str(tmp_path / "h.yaml")
    )
    assert status == 0, err
    assert "wrote" in out and "2 events" in out
    import orgchart as oc

    assert oc.load(tmp_path / "h.yaml") == oc.load(EXAMPLE)
    status, _, err = run(
        capsys, "import-popolo", str(tmp_path / "missing.json"), str(tmp_path / "x.yaml")
    )
    assert status == 1 and "no such file" in err


@pytest.mark.parametrize(
    ("argv", "first", "count"),
    [
        (["--to", "2022"], "2022", 3),
        (["--from", "2023-11", "--to", "2023-11"], "2023-11", 2),
        (["--from", "2030"], None, 0),
    ],
)
def test_events_takes_either_end_alone_and_whole_periods(capsys, argv, first, count):
    status, out, err = run(capsys, "events", *argv)
    assert status == 0 and not err
    headings = [line for line in out.splitlines() if not line.startswith(" ")]
    assert len(headings) == count
    if first:
        assert headings[0].startswith(first)
