"""Proposals on a history: drafts of the future, kept apart from the record."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst


@pytest.fixture
def history():
    base = oc.Snapshot.build(
        people=[oc.Person("ada", "Ada"), oc.Person("bob", "Bob")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", reports_to="ceo")],
        holders={"ceo": ["ada"]},
    )
    return oc.History(base, [oc.Event("2024-01-10", [oc.Appoint("cto", "bob")], "Bob is CTO")])


def test_a_proposal_is_kept_apart_from_the_record(history):
    draft = history.propose("2025-01-01", [oc.Vacate("cto", "bob")], "Bob leaves")
    (event,) = draft.proposals()
    assert event.proposal and event.summary == "Bob leaves"
    assert draft.recorded() == history
    assert history.proposals() == () and history.recorded() is history
    assert draft.as_of("2024-12-31") == history.latest
    assert draft.as_of("2025-01-01").holders("cto") == ()
    assert draft.pending("2024-06-01") == (event,)
    assert event.when() == "1 January 2025 (proposed)"
    assert event.headline() == "1 January 2025 (proposed): Bob leaves"


def test_proposals_follow_the_record_and_each_other(history):
    with pytest.raises(oc.ValidationError, match=r"after the last recorded event \(2024-01-10\)"):
        history.propose("2024-01-10", [oc.Vacate("cto", "bob")])
    first = history.propose("2025-01-01", [oc.Vacate("cto", "bob")])
    second = first.propose("2025-01-01", [oc.Appoint("cto", "ada")])
    assert len(second.proposals()) == 2
    with pytest.raises(oc.ConflictError):
        history.propose("2025-01-01", [oc.Appoint("cto", "bob")])  # already holds it


def test_the_file_format_keeps_proposals(history):
    draft = history.propose("2025-01-01", [oc.Vacate("cto", "bob")], "Bob leaves")
    for format in ("yaml", "json"):
        text = oc.dumps(draft, format=format)
        assert "proposal" in text and "proposal" not in oc.dumps(history, format=format)
        assert oc.loads(text, format=format) == draft
    bad = oc.dumps(draft, format="yaml").replace("proposal: true", "proposal: 'yes'")
    with pytest.raises(oc.FormatError, match=r"event 2 \(2025-01-01 'Bob leaves'\).*proposal"):
        oc.loads(bad, format="yaml")


@given(ocst.histories(), st.data())
def test_a_proposal_round_trips_and_leaves_the_record_as_it_was(history, data):
    change = data.draw(ocst.change_sets(history.latest))
    on = "2045-01-01"  # after every date the strategy draws
    draft = history.propose(on, change, "a draft")
    assert draft.recorded() == history
    assert draft.proposals()[0].changes == change
    assert draft.as_of(on) == change.apply(history.latest)
    for format in ("yaml", "json"):
        assert oc.loads(oc.dumps(draft, format=format), format=format) == draft


@pytest.mark.parametrize("field", ["by", "proposal"])
def test_flags_of_events_are_true_or_false(field):
    with pytest.raises(oc.ValidationError, match=f"'{field}' must be True or False"):
        oc.Event("2024-01-01", [], **{field: "yes"})
