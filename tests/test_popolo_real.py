"""Real Popolo read in place from ../shared/realdata/: every EveryPolitician file
(popolo/) loads, and who sits on a date matches what the JSON itself says; the
specification's own examples (popolo-spec/examples/) load in every embedded form;
and exports validate against the specification's JSON schemas (popolo-spec/schemas/)."""

import calendar
import datetime
import functools
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

import orgchart as oc
from orgchart import popolo
from orgchart.cli import main

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
REAL = REALDATA / "popolo"
FILES = sorted(REAL.glob("*.json")) if REAL.is_dir() else []
SPEC = REALDATA / "popolo-spec"

needs_files = pytest.mark.skipif(
    not FILES, reason=f"the real Popolo files are not here ({REAL} is absent)"
)
needs_spec = pytest.mark.skipif(
    not (SPEC / "schemas").is_dir(),
    reason=f"the Popolo specification's schemas and examples are not here ({SPEC} is absent)",
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


@needs_files
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


@needs_files
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


@needs_files
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


# ------------------------------------------------- the specification's examples

EXAMPLES = SPEC / "examples"

# Each embedded example: on a day, who holds which post (id -> title), and the
# dates of the events (a partial date stays partial).
EMBEDDED_EXAMPLES = {
    "embedding-organization.json": (
        [
            ("1970-01-01", "abc-inc-kitchen-assistant", "Kitchen Assistant at Joe's Diner"),
            ("1972-01-01", "abc-inc-chef", "Chef at Joe's Diner"),
        ],
        ["1970-01", "1972-01-01", "1980-03-16"],
    ),
    "embedding-person.json": (
        [
            ("1971-12-31", "abc-inc-kitchen-assistant", "Kitchen assistant"),
            ("1980-03-15", "abc-inc-chef", "Chef"),
        ],
        ["1970-01", "1972-01-01", "1980-03-16"],
    ),
    "embedding-membership.json": (
        [("1972-01-01", "abc-inc-chef", "Chef at Joe's Diner")],
        ["1972-01-01", "1980-03-16"],
    ),
    "embedding-post.json": (
        [("1980-03-15", "abc-inc-chef", "Chef at Joe's Diner")],
        ["1972-01-01", "1980-03-16"],
    ),
}


def example(name: str) -> dict:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return json.loads(path.read_text(encoding="utf-8"))


@needs_spec
@pytest.mark.parametrize("name", sorted(EMBEDDED_EXAMPLES))
def test_each_embedded_example_of_the_specification_loads(name):
    holdings, dates = EMBEDDED_EXAMPLES[name]
    history = popolo.load(EXAMPLES / name)
    assert [str(e.date) for e in history.events] == dates
    for day, post, title in holdings:
        org = history.as_of(day)
        assert [p.id for p in org.holders(post)] == ["john-q-public"], (name, day)
        assert org.posts[post].title == title
        assert org.posts[post].unit == "abc-inc"
        assert {p.id for p in org.posts_held("john-q-public")} == {post}
    for day in ("1969-12-31", "1980-03-16"):  # before the first start, after the last end
        assert not any(history.as_of(day).appointments.values()), (name, day)


@needs_spec
def test_the_embedded_organization_example_names_its_people_by_id():
    history = popolo.load(EXAMPLES / "embedding-organization.json")
    assert history.latest.people["john-q-public"].name == "john-q-public"
    assert history.latest.units["abc-inc"].name == "ABC, Inc."
    repaired = [str(n) for n in history.report if n.action == "repaired"]
    assert repaired == [
        "organization.memberships[0] ('593'): repaired: person 'john-q-public' is named by its "
        "id only: kept with its id as its name"
    ]


@needs_spec
def test_the_single_object_examples_load_with_what_they_carry():
    person = popolo.load(EXAMPLES / "person.json")
    john = person.latest.people["john-q-public"]
    assert john.aliases == ("Mr. Ziggy Q. Public, Esq.", "Dragonsbane")
    notes = [str(n) for n in person.report]
    assert any(
        "'Mr. Ziggy Q. Public, Esq.' is a name from 1920-01 to 1949-12-31 only" in n for n in notes
    )
    assert "persons: not represented: field 'identifiers' (1 record)" in notes

    organization = popolo.load(EXAMPLES / "organization.json")
    unit = organization.latest.units["abc-inc"]
    assert (unit.name, unit.kind, unit.parents) == (
        "ABC, Inc.",
        "Corporation",
        ("holding-company-corp",),
    )
    assert "organizations: not represented: field 'other_names' (1 record)" in {
        str(n) for n in organization.report
    }

    post = popolo.load(EXAMPLES / "post.json")
    assert post.latest.posts["abc-inc-chef"].title == "Chef at Joe's Diner"
    assert "posts: not represented: field 'other_label' (1 record)" in {str(n) for n in post.report}

    membership = popolo.load(EXAMPLES / "membership.json")
    (tenure,) = membership.tenures()
    assert (tenure.person.id, tenure.post.id, str(tenure.start), str(tenure.end)) == (
        "john-q-public",
        "abc-inc-kitchen-assistant",
        "1970-01",
        "1972-01-01",
    )
    (source,) = membership.sources.values()
    assert (source.url, source.title) == (
        "http://example.com/abc-inc/staff",
        "ABC, Inc. staff page",
    )


@needs_spec
def test_the_area_example_has_nothing_to_keep(tmp_path, capsys):
    path = EXAMPLES / "area.json"
    with pytest.raises(oc.FormatError, match=r"nothing to keep: .*'identifier'.*field 'id'"):
        popolo.load(path)
    assert main(["import-popolo", str(path), str(tmp_path / "area.yaml")]) == 1
    assert "nothing to keep" in capsys.readouterr().err


# ------------------------------------------------------- the schemas, on exports

LISTS = {
    "persons": "person",
    "organizations": "organization",
    "posts": "post",
    "memberships": "membership",
}


@functools.cache
def validators() -> dict[str, jsonschema.Draft3Validator]:
    """A draft-03 validator per Popolo list, its $refs (http://www.popoloproject.com/
    schemas/NAME.json#) resolved from the files in popolo-spec/schemas/."""
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in (SPEC / "schemas").glob("*.json")]
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas
    )
    by_title = {schema["id"].rsplit("/", 1)[1].split(".")[0]: schema for schema in schemas}
    checker = jsonschema.Draft3Validator.FORMAT_CHECKER
    assert "uri" in checker.checkers, "rfc3986-validator is needed to check the 'uri' format"
    return {
        key: jsonschema.Draft3Validator(by_title[kind], registry=registry, format_checker=checker)
        for key, kind in LISTS.items()
    }


def schema_errors(doc: dict) -> list[str]:
    """Every place in a Popolo collection that breaks the specification's schemas."""
    found = []
    for key, validator in validators().items():
        for i, item in enumerate(doc.get(key, [])):
            for error in validator.iter_errors(item):
                place = "/".join(str(p) for p in error.absolute_path)
                found.append(f"{key}[{i}]/{place}: {error.message}")
    return found


def test_the_checker_finds_what_breaks_the_schemas():
    if not (SPEC / "schemas").is_dir():
        pytest.skip(f"{SPEC} is absent")
    bad = {
        "persons": [{"id": "a", "name": "A", "other_names": [{"name": "B", "end_date": "May"}]}],
        "memberships": [{"person_id": "a", "sources": [{"note": "no url"}, {"url": "not a uri"}]}],
    }
    assert schema_errors(bad) == [
        "persons[0]/other_names/0/end_date: 'May' does not match '^[0-9]{4}(-[0-9]{2}){0,2}$'",
        "memberships[0]/sources/0/url: 'url' is a required property",
        "memberships[0]/sources/1/url: 'not a uri' is not a 'uri'",
    ]


def assert_valid_and_faithful(history: oc.History) -> None:
    """The export of a history validates and reads back equal; its Popolo lists alone
    keep every tenure (person, post, start, end), the names of those in them, and
    every source a tenure cites (by its id when it has no URL)."""
    doc = json.loads(popolo.dumps_popolo(history))
    assert schema_errors(doc) == []
    assert popolo.load(doc) == history
    plain = popolo.load({k: v for k, v in doc.items() if k != "orgchart"})
    assert facts(plain) == facts(history)
    cited = {s for t in sayable(history) for s in t.sources if s in history.sources}
    urls = {plain.sources[s].url for s in plain.sources}
    for source_id in cited:
        source = history.sources[source_id]
        assert source_id in plain.sources or source.url in urls, source


def sayable(history: oc.History) -> list[oc.Tenure]:
    """The tenures Popolo's lists can say: all but those that end the day they begin
    (its end dates are inclusive)."""
    return [t for t in history.tenures() if t.start is None or t.start != t.end]


def spells(tenures: list[oc.Tenure]) -> list[tuple[str, str, str, str]]:
    """(person, post, start, end) of each spell in office: one person's tenures of one
    post that touch (one is left the day the next begins) are one spell, as
    memberships read back give them."""
    by_seat: dict[tuple[str, str], list[oc.Tenure]] = {}
    for tenure in tenures:
        by_seat.setdefault((tenure.person.id, tenure.post.id), []).append(tenure)
    out = []
    for (person, post), seat in by_seat.items():
        seat.sort(key=lambda t: (t.start is not None, t.start.earliest if t.start else 0))
        merged: list[list] = []
        for tenure in seat:
            if (
                merged
                and merged[-1][1] is not None
                and tenure.start is not None
                and (tenure.start.earliest <= merged[-1][1].earliest)
            ):
                later = merged[-1][1] if tenure.end is None else max(merged[-1][1], tenure.end)
                merged[-1][1] = None if tenure.end is None else later
                continue
            merged.append([tenure.start, tenure.end])
        out += [(person, post, str(start), str(end)) for start, end in merged]
    return sorted(out)


def facts(history: oc.History) -> tuple:
    """Who held which post from when to when, and each one's names and place (as last
    known: Popolo's lists give one name to each, a rename travels in the extension).

    A tenure that ends the day it begins (appointed and gone in one event) is
    left out: Popolo's end dates are inclusive, so its lists cannot say it (it
    travels in the extension, which the round trip checks)."""
    tenures = sayable(history)
    everything = history.everything()
    people = {t.person.id for t in tenures}
    posts = {t.post.id for t in tenures}
    return (
        spells(tenures),
        sorted((i, p.name, p.aliases) for i, p in everything.people.items() if i in people),
        sorted((i, p.title, p.unit) for i, p in everything.posts.items() if i in posts),
    )


@needs_spec
def test_the_seeds_export_is_valid_popolo():
    assert_valid_and_faithful(oc.seeds.alibaba())


@needs_spec
@settings(max_examples=40, deadline=None)
@given(oc.strategies.histories(max_events=4, max_changes=3))
def test_every_generated_history_exports_valid_popolo(history):
    assert_valid_and_faithful(history)


@needs_spec
@needs_files
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_real_file_re_exported_is_valid_popolo(path):
    assert_valid_and_faithful(popolo.load(path))
