"""Tables in and out: tenure tables, flat org tables, dated exports, and to_rows."""

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst
from orgchart import tables
from orgchart.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
TENURES = FIXTURES / "tenures.csv"
EXPORTS = FIXTURES / "exports"
COLUMNS = {
    "person": "bioguide",
    "person_name": "name",
    "post": "office",
    "title": "office_title",
    "start": "from",
    "end": "to",
    "source": "url",
}


def holdings(org: oc.Snapshot) -> set[tuple[str, str]]:
    return {(post, person) for post, ids in org.appointments.items() for person in ids}


# ------------------------------------------------------------------ tenures


def test_a_tenure_table_with_its_own_column_names():
    history = tables.read_tenures(TENURES, **COLUMNS)
    assert [p.name for p in history.as_of("2019-06-30").holders("ceo")] == ["Ada Byron"]
    assert [p.name for p in history.as_of("2019-07-01").holders("ceo")] == ["Bob Stone"]
    assert history.as_of("2015-02-28").holders("ceo") == ()
    # Partial dates stay partial; an inclusive end "2020" holds to the year's end.
    assert str(history.events[0].date) == "2015-03"
    assert [p.id for p in history.as_of("2020-12-31").holders("cto")] == ["C03"]
    assert history.as_of("2021-01-01").holders("cto") == ()
    (ceo_b,) = [t for t in history.timeline("ceo") if t.person.id == "B02"]
    assert ceo_b.predecessor.id == "A01"
    assert any(s.url == "https://example.org/annual-report-2019" for s in history.sources.values())
    # The bad row is dropped and said to be, naming the row.
    (note,) = history.report
    assert note.action == "dropped" and note.where == "row 5"
    assert "ends (2020-12-31) before it starts (2021-01-01)" in note.what
    with pytest.raises(oc.FormatError, match="row 5"):
        tables.read_tenures(TENURES, strict=True, **COLUMNS)


def test_exclusive_ends():
    rows = [
        {"person": "a", "post": "p", "start": "2020-01-01", "end": "2021-01-01"},
        {"person": "b", "post": "p", "start": "2021-01-01"},
    ]
    inclusive = tables.read_tenures(rows)
    exclusive = tables.read_tenures(rows, ends="exclusive")
    assert holdings(inclusive.as_of("2021-01-01")) == {("p", "a"), ("p", "b")}
    assert holdings(exclusive.as_of("2021-01-01")) == {("p", "b")}
    with pytest.raises(oc.ValidationError, match="'ends'"):
        tables.read_tenures(rows, ends="sometimes")


@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        ([{"post": "p", "start": "2020"}], "row 1", "column 'person' is empty"),
        ([{"person": "a", "post": "p", "start": "2020-02-30"}], "row 1", "column 'start'"),
        (
            [{"person": "a", "post": "p"}, {"person": "a", "person_name": "B", "post": "q"}],
            "row 2, column 'person_name'",
            "'a' is called 'a' in an earlier row",
        ),
        (
            [{"person": "a", "post": "p", "reports_to": "nowhere"}],
            "row 1",
            "reports_to 'nowhere' is not a post",
        ),
    ],
)
def test_rows_that_cannot_be_used_as_they_are_are_reported(rows, where, words):
    history = tables.read_tenures(rows)
    assert any(note.where == where and words in note.what for note in history.report), list(
        map(str, history.report)
    )


def test_unknown_column_keywords_and_sources_are_refused():
    with pytest.raises(oc.ValidationError, match="a column among person"):
        tables.read_tenures([], persn="id")
    with pytest.raises(oc.ValidationError, match="a CSV path, a DataFrame"):
        tables.read_tenures({"person": "a"})
    with pytest.raises(oc.FormatError, match="no such file"):
        tables.read_tenures(FIXTURES / "missing.csv")


LEADERS_CSV = (
    "leader,country,startdate,enddate,region\n"
    "Ann,Norland,1990-01-01,1995-06-30,North\n"
    "Ben,Norland,1995-07-01,,North\n"
)


def test_a_misspelt_column_is_an_error_naming_it_and_the_nearest(tmp_path):
    """A column named but not in the table would read every spell as still open:
    it is refused, naming the columns there are and the nearest one."""
    path = tmp_path / "leaders.csv"
    path.write_text(LEADERS_CSV, encoding="utf-8")
    named = {"person": "leader", "post": "country", "start": "startdate"}
    with pytest.raises(oc.ValidationError) as info:
        tables.read_tenures(path, **named, end="end_date")
    message = str(info.value)
    assert "end='end_date'" in message and str(path) in message
    assert "'leader', 'country', 'startdate', 'enddate', 'region'" in message
    assert "did you mean 'enddate'?" in message
    # A required column left at its default name, absent from a file's header.
    with pytest.raises(oc.ValidationError, match=r"the column 'end'.*did you mean 'enddate'"):
        tables.read_tenures(path, **named)
    # Rows given as mappings leave out empty cells, but a named column must be somewhere.
    rows = [{"leader": "Ann", "country": "Norland", "startdate": "1990"}]
    with pytest.raises(oc.ValidationError, match="did you mean 'startdate'"):
        tables.read_tenures(rows, person="leader", post="country", start="start_date")
    with pytest.raises(oc.ValidationError, match=r"manager='boss'.*did you mean 'bosses'"):
        tables.read_org([{"id": "a", "name": "A", "bosses": None}], manager="boss")


def test_a_column_the_reader_does_not_know_is_reported_once(tmp_path):
    path = tmp_path / "leaders.csv"
    path.write_text(LEADERS_CSV, encoding="utf-8")
    history = tables.read_tenures(
        path, person="leader", post="country", start="startdate", end="enddate"
    )
    notes = [note for note in history.report if "region" in note.where]
    assert len(notes) == 1 and notes[0].action == "not represented"
    assert [p.id for p in history.as_of("1996-01-01").holders("Norland")] == ["Ben"]
    # What History.to_rows() writes reads back with nothing left unread.
    again = tables.read_tenures(history.to_rows())
    assert not [note for note in again.report if note.action == "not represented"]


@settings(max_examples=60)
@given(ocst.histories(max_events=6))
def test_the_tenure_table_of_any_history_reads_back_to_the_same_holders(history):
    again = tables.read_tenures(history.to_rows())
    days = [d.earliest for d in history.dates]
    days += [day.subtract(days=1) for day in days] + [oc.parse_date("1900").earliest]
    for day in days:
        assert holdings(again.as_of(day)) == holdings(history.as_of(day)), day


# ---------------------------------------------------------------------- org


def test_a_flat_org_table():
    org = tables.read_org(EXPORTS / "hr-2024-01.csv")
    assert org.person("Cy Lane").id == "e3"
    assert [p.name for p in org.manager_of("Cy Lane")] == ["Bob Stone"]
    assert [p.name for p in org.chain_of_command("Cy Lane")] == ["Bob Stone", "Ada Byron"]
    assert org.posts_held("e3")[0].title == "Engineer"
    assert org.units["engineering"].name == "Engineering"
    assert org.units["engineering"].parent == tables.ORGANISATION


def test_every_bad_row_of_an_org_table_is_reported_at_once():
    rows = [
        {"id": "a", "name": "A"},
        {"id": "b", "name": "B", "manager": "ghost"},
        {"id": "a", "name": "A again"},
        {"name": "Nobody"},
    ]
    with pytest.raises(oc.FormatError) as info:
        tables.read_org(rows, name="staff.csv")
    text = str(info.value)
    assert text.startswith("staff.csv: 3 bad rows")
    assert "row 2, column 'manager': 'ghost' is not the id of anyone" in text
    assert "row 3, column 'id': 'a' is already in row 1" in text
    assert "row 4, column 'id': empty" in text
    cycle = [{"id": "a", "name": "A", "manager": "b"}, {"id": "b", "name": "B", "manager": "a"}]
    with pytest.raises(oc.IntegrityError, match="reporting lines form a cycle"):
        tables.read_org(cycle)


def test_a_dataframe_by_duck_typing():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        [
            {"person": "a", "post": "p", "start": "2020-01-01", "end": None},
            {"person": "b", "post": "q", "start": "2021-06", "end": "2022-01-31"},
        ]
    )
    history = tables.read_tenures(frame)
    assert holdings(history.as_of("2021-06-15")) == {("p", "a"), ("q", "b")}
    # Rows out hold datetime.date values, which pandas turns into datetime64 as they are.
    out = pd.DataFrame(history.to_rows())
    assert all(isinstance(day, datetime.date) for day in out["start"])
    assert pd.to_datetime(out["start"]).dtype.kind == "M"
    assert pd.to_datetime(out["end"]).isna().tolist() == [True, False]
    assert out["start_precision"].tolist() == ["day", "month"]
    # ...and a frame of datetime64 columns reads back as the same history.
    out["start"], out["end"] = pd.to_datetime(out["start"]), pd.to_datetime(out["end"])
    again = tables.read_tenures(out)
    assert again.as_of("2021-06-15") == history.as_of("2021-06-15")
    assert [str(d) for d in again.dates] == [str(d) for d in history.dates]


# ------------------------------------------------------------------ exports


def test_dated_exports_become_the_operations_a_user_would_name():
    exports = [(p.stem.removeprefix("hr-"), p) for p in sorted(EXPORTS.glob("hr-*.csv"))]
    history = tables.read_exports(exports)
    for date, path in exports:
        assert history.as_of(date) == tables.read_org(path)
    february = history.diff("2024-01", "2024-02")
    kinds = sorted((op.kind, type(op).__name__) for op in february)
    # A promotion and a move are updates of the person's post; a hire adds.
    assert ("post", "Update") in kinds and ("person", "Add") in kinds
    # Dee Moss moves to Engineering: her post moves; only the emptied unit goes.
    assert [op.id for op in february if isinstance(op, oc.Remove)] == ["design"]
    text = str(february)
    assert "Head of Engineering, Engineering is renamed Chief Technology Officer" in text
    assert "Eve Park becomes Engineer, Engineering" in text
    march = str(history.diff("2024-02", "2024-03"))
    assert "Dee Moss leaves Designer, Engineering" in march
    assert "Engineer, Engineering now reports to Engineering Lead, Engineering" in march


@st.composite
def monthly_tables(draw):
    """A year of monthly exports of a small company: hires, departures,
    promotions, moves between departments and changes of manager."""
    departments = ["Board", "Engineering", "Design", "Sales"]
    staff = {"e0": {"name": "Boss", "title": "CEO", "department": "Board", "manager": None}}
    next_id = 1
    months = []
    for month in range(1, draw(st.integers(2, 6)) + 1):
        for _ in range(draw(st.integers(0, 3))):
            change = draw(st.sampled_from(["hire", "leave", "promote", "move", "manager"]))
            others = sorted(k for k in staff if k != "e0")
            if change == "hire" or not others:
                staff[f"e{next_id}"] = {
                    "name": f"Person {next_id}",
                    "title": draw(st.sampled_from(["Engineer", "Designer", "Seller"])),
                    "department": draw(st.sampled_from(departments)),
                    "manager": draw(st.sampled_from(sorted(staff))),
                }
                next_id += 1
                continue
            who = draw(st.sampled_from(others))
            if change == "leave":
                if any(row["manager"] == who for row in staff.values()):
                    continue
                del staff[who]
            elif change == "promote":
                staff[who]["title"] = "Senior " + staff[who]["title"]
            elif change == "move":
                staff[who]["department"] = draw(st.sampled_from(departments))
            else:
                # A new manager who is not below them (no loops).
                below = {who}
                grew = True
                while grew:
                    grew = False
                    for key, row in staff.items():
                        if row["manager"] in below and key not in below:
                            below.add(key)
                            grew = True
                staff[who]["manager"] = draw(st.sampled_from(sorted(set(staff) - below)))
        rows = [{"id": key, **row} for key, row in staff.items()]
        months.append((f"2024-{month:02d}", rows))
    return months


@settings(max_examples=40)
@given(monthly_tables())
def test_dated_exports_give_a_history_that_is_each_export_on_its_date(months):
    history = tables.read_exports(months)
    for date, rows in months:
        assert history.as_of(date) == tables.read_org(rows)
    # No person or post is removed and added again by one event: changes are updates.
    for event in history.events:
        removed = {(op.kind, op.id) for op in event.changes if isinstance(op, oc.Remove)}
        added = {(op.kind, op.id) for op in event.changes if isinstance(op, oc.Add)}
        assert not removed & added


def flat_table(org: oc.Snapshot) -> list[dict]:
    """What an HR system would export of an org: one row per person, with the
    title and unit of their first post and a holder of the post it reports to
    as manager (a manager who would close a loop left out)."""
    managers, rows = {}, []
    for person in sorted(org.people.values(), key=lambda p: p.id):
        posts = sorted(org.posts_held(person.id), key=lambda p: p.id)
        post = posts[0] if posts else None
        above = [p.id for p in org.holders(post.reports_to)] if post and post.reports_to else []
        managers[person.id] = next((i for i in above if i != person.id), None)
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "title": post.title if post else None,
                "department": org.units[post.unit].name if post else None,
            }
        )
    for row in rows:
        seen, manager = {row["id"]}, managers[row["id"]]
        while manager is not None and manager not in seen:
            seen.add(manager)
            manager = managers[manager]
        if manager is not None:  # a loop: cut it here
            managers[row["id"]] = None
        row["manager"] = managers[row["id"]]
    return rows


@settings(max_examples=40)
@given(ocst.histories(max_events=5))
def test_the_exports_of_any_history_give_back_each_export_on_its_date(history):
    days = sorted({d.earliest for d in history.dates})
    days = [days[0].subtract(days=1), *days] if days else [oc.parse_date("2000").earliest]
    exports = [(day, flat_table(history.as_of(day))) for day in days]
    again = tables.read_exports(exports)
    for day, rows in exports:
        assert again.as_of(day) == tables.read_org(rows)


# --------------------------------------------------------------------- rows


def test_rows_out_have_dates_with_their_precision_and_names_beside_ids():
    history = oc.seeds.alibaba()
    (row,) = [
        r for r in history.to_rows() if r["person"] == "eddie-wu" and r["post"] == "group-ceo"
    ]
    assert row["person_name"] == "Eddie Wu" and row["title"] == "Chief Executive Officer"
    assert row["start"] == datetime.date(2023, 9, 10) and row["start_precision"] == "day"
    assert row["predecessor_name"] == "Daniel Zhang"
    events = history.event_rows()
    assert events[0]["date_precision"] == "month" and events[0]["date"] == datetime.date(2022, 3, 1)
    snapshot_rows = history.as_of("2023-12-31").to_rows()
    cto = next(r for r in snapshot_rows if r["post"] == "cloud-cto")
    assert cto["reports_to_holders"] == "Eddie Wu" and cto["unit_name"].startswith("Alibaba Cloud")
    assert history.timeline("Eddie Wu").to_rows()[0]["person"] == "eddie-wu"
    change = history.diff("2023-01-01", "2023-12-31").to_rows()
    appoint = next(r for r in change if r["op"] == "appoint" and r["person"] == "eddie-wu")
    assert appoint["person_name"] == "Eddie Wu" and appoint["name"]


# ---------------------------------------------------------------------- CLI


def test_the_exports_command_reads_a_folder_and_says_what_it_skipped(tmp_path, capsys):
    assert main(["import-exports", str(EXPORTS), str(tmp_path / "hr.yaml")]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "3 exports, 2 events, 5 people" in out
    assert "skipped notes.csv: no date (YYYY-MM or YYYY-MM-DD) in its name" in out
    history = oc.load(tmp_path / "hr.yaml")
    assert history.as_of("2024-03") == tables.read_org(EXPORTS / "hr-2024-03.csv")


def test_the_exports_command_refuses_two_exports_of_one_date(tmp_path, capsys):
    for name in ("2024-01.csv", "hr-2024-01.csv", "hr-2024-13.csv"):
        (tmp_path / name).write_text((EXPORTS / "hr-2024-01.csv").read_text())
    assert main(["import-exports", str(tmp_path), str(tmp_path / "hr.yaml")]) != 0
    err = capsys.readouterr().err
    assert "2024-01.csv and hr-2024-01.csv are both dated 2024-01" in err
    (tmp_path / "2024-01.csv").unlink()
    assert main(["import-exports", str(tmp_path), str(tmp_path / "hr.yaml")]) == 0
    assert "skipped hr-2024-13.csv: '2024-13' in its name is not a date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "first_key"),
    [
        (["show", "--date", "2023-12-31"], "person"),
        (["events", "--from", "2023"], "date"),
        (["timeline", "Eddie Wu"], "person"),
        (["diff", "2023-01", "2023-12"], "op"),
    ],
)
def test_table_commands_print_csv_and_json(argv, first_key):
    run = [sys.executable, "-m", "orgchart", *argv]
    as_json = subprocess.run([*run, "--format", "json"], capture_output=True, text=True)
    rows = json.loads(as_json.stdout)
    assert rows and next(iter(rows[0])) == first_key
    as_csv = subprocess.run([*run, "--format", "csv"], capture_output=True, text=True)
    assert as_csv.stdout.splitlines()[0].split(",")[0] == first_key
    assert len(as_csv.stdout.splitlines()) >= len(rows) + 1


# --------------------------------------------------------------------- docs


def test_the_howto_examples_run_on_the_fixtures(monkeypatch, capsys):
    pytest.importorskip("pandas")
    howto = Path(__file__).parent.parent / "docs" / "howto" / "spreadsheets.md"
    blocks = re.findall(r"```python\n(.*?)```", howto.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 4
    monkeypatch.chdir(howto.parent.parent.parent)  # the paths are from the repository root
    for code in blocks:
        exec(compile(code, str(howto), "exec"), {})
    assert "Eve Park becomes Engineer, Engineering" in capsys.readouterr().out


def test_a_strict_error_reads_once():
    """A strict read stops at the first repair with one message, naming the file's
    place once, not wrapped again as a dropped row."""
    rows = [
        {"person": "a", "person_name": "Ann", "post": "p", "start": "2001"},
        {"person": "a", "person_name": "Anne", "post": "q", "start": "2002"},
    ]
    with pytest.raises(oc.FormatError) as info:
        tables.read_tenures(rows, strict=True)
    message = str(info.value)
    assert message.count("row 2") == 1, message
    assert message.count("(strict:") == 1, message
