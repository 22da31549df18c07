"""Real EveryPolitician files (../shared/realdata/popolo/, read in place): every one
loads, and who sits on a date matches what the JSON itself says."""

import calendar
import datetime
import json
from pathlib import Path

import pytest

from orgchart import popolo
from orgchart.cli import main

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "popolo"
FILES = sorted(REAL.glob("*.json")) if REAL.is_dir() else []

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"the real Popolo files are not here ({REAL} is absent)"
)


def first_day(date: str) -> str:
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def last_day(date: str) -> str:
    if len(date) == 4:
        return f"{date}-12-31"
    if len(date) == 7:
        year, month = map(int, date.split("-"))
        return f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date


def seated(doc: dict, day: str) -> set[str]:
    """Who holds a seat on ``day``, straight from the JSON: a membership's own
    dates, else its legislative period's."""
    periods = {
        e["id"]: e for e in doc.get("events", []) if e.get("classification") == "legislative period"
    }
    people = {p["id"] for p in doc["persons"]}
    found = set()
    for m in doc["memberships"]:
        period = periods.get(m.get("legislative_period_id"), {})
        start = m.get("start_date") or period.get("start_date")
        end = m.get("end_date") or period.get("end_date")
        if m["person_id"] not in people:
            continue
        if (start is None or first_day(start) <= day) and (end is None or day <= last_day(end)):
            found.add(m["person_id"])
    return found


def days_to_check(doc: dict) -> list[str]:
    """The first and last days of each period and of each membership, and the
    days either side of them."""
    days = set()
    for e in doc.get("events", []):
        if e.get("classification") == "legislative period":
            for key in ("start_date", "end_date"):
                if e.get(key):
                    days.add(first_day(e[key]))
    for m in doc["memberships"]:
        for key in ("start_date", "end_date"):
            if m.get(key):
                days.add(first_day(m[key]))
                days.add(last_day(m[key]))
    # The day before and after each of them: the edges of every tenure.
    for day in list(days):
        date = datetime.date.fromisoformat(day)
        days.update(str(date + datetime.timedelta(days=step)) for step in (-1, 1))
    return sorted(days)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_real_file_loads_and_seats_match_the_json(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    history = popolo.load(path)
    assert history.events, path.name
    sizes = []
    for day in days_to_check(doc):
        org = history.as_of(day)
        holders = {person for ids in org.appointments.values() for person in ids}
        assert holders == seated(doc, day), f"{path.name} on {day}"
        sizes.append(len(holders))
    assert len(sizes) >= 3 and max(sizes) > 20


def test_the_estonian_file_loads_with_its_four_contradictions_dropped():
    path = REAL / "estonia-ep-popolo-v1.0.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    history = popolo.load(path)
    dropped = [note for note in history.report if note.action == "dropped"]
    assert [note.where for note in dropped] == [
        "memberships[9]",
        "memberships[42]",
        "memberships[53]",
        "memberships[139]",
    ]
    assert all("before its legislative period 'term/13' starts" in n.what for n in dropped)
    assert "ends on 2015-03-27" in dropped[0].what


def test_the_command_prints_what_it_skipped(tmp_path, capsys):
    path = REAL / "estonia-ep-popolo-v1.0.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    assert main(["import-popolo", str(path), str(tmp_path / "estonia.yaml")]) == 0
    out = capsys.readouterr().out
    assert "report: 4 dropped" in out
    assert "memberships[9]: dropped: ends on 2015-03-27" in out
    assert (tmp_path / "estonia.yaml").exists()
    # strict: nothing written, one clear error.
    assert main(["import-popolo", "--strict", str(path), str(tmp_path / "strict.yaml")]) == 1
    assert "memberships[9]" in capsys.readouterr().err
    assert not (tmp_path / "strict.yaml").exists()
