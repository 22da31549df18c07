"""Proposals: drafts of the future held by a history, kept apart from the record."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc

YAML = """\
orgchart: 1
people:
  - {id: ada, name: Ada}
  - {id: bob, name: Bob}
units:
  - {id: g, name: Group}
posts:
  - {id: ceo, title: CEO, unit: g}
  - {id: cto, title: CTO, unit: g, reports_to: ceo}
holders:
  ceo: [ada]
events:
  - date: 2024-01-10
    summary: Bob is CTO
    changes:
      - appoint: {post: cto, person: bob}
  - date: 2025-01-01
    proposal: PROPOSAL
    summary: Bob leaves
    changes:
      - vacate: {post: cto, person: bob}
"""


@pytest.fixture
def base():
    return oc.Snapshot.build(
        people=[oc.Person("ada", "Ada"), oc.Person("bob", "Bob")],
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("ceo", "CEO", "g"), oc.Post("cto", "CTO", "g", reports_to="ceo")],
        holders={"ceo": ["ada"]},
    )


@pytest.fixture
def history(base):
    return oc.History(
        base,
        [oc.Event("2024-01-10", [oc.Appoint("cto", "bob")], "Bob is CTO", sources=["memo"])],
        [oc.Source("memo", "A memo")],
        title="Example",
        held_since={"ceo": {"ada": "2020"}},
    )


# ------------------------------------------------------------------ Event


def test_proposal_is_a_keyword_only_flag_and_part_of_the_value():
    plain = oc.Event("2025-01-01", [], "Draft")
    draft = oc.Event("2025-01-01", [], "Draft", proposal=True)
    assert plain.proposal is False and draft.proposal is True
    assert plain != draft and hash(plain) != hash(draft)
    with pytest.raises(TypeError):
        oc.Event("2025-01-01", [], "", (), None, None, True)  # type: ignore[misc]


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_proposal_must_be_true_or_false(value):
    with pytest.raises(oc.ValidationError, match=r"'proposal' must be True or False"):
        oc.Event("2025-01-01", [], proposal=value)


def test_when_and_headline_say_proposed():
    draft = oc.Event("2025-01-01", [], "Bob leaves", announced="2024-12-01", proposal=True)
    assert draft.when() == "1 January 2025 (announced 1 December 2024) (proposed)"
    assert draft.headline() == "1 January 2025 (announced 1 December 2024) (proposed): Bob leaves"
    assert "(proposed)" not in oc.Event("2025-01-01", [], "Bob leaves").headline()


# ---------------------------------------------------------------- propose


def test_propose_adds_one_proposal_and_keeps_the_record(history):
    draft = history.propose("2025-01-01", [oc.Vacate("cto", "bob")], "Bob leaves", note="a draft")
    assert len(draft.events) == 2
    (event,) = draft.proposals()
    assert event.proposal and event.summary == "Bob leaves" and event.note == "a draft"
    assert str(event.date) == "2025-01-01"
    assert draft.events[0] == history.events[0]
    assert history.proposals() == () and history.recorded() is history
    recorded = draft.recorded()
    assert recorded == history
    assert (recorded.title, recorded.sources, recorded.held_since) == (
        history.title,
        history.sources,
        history.held_since,
    )
    assert recorded.proposals() == ()


def test_as_of_applies_a_proposal_like_any_event(history):
    draft = history.propose("2025-01-01", oc.ChangeSet([oc.Vacate("cto", "bob")]))
    assert draft.as_of("2024-12-31") == history.latest
    assert draft.as_of("2025-01-01").holders("cto") == ()
    assert draft.latest.holders("cto") == ()


@pytest.mark.parametrize("on", ["2024-01-10", "2023-05-01", "2024-01", "2024"])
def test_a_proposal_on_or_before_the_last_recorded_event_is_refused(history, on):
    with pytest.raises(oc.ValidationError) as info:
        history.propose(on, [oc.Vacate("cto", "bob")])
    message = str(info.value)
    assert "'on' must be a date after the last recorded event (2024-01-10)" in message
    assert f"(got '{on}')" in message


def test_the_day_after_the_last_recorded_event_is_the_first_allowed(history):
    draft = history.propose("2024-01-11", [oc.Vacate("cto", "bob")])
    assert len(draft.proposals()) == 1


def test_proposals_may_follow_each_other(history):
    first = history.propose("2025-01-01", [oc.Vacate("cto", "bob")], "Bob leaves")
    second = first.propose("2025-01-01", [oc.Appoint("cto", "ada")], "Ada takes over")
    third = second.propose("2025-06", [oc.Vacate("cto", "ada")], "Ada hands over")
    assert [e.summary for e in third.proposals()] == [
        "Bob leaves",
        "Ada takes over",
        "Ada hands over",
    ]
    assert all(e.proposal for e in third.proposals())
    assert [p.name for p in second.as_of("2025-01-01").holders("cto")] == ["Ada"]
    assert third.latest.holders("cto") == ()
    assert third.recorded() == history
    # The record still bounds them: a proposal after a proposal is checked
    # against the last recorded event, not the last proposal.
    with pytest.raises(oc.ValidationError, match="2024-01-10"):
        third.propose("2024-01-01", [oc.Vacate("cto", "bob")])


def test_recorded_keeps_recorded_events_that_come_after_a_proposal(history):
    later = oc.Event("2026-01-01", [oc.Appoint("cto", "ada")], "Ada joins as CTO")
    mixed = history.propose("2025-01-01", [oc.Vacate("cto", "bob")]).append(later)
    assert [e.proposal for e in mixed.events] == [False, True, False]
    assert mixed.recorded() == history.append(later)
    assert [p.name for p in mixed.recorded().latest.holders("cto")] == ["Ada", "Bob"]


def test_a_proposal_that_does_not_fit_the_org_is_a_conflict(history):
    with pytest.raises(oc.ConflictError):
        history.propose("2025-01-01", [oc.Appoint("cto", "bob")])  # he already holds it


def test_a_history_without_events_takes_a_proposal_on_any_date(base):
    draft = oc.History(base).propose("1999-01-01", [oc.Appoint("cto", "bob")])
    assert draft.recorded() == oc.History(base)


def test_propose_replays_only_from_a_checkpoint(base, applied):
    every = oc.History.CHECKPOINT_EVERY
    ops = [oc.Appoint("cto", "bob"), oc.Vacate("cto", "bob")]
    start = datetime.date(2000, 1, 1).toordinal()
    long = oc.History(
        base,
        [
            oc.Event(datetime.date.fromordinal(start + i).isoformat(), [ops[i % 2]])
            for i in range(3 * every + 5)
        ],
    )
    applied["ops"] = 0
    draft = long.propose("2020-01-01", [oc.Appoint("cto", "ada")])
    assert applied["ops"] <= every + 1
    applied["ops"] = 0
    assert draft.recorded() == long
    assert applied["ops"] <= every


# ---------------------------------------------------------------- pending


def test_pending_lists_proposals_whatever_their_announced_date(base):
    history = oc.History(
        base,
        [
            oc.Event(
                "2024-01-10", [oc.Appoint("cto", "bob")], "Announced early", announced="2023-11-01"
            ),
            oc.Event(
                "2024-03-01", [oc.Vacate("cto", "bob")], "Announced late", announced="2024-02-01"
            ),
        ],
    )
    early, late = history.events
    draft = history.propose("2025-01-01", [oc.Appoint("cto", "bob")], "Bob returns")
    (proposal,) = draft.proposals()
    # Recorded events keep their rule: announced on or before, not yet effective.
    assert history.pending("2023-10-01") == ()
    assert history.pending("2023-12-01") == (early,)
    assert history.pending("2024-02-15") == (late,)
    # A proposal is pending until it takes effect, announced or not.
    assert draft.pending("2023-10-01") == (proposal,)
    assert draft.pending("2023-12-01") == (early, proposal)
    assert draft.pending("2024-02-15") == (late, proposal)
    assert draft.pending("2024-12-31") == (proposal,)
    assert draft.pending("2025-01-01") == ()
    late_announced = oc.Event(
        "2025-01-01", [oc.Appoint("cto", "bob")], announced="2024-12-01", proposal=True
    )
    assert history.append(late_announced).pending("2024-06-01") == (late_announced,)


# ------------------------------------------------------------ file format


@pytest.mark.parametrize("format", oc.fileformat.FORMATS)
def test_the_file_format_reads_proposal_true(format):
    text = YAML.replace("PROPOSAL", "true")
    if format == "json":
        text = json.dumps(oc.fileformat.to_document(oc.loads(text, format="yaml")))
        assert '"proposal": true' in text
    history = oc.loads(text, format=format)
    recorded, proposal = history.events
    assert not recorded.proposal and proposal.proposal
    assert history.proposals() == (proposal,)
    assert history.recorded().events == (recorded,)
    assert oc.loads(oc.dumps(history, format=format), format=format) == history


def test_proposal_false_is_read_and_not_written():
    history = oc.loads(YAML.replace("PROPOSAL", "false"), format="yaml")
    assert history.proposals() == ()
    for format in oc.fileformat.FORMATS:
        assert "proposal" not in oc.dumps(history, format=format)


def test_proposal_is_written_only_for_proposals(history):
    draft = history.propose("2025-01-01", [oc.Vacate("cto", "bob")], "Bob leaves")
    events = oc.fileformat.to_document(draft)["events"]
    assert "proposal" not in events[0]
    assert events[1]["proposal"] is True
    assert "proposal: true" in oc.dumps(draft, format="yaml")


@pytest.mark.parametrize(
    ("format", "value"), [("yaml", "'yes'"), ("yaml", "1"), ("json", '"yes"'), ("json", "null")]
)
def test_a_proposal_that_is_not_a_bool_is_a_format_error_naming_the_place(format, value):
    text = YAML.replace("PROPOSAL", value)
    if format == "json":
        document = oc.fileformat.to_document(oc.loads(YAML.replace("PROPOSAL", "true")))
        text = json.dumps(document).replace('"proposal": true', f'"proposal": {value}')
    with pytest.raises(oc.FormatError) as info:
        oc.loads(text, format=format)
    assert info.value.location == "event 2 (2025-01-01 'Bob leaves')"
    assert "'proposal' must be True or False" in str(info.value)


# --------------------------------------------------------------- property


@given(oc.strategies.histories(), st.data())
def test_a_proposal_round_trips_and_leaves_the_record_as_it_was(history, data):
    change = data.draw(oc.strategies.change_sets(history.latest), label="change")
    end = max((e.date.latest.toordinal() for e in history.events), default=None)
    first = end + 1 if end is not None else datetime.date(1990, 1, 1).toordinal()
    on = datetime.date.fromordinal(first + data.draw(st.integers(0, 3_000), label="days after"))
    draft = history.propose(on, change, data.draw(st.sampled_from(["", "a draft"])))
    for format in oc.fileformat.FORMATS:
        assert oc.loads(oc.dumps(draft, format=format), format=format) == draft
    assert draft.recorded() == history
    assert draft.proposals()[0].changes == change
    assert draft.as_of(on) == change.apply(history.latest)


def test_the_by_flag_is_true_or_false_too():
    with pytest.raises(oc.ValidationError, match="'by' must be True or False"):
        oc.Event("2024-01-01", [], by="yes")
