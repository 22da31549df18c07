"""orgchart.wikidata: SPARQL results and entity JSON in.

Small fixtures of our own (tests/fixtures/wikidata/) always run; the real
Wikidata files in ../shared/realdata/wikidata/ are read in place, and their
tests skip when that folder is absent. Holders on dates are checked against
what the raw rows themselves say.
"""

import calendar
import contextlib
import copy
import datetime
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import wikidata
from orgchart.cli import main
from orgchart.wikidata import parse_time

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "wikidata"
MAYORS = FIXTURES / "Q1000001.json"  # SPARQL results; the rows do not name the position
COMPANY = FIXTURES / "Q3000.json"  # an organisation's entity JSON
SENATOR = FIXTURES / "Q4000.json"  # a person's entity, wbgetentities shape
MAYOR_LABELS = {"Q1000001": "Mayor of Exampleton", "Q2006": "Fay Example", "Q2001": "Not Used"}

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "wikidata"
MANDATES = sorted((REAL / "position-history" / "mandates").glob("*.json")) if REAL.is_dir() else []
ENTITIES = REAL / "entities"
needs_real = pytest.mark.skipif(
    not MANDATES, reason=f"the real Wikidata files are not here ({REAL} is absent)"
)
WD = "http://www.wikidata.org/entity/"


def holders(history, day, post):
    return [p.id for p in history.as_of(day).holders(post)]


def lines(history):
    return [(note.where, note.action, note.what) for note in history.report]


def mayors(**options):
    return wikidata.load(MAYORS, position="Q1000001", **options)


# ------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("time", "precision", "expected"),
    [
        ("+2019-07-24T00:00:00Z", 11, "2019-07-24"),
        ("+2019-07-24T00:00:00Z", 10, "2019-07"),
        ("+2019-07-24T00:00:00Z", 9, "2019"),
        ("+1996-00-00T00:00:00Z", 9, "1996"),
        ("1996-01-01T00:00:00Z", "9", "1996"),  # SPARQL: no sign, the precision as text
        ("+1996-00-00T00:00:00Z", None, "1996"),  # no precision: the zeros say it
        ("+1996-05-00T00:00:00Z", None, "1996-05"),
        ("2016-07-13T00:00:00Z", None, "2016-07-13"),
        ("+2019-07-24T12:34:56Z", 14, "2019-07-24"),  # finer than a day is the day
    ],
)
def test_a_time_keeps_its_precision(time, precision, expected):
    date = parse_time(time, precision)
    assert str(date) == expected
    assert date.precision == {4: "year", 7: "month", 10: "day"}[len(expected)]


def test_a_julian_day_becomes_gregorian_and_a_julian_year_stays():
    julian = "http://www.wikidata.org/entity/Q1985786"
    assert str(parse_time("+1721-04-04T00:00:00Z", 11, calendar=julian)) == "1721-04-15"
    assert str(parse_time("+1582-10-04T00:00:00Z", 11, calendar=julian)) == "1582-10-14"
    assert str(parse_time("+1721-00-00T00:00:00Z", 9, calendar=julian)) == "1721"
    gregorian = "http://www.wikidata.org/entity/Q1985727"
    assert str(parse_time("+1721-04-04T00:00:00Z", 11, calendar=gregorian)) == "1721-04-04"


@pytest.mark.parametrize(
    ("time", "precision", "message"),
    [
        ("-0044-03-15T00:00:00Z", 11, "before the common era"),
        ("+1950-00-00T00:00:00Z", 8, "precision 8 (decade) is coarser than a year"),
        ("+1900-00-00T00:00:00Z", 7, "precision 7 (century)"),
        ("+2019-07-00T00:00:00Z", 11, "names a day, but it is 00"),
        ("+0000-00-00T00:00:00Z", 9, "year must be in 1..9999"),
        ("+2019-02-30T00:00:00Z", 11, "day is out of range"),
        ("yesterday", 11, "expected a Wikidata time"),
        (None, 11, "expected a Wikidata time"),
        ("+2019-07-24T00:00:00Z", "day", "not a whole number"),
    ],
)
def test_a_time_that_cannot_be_a_partial_date_is_a_date_error(time, precision, message):
    with pytest.raises(oc.DateError, match=re.escape(message)):
        parse_time(time, precision)


# ------------------------------------------------------------ SPARQL results


def test_sparql_rows_that_do_not_name_the_position_need_position():
    with pytest.raises(oc.FormatError, match=r"pass position='Q…'") as caught:
        wikidata.load(MAYORS)
    assert caught.value.source == str(MAYORS)
    assert "the file's name suggests position='Q1000001'" in str(caught.value)
    with pytest.raises(oc.FormatError, match="do not name the position"):
        wikidata.load(json.loads(MAYORS.read_text()))


def test_sparql_holders_on_dates():
    history = mayors(labels=MAYOR_LABELS)
    expected = {
        "1989-06-01": [],  # before the first start (an end-only row is dropped)
        "1990-01-01": ["Q2001"],  # a start in 1990, year precision
        "1994-05-31": ["Q2001"],  # an end in May 1994, month precision
        "1994-06-01": ["Q2002"],
        "1999-03-31": ["Q2002", "Q2003"],  # handover day: the end day is in office
        "1999-04-01": ["Q2003"],
        "2004-07-15": ["Q2003"],  # an acting term and the full term, merged
        "2009-01-01": ["Q2003"],
        "2009-06-01": [],  # a vacancy
        "2010-01-01": ["Q2006"],  # "2010-00-00" without a precision column
        "2030-01-01": ["Q2006"],  # no end: still in office
    }
    for day, ids in expected.items():
        assert holders(history, day, "Q1000001") == ids, day
    assert [str(event.date) for event in history.events] == [
        "1990",
        "1994-06",
        "1994-06-01",
        "1999-03-31",
        "1999-04-01",
        "2009-01-02",
        "2010",
    ]


def test_sparql_ids_names_and_precision():
    history = mayors(labels=MAYOR_LABELS)
    org = history.as_of("2000-01-01")
    assert org.units["Q1000001"].name == "Mayor of Exampleton"
    assert org.units["Q1000001"].kind == "position"
    assert org.posts["Q1000001"].title == "Mayor of Exampleton"
    assert org.posts["Q1000001"].unit == "Q1000001"
    everyone = history.everything().people
    # itemLabel first, then labels=, else the QID.
    assert everyone["Q2001"].name == "Ada Example"
    assert everyone["Q2006"].name == "Fay Example"
    assert set(everyone) == {"Q2001", "Q2002", "Q2003", "Q2006"}  # dropped rows add nobody
    ada, fay = history.timeline("Q2001")[0], history.timeline("Q2006")[0]
    assert (str(ada.start), str(ada.end)) == ("1990", "1994-06")  # end: the month after
    assert (ada.start.precision, fay.start.precision) == ("year", "year")
    assert history.title == "Holders of Mayor of Exampleton"

    bare = mayors()
    assert bare.everything().people["Q2006"].name == "Q2006"
    assert bare.as_of("2000").posts["Q1000001"].title == "Q1000001"


def test_sparql_report_lines():
    history = mayors()
    found = lines(history)
    dropped = [(where, what) for where, action, what in found if action == "dropped"]
    assert dropped == [
        (
            "results.bindings[4] (Q2004)",
            "no start or end time (P580/P582): it cannot be placed in time",
        ),
        (
            "results.bindings[5] (Q2005)",
            "start time (P580): invalid date '1980-01-01T00:00:00Z': precision 8 (decade) "
            "is coarser than a year",
        ),
        (
            "results.bindings[7] (Q2007)",
            "no start time (P580), only an end time (1989-12-31): it cannot be placed in time",
        ),
        (
            "results.bindings[8] (Q2008)",
            "start time (P580): invalid date '-0044-03-15T00:00:00Z': a year before the "
            "common era cannot be represented",
        ),
    ]
    assert (
        "results.bindings[2] (Q2003)",
        "not represented",
        "nature of statement (P5102) Q4676846: kept as an ordinary tenure",
    ) in found
    assert ("?ordinal", "not represented", "series ordinal (P1545) (4 rows)") in found
    assert ("?prev", "not represented", "predecessor (P1365/P155) (4 rows)") in found
    repaired = [(where, what) for where, action, what in found if action == "repaired"]
    assert len(repaired) == 1 and repaired[0][0] == "results.bindings[3] (Q2003)"
    assert "merged into one tenure" in repaired[0][1]
    # Rows 1 and 9 are one statement seen twice (two predecessors): one tenure, no note.
    assert len(history.timeline("Q2002")) == 1
    assert not any("bindings[9]" in where for where, _, _ in found)
    assert history.report.summary() == "1 repaired, 4 dropped, 4 not represented"


def test_sparql_events_cite_their_statements():
    history = mayors()
    assert history.events[0].sources == ("Q2001-P39-Q1000001-1990",)
    source = history.sources["Q2001-P39-Q1000001-1990"]
    assert source.url == "https://www.wikidata.org/wiki/Q2001#P39"
    assert "position held (P39)" in source.title
    for event in history.events:
        assert event.sources and set(event.sources) <= set(history.sources)


def row(holder, start=None, end=None, **cells):
    found = {"item": {"type": "uri", "value": WD + holder}}
    for name, value in (("start_date", start), ("end_date", end)):
        if value is not None:
            found[name] = {"type": "literal", "value": value}
    for name, value in cells.items():
        kind = "uri" if value.startswith("http") else "literal"
        found[name] = {"type": kind, "value": value}
    return found


def results(*rows, variables=None):
    names = variables or sorted({name for r in rows for name in r})
    return {"head": {"vars": names}, "results": {"bindings": list(rows)}}


def test_sparql_rows_naming_their_positions_and_labels():
    doc = results(
        row("Q1", "2001-01-01T00:00:00Z", position=WD + "Q10", positionLabel="Treasurer"),
        row("Q2", "2002-01-01T00:00:00Z", position=WD + "Q11", itemLabel="Bea"),
    )
    history = wikidata.load(doc)
    org = history.as_of("2003-01-01")
    assert holders(history, "2003", "Q10") == ["Q1"]
    assert holders(history, "2003", "Q11") == ["Q2"]
    assert org.posts["Q10"].title == "Treasurer"
    assert org.posts["Q11"].title == "Q11"
    assert org.people["Q2"].name == "Bea"
    assert history.title is None  # two positions


def test_the_simplified_json_download_is_read():
    doc = [
        {"item": WD + "Q1", "itemLabel": "Ann", "start_date": "2001-05-00T00:00:00Z"},
        {"item": WD + "Q2", "start_date": "2003-01-01T00:00:00Z", "start_precision": "9"},
    ]
    history = wikidata.load(doc, position="Q10")
    assert [str(d) for d in history.dates] == ["2001-05", "2003"]
    assert holders(history, "2004-01-01", "Q10") == ["Q1", "Q2"]
    assert history.everything().people["Q1"].name == "Ann"


def test_sparql_statement_column_ranks_and_unknown_values():
    statement = WD + "statement/Q1-0A1B2C3D-0000-0000-0000-000000000001"
    doc = results(
        row("Q1", "2001-01-01T00:00:00Z", posn=statement),
        row("Q2", "2002-01-01T00:00:00Z", posn=WD + "statement/Q2-X", rank=""),
        row("Q2", "2002-02-01T00:00:00Z", posn=WD + "statement/Q2-X"),  # a second start
        row("Q3", "2003-01-01T00:00:00Z", rank="http://wikiba.se/ontology#DeprecatedRank"),
        {"item": {"type": "bnode", "value": "t123"}, "start_date": row("Q4", "2004")["start_date"]},
    )
    history = wikidata.load(doc, position="Q10")
    assert holders(history, "2010", "Q10") == ["Q1"]
    assert history.events[0].sources == ("Q1$0A1B2C3D-0000-0000-0000-000000000001",)
    assert [(where, what) for where, action, what in lines(history) if action == "dropped"] == [
        (
            "results.bindings[1] (Q2)",
            "2 values of start time (P580) (2002-01-01T00:00:00Z, 2002-02-01T00:00:00Z): "
            "which one holds is unclear",
        ),
        ("results.bindings[3] (Q3)", "deprecated rank: Wikidata marks the statement as wrong"),
        ("results.bindings[4]", "the holder (?item) is unknown (somevalue)"),
    ]


# --------------------------------------------------------------- entity JSON


def test_entity_posts_and_holders_on_dates():
    history = wikidata.load(COMPANY)
    org = history.as_of("2005-06-01")
    assert org.units["Q3000"].name == "Example Corporation"
    assert {p.id: p.title for p in org.posts.values()} == {
        "Q3000-P169": "chief executive officer",
        "Q3000-P488": "chairperson",
    }
    assert history.title == "Example Corporation"
    ceo = {
        "2000-06-01": [],  # a vacancy: every statement about it is dropped
        "2005-06-01": ["Q3101"],  # only a normal-rank statement applies (Q3103's is deprecated)
        "2008-12-31": ["Q3101"],
        "2009-01-01": ["Q3102"],  # the preferred statement
        "2030-01-01": ["Q3102"],
    }
    for day, ids in ceo.items():
        assert holders(history, day, "Q3000-P169") == ids, day
    chair = {
        "1995-12-31": [],
        "1996-01-01": ["Q3101"],  # +1996-00-00T00:00:00Z at precision 9: the year
        "2000-06-30": ["Q3101"],  # +2000-06-00T00:00:00Z at precision 10: June
        "2000-07-01": ["Q3107"],
        "2030-01-01": ["Q3107"],  # an end time of "no value": still in office
    }
    for day, ids in chair.items():
        assert holders(history, day, "Q3000-P488") == ids, day
    gail = history.timeline("Q3101")
    assert [(t.post.id, str(t.start), str(t.end)) for t in gail] == [
        ("Q3000-P488", "1996", "2000-07"),
        ("Q3000-P169", "2001-02-03", "2009-01-01"),
    ]


def test_entity_report_lines():
    history = wikidata.load(COMPANY)
    found = [(where.split(" ")[0], action, what) for where, action, what in lines(history)]
    assert found == [
        (
            "Q3000.claims.P169[2]",
            "dropped",
            "deprecated rank: Wikidata marks the statement as wrong",
        ),
        ("Q3000.claims.P169[3]", "dropped", "the chief executive officer is unknown (somevalue)"),
        (
            "Q3000.claims.P169[4]",
            "dropped",
            "no chief executive officer (novalue): a vacancy needs no statement",
        ),
        (
            "Q3000.claims.P169[5]",
            "dropped",
            "2 values of start time (P580) (+1990-01-01T00:00:00Z, +1991-01-01T00:00:00Z): "
            "which one holds is unclear",
        ),
        (
            "Q3000.claims.P169[6]",
            "dropped",
            "no start or end time (P580/P582): it cannot be placed in time",
        ),
        ("Q3000.claims.P169[7]", "dropped", "end time (P582) is unknown (somevalue)"),
        (
            "Q3000.claims.P488[0]",
            "not represented",
            "nature of statement (P5102) Q4676846: kept as an ordinary tenure",
        ),
        ("Q3000.claims.P169", "not represented", "qualifier P1545 (series ordinal) (1 statement)"),
    ]
    # Each line names the statement by its id too.
    assert history.report.notes[0].where == (
        "Q3000.claims.P169[2] (Q3000$00000000-0000-0000-0000-000000000003)"
    )


def test_entity_events_cite_statements_and_labels_name_holders():
    history = wikidata.load(COMPANY, labels={"Q3101": "Gail Example", "Q3000": "Not Used"})
    statements = {
        claim["id"]
        for claims in json.loads(COMPANY.read_text())["entities"]["Q3000"]["claims"].values()
        for claim in claims
    }
    for event in history.events:
        assert event.sources and set(event.sources) <= statements
    source = history.sources["Q3000$00000000-0000-0000-0000-000000000001"]
    assert source.url == "https://www.wikidata.org/wiki/Q3000#P169"
    assert str(source.date) == "2024-01-02"  # the entity's last modification
    assert "Gail Example" in source.title
    everyone = history.everything().people
    assert everyone["Q3101"].name == "Gail Example"
    assert everyone["Q3102"].name == "Q3102"
    assert history.as_of("2000").units["Q3000"].name == "Example Corporation"  # file first


def test_a_persons_positions_from_wbgetentities():
    history = wikidata.load(SENATOR, labels={"Q4101": "Governor of Exampleshire"})
    assert history.title == "Jo Example"
    org = history.as_of("2001-01-03")
    assert org.posts["Q4100"].title == "Senator for Exampleshire"  # the English label
    assert org.units["Q4100"].kind == "position"
    assert [p.title for p in org.posts_held("Q4000")] == ["Senator for Exampleshire"]
    assert holders(history, "2007-01-03", "Q4100") == ["Q4000"]
    assert holders(history, "2007-01-04", "Q4100") == []
    assert holders(history, "2007-01-04", "Q4101") == ["Q4000"]
    assert [p.title for p in history.as_of("2010").posts_held("Q4000")] == [
        "Governor of Exampleshire"
    ]
    assert "Q4102" not in history.everything().posts  # only in a deprecated statement
    assert [(where, action) for where, action, _ in lines(history)] == [
        ("entities.Q4999", "dropped"),
        ("Q4000.claims.P39[2] (Q4000$00000000-0000-0000-0000-000000000003)", "dropped"),
        ("Q4000.claims.P39", "not represented"),
    ]


def test_a_single_entity_object_is_read():
    entity = json.loads(COMPANY.read_text())["entities"]["Q3000"]
    assert wikidata.load(entity) == wikidata.load(COMPANY)


# ----------------------------------------------------------- strict, errors


def test_strict_raises_on_the_first_statement_left_out():
    with pytest.raises(oc.FormatError, match=r"strict: not dropped") as caught:
        mayors(strict=True)
    assert caught.value.location == "results.bindings[4] (Q2004)"
    assert caught.value.source == str(MAYORS)
    with pytest.raises(oc.FormatError, match="deprecated rank") as caught:
        wikidata.load(COMPANY, strict=True)
    assert caught.value.location.startswith("Q3000.claims.P169[2]")
    clean = results(row("Q1", "2001-01-01T00:00:00Z"), row("Q2", "2002-01-01T00:00:00Z"))
    assert len(wikidata.load(clean, position="Q10", strict=True).events) == 2


def test_a_file_of_neither_shape_is_a_format_error_naming_it(tmp_path):
    for name, text in [
        ("other.json", '{"persons": []}'),
        ("numbers.json", "[1, 2]"),
        ("broken.json", '{"head": '),
    ]:
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(oc.FormatError) as caught:
            wikidata.load(path)
        assert caught.value.source == str(path), name
    with pytest.raises(oc.FormatError, match="no such file"):
        wikidata.load(tmp_path / "missing.json")
    with pytest.raises(oc.FormatError, match="API error"):
        wikidata.load({"error": {"code": "no-such-entity", "info": "Could not find"}})
    with pytest.raises(oc.FormatError, match="name no holder"):
        wikidata.load(results({"who": {"type": "literal", "value": "x"}}), position="Q1")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"position": "14211"}, "'position' must be a QID"),
        ({"labels": ["Q1"]}, "'labels' must be a mapping"),
        ({"labels": {"Q1": ""}}, "'labels' must be a mapping"),
    ],
)
def test_bad_options_are_validation_errors(options, message):
    with pytest.raises(oc.ValidationError, match=message):
        wikidata.load(MAYORS, **options)


def test_position_does_not_apply_to_entity_json():
    with pytest.raises(oc.ValidationError, match="'position' must be None for entity JSON"):
        wikidata.load(COMPANY, position="Q1")


def test_an_imported_history_round_trips_and_is_reachable_from_the_package():
    history = mayors(labels=MAYOR_LABELS)
    assert oc.loads(oc.dumps(history)) == history
    assert oc.wikidata is wikidata


def places(node, prefix=()):
    """Every path into a JSON document."""
    yield prefix
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield from places(value, (*prefix, key))


DAMAGED = [
    (json.loads(path.read_text(encoding="utf-8")), options)
    for path, options in ((MAYORS, {"position": "Q1000001"}), (COMPANY, {}), (SENATOR, {}))
]
JUNK = [None, 1, 1.5, True, "x", "Q5", "+2000-00-00T00:00:00Z", [], [None], {}, {"type": "bnode"}]


@given(st.data())
def test_a_damaged_file_loads_or_is_an_orgchart_error(data):
    original, options = data.draw(st.sampled_from(DAMAGED))
    doc = copy.deepcopy(original)
    paths = list(places(original))[1:]
    for _ in range(data.draw(st.integers(1, 3))):
        *parents, last = data.draw(st.sampled_from(paths))
        node = doc
        try:
            for key in parents:
                node = node[key]
            node[last] = data.draw(st.sampled_from(JUNK))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change removed this place
    with contextlib.suppress(oc.OrgChartError):  # anything else fails the test
        wikidata.load(doc, **options)


# ---------------------------------------------------------------------- CLI


def test_the_command_writes_the_history_and_prints_the_report(tmp_path):
    out = io.StringIO()
    target = tmp_path / "mayors.yaml"
    status = main(["import-wikidata", str(MAYORS), str(target), "--position", "Q1000001"], out=out)
    assert status == 0
    printed = out.getvalue().splitlines()
    assert printed[0] == f"wrote {target}: 7 events, 4 people"
    assert printed[1] == "report: 1 repaired, 4 dropped, 4 not represented"
    assert printed[2].startswith("  results.bindings[3] (Q2003): repaired: overlaps")
    assert printed[3].startswith("  results.bindings[4] (Q2004): dropped: no start or end time")
    assert len(printed) == 2 + 9
    assert oc.load(target) == mayors()


def test_the_command_lists_ten_lines_then_how_many_more(tmp_path):
    doc = results(*[row(f"Q{n}") for n in range(1, 14)], row("Q50", "2001-01-01T00:00:00Z"))
    source = tmp_path / "undated.json"
    source.write_text(json.dumps(doc))
    out = io.StringIO()
    status = main(
        ["import-wikidata", str(source), str(tmp_path / "h.json"), "--position", "Q99"], out
    )
    assert status == 0
    printed = out.getvalue().splitlines()
    assert printed[1] == "report: 13 dropped"
    assert len(printed) == 2 + 10 + 1
    assert printed[-1] == "  ... and 3 more"


def test_a_wd_sparql_export_reads_as_it_is_with_its_labels_as_names():
    """wikibase-cli's ``wd sparql`` writes cells as ``{"value", "label"}`` and times
    with their precision; rows are named by their number in the file."""
    doc = [
        {
            "item": {"value": "Q156540", "label": "Anniken Huitfeldt"},
            "start": {"value": "2013-10-01T00:00:00Z", "precision": "11"},
            "end": {"value": "2017-01-01T00:00:00Z", "precision": "9"},
        },
        {"item": {"value": "Q7", "label": "Nobody Dated"}},
    ]
    history = wikidata.load(doc, position="Q9045502")
    assert holders(history, "2014-06-01", "Q9045502") == ["Q156540"]
    assert history.find_person("Anniken Huitfeldt").id == "Q156540"
    tenure = history.timeline("Q156540")[0]
    assert str(tenure.start) == "2013-10-01" and tenure.end is not None
    assert tenure.end.precision == "year"  # precision 9: the year only
    (dropped,) = [note for note in history.report if note.action == "dropped"]
    assert dropped.where.startswith("row 2")


def test_a_load_that_keeps_nothing_is_an_error_and_the_command_fails(tmp_path, capsys):
    doc = [{"item": {"value": "Q1", "label": "Undated"}}, {"item": "not an item"}]
    with pytest.raises(oc.FormatError, match=r"nothing could be kept of the 2 rows") as info:
        wikidata.load(doc, position="Q9")
    assert "row 1" in str(info.value) and "row 2" in str(info.value)
    source = tmp_path / "nothing.json"
    source.write_text(json.dumps(doc))
    status = main(["import-wikidata", str(source), str(tmp_path / "h.yaml"), "--position", "Q9"])
    assert status == 1 and not (tmp_path / "h.yaml").exists()
    assert "nothing could be kept" in capsys.readouterr().err


def test_the_command_fails_cleanly(tmp_path, capsys):
    status = main(["import-wikidata", str(MAYORS), str(tmp_path / "h.yaml")])
    assert status == 1
    assert "pass position='Q…' (--position on the command line)" in capsys.readouterr().err
    assert not (tmp_path / "h.yaml").exists()
    status = main(["import-wikidata", "--strict", str(COMPANY), str(tmp_path / "h.yaml")])
    assert status == 1
    assert "deprecated rank" in capsys.readouterr().err


# --------------------------------------------------------------------- docs


def test_the_how_to_examples_run(monkeypatch):
    text = (ROOT / "docs" / "howto" / "wikidata.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "docs/howto/wikidata.md", "exec"), {"print": lambda *a: None})


# ------------------------------------------------------- the real files


def raw_range(row, key):
    """The first and last day a row's start or end time covers, straight from the JSON
    (None: no time; "unusable": before the common era or coarser than a year)."""
    cell = row.get(f"{key}_date")
    if cell is None:
        return None
    text = cell["value"]
    if text.startswith("-"):
        return "unusable"
    year, month, day = (int(part) for part in text.lstrip("+")[:10].split("-"))
    if f"{key}_precision" in row:
        precision = int(row[f"{key}_precision"]["value"])
    else:
        precision = 9 if month == 0 else 10 if day == 0 else 11
    if precision < 9:
        return "unusable"
    if precision == 9:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if precision == 10:
        last = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, 1), datetime.date(year, month, last)
    return datetime.date(year, month, day), datetime.date(year, month, day)


def qid(cell):
    return cell["value"].rsplit("/", 1)[-1]


def held(rows, day):
    """Who the raw rows say held the position on ``day`` (end times inclusive)."""
    found = set()
    for r in rows:
        start, end = raw_range(r, "start"), raw_range(r, "end")
        if start in (None, "unusable") or end == "unusable":
            continue
        if start[0] <= day and (end is None or day <= end[1]):
            found.add(qid(r["item"]))
    return found


def days_to_check(rows):
    days = set()
    for r in rows:
        for key in ("start", "end"):
            covered = raw_range(r, key)
            if covered not in (None, "unusable"):
                first, last = covered
                one = datetime.timedelta(days=1)
                days |= {first - one, first, last, last + one}
    return sorted(days)


@needs_real
@pytest.mark.parametrize("path", MANDATES, ids=lambda p: p.stem)
def test_real_sparql_holders_on_dates_match_the_raw_rows(path):
    rows = json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]
    try:
        history = wikidata.load(path, position=path.stem)
    except oc.FormatError as error:
        # A file of which nothing can be kept is an error, not an empty history:
        # then the raw rows place nobody in office on any day either.
        assert "nothing could be kept" in str(error)
        assert all(not held(rows, day) for day in days_to_check(rows))
        return
    for day in days_to_check(rows):
        assert set(holders(history, day, path.stem)) == held(rows, day), day
    undated = [r for r in rows if raw_range(r, "start") in (None, "unusable")]
    assert history.report.counts().get("dropped", 0) >= len(undated)


@needs_real
def test_real_uk_prime_ministers():
    path = REAL / "position-history" / "mandates" / "Q14211.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]
    history = wikidata.load(path, position="Q14211", strict=True)  # nothing left out
    assert len(rows) == len(history.tenures()) == 74
    assert history.report.summary() == "3 not represented"  # ordinal, prev, next
    assert holders(history, "2016-07-13", "Q14211") == ["Q192", "Q264766"]  # handover day
    assert holders(history, "2016-07-14", "Q14211") == ["Q264766"]
    assert holders(history, "2010-05-10", "Q14211") == ["Q10648"]  # Gordon Brown
    assert holders(history, "1790-06-01", "Q14211") == []  # a vacancy: 1783-12-20 to 1800
    assert holders(history, "1742-02-20", "Q14211") == ["Q104190", "Q270415"]  # as the rows say
    wilson = history.timeline("Q128956")
    assert [(str(t.start), str(t.end)) for t in wilson] == [
        ("1964-10-16", "1970-06-20"),
        ("1974-03-04", "1976-04-06"),
    ]
    assert history.events[0].sources == ("Q104190-P39-Q14211-1721-04-15",)


@needs_real
def test_real_year_precision_positions():
    path = REAL / "position-history" / "mandates" / "Q56761097.json"
    history = wikidata.load(path, position="Q56761097")
    assert [str(t.start) for t in history.timeline("Q56811093")] == ["2016"]
    assert holders(history, "1926-06-01", "Q56761097") == ["Q15995878", "Q8008409"]
    assert holders(history, "1950-01-01", "Q56761097") == []  # 1940 to 1995: nobody on record
    assert holders(history, "2003-10-01", "Q56761097") == ["Q4271289", "Q7326923"]


@needs_real
def test_real_undated_and_decade_statements_are_reported():
    path = REAL / "position-history" / "mandates" / "Q1837494.json"
    history = wikidata.load(path, position="Q1837494")
    dropped = [note.what for note in history.report if note.action == "dropped"]
    assert len(dropped) == 91
    assert sum("no start or end time" in what for what in dropped) == 90
    assert sum("precision 8 (decade)" in what for what in dropped) == 1


@needs_real
def test_real_hong_kong_heads_of_government():
    path = ENTITIES / "Q8646.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    claims = doc["entities"]["Q8646"]["claims"]["P6"]
    assert sorted(c["rank"] for c in claims) == ["normal", "normal", "normal", "preferred"]
    history = wikidata.load(path)
    assert history.title == "Hong Kong"
    assert history.report.summary() == "nothing to report"
    assert history.as_of("2000").posts["Q8646-P6"].title == "head of government"
    # Each claim's own dates, checked one by one against the JSON.
    for claim in claims:
        person = claim["mainsnak"]["datavalue"]["value"]["id"]
        start = claim["qualifiers"]["P580"][0]["datavalue"]["value"]["time"][1:11]
        assert person in holders(history, start, "Q8646-P6")
        if "P582" in claim["qualifiers"]:
            end = claim["qualifiers"]["P582"][0]["datavalue"]["value"]["time"][1:11]
            assert person in holders(history, end, "Q8646-P6")
            after = datetime.date.fromisoformat(end) + datetime.timedelta(days=1)
            assert person not in holders(history, after, "Q8646-P6")
    assert holders(history, "2000-01-01", "Q8646-P6") == ["Q15027"]  # normal rank only
    assert holders(history, "2015-01-01", "Q8646-P6") == ["Q15023"]  # the preferred one
    assert holders(history, "2005-04-01", "Q8646-P6") == []  # a vacancy: 13 March - 20 June 2005
    assert holders(history, "2020-01-01", "Q8646-P6") == ["Q19217"]  # normal rank, no end
    statement = "Q8646$eb84f80e-420f-8b22-2f13-41fe805ec804"
    assert history.events[0].sources == (statement,)
    assert history.sources[statement].url == "https://www.wikidata.org/wiki/Q8646#P6"


@needs_real
def test_real_beatles_members():
    history = wikidata.load(ENTITIES / "Q1299.json", labels={"Q2632": "Ringo Starr"})
    assert holders(history, "1961-01-01", "Q1299-P527") == ["Q204218", "Q207335"]
    assert holders(history, "1962-08-16", "Q1299-P527") == ["Q207335", "Q2632"]  # by id
    assert holders(history, "1970-01-01", "Q1299-P527") == ["Q2632"]
    sutcliffe = history.timeline("Q204218")[0]
    assert (str(sutcliffe.start), str(sutcliffe.end)) == ("1960-01", "1961-08")  # months
    assert history.everything().people["Q2632"].name == "Ringo Starr"
    # John, Paul and George have no dates, nor has Brian Epstein as manager (P1037).
    assert history.report.summary() == "4 dropped"


@needs_real
def test_real_files_from_the_command_line(tmp_path):
    out = io.StringIO()
    path = REAL / "position-history" / "mandates" / "Q1837494.json"
    target = tmp_path / "q.yaml"
    assert main(["import-wikidata", str(path), str(target), "--position", "Q1837494"], out) == 0
    printed = out.getvalue().splitlines()
    assert printed[0] == f"wrote {target}: 45 events, 26 people"
    assert printed[1] == "report: 91 dropped, 2 not represented"
    assert printed[-1] == "  ... and 83 more"
    assert len(printed) == 13
    out = io.StringIO()
    assert main(["import-wikidata", str(ENTITIES / "Q8646.json"), str(target)], out) == 0
    assert out.getvalue().splitlines()[1] == "report: nothing to report"
