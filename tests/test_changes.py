"""Operations and change sets: each conflict, inversion, the container."""

import attrs
import pytest

import orgchart as oc
from tests.test_model import small_org


def conflict(op, org=None):
    with pytest.raises(oc.ConflictError) as info:
        oc.ChangeSet([op]).apply(org or small_org())
    return info.value


@pytest.mark.parametrize(
    ("op", "pieces"),
    [
        (oc.Add(oc.Person("eddie-wu", "Eddie Wu")), ["add person 'eddie-wu'", "already present"]),
        (
            oc.Add(oc.Unit("x", "X", parent="ghost")),
            ["add unit 'x'", "'ghost' is not a known unit"],
        ),
        (oc.Add(oc.Post("x", "X", "ghost")), ["add post 'x'", "'ghost' is not a known unit"]),
        (
            oc.Add(oc.Post("x", "X", "cloud", reports_to="ghost")),
            ["add post 'x'", "reports_to 'ghost' is not a known post"],
        ),
        (oc.Remove(oc.Person("ghost", "G")), ["remove person 'ghost'", "not present"]),
        (oc.Remove(oc.Person("eddie-wu", "Eddie Wu")), ["'eddie-wu'", "not the recorded"]),
        (
            oc.Remove(oc.Person("joseph-tsai", "Joseph Tsai")),
            ["remove person 'joseph-tsai'", "still hold post(s) 'chair'"],
        ),
        (
            oc.Remove(oc.Unit("alibaba", "Alibaba Group", kind="group")),
            ["remove unit 'alibaba'", "sub-unit(s) 'cloud', 'damo'"],
        ),
        (
            oc.Remove(oc.Unit("damo", "DAMO Academy", parent="alibaba", kind="academy")),
            ["remove unit 'damo'", "still has post(s) 'damo-vp'"],
        ),
        (
            oc.Remove(oc.Post("damo-vp", "Vice President", "damo", dotted_to=("cloud-cto",))),
            ["remove post 'damo-vp'", "held by 'zhou-jingren'"],
        ),
        (
            oc.Update(oc.Unit("ghost", "G"), oc.Unit("ghost", "H")),
            ["update unit 'ghost'", "not present"],
        ),
        (
            oc.Update(
                oc.Unit("alibaba", "Alibaba Group", kind="group"),
                oc.Unit("alibaba", "Alibaba Group", parent="cloud", kind="group"),
            ),
            ["update unit 'alibaba' (parent)", "cycle"],
        ),
        (
            oc.Update(
                oc.Post("chair", "Chairman", "alibaba"),
                oc.Post("chair", "Chairman", "alibaba", reports_to="cloud-cto"),
            ),
            ["update post 'chair' (reports_to)", "cycle"],
        ),
        (
            oc.Update(
                oc.Post("chair", "Chairman", "alibaba"),
                oc.Post("chair", "Chairman", "alibaba", dotted_to=("damo-vp",)),
            ),
            ["update post 'chair' (dotted_to)", "cycle"],
        ),
        (
            oc.Update(oc.Post("chair", "Chairman", "alibaba"), oc.Post("chair", "Chair", "ghost")),
            ["update post 'chair'", "'ghost' is not a known unit"],
        ),
        (
            oc.Appoint("ghost", "eddie-wu"),
            ["appoint 'eddie-wu' to post 'ghost'", "not a known post"],
        ),
        (oc.Appoint("chair", "ghost"), ["appoint 'ghost' to post 'chair'", "not a known person"]),
        (oc.Appoint("ceo", "eddie-wu"), ["appoint 'eddie-wu' to post 'ceo'", "already holds"]),
        (
            oc.Vacate("ceo", "joseph-tsai"),
            ["vacate 'joseph-tsai' from post 'ceo'", "does not hold"],
        ),
    ],
)
def test_each_conflict_names_the_operation_and_the_reason(op, pieces):
    error = conflict(op)
    assert error.op == op
    assert isinstance(error, ValueError)
    assert "operation 1 of 1" in str(error)
    for piece in pieces:
        assert piece in str(error)


def test_apply_is_all_or_nothing():
    org = small_org()
    change = oc.ChangeSet([oc.Vacate("ceo", "eddie-wu"), oc.Appoint("ceo", "ghost")])
    with pytest.raises(oc.ConflictError) as info:
        change.apply(org)
    assert "operation 2 of 2" in str(info.value)
    assert org == small_org()
    assert [p.id for p in org.holders("ceo")] == ["eddie-wu"]


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: oc.Add("eddie-wu"), "item"),
        (lambda: oc.Update(oc.Person("a", "A"), oc.Unit("a", "A")), "after"),
        (lambda: oc.Update(oc.Person("a", "A"), oc.Person("b", "A")), "after"),
        (lambda: oc.Update(oc.Person("a", "A"), oc.Person("a", "A")), "after"),
        (lambda: oc.Appoint("", "x"), "post"),
        (lambda: oc.Vacate("p", None), "person"),
        (lambda: oc.ChangeSet(["appoint"]), "ops[0]"),
        (lambda: oc.ChangeSet([], before="org"), "before"),
        (lambda: oc.ChangeSet([]).apply("org"), "snapshot"),
        (lambda: oc.ChangeSet([]).then([]), "other"),
        (lambda: oc.diff(small_org(), None), "b"),
    ],
)
def test_bad_operation_fields(make, field):
    with pytest.raises(oc.ValidationError) as info:
        make()
    assert repr(field) in str(info.value)


def test_operations_invert():
    person = oc.Person("a", "A")
    assert oc.Add(person).invert() == oc.Remove(person)
    assert oc.Remove(person).invert() == oc.Add(person)
    renamed = oc.Person("a", "B")
    assert oc.Update(person, renamed).invert() == oc.Update(renamed, person)
    assert oc.Appoint("p", "a").invert() == oc.Vacate("p", "a")
    assert oc.Vacate("p", "a").invert() == oc.Appoint("p", "a")


def test_update_says_which_fields_change_and_whether_it_moves():
    before = oc.Post("p", "P", "u")
    retitled = oc.Update(before, oc.Post("p", "Q", "u"))
    moved = oc.Update(before, oc.Post("p", "P", "u", reports_to="q"))
    assert retitled.fields == ("title",) and not retitled.moved
    assert moved.fields == ("reports_to",) and moved.moved


def test_change_set_is_an_immutable_sequence_value():
    ops = [oc.Vacate("ceo", "eddie-wu"), oc.Appoint("ceo", "joseph-tsai")]
    change = oc.ChangeSet(ops)
    assert len(change) == 2
    assert list(change) == ops
    assert change[1] == ops[1]
    assert change == oc.ChangeSet(tuple(ops))
    assert change != oc.ChangeSet(reversed(ops))
    assert hash(change) == hash(oc.ChangeSet(ops))
    assert bool(change) and not oc.ChangeSet()
    with pytest.raises(AttributeError):
        change.ops = ()


def test_snapshot_plus_and_minus_change_set():
    org = small_org()
    change = oc.ChangeSet([oc.Vacate("ceo", "eddie-wu"), oc.Appoint("ceo", "joseph-tsai")])
    after = org + change
    assert [p.id for p in after.holders("ceo")] == ["joseph-tsai"]
    assert after - change == org
    with pytest.raises(TypeError):
        change + org


def test_diff_remembers_its_snapshots_outside_equality():
    org = small_org()
    other = org + oc.ChangeSet([oc.Vacate("ceo", "eddie-wu")])
    change = oc.diff(org, other)
    assert change.before is org and change.after is other
    assert change == oc.ChangeSet(change.ops)
    assert change.invert().before is other
    assert change.then(oc.diff(other, org)).after is org


def test_diff_orders_operations_so_that_they_apply():
    """Swap a unit and its parent, and remove a reporting chain top-down."""
    a = oc.Snapshot.build(
        units=[oc.Unit("g", "G"), oc.Unit("c", "C", parent="g")],
        posts=[oc.Post("top", "T", "g"), oc.Post("mid", "M", "g", reports_to="top")],
    )
    b = oc.Snapshot.build(units=[oc.Unit("g", "G", parent="c"), oc.Unit("c", "C")])
    change = oc.diff(a, b)
    steps = [op.describe() for op in change]
    assert sorted(steps) == [
        "remove post 'mid'",
        "remove post 'top'",
        "update unit 'c' (parent)",
        "update unit 'g' (parent)",
    ]
    assert steps.index("remove post 'mid'") < steps.index("remove post 'top'")
    assert change.apply(a) == b
    assert oc.diff(b, a) == change.invert()


def test_text_of_a_change_set():
    # Built by hand, with no snapshot to name things from: the ids stand in.
    change = oc.ChangeSet([oc.Appoint("ceo", "eddie-wu")])
    assert change.to_text() == "eddie-wu becomes ceo"
    assert str(oc.ChangeSet()) == "(no changes)"
    # With the snapshot: names, and a vacancy and an appointment paired.
    org = small_org()
    change = oc.ChangeSet([oc.Vacate("ceo", "eddie-wu"), oc.Appoint("ceo", "joseph-tsai")])
    in_context = oc.diff(org, change.apply(org))
    assert str(in_context) == (
        "Joseph Tsai succeeds Eddie Wu as Chief Executive Officer, Alibaba Group"
    )
    assert "appoint 'joseph-tsai' to post 'ceo'" in repr([op.describe() for op in in_context])


@pytest.mark.parametrize(
    ("ops", "text"),
    [
        (
            lambda o: [oc.Update(o.units["cloud"], attrs.evolve(o.units["cloud"], name="Cloud"))],
            "Alibaba Cloud Intelligence is renamed Cloud",
        ),
        (
            lambda o: [oc.Update(o.units["damo"], attrs.evolve(o.units["damo"], parent="cloud"))],
            "DAMO Academy moves from Alibaba Group to Alibaba Cloud Intelligence",
        ),
        (
            lambda o: [
                oc.Update(
                    o.posts["cloud-cto"], attrs.evolve(o.posts["cloud-cto"], reports_to="ceo")
                )
            ],
            "Chief Technology Officer, Alibaba Cloud Intelligence now reports to "
            "Chief Executive Officer, Alibaba Group",
        ),
        (
            lambda o: [oc.Vacate("chair", "joseph-tsai")],
            "Joseph Tsai leaves Chairman, Alibaba Group",
        ),
        (
            lambda o: [
                oc.Add(oc.Unit("intl", "International", parent="alibaba")),
                oc.Add(oc.Post("intl-head", "Head", "intl", reports_to="ceo")),
                oc.Appoint("intl-head", "zhou-jingren"),
            ],
            "International is created in Alibaba Group\n"
            "New post: Head, International, reporting to Chief Executive Officer, "
            "Alibaba Group\nZhou Jingren becomes Head, International",
        ),
    ],
)
def test_changes_in_words(ops, text):
    org = small_org()
    after = oc.ChangeSet(ops(org)).apply(org)
    assert str(oc.diff(org, after)) == text


def test_a_change_of_marks_alone_names_the_marks():
    org = small_org()
    post = org.posts["cloud-cto"]
    marked = attrs.evolve(post, assumed={"reports_to": "no source"})
    after = oc.ChangeSet([oc.Update(post, marked)]).apply(org)
    assert str(oc.diff(org, after)) == (
        "Chief Technology Officer, Alibaba Cloud Intelligence: assumed changed"
    )
