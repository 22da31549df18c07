"""Hypothesis strategies for orgchart values, for your own property tests.

They need hypothesis, the ``strategies`` extra: ``pip install
'orgchart[strategies]'``. Without it, importing this module raises
:class:`~orgchart.errors.MissingExtraError` saying so.

One function per kind of value, named as a plural noun; options are
keyword-only and sizes come as ``min_*``/``max_*`` pairs. Every strategy
builds valid data by construction (each new unit or post attaches to one
already drawn), so nothing is rejected and examples shrink well. Names are
drawn from all of Unicode.

>>> from hypothesis import given
>>> import orgchart as oc
>>> from orgchart import strategies as ocst
>>> @given(ocst.snapshots(max_people=5))
... def test_diff_with_itself_is_empty(org):
...     assert not oc.diff(org, org)
>>> test_diff_with_itself_is_empty()

``change_sets(snapshot)`` draws a change set that applies to a given
snapshot; combine it with :func:`hypothesis.strategies.data` or
``flatmap``::

    @given(ocst.snapshots().flatmap(lambda s: st.tuples(st.just(s), ocst.change_sets(s))))
    def test_invert(pair):
        org, change = pair
        assert change.invert().apply(change.apply(org)) == org
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import MissingExtraError

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # hypothesis is the optional "strategies" extra
    raise MissingExtraError("orgchart.strategies", "strategies", "hypothesis") from error

from .changes import ChangeSet
from .dates import PartialDate
from .history import Event, History, Source
from .items import Person, Post, Unit
from .model import Snapshot
from .operations import Add, Appoint, Op, Remove, Update, Vacate

__all__ = [
    "change_sets",
    "dates",
    "divergent_snapshots",
    "events",
    "histories",
    "ids",
    "names",
    "people",
    "posts",
    "snapshots",
    "units",
]

_ID_ALPHABET = st.characters(
    categories=("Ll", "Lu", "Lo", "Nd"), include_characters="-_.", exclude_characters="\x00"
)
_UNIT_KINDS = ("group", "business group", "division", "academy", "department", "team")
_TITLES = (
    "Chief Executive Officer",
    "Chairman",
    "President",
    "Chief Technology Officer",
    "Chief People Officer",
    "Head",
    "Vice President",
    "Director",
)


def _check_sizes(**pairs: tuple[int, int | None]) -> None:
    for name, (low, high) in pairs.items():
        if not isinstance(low, int) or low < 0:
            raise InvalidArgument(f"min_{name}={low!r} must be a non-negative integer")
        if high is not None and (not isinstance(high, int) or high < low):
            raise InvalidArgument(f"max_{name}={high!r} must be an integer >= min_{name}={low!r}")


# Strategies are built once: building them anew inside every composite draw
# made generation slow enough to fail hypothesis's health check now and then.
_IDS = st.text(_ID_ALPHABET, min_size=1, max_size=8)
_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=9)
# Not blank by construction: some text, a visible character, some text.
_NAMES = st.builds(
    lambda before, mark, after: before + mark + after,
    _TEXT,
    st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")).filter(
        lambda c: not c.isspace()
    ),
    _TEXT,
)
_ALIASES = st.lists(_NAMES, max_size=2, unique=True).map(tuple)
_KINDS = st.none() | st.sampled_from(_UNIT_KINDS)
# Now and then a field marked as a modelling choice, with its reason.
_ASSUMED = st.sampled_from(
    [(), (("reports_to", "a modelling choice"),), (("holders", "not in the sources"),)]
)


def ids() -> st.SearchStrategy[str]:
    """Ids: short strings of letters, digits and ``-_.``, from all of Unicode."""
    return _IDS


def names() -> st.SearchStrategy[str]:
    """Display names: any Unicode text that is not blank, markup characters included."""
    return _NAMES


def people(*, max_aliases: int = 2) -> st.SearchStrategy[Person]:
    """People with a unique-looking id, a name and up to ``max_aliases`` aliases."""
    _check_sizes(aliases=(0, max_aliases))
    return st.builds(
        Person,
        id=ids(),
        name=names(),
        aliases=st.lists(names(), max_size=max_aliases, unique=True).map(tuple),
    )


def units(*, parents: Sequence[str] | None = None) -> st.SearchStrategy[Unit]:
    """Units; ``parents`` lists the ids a parent may be drawn from (default: any id)."""
    parent = st.none() | (st.sampled_from(list(parents)) if parents else ids())
    # The id and the parent are drawn together and differ before the Unit is
    # made: a unit inside itself is refused when it is made.
    id_and_parent = st.tuples(ids(), parent).filter(_differ)
    return st.builds(_unit, id_and_parent, names(), st.none() | st.sampled_from(_UNIT_KINDS))


def _differ(pair: tuple[str, str | None]) -> bool:
    return pair[0] != pair[1]


def _unit(id_and_parent: tuple[str, str | None], name: str, kind: str | None) -> Unit:
    unit_id, parent = id_and_parent
    return Unit(unit_id, name, parent=parent, kind=kind)


def posts(
    *, units: Sequence[str] | None = None, superiors: Sequence[str] | None = None
) -> st.SearchStrategy[Post]:
    """Posts in one of ``units`` reporting to one of ``superiors`` (default: any ids)."""
    unit = st.sampled_from(list(units)) if units else ids()
    superior = st.none() | (st.sampled_from(list(superiors)) if superiors else ids())
    # The id and the superior are drawn together and differ before the Post is
    # made: a post reporting to itself is refused when it is made.
    id_and_superior = st.tuples(ids(), superior).filter(_differ)
    return st.builds(_post, id_and_superior, _titles(), unit)


def _post(id_and_superior: tuple[str, str | None], title: str, unit: str) -> Post:
    post_id, superior = id_and_superior
    return Post(post_id, title, unit, reports_to=superior)


_TITLE_TEXT = st.sampled_from(_TITLES) | _NAMES


def _titles() -> st.SearchStrategy[str]:
    return _TITLE_TEXT


@st.composite
def snapshots(
    draw: Any,
    *,
    min_people: int = 0,
    max_people: int = 8,
    min_units: int = 1,
    max_units: int = 6,
    min_posts: int = 0,
    max_posts: int = 10,
    max_holders: int = 3,
) -> Snapshot:
    """Valid snapshots: unit trees (deep ones too), reporting DAGs with dotted
    lines, vacant and co-held posts, people holding several posts.
    """
    _check_sizes(people=(min_people, max_people), units=(min_units, max_units))
    _check_sizes(posts=(min_posts, max_posts), holders=(0, max_holders))
    if min_posts > 0 and max_units == 0:
        raise InvalidArgument("posts need units: max_units must be > 0 when min_posts > 0")
    person_ids = draw(st.lists(ids(), min_size=min_people, max_size=max_people, unique=True))
    people_list = [Person(i, draw(_NAMES), aliases=draw(_ALIASES)) for i in person_ids]
    unit_ids = draw(st.lists(ids(), min_size=min_units, max_size=max_units, unique=True))
    units_list: list[Unit] = []
    for i, unit_id in enumerate(unit_ids):
        parent = draw(_attach_to(unit_ids[:i]))
        kind = draw(_KINDS)
        units_list.append(Unit(unit_id, draw(names()), parent=parent, kind=kind))
    posts_list: list[Post] = []
    if unit_ids:
        post_ids = draw(st.lists(ids(), min_size=min_posts, max_size=max_posts, unique=True))
        for i, post_id in enumerate(post_ids):
            earlier = post_ids[:i]
            reports_to = draw(_attach_to(earlier))
            dotted_choices = [p for p in earlier if p != reports_to]
            dotted = draw(_subsets(dotted_choices, max_size=2))
            posts_list.append(
                Post(
                    post_id,
                    draw(_titles()),
                    draw(st.sampled_from(unit_ids)),
                    reports_to=reports_to,
                    dotted_to=dotted,
                    disputed=draw(_subsets(("holders", "reports_to"), max_size=1)),
                    assumed=draw(_ASSUMED),
                )
            )
    holders = {post.id: draw(_subsets(person_ids, max_size=max_holders)) for post in posts_list}
    return Snapshot.build(people_list, units_list, posts_list, holders)


def _attach_to(earlier: Sequence[str]) -> st.SearchStrategy[str | None]:
    """None, any earlier id, or the latest one (which makes deep chains likely)."""
    if not earlier:
        return st.none()
    return st.none() | st.sampled_from(list(earlier)) | st.just(earlier[-1])


def _subsets(choices: Sequence[str], *, max_size: int) -> st.SearchStrategy[tuple[str, ...]]:
    if not choices:
        return st.just(())
    return st.lists(st.sampled_from(list(choices)), max_size=max_size, unique=True).map(tuple)


@st.composite
def change_sets(
    draw: Any, snapshot: Snapshot, *, min_size: int = 0, max_size: int = 8
) -> ChangeSet:
    """Change sets that apply to ``snapshot``: a random walk of valid operations.

    Every kind of operation appears (add, remove and update of people, units
    and posts; appoint; vacate), including moves of units and posts that keep
    the hierarchy free of cycles. The result remembers ``before`` and
    ``after``.
    """
    if not isinstance(snapshot, Snapshot):
        raise InvalidArgument(f"snapshot must be a Snapshot (got {snapshot!r})")
    _check_sizes(size=(min_size, max_size))
    size = draw(st.integers(min_size, max_size))
    ops: list[Op] = []
    current = snapshot
    for _ in range(size):
        makers = [m for m in _MAKERS if m.possible(current)]
        maker = draw(st.sampled_from(makers))
        op = maker.make(draw, current)
        current = ChangeSet([op]).apply(current)
        ops.append(op)
    return ChangeSet(ops, before=snapshot, after=current)


@st.composite
def divergent_snapshots(
    draw: Any, *, max_changes: int = 6, **snapshot_options: int
) -> tuple[Snapshot, Snapshot, Snapshot]:
    """Three-way merge inputs: ``(base, ours, theirs)``, two orgs drafted from one.

    Each side applies up to ``max_changes`` operations to ``base``; the two
    sides often share their first operations (the same change made twice) and
    then go their own ways, so that merges meet every case: one side only,
    both the same, both different, and changes that break a rule together.
    ``snapshot_options`` go to :func:`snapshots` for the base, which is
    small by default (at most 4 people, 3 units and 5 posts) so that the two
    sides often meet on the same items.

    >>> from hypothesis import given
    >>> import orgchart as oc
    >>> from orgchart import strategies as ocst
    >>> @given(ocst.divergent_snapshots())
    ... def test_taking_one_side_only(triple):
    ...     base, ours, _ = triple
    ...     assert oc.merge(base, ours, base).snapshot == ours
    >>> test_taking_one_side_only()
    """
    _check_sizes(changes=(0, max_changes))
    options = {"max_people": 4, "max_units": 3, "max_posts": 5, **snapshot_options}
    base = draw(snapshots(**options))
    ours = draw(change_sets(base, max_size=max_changes))
    shared = draw(st.integers(0, len(ours)))
    middle = ChangeSet(ours.ops[:shared]).apply(base)
    theirs = draw(change_sets(middle, max_size=max(0, max_changes - shared)))
    return base, ours.after, theirs.apply(middle)


def _fresh(draw: Any, taken: Any) -> str:
    new_id = draw(ids())
    n = 0
    candidate = new_id
    while candidate in taken:
        n += 1
        candidate = f"{new_id}.{n}"
    return candidate


def _below_unit(s: Snapshot, unit_id: str) -> set[str]:
    """The unit and every unit under it."""
    return {unit_id, *(u.id for u in s.units_below(unit_id))}


def _below_post(s: Snapshot, post_id: str) -> set[str]:
    """The post and every post reporting to it, directly or not, by any line."""
    return {post_id, *(p.id for p in s.posts_below(post_id))}


class _Maker:
    def possible(self, s: Snapshot) -> bool:
        return True

    def make(self, draw: Any, s: Snapshot) -> Op:
        raise NotImplementedError


class _AddPerson(_Maker):
    def make(self, draw: Any, s: Snapshot) -> Op:
        return Add(Person(_fresh(draw, s.people), draw(names())))


class _RemovePerson(_Maker):
    def candidates(self, s: Snapshot) -> list[str]:
        return sorted(p for p in s.people if not s.posts_held(p))

    def possible(self, s: Snapshot) -> bool:
        return bool(self.candidates(s))

    def make(self, draw: Any, s: Snapshot) -> Op:
        return Remove(s.people[draw(st.sampled_from(self.candidates(s)))])


class _UpdatePerson(_Maker):
    def possible(self, s: Snapshot) -> bool:
        return bool(s.people)

    def make(self, draw: Any, s: Snapshot) -> Op:
        before = s.people[draw(st.sampled_from(sorted(s.people)))]
        name = draw(names().filter(lambda n: n != before.name))
        return Update(before, Person(before.id, name, aliases=(before.name,)))


class _AddUnit(_Maker):
    def make(self, draw: Any, s: Snapshot) -> Op:
        parent = draw(st.none() | st.sampled_from(sorted(s.units))) if s.units else None
        return Add(Unit(_fresh(draw, s.units), draw(names()), parent=parent))


class _RemoveUnit(_Maker):
    def candidates(self, s: Snapshot) -> list[str]:
        return sorted(u for u in s.units if not s.children(u) and not s.posts_in(u))

    def possible(self, s: Snapshot) -> bool:
        return bool(self.candidates(s))

    def make(self, draw: Any, s: Snapshot) -> Op:
        return Remove(s.units[draw(st.sampled_from(self.candidates(s)))])


class _UpdateUnit(_Maker):
    def possible(self, s: Snapshot) -> bool:
        return bool(s.units)

    def make(self, draw: Any, s: Snapshot) -> Op:
        before = s.units[draw(st.sampled_from(sorted(s.units)))]
        parents = sorted(set(s.units) - _below_unit(s, before.id))
        parent = draw(st.none() | st.sampled_from(parents)) if parents else None
        name = draw(st.just(before.name) | names())
        kind = draw(st.just(before.kind) | st.none() | st.sampled_from(_UNIT_KINDS))
        after = Unit(before.id, name, parent=parent, kind=kind)
        if after == before:
            after = Unit(before.id, before.name + "′", parent=parent, kind=kind)
        return Update(before, after)


class _AddPost(_Maker):
    def possible(self, s: Snapshot) -> bool:
        return bool(s.units)

    def make(self, draw: Any, s: Snapshot) -> Op:
        existing = sorted(s.posts)
        reports_to = draw(st.none() | st.sampled_from(existing)) if existing else None
        dotted = draw(_subsets([p for p in existing if p != reports_to], max_size=2))
        unit = draw(st.sampled_from(sorted(s.units)))
        post = Post(_fresh(draw, s.posts), draw(_titles()), unit, reports_to, dotted)
        return Add(post)


class _RemovePost(_Maker):
    def candidates(self, s: Snapshot) -> list[str]:
        return sorted(p for p in s.posts if not s.holders(p) and not s.reports(p))

    def possible(self, s: Snapshot) -> bool:
        return bool(self.candidates(s))

    def make(self, draw: Any, s: Snapshot) -> Op:
        return Remove(s.posts[draw(st.sampled_from(self.candidates(s)))])


class _UpdatePost(_Maker):
    def possible(self, s: Snapshot) -> bool:
        return bool(s.posts)

    def make(self, draw: Any, s: Snapshot) -> Op:
        before = s.posts[draw(st.sampled_from(sorted(s.posts)))]
        allowed = sorted(set(s.posts) - _below_post(s, before.id))
        reports_to = draw(st.none() | st.sampled_from(allowed)) if allowed else None
        dotted = draw(_subsets([p for p in allowed if p != reports_to], max_size=2))
        unit = draw(st.just(before.unit) | st.sampled_from(sorted(s.units)))
        title = draw(st.just(before.title) | _titles())
        after = Post(before.id, title, unit, reports_to, dotted)
        if after == before:
            after = Post(before.id, before.title + "′", unit, reports_to, dotted)
        return Update(before, after)


class _Appoint(_Maker):
    def candidates(self, s: Snapshot) -> list[tuple[str, str]]:
        return [
            (post, person)
            for post in sorted(s.posts)
            for person in sorted(s.people)
            if person not in s.appointments.get(post, ())
        ]

    def possible(self, s: Snapshot) -> bool:
        return bool(s.posts) and bool(s.people) and bool(self.candidates(s))

    def make(self, draw: Any, s: Snapshot) -> Op:
        post, person = draw(st.sampled_from(self.candidates(s)))
        return Appoint(post, person)


class _Vacate(_Maker):
    def candidates(self, s: Snapshot) -> list[tuple[str, str]]:
        return [
            (post, p) for post, holders in sorted(s.appointments.items()) for p in sorted(holders)
        ]

    def possible(self, s: Snapshot) -> bool:
        return bool(s.appointments)

    def make(self, draw: Any, s: Snapshot) -> Op:
        post, person = draw(st.sampled_from(self.candidates(s)))
        return Vacate(post, person)


_MAKERS: tuple[_Maker, ...] = (
    _AddPerson(),
    _RemovePerson(),
    _UpdatePerson(),
    _AddUnit(),
    _RemoveUnit(),
    _UpdateUnit(),
    _AddPost(),
    _RemovePost(),
    _UpdatePost(),
    _Appoint(),
    _Vacate(),
)


# ----------------------------------------------------------------- histories


@st.composite
def dates(draw: Any, *, min_year: int = 1990, max_year: int = 2040) -> PartialDate:
    """Dates at day, month or year precision."""
    _check_sizes(year=(min_year, max_year))
    year = draw(st.integers(min_year, max_year))
    precision = draw(st.sampled_from(("day", "day", "month", "year")))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    day = draw(st.integers(1, 28 if month == 2 else 30))
    return PartialDate(year, month, day)


def events(
    snapshot: Snapshot, *, min_changes: int = 1, max_changes: int = 4
) -> st.SearchStrategy[Event]:
    """Single events whose change set applies to ``snapshot``."""
    return st.builds(
        Event,
        date=dates(),
        changes=change_sets(snapshot, min_size=min_changes, max_size=max_changes),
        summary=st.just("") | names(),
        announced=st.none() | dates(),
        note=st.none() | names(),
    )


@st.composite
def histories(
    draw: Any,
    *,
    min_events: int = 0,
    max_events: int = 6,
    max_changes: int = 4,
    max_sources: int = 3,
) -> History:
    """Valid histories: a base snapshot and dated events that each fit the org
    of their date. Dates come at every precision, several events may share a
    date, some are announced before (or after) they take effect, and events
    cite entries of a generated source table.
    """
    _check_sizes(events=(min_events, max_events), changes=(0, max_changes))
    _check_sizes(sources=(0, max_sources))
    base = draw(snapshots())
    source_ids = draw(st.lists(ids(), max_size=max_sources, unique=True))
    table = [
        Source(
            i, draw(names()), publisher=draw(st.none() | names()), date=draw(st.none() | dates())
        )
        for i in source_ids
    ]
    when = draw(st.lists(dates(), min_size=min_events, max_size=max_events))
    when.sort(key=lambda d: d.earliest)
    history_events = []
    current = base
    for date in when:
        change = draw(change_sets(current, min_size=0, max_size=max_changes))
        current = change.after
        announced = draw(st.none() | st.none() | dates())
        history_events.append(
            Event(
                date,
                change,
                summary=draw(st.just("") | names()),
                sources=tuple(draw(_subsets(source_ids, max_size=2))),
                announced=announced,
                note=draw(st.none() | names()),
            )
        )
    title = draw(st.none() | names())
    return History(
        base, history_events, table if draw(st.booleans()) or source_ids else None, title=title
    )
