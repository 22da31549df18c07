"""Three-way merge: the laws (hypothesis) and the cases people meet."""

from __future__ import annotations

import pytest
from hypothesis import given

import orgchart as oc
from orgchart import strategies as ocst

# ---------------------------------------------------------------- the laws


def _touched_ids(change: oc.ChangeSet) -> set[str]:
    """The ids a change set touches: items, and both ends of an appointment."""
    found = set()
    for op in change:
        if isinstance(op, (oc.Appoint, oc.Vacate)):
            found |= {op.post, op.person}
        else:
            found.add(op.id)
    return found


def _touched_items(change: oc.ChangeSet) -> set[tuple[str, str]]:
    found = set()
    for op in change:
        if isinstance(op, (oc.Appoint, oc.Vacate)):
            found |= {("post", op.post), ("person", op.person)}
        else:
            found.add((op.kind, op.id))
    return found


@given(ocst.divergent_snapshots())
def test_one_side_alone_or_both_alike_is_that_side(triple):
    base, x, _ = triple
    assert oc.merge(base, x, base).snapshot == x
    assert oc.merge(base, base, x).snapshot == x
    assert oc.merge(base, x, x).snapshot == x


@given(ocst.divergent_snapshots())
def test_merge_is_symmetric(triple):
    base, x, y = triple
    xy, yx = oc.merge(base, x, y), oc.merge(base, y, x)
    assert bool(xy) == bool(yx)
    assert xy.snapshot == yx.snapshot
    assert xy.conflicts == tuple(c.swapped() for c in yx.conflicts)


@given(ocst.divergent_snapshots())
def test_disjoint_changes_merge_cleanly_into_both_applied(triple):
    base, x, y = triple
    dx, dy = oc.diff(base, x), oc.diff(base, y)
    if _touched_items(dx) & _touched_items(dy):
        return
    try:
        both = dy.apply(dx.apply(base))
    except oc.ConflictError:
        return  # together they break a rule: an invariant conflict, tested below
    merged = oc.merge(base, x, y)
    assert merged, merged.to_text()
    assert merged.snapshot == both


@given(ocst.divergent_snapshots())
def test_a_clean_merge_is_its_changes_applied_to_the_base(triple):
    base, x, y = triple
    merged = oc.merge(base, x, y)
    if merged:
        assert merged.changes.apply(base) == merged.snapshot
        assert not merged.conflicts
        # Valid: it builds again from its own parts.
        s = merged.snapshot
        assert (
            oc.Snapshot.build(s.people.values(), s.units.values(), s.posts.values(), s.appointments)
            == s
        )
    else:
        assert merged.snapshot is None and merged.changes is None and merged.conflicts


@given(ocst.divergent_snapshots())
def test_every_conflict_names_what_the_sides_touch(triple):
    base, x, y = triple
    merged = oc.merge(base, x, y)
    ours, theirs = _touched_ids(oc.diff(base, x)), _touched_ids(oc.diff(base, y))
    for conflict in merged.conflicts:
        if conflict.kind == "invariant":
            assert conflict.id in ours | theirs, conflict
        else:
            assert conflict.id in ours & theirs, conflict
        assert conflict.describe()


@given(ocst.divergent_snapshots())
def test_resolving_to_one_side_is_clean_or_says_why(triple):
    base, x, y = triple
    merged = oc.merge(base, x, y)
    for side in ("ours", "theirs"):
        try:
            resolved = merged.resolve(side)
        except oc.MergeError as error:
            assert error.conflicts
            continue
        assert resolved and resolved.snapshot is not None
        assert resolved.changes.apply(base) == resolved.snapshot


# ------------------------------------------------------------ the cases


@pytest.fixture
def base():
    return oc.Snapshot.build(
        people=[
            oc.Person("ew", "Eddie Wu"),
            oc.Person("dz", "Daniel Zhang"),
            oc.Person("zj", "Zhou Jingren"),
        ],
        units=[oc.Unit("g", "Alibaba Group"), oc.Unit("c", "Alibaba Cloud", parent="g")],
        posts=[
            oc.Post("ceo", "Chief Executive Officer", "g"),
            oc.Post("cloud", "President", "c", reports_to="ceo"),
            oc.Post("cto", "Chief Technology Officer", "c", reports_to="cloud"),
        ],
        holders={"ceo": ["dz"], "cloud": ["dz"], "cto": ["zj"]},
    )


def apply(snapshot, *ops):
    return oc.ChangeSet(ops).apply(snapshot)


def test_both_change_one_field_differently(base):
    post = base.posts["cloud"]
    ours = apply(base, oc.Update(post, oc.Post("cloud", "Chairman", "c", reports_to="ceo")))
    theirs = apply(
        base, oc.Update(post, oc.Post("cloud", "Chief Executive", "c", reports_to="ceo"))
    )
    merged = oc.merge(base, ours, theirs)
    assert not merged and merged.snapshot is None
    (conflict,) = merged.conflicts
    assert (conflict.kind, conflict.item, conflict.id, conflict.field) == (
        "both-changed",
        "post",
        "cloud",
        "title",
    )
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        "President",
        "Chairman",
        "Chief Executive",
    )
    assert conflict.describe() == (
        "both sides change the title of post 'President': 'President' becomes 'Chairman' "
        "in ours and 'Chief Executive' in theirs"
    )
    assert merged.resolve("theirs").snapshot.posts["cloud"].title == "Chief Executive"
    assert merged.resolve({conflict: "ours"}).snapshot.posts["cloud"].title == "Chairman"
    assert merged.resolve({"cloud": "ours"}).snapshot.posts["cloud"].title == "Chairman"
    with pytest.raises(oc.MergeError, match="no side chosen"):
        merged.resolve({})
    with pytest.raises(oc.ValidationError, match="'ours' or 'theirs'"):
        merged.resolve("mine")


def test_different_fields_of_one_item_merge(base):
    post = base.posts["cloud"]
    ours = apply(base, oc.Update(post, oc.Post("cloud", "Chairman", "c", reports_to="ceo")))
    theirs = apply(base, oc.Update(post, oc.Post("cloud", "President", "g", reports_to="ceo")))
    merged = oc.merge(base, ours, theirs)
    assert merged.snapshot.posts["cloud"] == oc.Post("cloud", "Chairman", "g", reports_to="ceo")


def test_holders_merge_as_sets(base):
    ours = apply(base, oc.Vacate("cloud", "dz"), oc.Appoint("cloud", "ew"))
    theirs = apply(base, oc.Appoint("cloud", "zj"))
    merged = oc.merge(base, ours, theirs)
    assert [p.id for p in merged.snapshot.holders("cloud")] == ["ew", "zj"]


def test_one_removes_what_the_other_changes(base):
    ours = apply(base, oc.Vacate("cto", "zj"), oc.Remove(base.posts["cto"]))
    theirs = apply(
        base,
        oc.Update(base.posts["cto"], oc.Post("cto", "Chief Scientist", "c", reports_to="cloud")),
    )
    merged = oc.merge(base, ours, theirs)
    kinds = [c.kind for c in merged.conflicts]
    assert "removed-and-changed" in kinds
    text = merged.to_text()
    assert "ours removes post 'Chief Technology Officer', which theirs changes" in text


def test_both_add_one_id_differently(base):
    ours = apply(base, oc.Add(oc.Person("jj", "Jiang Jiangwei")))
    theirs = apply(base, oc.Add(oc.Person("jj", "Jiangwei Jiang")))
    (conflict,) = oc.merge(base, ours, theirs).conflicts
    assert conflict.kind == "both-added" and conflict.id == "jj"
    same = oc.merge(base, ours, ours)
    assert same and same.snapshot.people["jj"].name == "Jiang Jiangwei"


def test_valid_alone_broken_together(base):
    # Ours removes the cloud unit's CTO post; theirs has someone report to it.
    ours = apply(base, oc.Vacate("cto", "zj"), oc.Remove(base.posts["cto"]))
    theirs = apply(
        base,
        oc.Add(oc.Post("infra", "Head of Infrastructure", "c", reports_to="cto")),
        oc.Appoint("infra", "ew"),
    )
    merged = oc.merge(base, ours, theirs)
    (conflict,) = merged.conflicts
    assert (conflict.kind, conflict.id, conflict.field, conflict.others) == (
        "invariant",
        "infra",
        "reports_to",
        ("cto",),
    )
    assert conflict.describe() == (
        "together the two sides break a rule: post 'Head of Infrastructure' reports to "
        "'Chief Technology Officer', which the other side removes"
    )
    assert merged.resolve("ours").snapshot == ours
    assert merged.resolve("theirs").snapshot == theirs


def test_a_removed_person_appointed_by_the_other_side(base):
    ours = apply(base, oc.Vacate("cto", "zj"), oc.Remove(base.people["zj"]))
    theirs = apply(base, oc.Appoint("cloud", "zj"))
    merged = oc.merge(base, ours, theirs)
    (conflict,) = merged.conflicts
    assert (conflict.kind, conflict.id, conflict.field, conflict.others) == (
        "invariant",
        "cloud",
        "holders",
        ("zj",),
    )
    assert "appoints 'Zhou Jingren' to post 'President', and the other side removes them" in (
        conflict.describe()
    )


def test_a_reporting_cycle_made_by_two_sides():
    base = oc.Snapshot.build(
        units=[oc.Unit("g", "Group")],
        posts=[oc.Post("a", "Chair", "g"), oc.Post("b", "Chief Executive", "g")],
    )
    ours = apply(base, oc.Update(base.posts["a"], oc.Post("a", "Chair", "g", reports_to="b")))
    theirs = apply(
        base, oc.Update(base.posts["b"], oc.Post("b", "Chief Executive", "g", reports_to="a"))
    )
    merged = oc.merge(base, ours, theirs)
    (conflict,) = merged.conflicts
    assert (conflict.kind, conflict.id, conflict.others) == ("invariant", "a", ("b",))
    assert "reporting lines form a cycle: 'Chair' -> 'Chief Executive' -> 'Chair'" in str(conflict)
    assert merged.resolve("ours").snapshot == ours


def test_fields_valid_alone_but_not_together(base):
    # Ours moves the CTO's solid line to the CEO; theirs adds a dotted line to the CEO.
    cto = base.posts["cto"]
    ours = apply(base, oc.Update(cto, oc.Post("cto", cto.title, "c", reports_to="ceo")))
    theirs = apply(
        base, oc.Update(cto, oc.Post("cto", cto.title, "c", reports_to="cloud", dotted_to=["ceo"]))
    )
    merged = oc.merge(base, ours, theirs)
    (conflict,) = merged.conflicts
    assert (conflict.kind, conflict.item, conflict.id, conflict.field) == (
        "invariant",
        "post",
        "cto",
        None,
    )
    assert (conflict.base, conflict.ours, conflict.theirs) == (
        cto,
        ours.posts["cto"],
        theirs.posts["cto"],
    )
    assert str(conflict) == (
        "together the two sides break a rule: post 'Chief Technology Officer' would take "
        "reports_to from ours and dotted_to from theirs, and then 'dotted_to' must be posts "
        "other than the solid-line superior 'ceo' (got ('ceo',))"
    )
    assert merged.resolve("ours").snapshot == ours
    assert merged.resolve("theirs").snapshot == theirs


def test_merging_histories_reads_them_on_a_date():
    history = oc.seeds.alibaba()
    on = "2024-12-31"
    base = history.as_of(on)
    post = next(p for p in base.posts.values() if p.title == "Chief Technology Officer")
    ours = history.append(
        oc.Event(
            "2025-01-15",
            [
                oc.Update(
                    post, oc.Post(post.id, "Chief Scientist", post.unit, reports_to=post.reports_to)
                )
            ],
            summary="ours",
        )
    )
    merged = oc.merge(history, ours, history, on="2025-02-01")
    assert merged and merged.snapshot.posts[post.id].title == "Chief Scientist"
    with pytest.raises(oc.ValidationError, match="a Snapshot or a History"):
        oc.merge(history, "ours.yaml", history)


# ------------------------------------------------------- drawing and the command


def test_a_merge_is_drawn_with_each_side_and_the_conflicts(base):
    ours = apply(base, oc.Vacate("cloud", "dz"), oc.Appoint("cloud", "ew"))
    ours = apply(
        ours,
        oc.Update(base.posts["cto"], oc.Post("cto", "Chief Scientist", "c", reports_to="cloud")),
    )
    theirs = apply(
        base, oc.Update(base.posts["cto"], oc.Post("cto", "CTO", "c", reports_to="cloud"))
    )
    merged = oc.merge(base, ours, theirs)
    dot = oc.to_dot(merged)
    assert dot.startswith("digraph orgchart {")
    assert "Merge: 1 conflict" in dot
    assert 'class="post conflict"' in dot and 'class="post ours"' in dot
    assert "ours: title: Chief Technology Officer → Chief Scientist" in dot
    assert "theirs: title: Chief Technology Officer → CTO" in dot
    assert "changed by ours" in dot and "conflict" in dot  # the legend
    clean = merged.resolve("ours")
    assert "Merge: clean, " in oc.to_dot(clean)
    with pytest.raises(oc.ValidationError, match="'root' does not apply to a merge"):
        oc.to_dot(merged, root="c")


def _files(tmp_path, base, ours, theirs):
    paths = []
    for name, snapshot in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.yaml"
        oc.dump(oc.History(snapshot), path)
        paths.append(str(path))
    return paths


def test_the_command_exits_1_with_one_line_per_conflict(base, tmp_path, capsys):
    from orgchart.cli import main

    ours = apply(base, oc.Update(base.posts["cto"], oc.Post("cto", "A", "c", reports_to="cloud")))
    theirs = apply(base, oc.Update(base.posts["cto"], oc.Post("cto", "B", "c", reports_to="cloud")))
    diagram = tmp_path / "merge.dot"
    status = main(["merge", *_files(tmp_path, base, ours, theirs), "--diagram", str(diagram)])
    out = capsys.readouterr().out
    assert status == 1
    assert out.splitlines()[-1] == (
        "conflict (both-changed): both sides change the title of post 'Chief Technology "
        "Officer': 'Chief Technology Officer' becomes 'A' in ours and 'B' in theirs"
    )
    assert diagram.read_text().startswith("digraph orgchart {")
    assert not (tmp_path / "merged.yaml").exists()


def test_the_command_writes_a_clean_merge(base, tmp_path, capsys):
    from orgchart.cli import main

    ours = apply(base, oc.Vacate("cloud", "dz"), oc.Appoint("cloud", "ew"))
    theirs = apply(base, oc.Appoint("cto", "dz"))
    output = tmp_path / "merged.yaml"
    status = main(["merge", *_files(tmp_path, base, ours, theirs), "-o", str(output)])
    assert status == 0
    out = capsys.readouterr().out
    assert out.startswith("clean merge: 3 changes from the base")
    assert oc.load(output).latest == oc.merge(base, ours, theirs).snapshot
