"""Popolo: a realistic legislature, EveryPolitician conventions, errors, round trips."""

import datetime
import json
import random
import time

import pytest
from hypothesis import assume, event, given, settings

import orgchart as oc
from orgchart import popolo
from orgchart import strategies as ocst
from orgchart.cli import main

TERMS = [
    ("term-1", "2010-01-01", "2013-12-31"),
    ("term-2", "2014-01-01", "2017-12-31"),
    ("term-3", "2018-01-01", "2021-12-31"),
]
PARTIES = ["red", "blue", "green", "gold"]


def legislature(seed: int = 0, people: int = 300) -> dict:
    """Two chambers, four parties, three terms; party switches, leaving and
    returning, memberships with no dates of their own, partial dates."""
    rng = random.Random(seed)
    doc = {
        "persons": [
            {
                "id": f"p{i}",
                "name": f"Member {i}",
                "other_names": [{"name": f"M. {i}"}],
                "sources": [{"url": "https://example.org/members"}],
            }
            for i in range(people)
        ],
        "organizations": [
            {"id": "lower", "name": "Lower House", "classification": "chamber"},
            {"id": "upper", "name": "Upper House", "classification": "chamber"},
        ]
        + [{"id": p, "name": f"{p.title()} Party", "classification": "party"} for p in PARTIES],
        "events": [
            {"id": t, "classification": "legislative period", "start_date": s, "end_date": e}
            for t, s, e in TERMS
        ],
        "areas": [{"id": "a1", "name": "North"}],
        "memberships": [],
    }
    for i in range(people):
        chamber = "lower" if i % 3 else "upper"
        for term, start, _ in TERMS:
            if rng.random() < 0.25:
                continue  # not elected this term
            party = PARTIES[rng.randrange(4)]
            membership = {
                "person_id": f"p{i}",
                "organization_id": chamber,
                "on_behalf_of_id": party,
                "legislative_period_id": term,
                "role": "member",
                "area_id": "a1",
            }
            roll = rng.random()
            if roll < 0.15:  # switches party mid-term
                switch = datetime.date.fromisoformat(start) + datetime.timedelta(
                    days=rng.randrange(200, 1200)
                )
                other = PARTIES[(PARTIES.index(party) + 1) % 4]
                doc["memberships"].append(
                    {**membership, "end_date": str(switch - datetime.timedelta(days=1))}
                )
                doc["memberships"].append(
                    {**membership, "on_behalf_of_id": other, "start_date": str(switch)}
                )
            elif roll < 0.25:  # leaves and returns within the term
                out = datetime.date.fromisoformat(start) + datetime.timedelta(
                    days=rng.randrange(100, 600)
                )
                back = out + datetime.timedelta(days=rng.randrange(30, 300))
                doc["memberships"].append({**membership, "end_date": str(out)})
                doc["memberships"].append({**membership, "start_date": str(back)})
            elif roll < 0.3:  # only the month is known
                doc["memberships"].append({**membership, "start_date": start[:7]})
            else:
                doc["memberships"].append(membership)
    for n, m in enumerate(doc["memberships"], start=1):
        m["id"] = f"m{n}"
    return doc


def seated(doc: dict, day: str) -> dict[tuple[str, str], set[str]]:
    """Who sat where for which party on a day, computed from the JSON directly."""
    terms = {t: (s, e) for t, s, e in TERMS}
    out: dict[tuple[str, str], set[str]] = {}
    for m in doc["memberships"]:
        start = m.get("start_date") or terms[m["legislative_period_id"]][0]
        end = m.get("end_date") or terms[m["legislative_period_id"]][1]
        if len(start) == 7:
            start += "-01"
        if start <= day <= end:
            out.setdefault((m["organization_id"], m["on_behalf_of_id"]), set()).add(m["person_id"])
    return out


@pytest.fixture(scope="module")
def doc():
    return legislature()


@pytest.fixture(scope="module")
def history(doc):
    return popolo.load(doc)


@pytest.mark.parametrize(
    "day",
    [
        "2010-01-01",
        "2011-06-15",
        "2013-12-31",
        "2014-01-01",
        "2016-02-29",
        "2019-07-04",
        "2021-12-31",
        "2022-01-01",
    ],
)
def test_who_sat_for_which_party(doc, history, day):
    org = history.as_of(day)
    expected = seated(doc, day)
    for chamber in ("lower", "upper"):
        for party in PARTIES:
            post = f"{chamber}/{party}/member"
            got = {p.id for p in org.holders(post)} if post in org.posts else set()
            assert got == expected.get((chamber, party), set()), (day, chamber, party)
            if post in org.posts:
                assert org.units[org.posts[post].unit].name == f"{party.title()} Party"
                assert org.units[org.posts[post].unit].parent == chamber


def test_chamber_totals(doc, history):
    assert len(doc["memberships"]) > 600
    for day in ("2012-03-01", "2015-03-01", "2020-03-01"):
        org = history.as_of(day)
        for chamber in ("lower", "upper"):
            total = sum(len(org.holders(p)) for p in org.posts if p.startswith(chamber + "/"))
            expected = sum(len(v) for (c, _), v in seated(doc, day).items() if c == chamber)
            assert total == expected


def test_names_sources_and_report(doc):
    h = popolo.load(doc)
    assert h.find_person("M. 7").id == "p7"
    assert any(s.url == "https://example.org/members" for s in h.sources.values())
    lines = [str(note) for note in h.report]
    assert "areas: not represented: 1 areas (area_id is kept nowhere)" in lines
    assert any(line.startswith("memberships: not represented: field 'area_id'") for line in lines)
    # Fields the model has no place for are counted once per field, not once per record.
    assert len(lines) < 10


def test_end_date_is_the_last_day_in_office():
    doc = {
        "persons": [{"id": "a", "name": "A"}],
        "organizations": [{"id": "o", "name": "O"}],
        "memberships": [
            {"person_id": "a", "organization_id": "o", "start_date": "2015", "end_date": "2016-06"}
        ],
    }
    h = popolo.load(doc)
    assert [p.id for p in h.as_of("2016-06-30").holders("o/member")] == ["a"]
    assert h.as_of("2016-07-01").holders("o/member") == ()
    assert str(h.events[0].date) == "2015"


@pytest.mark.parametrize(
    ("change", "action", "pieces"),
    [
        (
            lambda d: d["memberships"][3].update(person_id="ghost"),
            "dropped",
            ["memberships[3] ('m4')", "'ghost'"],
        ),
        (
            lambda d: d["memberships"][2].update(start_date="2015-02-30"),
            "dropped",
            ["memberships[2]", "'start_date'", "2015-02-30"],
        ),
        (
            lambda d: d["memberships"][1].update(legislative_period_id="term-9"),
            "dropped",
            ["memberships[1]", "'term-9'"],
        ),
        (
            lambda d: d["memberships"][1].update(end_date="2009-12-31"),
            "dropped",
            ["memberships[1]", "before its legislative period 'term-1' starts"],
        ),
        (
            lambda d: d["memberships"][1].update(start_date="2009-06-01"),
            "repaired",
            ["memberships[1]", "2009-06-01 is before its legislative period 'term-1'", "taken"],
        ),
        (
            lambda d: d["memberships"][1].update(on_behalf_of_id="ghost-party"),
            "repaired",
            ["memberships[1]", "'ghost-party'", "without a party"],
        ),
        (lambda d: d["persons"][0].pop("name"), "dropped", ["persons[0]", "'name'"]),
        (
            lambda d: d["organizations"].append({"id": "x", "name": "X", "parent_id": "nowhere"}),
            "repaired",
            ["organizations[6] ('x')", "'nowhere'"],
        ),
    ],
)
def test_a_bad_record_is_repaired_or_dropped_and_reported(change, action, pieces):
    doc = json.loads(json.dumps(legislature(people=20)))
    change(doc)
    history = popolo.load(doc)
    notes = [str(n) for n in history.report if n.action == action]
    assert any(all(piece in note for piece in pieces) for note in notes), notes
    # strict: the same record stops the load, with the same words.
    with pytest.raises(oc.FormatError) as info:
        popolo.load(doc, strict=True)
    for piece in pieces:
        assert piece in str(info.value)


def test_overlapping_memberships_of_one_seat_are_merged_and_reported():
    doc = {
        "persons": [{"id": "a", "name": "A"}],
        "organizations": [{"id": "o", "name": "O"}],
        "memberships": [
            {
                "id": "m1",
                "person_id": "a",
                "organization_id": "o",
                "start_date": "2015-01-01",
                "end_date": "2016-12-31",
            },
            {
                "id": "m2",
                "person_id": "a",
                "organization_id": "o",
                "start_date": "2016-06-01",
                "end_date": "2017-12-31",
            },
        ],
    }
    h = popolo.load(doc)
    assert [t.describe() for t in h.tenures()] == [
        "A, Member (O), from 1 January 2015 to 31 December 2017"
    ]
    (note,) = h.report
    assert note.action == "repaired" and "memberships[1] ('m2')" in note.where
    assert "overlaps memberships[0] ('m1')" in note.what


def test_a_document_that_is_not_popolo_is_refused_whole():
    with pytest.raises(oc.FormatError, match="memberships: expected a list"):
        popolo.load({"memberships": {"not": "a list"}})
    with pytest.raises(oc.FormatError, match="expected a JSON object"):
        popolo.load([])


def test_files_and_the_seed_round_trip(tmp_path):
    h = oc.seeds.alibaba()
    path = popolo.dump(h, tmp_path / "alibaba.popolo.json")
    doc = json.loads(path.read_text())
    assert {m["person_id"] for m in doc["memberships"]} >= {"eddie-wu", "daniel-zhang"}
    assert popolo.load(path) == h
    # Edited by another tool: the extension no longer matches and is not trusted.
    doc["memberships"] = [m for m in doc["memberships"] if m["person_id"] != "cheng-li"]
    edited = popolo.load(doc)
    assert any("changed since export" in str(note) for note in edited.report)
    assert "cheng-li" not in {p.id for p in edited.as_of("2022-12-01").holders("group-cto")}


@given(ocst.histories())
def test_round_trip(history):
    assert popolo.load(json.loads(popolo.dumps_popolo(history))) == history


def test_a_large_file_loads(capsys):
    doc = legislature(seed=1, people=12_000)
    assert len(doc["memberships"]) >= 25_000
    start = time.perf_counter()
    h = popolo.load(doc)
    seconds = time.perf_counter() - start
    org = h.as_of("2015-06-01")
    expected = seated(doc, "2015-06-01")
    assert sum(len(org.holders(p)) for p in org.posts) == sum(len(v) for v in expected.values())
    with capsys.disabled():
        print(f"\n{len(doc['memberships']):,} Popolo memberships loaded in {seconds:.1f} s")


# ------------------------------------------------ the embedded forms of Popolo

# One small org in every form the specification allows: Ada is clerk from
# March 2019 (a month only) to the end of 2020, then chair from 2021-01-01.
ADA = {"id": "ada", "name": "Ada Byron"}
CLERK = {"id": "clerk", "label": "Clerk"}
CHAIR = {"id": "chair", "label": "Chair"}
CLERKSHIP = {"id": "m1", "start_date": "2019-03", "end_date": "2020-12-31"}
CHAIRSHIP = {"id": "m2", "start_date": "2021-01-01"}

EMBEDDED = {
    "organization with memberships and posts": {
        "id": "board",
        "name": "The Board",
        "classification": "board",
        "posts": [CLERK, CHAIR],
        "memberships": [
            {**CLERKSHIP, "person": ADA, "post_id": "clerk"},
            {**CHAIRSHIP, "person_id": "ada", "post_id": "chair"},
        ],
        "children": [{"id": "audit", "name": "Audit Committee"}],
    },
    "person with memberships": {
        **ADA,
        "memberships": [
            {**CLERKSHIP, "organization": {"id": "board", "name": "The Board"}, "post": CLERK},
            {**CHAIRSHIP, "organization_id": "board", "post": CHAIR},
        ],
    },
    "membership with person, organization and post": {
        **CLERKSHIP,
        "person": ADA,
        "organization": {
            "id": "board",
            "name": "The Board",
            "posts": [{**CHAIR, "memberships": [{**CHAIRSHIP, "person_id": "ada"}]}],
        },
        "post": CLERK,
    },
    "post with organization and memberships": {
        **CLERK,
        "organization": {
            "id": "board",
            "name": "The Board",
            "posts": [{**CHAIR, "memberships": [{**CHAIRSHIP, "person_id": "ada"}]}],
        },
        "memberships": [{**CLERKSHIP, "person": ADA}],
    },
    "collection with embedded objects and id references": {
        "persons": [{**ADA, "memberships": [{**CHAIRSHIP, "post_id": "chair"}]}],
        "organizations": [{"id": "board", "name": "The Board", "posts": [CLERK, CHAIR]}],
        "memberships": [{**CLERKSHIP, "person_id": "ada", "post": CLERK}],
    },
}


@pytest.mark.parametrize("form", list(EMBEDDED))
def test_each_embedded_form_says_who_holds_which_post(form):
    history = popolo.load(json.loads(json.dumps(EMBEDDED[form])))
    assert [str(e.date) for e in history.events] == ["2019-03", "2021-01-01"]
    assert history.as_of("2019-02-28").holders("clerk") == ()
    for day, clerk, chair in [
        ("2019-03-01", ["Ada Byron"], []),
        ("2020-12-31", ["Ada Byron"], []),
        ("2021-01-01", [], ["Ada Byron"]),
        ("2030-01-01", [], ["Ada Byron"]),
    ]:
        org = history.as_of(day)
        assert [p.name for p in org.holders("clerk")] == clerk, (form, day)
        assert [p.name for p in org.holders("chair")] == chair, (form, day)
        assert {org.posts[p].title for p in ("clerk", "chair")} == {"Clerk", "Chair"}
        assert {org.posts[p].unit for p in ("clerk", "chair")} == {"board"}
        assert org.units["board"].name == "The Board"
    clerkship = history.timeline("ada")[0]
    assert (str(clerkship.start), clerkship.post.id) == ("2019-03", "clerk")
    # Objects given twice (embedded and in a list, or in two places) are one record.
    assert not [n for n in history.report if n.action != "not represented"], str(history.report)


def test_an_embedded_organization_keeps_its_children():
    history = popolo.load(EMBEDDED["organization with memberships and posts"])
    assert history.latest.units["audit"].parents == ("board",)


def test_objects_named_only_by_id_in_a_single_object_are_kept_and_reported():
    person = {
        **ADA,
        "memberships": [
            {**CLERKSHIP, "organization_id": "board", "post_id": "clerk", "role": "Clerk"}
        ],
    }
    history = popolo.load(person)
    org = history.as_of("2020-01-01")
    assert [p.id for p in org.holders("clerk")] == ["ada"]
    assert (org.posts["clerk"].title, org.units["board"].name) == ("Clerk", "board")
    notes = [str(n) for n in history.report]
    assert (
        "person.memberships[0] ('m1'): repaired: organization 'board' is named by its id only: "
        "kept with its id as its name"
    ) in notes
    assert any("post 'clerk' is named by its id only: kept with the role" in n for n in notes)
    # In a collection every object must be there: the same reference is dropped.
    collection = {
        "persons": [ADA],
        "memberships": [{**CLERKSHIP, "person_id": "ada", "post_id": "x"}],
    }
    (note,) = popolo.load(collection).report
    assert str(note) == ("memberships[0] ('m1'): dropped: post_id 'x' is not a post in the file")


def test_an_object_given_twice_with_different_fields_is_reported():
    doc = {
        "id": "board",
        "name": "The Board",
        "memberships": [
            {**CLERKSHIP, "person": ADA, "post": {**CLERK, "organization_id": "board"}},
            {**CHAIRSHIP, "person": {**ADA, "name": "Ada Lovelace"}, "post": CHAIR},
        ],
    }
    history = popolo.load(doc)
    assert history.latest.people["ada"].name == "Ada Byron"
    (note,) = [n for n in history.report if n.action == "repaired"]
    assert note.where == "organization.memberships[1].person"
    assert "'Ada Lovelace'" in note.what and "organization.memberships[0].person" in note.what
    with pytest.raises(oc.FormatError, match="Ada Lovelace"):
        popolo.load(doc, strict=True)


def test_what_the_specification_carries_is_kept_or_reported():
    doc = {
        "persons": [
            {
                "id": "ada",
                "name": "Ada Lovelace",
                "other_names": [
                    {"name": "Ada Byron", "end_date": "1835-07-07", "note": "Birth name"},
                    {"name": "Countess of Lovelace"},
                ],
                "identifiers": [{"identifier": "Q7259", "scheme": "wikidata"}],
            }
        ],
        "organizations": [{"id": "rs", "name": "Royal Society", "other_names": [{"name": "RS"}]}],
        "posts": [{"id": "f", "label": "Fellow", "role": "Member", "organization_id": "rs"}],
        "memberships": [
            {
                "person_id": "ada",
                "post_id": "f",
                "role": "Member",
                "start_date": "1840",
                "links": [{"url": "https://example.org/ada", "note": "Her page"}],
            }
        ],
    }
    history = popolo.load(doc)
    assert history.as_of("1840-12-31").holders("f")[0].aliases == (
        "Ada Byron",
        "Countess of Lovelace",
    )
    assert str(history.events[0].date) == "1840"
    (source,) = history.sources.values()
    assert (source.url, source.title) == ("https://example.org/ada", "Her page")
    assert history.events[0].sources == (source.id,)
    notes = {str(n) for n in history.report}
    assert notes == {
        "persons[0] ('ada'), other_names[0]: not represented: 'Ada Byron' is a name to "
        "1835-07-07 only: kept as an alias for all dates",
        "persons: not represented: field 'identifiers' (1 record)",
        "persons: not represented: field 'note' of other_names (1 other name)",
        "organizations: not represented: field 'other_names' (1 record)",
        "posts: not represented: field 'role' beside its 'label' (1 record)",
        "memberships: not represented: field 'role' other than its post's label (1 record)",
    }


@pytest.mark.parametrize(
    ("doc", "found"),
    [
        ({}, "an empty JSON object: not a Popolo"),
        ({"id": "x"}, "a JSON object with 'id': nothing in it tells a person from an organization"),
        (
            {"name": "Ward 1", "identifier": "ocd-division/x", "classification": "ward"},
            "nothing to keep: no person, organization, post or membership in a JSON object with "
            "'name', 'identifier', 'classification', read as a Popolo organization; "
            "organization: dropped: field 'id'",
        ),
        ({"gender": "f", "classification": "x"}, "it has fields of a person and of a organization"),
        (
            {"persons": [], "memberships": [{"person_id": "ghost", "organization_id": "o"}]},
            "a Popolo collection of 0 persons, 0 organizations, 0 posts, 1 memberships; "
            "memberships[0]: dropped: person_id 'ghost' is not a person in the file",
        ),
        ({"memberships": []}, "nothing to keep"),
    ],
)
def test_a_document_with_nothing_to_keep_is_an_error_naming_what_it_holds(
    tmp_path, capsys, doc, found
):
    with pytest.raises(oc.FormatError) as info:
        popolo.load(doc)
    assert found in str(info.value)
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(doc))
    assert main(["import-popolo", str(path), str(tmp_path / "odd.yaml")]) == 1
    err = capsys.readouterr().err
    assert f"orgchart: error: {path}: " in err and found in err
    assert not (tmp_path / "odd.yaml").exists()


def test_a_source_without_a_url_is_written_with_its_id_as_a_urn():
    h = oc.seeds.alibaba()
    doc = json.loads(popolo.dumps_popolo(h))
    links = [link for m in doc["memberships"] for link in m.get("sources", [])]
    assert links and all(set(link) == {"url", "note"} for link in links)
    first = links[0]
    source_id = first["url"].removeprefix("urn:orgchart:source:")
    assert h.sources[source_id].describe() == first["note"]
    # Read back from the Popolo lists alone, the source keeps its id.
    plain = popolo.load({k: v for k, v in doc.items() if k != "orgchart"})
    assert source_id in plain.sources
    assert plain.sources[source_id].title == first["note"]


def test_a_url_that_is_not_a_uri_travels_in_the_note():
    base = oc.Snapshot.build(
        people=[oc.Person("a", "A")], units=[oc.Unit("o", "O")], posts=[oc.Post("p", "P", "o")]
    )
    sources = [oc.Source("s 1", "A letter", url="see the archive, box 3")]
    h = oc.History(base, [oc.Event("2020-01", [oc.Appoint("p", "a")], sources=["s 1"])], sources)
    (membership,) = json.loads(popolo.dumps_popolo(h))["memberships"]
    assert membership["sources"] == [
        {"url": "urn:orgchart:source:s%201", "note": "A letter (see the archive, box 3)"}
    ]


def tenure_facts(history):
    """What the Popolo lists say of a history: who held which post from when to when."""
    return sorted((t.person.id, t.post.id, str(t.start), str(t.end)) for t in history.tenures())


def test_the_popolo_lists_alone_keep_the_seeds_tenures():
    h = oc.seeds.alibaba()
    doc = json.loads(popolo.dumps_popolo(h))
    plain = popolo.load({k: v for k, v in doc.items() if k != "orgchart"})
    assert tenure_facts(plain) == tenure_facts(h)
    assert {p: u.name for p, u in plain.latest.units.items()} == {
        u.id: u.name for u in h.everything().units.values()
    }


def organizations_holding_everything(doc: dict) -> dict:
    """A collection rewritten in the embedded form: each organization with its posts
    and memberships inside it, each membership with its person inside it."""
    persons = {p["id"]: p for p in doc["persons"]}
    organizations = []
    for organization in doc["organizations"]:
        here = organization["id"]
        posts = [p for p in doc["posts"] if p["organization_id"] == here]
        memberships = [m for m in doc["memberships"] if m["organization_id"] == here]
        organizations.append(
            {
                **organization,
                "posts": [{k: v for k, v in p.items() if k != "organization_id"} for p in posts],
                "memberships": [
                    {
                        **{k: v for k, v in m.items() if k not in ("person_id", "organization_id")},
                        "person": persons[m["person_id"]],
                    }
                    for m in memberships
                ],
            }
        )
    return {"organizations": organizations}


def memberships_holding_everything(doc: dict) -> dict:
    """A collection rewritten as memberships with their person, organization and post inside."""
    persons = {p["id"]: p for p in doc["persons"]}
    organizations = {o["id"]: o for o in doc["organizations"]}
    posts = {p["id"]: p for p in doc["posts"]}
    return {
        "memberships": [
            {
                **{k: v for k, v in m.items() if not k.endswith("_id")},
                "person": persons[m["person_id"]],
                "organization": organizations[m["organization_id"]],
                "post": posts[m["post_id"]],
            }
            for m in doc["memberships"]
        ]
    }


@settings(max_examples=40, deadline=None)
@given(ocst.histories(max_events=4, max_changes=3))
def test_the_embedded_forms_say_what_the_collection_says(history):
    # Popolo's lists give each post one organization: a post that moves to
    # another unit during the record cannot be said the same way in every form.
    assume(
        not any(
            isinstance(op, oc.Update) and op.kind == "post" and "unit" in op.fields
            for event in history.events
            for op in event.changes
        )
    )
    doc = json.loads(popolo.dumps_popolo(history))
    del doc["orgchart"]
    try:
        collection = popolo.load(doc)
    except oc.FormatError as error:  # nothing to keep: the embedded forms have nothing either
        assert "nothing to keep" in str(error)
        return
    for embedded in (organizations_holding_everything(doc), memberships_holding_everything(doc)):
        if not embedded.get("memberships", embedded.get("organizations")):
            continue
        read = popolo.load(json.loads(json.dumps(embedded)))
        event(f"{len(read.tenures())} tenures")
        assert tenure_facts(read) == tenure_facts(collection)
        assert {t.person for t in read.tenures()} == {t.person for t in collection.tenures()}
        assert not [n for n in read.report if "also given" in n.what]
