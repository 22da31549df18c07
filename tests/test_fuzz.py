"""Fuzzing: bad input raises only orgchart errors, naming where; nothing is modified."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def loads_only_orgchart_errors(text: str, format: str) -> None:
    try:
        oc.loads(text, format=format, source="fuzz.txt")
    except oc.OrgChartError as error:
        assert str(error), "an error must say what is wrong"
        assert "fuzz.txt" in str(error)


@given(st.binary(max_size=200))
def test_random_bytes(data):
    text = data.decode("utf-8", "replace")
    loads_only_orgchart_errors(text, "yaml")
    loads_only_orgchart_errors(text, "json")


@given(json_values)
def test_random_documents(doc):
    loads_only_orgchart_errors(json.dumps(doc), "json")


@st.composite
def mutated_documents(draw):
    """A valid document with one value somewhere replaced by something random."""
    history = draw(ocst.histories(max_events=3))
    doc = json.loads(oc.dumps(history, format="json"))
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, [*path, key])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, [*path, i])

    walk(doc, [])
    path = draw(st.sampled_from(paths[1:])) if len(paths) > 1 else []
    action = draw(st.sampled_from(["replace", "delete", "extra"]))
    if not path:
        return doc
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "replace":
        parent[last] = draw(json_values)
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=6))] = draw(json_values)
    else:
        parent.append(draw(json_values))
    return doc


@given(mutated_documents())
def test_wrong_types_missing_and_extra_fields(doc):
    text = json.dumps(doc)
    loads_only_orgchart_errors(text, "json")
    try:
        yaml_text = oc.dumps(oc.loads(text, format="json"), format="yaml")
    except oc.OrgChartError:
        return
    loads_only_orgchart_errors(yaml_text, "yaml")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "- " * 100_000 + "x\n",
        "a: &a [*a, *a]\nb: &b [*a, *a]\npeople: &p [*p, *b]\n",
        "people: [" + ", ".join(["&x [*x]"] + ["*x"] * 1000) + "]\n",
        "a: " + "[" * 50_000 + "]" * 50_000,
        "people:\n"
        + "".join(f"  - {{id: p{i}, name: P}}\n" for i in range(3))
        + "  - {id: p0, name: Q}\n",
        "units:\n  - {id: a, name: A, parent: b}\n  - {id: b, name: B, parent: a}\n",
        "events:\n  - date: 99999-01-01\n",
        "events:\n  - date: 0001-01-01\n    changes: [{appoint: {post: x, person: y}}]\n",
        "events:\n  - date: 2023-01-01\n    changes: [{remove_person: {id: [1, 2]}}]\n",
        "!!python/object/apply:os.system ['echo pwned']\n",
        "people: [{id: a, name: '" + "x" * 100_000 + "'}]\n",
    ],
)
def test_regressions(text):
    loads_only_orgchart_errors(text, "yaml")


def test_loading_never_runs_code(tmp_path):
    marker = tmp_path / "ran"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(oc.FormatError):
        oc.loads(text)
    assert not marker.exists()


@settings(max_examples=200)
@given(ocst.snapshots(), ocst.snapshots().flatmap(ocst.change_sets))
def test_change_sets_made_for_another_snapshot(org, change):
    before = oc.Snapshot.build(
        org.people.values(),
        org.units.values(),
        org.posts.values(),
        {k: list(v) for k, v in org.appointments.items()},
    )
    try:
        result = change.apply(org)
    except oc.ConflictError as error:
        assert error.op in change.ops
    else:
        assert (
            oc.Snapshot.build(
                result.people.values(),
                result.units.values(),
                result.posts.values(),
                {k: list(v) for k, v in result.appointments.items()},
            )
            == result
        )
    assert org == before


def test_long_names_and_deep_trees_work():
    long = "名" * 100_000
    org = oc.Snapshot.build(
        people=[oc.Person("p", long)],
        units=[oc.Unit("u0", "U0")]
        + [oc.Unit(f"u{i}", "U", parent=f"u{i - 1}") for i in range(1, 10_000)],
        posts=[oc.Post("x", long, "u9999")],
        holders={"x": ["p"]},
    )
    assert long in org.to_text()
    assert long in oc.to_dot(org, show_units=False)
    with pytest.raises(oc.ValidationError, match="too deep to draw"):
        oc.to_dot(org)
    history = oc.History(org, [])
    assert oc.loads(oc.dumps(history, format="json"), format="json") == history


@given(json_values)
def test_popolo_random_documents(doc):
    try:
        oc.popolo.load(doc if isinstance(doc, dict) else {"memberships": doc})
    except oc.OrgChartError as error:
        assert str(error)


@st.composite
def mutated_popolo(draw):
    history = draw(ocst.histories(max_events=3))
    doc = json.loads(oc.popolo.dumps_popolo(history))
    doc.pop("orgchart")
    key = draw(st.sampled_from(["persons", "organizations", "posts", "memberships"]))
    if doc[key]:
        i = draw(st.integers(0, len(doc[key]) - 1))
        field = draw(st.sampled_from([*sorted(doc[key][i]), "extra"]))
        doc[key][i][field] = draw(json_values)
    return doc


@given(mutated_popolo())
def test_popolo_wrong_types_and_unknown_ids(doc):
    # A bad record is repaired or dropped and reported, never a crash; strict
    # mode stops at the first one with a FormatError naming it. A document whose
    # every record is dropped has nothing to keep: an error naming what it holds.
    try:
        history = oc.popolo.load(doc)
    except oc.FormatError as error:
        assert "nothing to keep: no person, organization, post or membership" in str(error)
        assert "dropped" in str(error)
        with pytest.raises(oc.FormatError):
            oc.popolo.load(doc, strict=True)
        return
    flagged = [n for n in history.report if n.action != "not represented"]
    for note in flagged:
        assert note.where and note.what
    if flagged:
        with pytest.raises(oc.FormatError, match=re.escape(flagged[0].where)):
            oc.popolo.load(doc, strict=True)
    else:
        assert oc.popolo.load(doc, strict=True) == history


# Every field the Popolo reader knows, object by object.
POPOLO_FIELDS = {key: sorted(fields) for key, fields in oc.popolo._KNOWN.items()}


@pytest.mark.parametrize("value", [5, [], {}, "x", None, [5], [{"url": 5}], True])
@pytest.mark.parametrize(
    ("key", "field"), [(k, f) for k, fields in POPOLO_FIELDS.items() for f in fields]
)
def test_popolo_every_field_with_every_wrong_type(key, field, value):
    doc = {
        "persons": [{"id": "a", "name": "A", "other_names": [{"name": "B"}]}],
        "organizations": [{"id": "o", "name": "O"}, {"id": "party", "name": "P"}],
        "posts": [{"id": "x", "label": "X", "organization_id": "o"}],
        "events": [{"id": "t", "classification": "legislative period", "start_date": "2020"}],
        "memberships": [
            {
                "person_id": "a",
                "organization_id": "o",
                "on_behalf_of_id": "party",
                "legislative_period_id": "t",
                "start_date": "2020-01-01",
            },
        ],
    }
    doc[key][0][field] = value
    history = oc.popolo.load(doc)  # never a crash: the record is repaired, dropped or kept
    for note in history.report:
        # Each note names an object (the one changed, or one that refers to it).
        assert any(k in note.where for k in (*POPOLO_FIELDS, "events", "top level")), str(note)
    try:
        oc.popolo.load(doc, strict=True)
    except oc.FormatError as error:
        assert any(k in str(error) for k in (*POPOLO_FIELDS, "events")), str(error)
