"""Every fact of the Alibaba data set is either cited or marked assumed.

A *fact* is an item (person, unit, post), a holding, or a reporting line, as
the org before the record states it or as an event adds, changes or ends it.
``seeds/alibaba.citations.yaml`` names, fact by fact, the sources that state
it; a reporting line or a holding may instead carry an ``assumed`` mark (with
its reason) in the data set itself. The walk below fails on any fact with
neither, on a citation of a fact that is not there, on a source an event does
not cite, and on a fact both cited and marked assumed. Where a cited source
is one of the seed articles (read in place from ``../shared/seeds/``), the
article must name the person the fact is about.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml

import orgchart as oc

ROOT = Path(__file__).resolve().parents[1]
CITATIONS = ROOT / "seeds" / "alibaba.citations.yaml"
# The seed articles, read in place (ORGCHART_SHARED points elsewhere when the
# shared folder is not beside the checkout).
SHARED = Path(os.environ.get("ORGCHART_SHARED", ROOT.parent / "shared"))
ARTICLES = SHARED / "seeds"
BASE = "before the record"


def facts(history: oc.History) -> Iterator[tuple[str, str, str | None, object]]:
    """(place, fact, markable field, item) for every fact of the history.

    ``place`` is ``BASE`` or an event's summary; ``fact`` reads
    ``person <id>``, ``unit <id>``, ``post <id>`` (the item as added or
    changed), ``removed <kind> <id>``, ``line <post>`` (its reporting line),
    ``dotted <post> <other post>`` (a dotted line), ``holds <post>
    <person>``, ``leaves <post> <person>`` or ``since <post> <person>`` (a
    held_since date). ``markable`` is the field an ``assumed``
    mark on ``item`` may cover instead of a citation (only lines and
    holdings: an item needs a source).
    """
    base = history.base
    for kind, table in (("person", base.people), ("unit", base.units), ("post", base.posts)):
        for item_id, item in sorted(table.items()):
            yield BASE, f"{kind} {item_id}", None, item
            if isinstance(item, oc.Post):
                yield from lines(BASE, None, item)
    for post_id, post in sorted(base.posts.items()):
        for person in base.holders(post_id):
            yield BASE, f"holds {post_id} {person.id}", "holders", post
    for post_id, since in sorted(history.held_since.items()):
        for person_id in sorted(since):
            yield BASE, f"since {post_id} {person_id}", None, None
    for event in history.events:
        where = event.summary
        posts: dict[str, oc.Post] = {}
        for op in event.changes:
            if isinstance(op, oc.Add):
                yield where, f"{op.kind} {op.id}", None, op.item
                if isinstance(op.item, oc.Post):
                    posts[op.id] = op.item
                    yield from lines(where, None, op.item)
            elif isinstance(op, oc.Update):
                yield where, f"{op.kind} {op.id}", None, op.after
                if isinstance(op.before, oc.Post) and isinstance(op.after, oc.Post):
                    posts[op.id] = op.after
                    yield from lines(where, op.before, op.after)
            elif isinstance(op, oc.Remove):
                yield where, f"removed {op.kind} {op.id}", None, None
            elif isinstance(op, oc.Appoint):
                held = posts.get(op.post) or history.as_of(event.date).posts.get(op.post)
                yield where, f"holds {op.post} {op.person}", "holders", held
            elif isinstance(op, oc.Vacate):
                yield where, f"leaves {op.post} {op.person}", None, None


def lines(
    place: str, before: oc.Post | None, post: oc.Post
) -> Iterator[tuple[str, str, str | None, object]]:
    """The reporting lines ``post`` has that ``before`` (the post before an
    update, or None) did not: its solid line and each dotted one."""
    if post.reports_to is not None and (before is None or before.reports_to != post.reports_to):
        yield place, f"line {post.id}", "reports_to", post
    for other in post.dotted_to:
        if before is None or other not in before.dotted_to:
            yield place, f"dotted {post.id} {other}", "dotted_to", post


def problems(history: oc.History, citations: Mapping[str, Mapping[str, list[str]]]) -> list[str]:
    """What is wrong with the sourcing of ``history`` against ``citations``
    (place -> fact -> source ids): an empty list when every fact is sourced."""
    found = []
    places = {BASE: set(history.sources)}
    places.update({event.summary: set(event.sources) for event in history.events})
    if len(places) != len(history.events) + 1:
        found.append("event summaries are not unique: citations cannot name their event")
    walked = set()
    for place, fact, markable, item in facts(history):
        walked.add((place, fact))
        cited = citations.get(place, {}).get(fact)
        marks = dict(getattr(item, "assumed", ()) or ())
        assumed = markable is not None and markable in marks
        if cited is None and not assumed:
            found.append(f"{place}: {fact} has no source and no assumed mark")
        elif cited is not None and assumed:
            found.append(f"{place}: {fact} is both cited and marked assumed")
        elif cited is not None:
            if not cited:
                found.append(f"{place}: {fact} cites no source")
            for source in cited:
                if source not in places[place]:
                    found.append(f"{place}: {fact} cites {source!r}, which the place does not")
    for place, cited_facts in citations.items():
        if place not in places:
            found.append(f"citations name a place the history does not have: {place!r}")
            continue
        for fact in cited_facts:
            if (place, fact) not in walked:
                found.append(f"{place}: {fact} is cited but is not a fact of the history")
    return found


def read_citations(path: Path = CITATIONS) -> dict[str, dict[str, list[str]]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def h():
    return oc.seeds.alibaba()


def test_every_fact_of_the_data_set_is_cited_or_marked_assumed(h):
    assert problems(h, read_citations()) == []


def test_the_walk_covers_the_base_and_every_event(h):
    walked = list(facts(h))
    places = {place for place, *_ in walked}
    # Context events change nothing and so state no fact.
    assert places == {BASE} | {e.summary for e in h.events if e.changes}
    kinds = {fact.split()[0] for _, fact, *_ in walked}
    assert kinds == {"person", "unit", "post", "line", "holds", "leaves", "since", "removed"}


# A small history in the data set's shape: the same walk must fail on it.
SMALL = textwrap.dedent(
    """\
    orgchart: 1
    sources:
      - {id: memo, title: The memo}
    people:
      - {id: ada, name: Ada Byron}
      - {id: alan, name: Alan Turing}
    units:
      - {id: co, name: Example Co.}
    posts:
      - {id: ceo, title: Chief Executive Officer, unit: co}
      - id: cto
        title: Chief Technology Officer
        unit: co
        reports_to: ceo
        assumed: {reports_to: "No source gives the CTO's line."}
    holders:
      ceo: [ada]
    events:
      - date: 2024-01-01
        summary: Alan Turing becomes CTO
        sources: [memo]
        changes:
          - appoint: {post: cto, person: alan}
    """
)
SMALL_CITATIONS = {
    BASE: {
        "person ada": ["memo"],
        "person alan": ["memo"],
        "unit co": ["memo"],
        "post ceo": ["memo"],
        "post cto": ["memo"],
        "holds ceo ada": ["memo"],
    },
    "Alan Turing becomes CTO": {"holds cto alan": ["memo"]},
}


def test_a_fully_sourced_small_history_passes():
    assert problems(oc.loads(SMALL), SMALL_CITATIONS) == []


def test_an_unsourced_appointment_fails():
    citations = {**SMALL_CITATIONS, "Alan Turing becomes CTO": {}}
    assert problems(oc.loads(SMALL), citations) == [
        "Alan Turing becomes CTO: holds cto alan has no source and no assumed mark"
    ]


def test_an_unsourced_reporting_line_fails_without_its_assumed_mark():
    unmarked = oc.loads(
        SMALL.replace("""    assumed: {reports_to: "No source gives the CTO's line."}\n""", "")
    )
    assert problems(unmarked, SMALL_CITATIONS) == [
        "before the record: line cto has no source and no assumed mark"
    ]


def test_an_unsourced_dotted_line_fails():
    coo = "  - {id: coo, title: Chief Operating Officer, unit: co, dotted_to: [ceo]}\n"
    with_coo = oc.loads(SMALL.replace("  - id: cto\n", coo + "  - id: cto\n"))
    citations = {**SMALL_CITATIONS, BASE: {**SMALL_CITATIONS[BASE], "post coo": ["memo"]}}
    assert problems(with_coo, citations) == [
        "before the record: dotted coo ceo has no source and no assumed mark"
    ]


def test_an_unsourced_item_fails_even_when_a_field_of_it_is_assumed():
    citations = {**SMALL_CITATIONS, BASE: dict(SMALL_CITATIONS[BASE])}
    del citations[BASE]["post cto"]
    assert problems(oc.loads(SMALL), citations) == [
        "before the record: post cto has no source and no assumed mark"
    ]


def test_stale_foreign_and_double_citations_fail():
    citations = {
        BASE: {**SMALL_CITATIONS[BASE], "line cto": ["memo"], "person grace": ["memo"]},
        "Alan Turing becomes CTO": {"holds cto alan": ["elsewhere"]},
        "No such event": {},
    }
    assert problems(oc.loads(SMALL), citations) == [
        "before the record: line cto is both cited and marked assumed",
        "Alan Turing becomes CTO: holds cto alan cites 'elsewhere', which the place does not",
        "before the record: person grace is cited but is not a fact of the history",
        "citations name a place the history does not have: 'No such event'",
    ]


def articles() -> dict[str, str]:
    """The seed articles' texts by their title (their first line)."""
    if not ARTICLES.is_dir():
        pytest.skip(f"the seed articles are not at {ARTICLES}")
    texts = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts[_plain(text.splitlines()[0])] = text
    return texts


def _plain(title: str) -> str:
    """A title with typographic apostrophes made plain, for matching."""
    return title.strip().replace("\u2019", "'")


def test_each_seed_article_is_a_source_and_names_the_people_cited_to_it(h):
    texts = articles()
    by_id = {s.id: texts[_plain(s.title)] for s in h.sources.values() if _plain(s.title) in texts}
    assert len(by_id) == len(texts) == 5
    people = {p.id: p for p in h.latest.people.values()} | dict(h.base.people)
    for event in h.events:
        for op in event.changes:
            if isinstance(op, oc.Add) and op.kind == "person":
                people[op.id] = op.item
    checked = 0
    for place, cited_facts in read_citations().items():
        for fact, sources in cited_facts.items():
            words = fact.split()
            person_id = {"person": words[1]}.get(words[0], words[-1])
            if words[0] not in ("person", "holds", "leaves", "since"):
                continue
            read = [by_id[s] for s in sources if s in by_id]
            if not read:
                continue
            person = people[person_id]
            forms = [person.name, *person.aliases]
            assert any(form.lower() in text.lower() for text in read for form in forms), (
                f"{place}: {fact}: none of {sources} names {person.name}"
            )
            checked += 1
    assert checked > 20
