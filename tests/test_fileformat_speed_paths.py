"""The quick paths of reading and writing history files give what the general ones give.

Plain YAML documents are built in one walk over the composed nodes, plain
documents are written as nodes or JSON text in one walk, and the reader
checks right mappings with one set operation and writes out places only for
an error. Each is compared here with the general path it stands in for:
PyYAML's safe constructor and representer, ``json.dumps``, and messages as
the reader has always written them.
"""

import json
import types
from collections.abc import Mapping

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import _json, _yaml, fileformat
from orgchart import strategies as ocst


class SafeConstructingC(_yaml.Loader):
    """The C loader, building every document with PyYAML's safe constructor."""

    construct_document = yaml.constructor.BaseConstructor.construct_document


class SafeConstructingPure(_yaml.PurePythonLoader):
    """The pure-Python loader, building every document with PyYAML's safe constructor."""

    construct_document = yaml.constructor.BaseConstructor.construct_document


class SafeRepresenting(_yaml.Dumper):
    """The dumper, representing every document with PyYAML's safe representer."""

    represent = yaml.representer.BaseRepresenter.represent


def outcome(function, *args, **kwargs):
    """What a call gives: the repr of its value (cycles included), or its error."""
    try:
        return repr(function(*args, **kwargs))
    except Exception as error:
        return f"{type(error).__name__}: {error}"


YAML_TEXTS = [
    "a: &x {b: 1}\nc: *x\n",
    "a: &a [*a]\n",
    "people: &p [*p]\n",
    "base: &b {id: a, name: A}\npeople: [{<<: *b, name: B}]\n",
    "x: !!str 5\ny: !!int '7'\nz: !!binary aGVsbG8=\n",
    "x: !!set {a, b}\ny: !!omap [a: 1, b: 2]\n",
    "date: !!timestamp 2023-01-01\n",
    "x: 0b_\n",
    "x: !!bool maybe\n",
    "people:\n  - !foo {id: a}\n",
    "x: !!python/object/apply:os.system ['true']\n",
    "a: 1\na: 2\n",
    "=: v\n",
    "x: =\n",
    "? [a, b]\n: c\n",
    "? !!str a\n: 1\n",
    "a: 0x1F\nb: 1_000\nc: 1:30\nd: .inf\ne: ~\nf: yes\ng: 2023-02-30\nh: 1.5\n",
    "",
    "just text\n",
    "- [[[[[[a]]]]]]\n",
    "x: !!map [a]\n",
    "people: !!str {a: b}\n",
    'x: "\\u2028"\ny: |\n  literal\nz: >\n  folded\n',
    "- " * 300 + "x\n",
]


@pytest.mark.parametrize("text", YAML_TEXTS)
@pytest.mark.parametrize(
    ("quick", "general"),
    [
        (_yaml.Loader, SafeConstructingC),
        (_yaml.PurePythonLoader, SafeConstructingPure),
    ],
)
def test_yaml_documents_are_built_as_the_safe_constructor_builds_them(text, quick, general):
    assert outcome(yaml.load, text, Loader=quick) == outcome(yaml.load, text, Loader=general)


@pytest.mark.parametrize("text", YAML_TEXTS)
def test_the_c_and_the_pure_python_loader_read_alike(text, monkeypatch):
    read_by_c = outcome(oc.fileformat.parse, text, source="h.yaml")
    monkeypatch.setattr(_yaml, "Loader", _yaml.PurePythonLoader)
    assert outcome(oc.fileformat.parse, text, source="h.yaml") == read_by_c


def test_yaml_errors_still_name_the_line():
    with pytest.raises(oc.FormatError) as info:
        oc.loads("people:\n  - !foo {id: a}\n", source="h.yaml")
    assert str(info.value) == (
        "h.yaml: line 2, column 5: not valid YAML: "
        "could not determine a constructor for the tag '!foo'"
    )


@given(ocst.histories())
def test_history_files_read_alike_on_every_path(history):
    text = oc.dumps(history)
    expected = outcome(yaml.load, text, Loader=SafeConstructingC)
    assert outcome(yaml.load, text, Loader=_yaml.Loader) == expected
    assert outcome(yaml.load, text, Loader=_yaml.PurePythonLoader) == expected
    assert outcome(yaml.load, text, Loader=SafeConstructingPure) == expected


# Values a document may hold, and more: floats, keys that are not text, tuples.
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=10)
    | st.sampled_from(["\u2028", "a\x85b", "\x00", "\x7f", "'", '"', "\\", "- x", "yes", ""]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=8) | st.integers() | st.none(), inner, max_size=4)
    ),
    max_leaves=25,
)


@st.composite
def documents(draw):
    """A mapping of values, sometimes holding one of its lists or mappings twice, or
    inside itself."""
    doc = {"top": draw(values)}
    containers = []

    def walk(value):
        if isinstance(value, dict | list):
            containers.append(value)
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    walk(doc)
    if draw(st.booleans()):
        target, other = draw(st.sampled_from(containers)), draw(st.sampled_from(containers))
        if isinstance(target, list):
            target.append(other)
        else:
            target["again"] = other
    return doc


@given(documents())
def test_json_is_written_as_json_dumps_writes_it(doc):
    expected = outcome(json.dumps, doc, indent=1, ensure_ascii=False)
    assert outcome(_json.json_text, doc) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"sort_keys": False, "allow_unicode": True, "width": 100},
        {"sort_keys": True},
        {"sort_keys": False, "default_flow_style": None},
        {"sort_keys": False, "default_style": "'"},
    ],
)
@given(doc=documents())
@example(doc={"top": {"b": [1, None], "a": {"d": True, "c": "x"}}})
def test_yaml_is_written_as_the_safe_representer_writes_it(doc, options):
    expected = outcome(yaml.dump, doc, Dumper=SafeRepresenting, **options)
    assert outcome(yaml.dump, doc, Dumper=_yaml.Dumper, **options) == expected


@given(ocst.histories())
def test_history_files_are_written_as_before(history):
    doc = fileformat.to_document(history)
    assert oc.dumps(history, format="json") == json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    assert oc.dumps(history) == yaml.dump(
        doc, Dumper=SafeRepresenting, sort_keys=False, allow_unicode=True, width=100
    )


class Record(Mapping):
    """A mapping that is not a dict."""

    def __init__(self, fields):
        self.fields = fields

    def __getitem__(self, key):
        return self.fields[key]

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __repr__(self):
        return f"Record({self.fields!r})"


def as_other_mappings(doc, depth=0):
    if isinstance(doc, dict):
        inner = {key: as_other_mappings(value, depth + 1) for key, value in doc.items()}
        return Record(inner) if depth % 2 else types.MappingProxyType(inner)
    if isinstance(doc, list):
        return [as_other_mappings(value, depth + 1) for value in doc]
    return doc


@given(ocst.histories())
def test_any_mapping_reads_as_a_dict_does(history):
    doc = json.loads(oc.dumps(history, format="json"))
    assert oc.fileformat.from_document(as_other_mappings(doc)) == history


BASE = """\
people:
  - {id: a, name: A}
  - {id: b, name: B}
units:
  - {id: u, name: U}
posts:
  - {id: p, title: P, unit: u}
holders:
  p: [a]
"""


def event(body: str) -> str:
    return BASE + "events:\n" + body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            event("  - date: 2023-06-01\n    summary: S\n    changes:\n")
            + "      - appoint: {post: p, persn: b}\n",
            "event 1 (2023-06-01 'S'), change 1 ('appoint'): "
            "unknown key 'persn'; expected 'post', 'person'",
        ),
        (
            event("  - date: 2023-06\n    changes:\n      - rename_post: {id: q, title: Q}\n"),
            "event 1 (2023-06), change 1 ('rename_post'): post 'q' is not in the org on this date",
        ),
        (
            event("  - date: 2023\n    summary: S\n    changes:\n")
            + "      - vacate: {post: p, person: b}\n",
            "event 1 (2023 'S'), change 1 ('vacate'): "
            "cannot apply vacate 'b' from post 'p': 'b' does not hold post 'p'",
        ),
        (
            event("  - date: 2023-06-01\n    changes:\n      - add_person: {id: ' c', name: C}\n"),
            "event 1 (2023-06-01), change 1 ('add_person'): 'id' must be an id: "
            "a non-empty string without leading or trailing spaces (got ' c')",
        ),
        (
            event("  - date: 2023-06-01\n    changes:\n")
            + "      - {appoint: {post: p, person: b}, vacate: {post: p, person: a}}\n",
            "event 1 (2023-06-01), change 1: expected one verb with its arguments, like "
            "{appoint: {...}}, got {'appoint': {'post': 'p', 'person': 'b'}, "
            "'vacate': {'post': 'p', 'person': 'a'}}",
        ),
        (
            event("  - date: 2023-06-01\n    changes:\n      - rename_unit: {id: u, name: ' '}\n"),
            "event 1 (2023-06-01), change 1 ('rename_unit'): "
            "'name' must be a non-empty string (got ' ')",
        ),
        (
            event("  - date: 2023-06-01\n    changes:\n")
            + "      - merge_units: {units: [u], into: u}\n",
            "event 1 (2023-06-01), change 1 ('merge_units'): cannot merge unit 'u' into itself",
        ),
        (
            event("  - date: 2023-06-01\n    changes:\n")
            + "      - succeed: {post: p, person: b, replaces: []}\n",
            "event 1 (2023-06-01), change 1 ('succeed'): "
            "'replaces' must be a person id or a list of them, got []",
        ),
        (
            event("  - date: 2023-06-01\n    summary: S\n    announced: 2023-02-30\n"),
            "event 1 (2023-06-01 'S'), field 'announced': "
            "invalid date '2023-02-30': day is out of range for month",
        ),
        (
            event("  - date: 2023-06\n    after: soon\n"),
            "event 1, field 'after': invalid date 'soon': expected YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (event("  - {summary: S}\n"), "event 1: missing key 'date'"),
        (
            event("  - date: 2023-06-01\n    changes: {appoint: {post: p, person: b}}\n"),
            "event 1 (2023-06-01), field 'changes': "
            "expected a list, got {'appoint': {'post': 'p', 'person': 'b'}}",
        ),
        (
            event("  - date: 2023-06-01\n    summary: S\n    note: ' '\n"),
            "event 1 (2023-06-01 'S'): 'note' must be None or a non-empty string (got ' ')",
        ),
        (
            event("  - date: 2024-01-01\n    changes: [{appoint: {post: p, person: b}}]\n")
            + "  - date: 2023-01-01\n    summary: Early\n"
            + "    changes: [{vacate: {post: p, person: b}}]\n",
            "event 2 (2023-01-01 'Early'), change 1 ('vacate'): "
            "cannot apply vacate 'b' from post 'p': 'b' does not hold post 'p'",
        ),
        (
            "people:\n  - {id: a, name: ' '}\n",
            "people[0] ('a'): 'name' must be a non-empty string (got ' ')",
        ),
        (
            "people:\n  - {id: a, name: A, age: 3}\n",
            "people[0]: unknown key 'age'; expected 'id', 'name', 'aliases', 'disputed', 'assumed'",
        ),
        ("units:\n  - {name: U}\n", "units[0]: missing key 'id'"),
        (
            "sources:\n  - {id: s, title: T, date: 2023-13}\npeople: []\n",
            "sources[0] ('s'), field 'date': invalid date '2023-13': month must be in 1..12",
        ),
    ],
)
def test_errors_name_the_place_word_for_word(text, message):
    with pytest.raises(oc.FormatError) as info:
        oc.loads(text, source="h.yaml")
    assert str(info.value) == f"h.yaml: {message}"


@pytest.mark.parametrize(
    ("text", "fmt", "reason"),
    [
        ("x: 0b_\n", "yaml", "invalid literal"),
        ("x: !!bool maybe\n", "yaml", "maybe"),
        ("x: " + "9" * 5000 + "\n", "yaml", "digits"),
        ('{"x": ' + "9" * 5000 + "}", "json", "digits"),
    ],
)
def test_a_value_the_parser_cannot_make_is_a_format_error(text, fmt, reason):
    with pytest.raises(oc.FormatError, match="a value cannot be read") as caught:
        oc.loads(text, format=fmt, source="org.txt")
    assert reason in str(caught.value) and "org.txt" in str(caught.value)
