"""Person, Unit, Post and Snapshot: validation, integrity, queries, text."""

import pytest

import orgchart as oc


def small_org() -> oc.Snapshot:
    return oc.Snapshot.build(
        people=[
            oc.Person("eddie-wu", "Eddie Wu", aliases=("Wu Yongming",)),
            oc.Person("joseph-tsai", "Joseph Tsai"),
            oc.Person("zhou-jingren", "Zhou Jingren", aliases=("Jingren Zhou",)),
        ],
        units=[
            oc.Unit("alibaba", "Alibaba Group", kind="group"),
            oc.Unit("cloud", "Alibaba Cloud Intelligence", parent="alibaba"),
            oc.Unit("damo", "DAMO Academy", parent="alibaba", kind="academy"),
        ],
        posts=[
            oc.Post("chair", "Chairman", "alibaba"),
            oc.Post("ceo", "Chief Executive Officer", "alibaba", reports_to="chair"),
            oc.Post("cloud-chair", "Chairman", "cloud", reports_to="ceo"),
            oc.Post("cloud-cto", "Chief Technology Officer", "cloud", reports_to="cloud-chair"),
            oc.Post("damo-vp", "Vice President", "damo", dotted_to=("cloud-cto",)),
        ],
        holders={
            "chair": ["joseph-tsai"],
            "ceo": ["eddie-wu"],
            "cloud-chair": ["eddie-wu"],
            "cloud-cto": ["zhou-jingren"],
            "damo-vp": ["zhou-jingren"],
        },
    )


# ------------------------------------------------------------------ values


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (lambda: oc.Person("", "A"), "id", ""),
        (lambda: oc.Person("  ", "A"), "id", "  "),
        (lambda: oc.Person(" a", "A"), "id", " a"),
        (lambda: oc.Person(7, "A"), "id", 7),
        (lambda: oc.Person("a", ""), "name", ""),
        (lambda: oc.Person("a", None), "name", None),
        (lambda: oc.Person("a", "A", aliases="Eddie"), "aliases", "Eddie"),
        (lambda: oc.Person("a", "A", aliases=["B", "B"]), "aliases", ["B", "B"]),
        (lambda: oc.Person("a", "A", aliases=[""]), "aliases", [""]),
        (lambda: oc.Unit("u", "U", parent=""), "parent", ""),
        (lambda: oc.Unit("u", "U", parent="u"), "parent", "u"),
        (lambda: oc.Unit("u", "U", kind=""), "kind", ""),
        (lambda: oc.Post("p", "", "u"), "title", ""),
        (lambda: oc.Post("p", "P", None), "unit", None),
        (lambda: oc.Post("p", "P", "u", reports_to="p"), "reports_to", "p"),
        (lambda: oc.Post("p", "P", "u", dotted_to="q"), "dotted_to", "q"),
        (lambda: oc.Post("p", "P", "u", dotted_to=("p",)), "dotted_to", ("p",)),
        (lambda: oc.Post("p", "P", "u", reports_to="q", dotted_to=("q",)), "dotted_to", ("q",)),
    ],
)
def test_bad_field_values_name_the_field_and_value(make, field, value):
    with pytest.raises(oc.ValidationError) as info:
        make()
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, oc.OrgChartError)
    assert repr(field) in str(info.value)
    assert repr(value) in str(info.value)


def test_values_are_frozen_and_compared_by_value():
    person = oc.Person("a", "A", aliases=["B"])
    assert person == oc.Person("a", "A", aliases=("B",))
    assert hash(person) == hash(oc.Person("a", "A", aliases=("B",)))
    with pytest.raises(AttributeError):
        person.name = "C"


def test_dotted_lines_are_a_set():
    assert oc.Post("p", "P", "u", dotted_to=["b", "a"]) == oc.Post(
        "p", "P", "u", dotted_to=["a", "b"]
    )


def test_readable_reprs():
    assert repr(oc.Person("a", "A")) == "Person(id='a', name='A')"
    assert repr(oc.Post("p", "P", "u", disputed=["reports_to"])) == (
        "Post(id='p', title='P', unit='u', disputed=('reports_to',))"
    )
    assert repr(small_org()) == "<Snapshot: 3 people, 3 units, 5 posts, 5 appointments>"


# --------------------------------------------------------------- integrity


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"units": [oc.Unit("a", "A", parent="ghost")]}, ["'a'", "'ghost'"]),
        ({"units": [oc.Unit("a", "A")], "posts": [oc.Post("p", "P", "ghost")]}, ["'p'", "'ghost'"]),
        (
            {"units": [oc.Unit("a", "A")], "posts": [oc.Post("p", "P", "a", reports_to="ghost")]},
            ["'p'", "'ghost'", "reports_to"],
        ),
        (
            {"units": [oc.Unit("a", "A")], "posts": [oc.Post("p", "P", "a", dotted_to=["ghost"])]},
            ["'p'", "'ghost'", "dotted_to"],
        ),
        ({"people": [oc.Person("x", "X"), oc.Person("x", "Y")]}, ["duplicate person id 'x'"]),
        ({"units": [oc.Unit("a", "A"), oc.Unit("a", "B")]}, ["duplicate unit id 'a'"]),
        (
            {"units": [oc.Unit("a", "A", parent="b"), oc.Unit("b", "B", parent="a")]},
            ["cycle", "'a' -> 'b' -> 'a'"],
        ),
        (
            {
                "units": [oc.Unit("u", "U")],
                "posts": [
                    oc.Post("p", "P", "u", reports_to="q"),
                    oc.Post("q", "Q", "u", dotted_to=["p"]),
                ],
            },
            ["reporting lines form a cycle", "'p' -> 'q' -> 'p'"],
        ),
        ({"holders": {"ghost": []}}, ["'ghost' is not a known post"]),
        (
            {
                "units": [oc.Unit("u", "U")],
                "posts": [oc.Post("p", "P", "u")],
                "holders": {"p": ["ghost"]},
            },
            ["'p'", "'ghost' is not a known person"],
        ),
        (
            {
                "people": [oc.Person("x", "X")],
                "units": [oc.Unit("u", "U")],
                "posts": [oc.Post("p", "P", "u")],
                "holders": {"p": ["x", "x"]},
            },
            ["listed twice"],
        ),
        (
            {
                "units": [oc.Unit("u", "U")],
                "posts": [oc.Post("p", "P", "u")],
                "holders": {"p": "x"},
            },
            ["'p'", "list of person ids"],
        ),
        ({"people": ["not a person"]}, ["expected a Person"]),
    ],
)
def test_integrity_errors_name_the_offending_ids(kwargs, names):
    with pytest.raises(oc.IntegrityError) as info:
        oc.Snapshot.build(**kwargs)
    assert isinstance(info.value, ValueError)
    for name in names:
        assert name in str(info.value)
    assert info.value.errors


def test_all_problems_are_reported_at_once():
    with pytest.raises(oc.IntegrityError) as info:
        oc.Snapshot.build(units=[oc.Unit("a", "A", parent="x"), oc.Unit("b", "B", parent="y")])
    assert len(info.value.errors) == 2


# ------------------------------------------------------------------ queries


def test_mappings_are_read_only():
    org = small_org()
    assert org.people["eddie-wu"].name == "Eddie Wu"
    assert set(org.units) == {"alibaba", "cloud", "damo"}
    with pytest.raises(TypeError):
        org.people["x"] = oc.Person("x", "X")
    with pytest.raises(AttributeError):
        org.foo = 1


def test_holders_and_posts_held_are_stably_ordered():
    org = oc.Snapshot.build(
        people=[oc.Person("b", "B"), oc.Person("a", "A")],
        units=[oc.Unit("u", "U")],
        posts=[oc.Post("q", "Q", "u"), oc.Post("p", "P", "u"), oc.Post("v", "V", "u")],
        holders={"p": ["b", "a"], "q": ["a"]},
    )
    assert [p.id for p in org.holders("p")] == ["a", "b"]
    assert org.holders("v") == ()
    assert [p.id for p in org.posts_held("a")] == ["p", "q"]
    assert org.posts_held("b") == (org.posts["p"],)


def test_unknown_ids_raise_not_found_naming_the_id():
    org = small_org()
    for call, key in [
        (lambda: org.holders("ghost-post"), "ghost-post"),
        (lambda: org.posts_held("ghost-person"), "ghost-person"),
        (lambda: org.children("ghost-unit"), "ghost-unit"),
    ]:
        with pytest.raises(oc.NotFoundError) as info:
            call()
        assert isinstance(info.value, KeyError)
        assert repr(key) in str(info.value)


def test_find_person_by_id_name_or_alias_case_insensitively():
    org = small_org()
    assert org.find_person("eddie-wu").name == "Eddie Wu"
    assert org.find_person("EDDIE WU").id == "eddie-wu"
    assert org.find_person("wu  yongming").id == "eddie-wu"
    assert org.find_person("Jingren Zhou").id == "zhou-jingren"


def test_find_person_errors():
    org = oc.Snapshot.build(
        people=[oc.Person("a", "Li Jin"), oc.Person("b", "Jin Li", aliases=("li jin",))]
    )
    with pytest.raises(oc.AmbiguousNameError) as info:
        org.find_person("Li Jin")
    assert "'a'" in str(info.value) and "'b'" in str(info.value)
    with pytest.raises(oc.NotFoundError) as missing:
        org.find_person("Nobody Here")
    assert "'Nobody Here'" in str(missing.value)


def test_snapshots_are_hashable_values():
    assert small_org() == small_org()
    assert hash(small_org()) == hash(small_org())
    assert len({small_org(), small_org()}) == 1
    assert small_org() != oc.Snapshot()
    assert oc.Snapshot() == oc.Snapshot.build()


def test_text_tree_shows_units_posts_and_holders_indented():
    assert small_org().to_text() == "\n".join(
        [
            "Alibaba Group [group]",
            "  Chairman: Joseph Tsai",
            "  Chief Executive Officer: Eddie Wu",
            "  Alibaba Cloud Intelligence",
            "    Chairman: Eddie Wu",
            "    Chief Technology Officer: Zhou Jingren",
            "  DAMO Academy [academy]",
            "    Vice President: Zhou Jingren",
        ]
    )
    assert str(small_org()) == small_org().to_text()


# ----------------------------------------------------------- names and lines


@pytest.mark.parametrize(
    "call",
    [
        lambda o, who: o.posts_held(who),
        lambda o, who: o.chain_of_command(who),
        lambda o, who: o.manager_of(who),
        lambda o, who: o.reports_of(who),
    ],
)
def test_every_method_taking_a_person_takes_an_id_a_name_an_alias_or_the_value(call):
    org = small_org()
    person = org.people["zhou-jingren"]
    answers = {call(org, who) for who in ("zhou-jingren", "Zhou Jingren", "jingren zhou", person)}
    assert len(answers) == 1


def test_every_method_taking_a_post_or_unit_takes_an_id_a_title_or_the_value():
    org = small_org()
    assert (
        org.holders("ceo")
        == org.holders("chief executive officer")
        == org.holders(org.posts["ceo"])
    )
    assert org.posts_in("cloud") == org.posts_in("Alibaba Cloud Intelligence")
    assert org.unit_path("DAMO Academy")[-1].id == "damo"


def test_ambiguous_and_unknown_names_say_what_they_can():
    org = small_org()
    with pytest.raises(oc.AmbiguousNameError, match="several posts: 'chair', 'cloud-chair'"):
        org.holders("Chairman")
    with pytest.raises(oc.NotFoundError, match="did you mean 'Eddie Wu'"):
        org.posts_held("Edie Wu")
    with pytest.raises(oc.NotFoundError, match="did you mean 'cloud-cto'"):
        org.holders("cloud-ctoo")
    with pytest.raises(oc.NotFoundError, match="no person 'ghost'"):
        org.posts_held(oc.Person("ghost", "Ghost"))


def test_reporting_lines_between_people():
    org = small_org()
    assert [p.id for p in org.chain_of_command("Zhou Jingren")] == ["eddie-wu", "joseph-tsai"]
    assert [p.id for p in org.manager_of("Zhou Jingren")] == ["eddie-wu"]
    assert org.manager_of("Joseph Tsai") == ()
    assert [p.id for p in org.reports_of("Joseph Tsai")] == ["eddie-wu"]
    assert [p.id for p in org.reports_of("Joseph Tsai", all=True)] == [
        "eddie-wu",
        "zhou-jingren",
    ]
    # A vacant post in between is passed over.
    vacant = oc.ChangeSet([oc.Vacate("cloud-chair", "eddie-wu")]).apply(org)
    assert [p.id for p in vacant.manager_of("Zhou Jingren")] == ["eddie-wu"]  # via the CEO
    assert [p.id for p in vacant.reports_of("Eddie Wu")] == ["zhou-jingren"]


def test_the_chain_of_command_in_the_data_set():
    org = oc.seeds.alibaba().as_of("2023-12-31")
    names = [p.name for p in org.chain_of_command("Jiang Jiangwei")]
    assert names == ["Zhou Jingren", "Eddie Wu", "Joseph Tsai"]


def test_depth_is_the_number_of_levels_below_the_root_everywhere():
    """``depth=0`` is the root alone and ``depth=1`` adds what is directly under
    it, for ``units_below``, ``posts_below`` and ``subtree`` alike."""
    org = oc.seeds.alibaba().as_of("2023-12-31")
    cloud = org.unit("Alibaba Cloud Intelligence Group")
    assert org.units_below(cloud, depth=0) == ()
    children = {u.id for u in org.children(cloud)}
    assert children and {u.id for u in org.units_below(cloud, depth=1)} == children
    assert set(org.subtree(cloud, depth=0).units) == {cloud.id}
    assert set(org.subtree(cloud, depth=1).units) == {cloud.id, *children}
    assert set(org.subtree(cloud).units) == {cloud.id, *(u.id for u in org.units_below(cloud))}
    for wrong in (-1, True, 1.5, "2"):
        with pytest.raises(oc.ValidationError, match="'depth' must be a whole number"):
            org.subtree(cloud, depth=wrong)
        with pytest.raises(oc.ValidationError, match="'depth'"):
            org.units_below(cloud, depth=wrong)
