"""The orgchart command: each subcommand, --help, and errors without tracebacks."""

import json
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
    assert "on 1 May 2023, as known on 1 January 2023" in out


def test_diff_lists_changes_and_events_with_sources(capsys):
    status, out, _ = run(capsys, "diff", "-f", EXAMPLE, "2023-01-01", "2023-12-31")
    assert status == 0
    assert "Grace Hopper succeeds Ada" in out
    assert "September 2023: Labs and Tools merge into Example Engineering" in out
    assert "source: Example Co. annual report 2023, March 2024" in out


def test_timeline_of_a_person_and_of_a_post(capsys):
    _, out, _ = run(capsys, "timeline", "-f", EXAMPLE, "Ada Lovelace")
    assert out.splitlines()[0] == "Ada Byron"
    assert "Chief Executive Officer (Example Co.), from before the record to 31 March 2023" in out
    _, out, _ = run(capsys, "timeline", "-f", EXAMPLE, "ceo")
    assert "Grace Hopper, Chief Executive Officer (Example Co.), from 1 April 2023" in out


def test_events_between_dates(capsys):
    _, out, _ = run(capsys, "events", "-f", EXAMPLE, "--from", "2023-04-01", "--to", "2023-06-30")
    assert out.startswith(
        "1 April 2023 (announced 10 January 2023): Grace Hopper succeeds Ada Byron"
    )
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
        (["--to", "2022"], "March 2022", 3),
        (["--from", "2023-11", "--to", "2023-11"], "16 November 2023", 2),
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


# ------------------------------------------------- the real command, as a user


def command(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orgchart", *argv], capture_output=True, text=True, cwd=cwd
    )


def test_dates_outside_the_record_are_said_to_be(tmp_path):
    before = command("show", "--date", "1999")
    assert before.returncode == 0
    assert "leadership in 1999" in before.stdout
    assert "note: the record starts in March 2022; this is the org before it" in before.stdout
    after = command("show", "--date", "2030-01-01")
    assert "note: the record ends on 22 November 2024" in after.stdout


def test_a_planned_event_is_marked(tmp_path):
    path = tmp_path / "plans.yaml"
    path.write_text(
        "people: [{id: a, name: Ada}]\nunits: [{id: g, name: Group}]\n"
        "posts: [{id: ceo, title: CEO, unit: g}]\n"
        "events:\n  - date: 2099-01-01\n    announced: 2020-01-01\n"
        "    summary: Ada becomes CEO\n    changes: [{appoint: {post: ceo, person: a}}]\n"
    )
    result = command("show", "-f", str(path), "--date", "2099-06-01")
    assert "planned: 1 event announced but not yet in effect today" in result.stdout
    assert "CEO: Ada" in result.stdout


def test_a_reversed_range_is_an_error():
    result = command("events", "--from", "2024-01-01", "--to", "2023-01-01")
    assert result.returncode == 1
    assert "--from 2024-01-01 is after --to 2023-01-01" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "empty: a history needs an org"), ("title: Nothing\n", "empty: a history needs")],
)
def test_an_empty_file_does_not_validate(tmp_path, content, message):
    path = tmp_path / "h.yaml"
    path.write_text(content)
    result = command("validate", str(path))
    assert result.returncode == 1 and message in result.stderr


def test_a_folder_is_named_as_a_folder(tmp_path):
    result = command("validate", str(tmp_path))
    assert result.returncode == 1
    assert "is a folder, not a history file" in result.stderr


def test_counts_are_in_words(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "people: [{id: a, name: Ada}]\nunits: [{id: g, name: Group}]\n"
        "posts: [{id: ceo, title: CEO, unit: g}]\n"
        "events: [{date: 2023-01-01, changes: [{appoint: {post: ceo, person: a}}]}]\n"
    )
    result = command("validate", str(path))
    assert "valid, 1 event, 1 person at the end, 0 sources" in result.stdout


def test_list_people_posts_and_units_with_their_ids():
    people = command("list", "people", "--date", "2023-01-01")
    assert people.returncode == 0
    assert any(
        line.startswith("daniel-zhang") and "Daniel Zhang" in line
        for line in people.stdout.splitlines()
    )
    posts = json.loads(command("list", "posts", "--format", "json").stdout)
    ceo = next(p for p in posts if p["id"] == "group-ceo")
    assert ceo["title"] == "Chief Executive Officer" and ceo["holders"] == "Eddie Wu"
    units = command("list", "units", "--format", "csv").stdout.splitlines()
    assert units[0] == "id,name,kind,parent"


def test_show_and_diff_take_a_root_and_a_depth():
    shown = command("show", "--date", "2023-12-31", "--root", "alibaba-cloud", "--depth", "0")
    assert shown.stdout.splitlines()[2].startswith("Alibaba Cloud Intelligence Group")
    assert "Public Cloud" not in shown.stdout
    # depth counts the levels below the root, as everywhere: 1 adds the divisions.
    deeper = command("show", "--date", "2023-12-31", "--root", "alibaba-cloud", "--depth", "1")
    assert "Public Cloud" in deeper.stdout
    changed = command("diff", "2023-01", "2023-12", "--root", "Alibaba Cloud Intelligence Group")
    assert "Eddie Wu succeeds Daniel Zhang as Chairman" in changed.stdout
    assert "Chief Executive Officer, Alibaba Group" not in changed.stdout.split("Events:")[0]
    helped = command("diff", "--help").stdout
    assert "the first date" in helped and "--root" in helped


def test_a_timeline_by_post_title():
    result = command("timeline", "Chief People Officer")
    assert result.returncode == 0
    assert "Jane Jiang" in result.stdout and "Judy Tong" in result.stdout


def test_manager_reports_and_chain_of_command():
    chain = command("chain", "Jiang Jiangwei", "--date", "2023-12-31")
    assert chain.returncode == 0
    lines = chain.stdout.splitlines()
    assert lines[0] == "above Jiang Jiangwei on 31 December 2023:"
    assert [line.split(" (")[0].strip() for line in lines[1:]] == [
        "Zhou Jingren",
        "Eddie Wu",
        "Joseph Tsai",
    ]
    manager = command("manager", "jiang-jiangwei", "--date", "2023-12-31")
    assert manager.stdout.splitlines()[1].startswith("  Zhou Jingren (Chief Technology Officer")
    reports = command("reports", "Wu Yongming", "--date", "2023-12-31")  # an alias
    assert "  Liu Weiguang (Head, Public Cloud)" in reports.stdout
    top = command("manager", "Joseph Tsai", "--date", "2023-12-31")
    assert "(no manager)" in top.stdout
    unknown = command("chain", "Edie Wu")
    assert unknown.returncode == 1 and "did you mean 'Eddie Wu'" in unknown.stderr
