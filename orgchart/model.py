"""People, units, posts, and the snapshot that holds them.

A :class:`Snapshot` is a value: the people, units and posts of an
organisation at one moment and who holds each post. Reporting lines run
between posts, because posts outlive their holders.

>>> import orgchart as oc
>>> org = oc.Snapshot.build(
...     people=[oc.Person("eddie-wu", "Eddie Wu", aliases=("Wu Yongming",))],
...     units=[oc.Unit("alibaba", "Alibaba Group", kind="group")],
...     posts=[oc.Post("ceo", "Chief Executive Officer", "alibaba")],
...     holders={"ceo": ["eddie-wu"]},
... )
>>> org.find_person("wu yongming").name
'Eddie Wu'
>>> [p.title for p in org.posts_held("eddie-wu")]
['Chief Executive Officer']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs
import immutables

from .errors import AmbiguousNameError, IntegrityError, NotFoundError, ValidationError

__all__ = ["Item", "Person", "Post", "Snapshot", "Unit"]


# ---------------------------------------------------------------- validators


def _check_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError.field(attribute.name, value, "a non-empty string")
    if value != value.strip():
        raise ValidationError.field(
            attribute.name, value, "a string without leading or trailing spaces"
        )


def _check_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError.field(attribute.name, value, "a non-empty string")


def _check_optional_id(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        _check_id(instance, attribute, value)


def _check_optional_text(instance: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None:
        _check_text(instance, attribute, value)


def _string_tuple(field_name: str, *, canonical: bool) -> Any:
    """A converter to a tuple of strings that refuses a bare string.

    A bare string would otherwise become a tuple of its characters. With
    ``canonical`` the tuple is sorted (for fields that are sets in meaning).
    """

    def convert(value: Any) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ValidationError.field(field_name, value, "a list or tuple of strings")
        items = tuple(value)
        for item in items:
            if not isinstance(item, str) or not item.strip():
                raise ValidationError.field(field_name, value, "a list of non-empty strings")
        if len(set(items)) != len(items):
            raise ValidationError.field(field_name, value, "a list without repeated entries")
        return tuple(sorted(items)) if canonical else items

    return convert


def _disputed(*allowed: str) -> Any:
    """A converter for ``disputed``: the names of fields whose value a source contests."""
    convert_names = _string_tuple("disputed", canonical=True)

    def convert(value: Any) -> tuple[str, ...]:
        names = convert_names(value)
        for name in names:
            if name not in allowed:
                raise ValidationError.field(
                    "disputed", value, f"names among {', '.join(map(repr, allowed))}"
                )
        return names

    return convert


def _repr(self: Any) -> str:
    """attrs-style repr that leaves out optional fields still at their default."""
    parts = []
    for field in attrs.fields(type(self)):
        value = getattr(self, field.name)
        if field.default is attrs.NOTHING or value != field.default:
            parts.append(f"{field.name}={value!r}")
    return f"{type(self).__name__}({', '.join(parts)})"


# -------------------------------------------------------------------- values


@attrs.frozen(slots=True, repr=False)
class Person:
    """A person: a stable id, the name to show, and other names they go by.

    >>> Person("liu-weiguang", "Liu Weiguang", aliases=("Weiguang Liu",))
    Person(id='liu-weiguang', name='Liu Weiguang', aliases=('Weiguang Liu',))
    """

    id: str = attrs.field(validator=_check_id)
    name: str = attrs.field(validator=_check_text)
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=_string_tuple("aliases", canonical=False)
    )
    disputed: tuple[str, ...] = attrs.field(
        default=(), converter=_disputed("name", "aliases"), kw_only=True
    )

    __repr__ = _repr

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then the aliases."""
        return (self.name, *self.aliases)


@attrs.frozen(slots=True, repr=False)
class Unit:
    """An organisational unit (group, business group, academy, division...).

    ``parent`` is the id of the unit it belongs to, or None for a top unit.

    >>> Unit("cloud", "Alibaba Cloud Intelligence", parent="alibaba", kind="business group")
    Unit(id='cloud', name='Alibaba Cloud Intelligence', parent='alibaba', kind='business group')
    """

    id: str = attrs.field(validator=_check_id)
    name: str = attrs.field(validator=_check_text)
    parent: str | None = attrs.field(default=None, validator=_check_optional_id)
    kind: str | None = attrs.field(default=None, validator=_check_optional_text)
    disputed: tuple[str, ...] = attrs.field(
        default=(), converter=_disputed("name", "parent", "kind"), kw_only=True
    )

    __repr__ = _repr

    def __attrs_post_init__(self) -> None:
        if self.parent == self.id:
            raise ValidationError.field("parent", self.parent, f"another unit than {self.id!r}")


@attrs.frozen(slots=True, repr=False)
class Post:
    """A seat in a unit, such as "President" of "Alibaba Cloud Intelligence".

    ``reports_to`` is the post it reports to; ``dotted_to`` holds secondary
    (dotted-line, matrix) reporting lines, kept sorted because their order
    does not count.

    >>> Post("cloud-cto", "Chief Technology Officer", "cloud", reports_to="cloud-president")
    Post(id='cloud-cto', title='Chief Technology Officer', unit='cloud', \
reports_to='cloud-president')
    """

    id: str = attrs.field(validator=_check_id)
    title: str = attrs.field(validator=_check_text)
    unit: str = attrs.field(validator=_check_id)
    reports_to: str | None = attrs.field(default=None, validator=_check_optional_id)
    dotted_to: tuple[str, ...] = attrs.field(
        default=(), converter=_string_tuple("dotted_to", canonical=True)
    )
    disputed: tuple[str, ...] = attrs.field(
        default=(),
        converter=_disputed("title", "unit", "reports_to", "dotted_to", "holders"),
        kw_only=True,
    )

    __repr__ = _repr

    def __attrs_post_init__(self) -> None:
        if self.reports_to == self.id:
            raise ValidationError.field(
                "reports_to", self.reports_to, f"another post than {self.id!r}"
            )
        if self.id in self.dotted_to:
            raise ValidationError.field(
                "dotted_to", self.dotted_to, f"posts other than {self.id!r}"
            )
        if self.reports_to is not None and self.reports_to in self.dotted_to:
            raise ValidationError.field(
                "dotted_to",
                self.dotted_to,
                f"posts other than the solid-line superior {self.reports_to!r}",
            )

    @property
    def superiors(self) -> tuple[str, ...]:
        """Every post this one reports to: the solid line first, then dotted lines."""
        solid = (self.reports_to,) if self.reports_to is not None else ()
        return solid + self.dotted_to


Item: TypeAlias = Person | Unit | Post

#: The name of each kind of item, as used in messages and change sets.
KIND: dict[type, str] = {Person: "person", Unit: "unit", Post: "post"}


# ------------------------------------------------------------------ snapshot

_EMPTY: immutables.Map = immutables.Map()


class Snapshot:
    """The organisation at one moment: an immutable, hashable value.

    Build one with :meth:`Snapshot.build`; derive new ones by applying change
    sets (``snapshot + change_set``). ``people``, ``units`` and ``posts`` are
    read-only mappings by id. Snapshots derived from one another share
    structure (persistent maps), so keeping many of them is cheap.
    """

    __slots__ = (
        "_children",
        "_hash",
        "_held",
        "_holders",
        "_name_index",
        "_people",
        "_posts",
        "_reporters",
        "_unit_posts",
        "_units",
    )

    _people: immutables.Map
    _units: immutables.Map
    _posts: immutables.Map
    # Sets of ids are sorted tuples (small, and equal sets compare equal).
    _holders: immutables.Map  # post id -> person ids (vacant posts absent)
    _held: immutables.Map  # person id -> post ids (derived)
    _children: immutables.Map  # unit id -> child unit ids (derived)
    _unit_posts: immutables.Map  # unit id -> post ids (derived)
    _reporters: immutables.Map  # post id -> posts reporting to it (derived)

    def __init__(self) -> None:
        for name in (
            "_people",
            "_units",
            "_posts",
            "_holders",
            "_held",
            "_children",
            "_unit_posts",
            "_reporters",
        ):
            object.__setattr__(self, name, _EMPTY)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_name_index", None)

    @classmethod
    def _from_maps(cls, **maps: immutables.Map) -> Snapshot:
        """A snapshot from already-checked maps (no validation)."""
        snapshot = cls.__new__(cls)
        for name, value in maps.items():
            object.__setattr__(snapshot, "_" + name, value)
        object.__setattr__(snapshot, "_hash", None)
        object.__setattr__(snapshot, "_name_index", None)
        return snapshot

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Snapshot is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Snapshot is immutable; cannot delete {name!r}")

    # ------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        people: Iterable[Person] = (),
        units: Iterable[Unit] = (),
        posts: Iterable[Post] = (),
        holders: Mapping[str, Iterable[str]] | None = None,
    ) -> Snapshot:
        """Build a snapshot, checking every integrity rule.

        ``holders`` maps a post id to the ids of the people holding it; a post
        missing from it (or mapped to an empty list) is vacant. Every problem
        found is reported at once in an :class:`~orgchart.IntegrityError`.

        >>> Snapshot.build(units=[Unit("a", "A", parent="b")])
        Traceback (most recent call last):
        ...
        orgchart.errors.IntegrityError: invalid snapshot: unit 'a': parent 'b' is not a known unit
        """
        errors: list[str] = []
        people_map = _index(people, Person, errors)
        units_map = _index(units, Unit, errors)
        posts_map = _index(posts, Post, errors)

        for unit in units_map.values():
            if unit.parent is not None and unit.parent not in units_map:
                errors.append(f"unit {unit.id!r}: parent {unit.parent!r} is not a known unit")
        for post in posts_map.values():
            if post.unit not in units_map:
                errors.append(f"post {post.id!r}: unit {post.unit!r} is not a known unit")
            if post.reports_to is not None and post.reports_to not in posts_map:
                errors.append(
                    f"post {post.id!r}: reports_to {post.reports_to!r} is not a known post"
                )
            for other in post.dotted_to:
                if other not in posts_map:
                    errors.append(f"post {post.id!r}: dotted_to {other!r} is not a known post")
        errors.extend(
            f"unit parents form a cycle: {' -> '.join(map(repr, cycle))}"
            for cycle in _cycles(units_map, lambda u: (u.parent,) if u.parent else ())
        )
        errors.extend(
            f"reporting lines form a cycle: {' -> '.join(map(repr, cycle))}"
            for cycle in _cycles(posts_map, lambda p: p.superiors)
        )

        holders_map: dict[str, tuple[str, ...]] = {}
        if holders is not None and not isinstance(holders, Mapping):
            errors.append(f"holders must be a mapping of post id to person ids (got {holders!r})")
            holders = None
        for post_id, person_ids in (holders or {}).items():
            if isinstance(person_ids, str) or not isinstance(person_ids, Iterable):
                errors.append(
                    f"holders of post {post_id!r} must be a list of person ids (got {person_ids!r})"
                )
                continue
            ids = list(person_ids)
            if not isinstance(post_id, str):
                errors.append(f"holders: post id {post_id!r} is not a string")
                continue
            bad = [i for i in ids if not isinstance(i, str)]
            if bad:
                errors.append(f"holders of post {post_id!r}: {bad[0]!r} is not a person id")
                continue
            if post_id not in posts_map:
                errors.append(f"holders: {post_id!r} is not a known post")
                continue
            for person_id in ids:
                if person_id not in people_map:
                    errors.append(
                        f"holders of post {post_id!r}: {person_id!r} is not a known person"
                    )
            if len(set(ids)) != len(ids):
                errors.append(f"holders of post {post_id!r}: a person is listed twice ({ids!r})")
            if ids:
                holders_map[post_id] = tuple(sorted(ids))

        if errors:
            raise IntegrityError(errors)
        return cls._from_validated(people_map, units_map, posts_map, holders_map)

    @classmethod
    def _from_validated(
        cls,
        people: Mapping[str, Person],
        units: Mapping[str, Unit],
        posts: Mapping[str, Post],
        holders: Mapping[str, tuple[str, ...]],
    ) -> Snapshot:
        held: dict[str, set[str]] = {}
        for post_id, person_ids in holders.items():
            for person_id in person_ids:
                held.setdefault(person_id, set()).add(post_id)
        children: dict[str, set[str]] = {}
        for unit in units.values():
            if unit.parent is not None:
                children.setdefault(unit.parent, set()).add(unit.id)
        unit_posts: dict[str, set[str]] = {}
        reporters: dict[str, set[str]] = {}
        for post in posts.values():
            unit_posts.setdefault(post.unit, set()).add(post.id)
            for superior in post.superiors:
                reporters.setdefault(superior, set()).add(post.id)

        def frozen(d: dict[str, set[str]]) -> immutables.Map:
            return immutables.Map({k: tuple(sorted(v)) for k, v in d.items()})

        return cls._from_maps(
            people=immutables.Map(people),
            units=immutables.Map(units),
            posts=immutables.Map(posts),
            holders=immutables.Map(holders),
            held=frozen(held),
            children=frozen(children),
            unit_posts=frozen(unit_posts),
            reporters=frozen(reporters),
        )

    # ------------------------------------------------------------- reading

    @property
    def people(self) -> Mapping[str, Person]:
        """Every person, by id (read-only)."""
        return self._people

    @property
    def units(self) -> Mapping[str, Unit]:
        """Every unit, by id (read-only)."""
        return self._units

    @property
    def posts(self) -> Mapping[str, Post]:
        """Every post, by id (read-only)."""
        return self._posts

    @property
    def appointments(self) -> Mapping[str, tuple[str, ...]]:
        """Post id -> the ids of its holders (sorted), for every post that is not vacant."""
        return self._holders

    def holders(self, post_id: str) -> tuple[Person, ...]:
        """The people holding a post, ordered by id; empty when it is vacant."""
        if post_id not in self._posts:
            raise NotFoundError.unknown("post", post_id)
        ids = self._holders.get(post_id, ())
        return tuple(self._people[i] for i in sorted(ids))

    def posts_held(self, person_id: str) -> tuple[Post, ...]:
        """The posts a person holds, ordered by id."""
        if person_id not in self._people:
            raise NotFoundError.unknown("person", person_id)
        ids = self._held.get(person_id, ())
        return tuple(self._posts[i] for i in sorted(ids))

    def children(self, unit_id: str | None) -> tuple[Unit, ...]:
        """The units directly inside a unit (or the top units for None), by id."""
        if unit_id is None:
            return tuple(sorted((u for u in self._units.values() if u.parent is None), key=_by_id))
        if unit_id not in self._units:
            raise NotFoundError.unknown("unit", unit_id)
        return tuple(self._units[i] for i in sorted(self._children.get(unit_id, ())))

    def posts_in(self, unit_id: str) -> tuple[Post, ...]:
        """The posts of a unit (not of its sub-units), by id."""
        if unit_id not in self._units:
            raise NotFoundError.unknown("unit", unit_id)
        return tuple(self._posts[i] for i in sorted(self._unit_posts.get(unit_id, ())))

    def reports(self, post_id: str) -> tuple[Post, ...]:
        """The posts reporting to a post, by solid or dotted line, by id."""
        if post_id not in self._posts:
            raise NotFoundError.unknown("post", post_id)
        return tuple(self._posts[i] for i in sorted(self._reporters.get(post_id, ())))

    def find_person(self, name_or_alias: str) -> Person:
        """The person with this id, name or alias (case-insensitive).

        Raises :class:`~orgchart.NotFoundError` when nobody matches and
        :class:`~orgchart.AmbiguousNameError` when several people do.
        """
        if not isinstance(name_or_alias, str):
            raise ValidationError.field("name_or_alias", name_or_alias, "a string")
        if name_or_alias in self._people:
            return self._people[name_or_alias]
        matches = self._names().get(_fold(name_or_alias), ())
        if not matches:
            raise NotFoundError(f"nobody in the snapshot is called {name_or_alias!r}")
        if len(matches) > 1:
            raise AmbiguousNameError(name_or_alias, matches)
        (person_id,) = matches
        return self._people[person_id]

    def _names(self) -> dict[str, frozenset[str]]:
        if self._name_index is None:
            index: dict[str, set[str]] = {}
            for person in self._people.values():
                for name in person.names:
                    index.setdefault(_fold(name), set()).add(person.id)
            object.__setattr__(self, "_name_index", {k: frozenset(v) for k, v in index.items()})
        return self._name_index

    def unit_path(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit and its ancestors, from the top unit down."""
        path = []
        current: str | None = unit_id
        while current is not None:
            unit = self._units[current]
            path.append(unit)
            current = unit.parent
        return tuple(reversed(path))

    def __len__(self) -> int:
        """The number of people, units and posts."""
        return len(self._people) + len(self._units) + len(self._posts)

    def __bool__(self) -> bool:
        return len(self) > 0

    # ---------------------------------------------------------- comparison

    def _key(self) -> tuple[immutables.Map, ...]:
        return (self._people, self._units, self._posts, self._holders)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Snapshot):
            return NotImplemented
        if self._hash is not None and other._hash is not None and self._hash != other._hash:
            return False
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(self._key()))
        return self._hash

    # -------------------------------------------------------------- output

    def __repr__(self) -> str:
        appointments = sum(len(ids) for ids in self._holders.values())
        return (
            f"<Snapshot: {_count(len(self._people), 'person', 'people')}, "
            f"{_count(len(self._units), 'unit')}, {_count(len(self._posts), 'post')}, "
            f"{_count(appointments, 'appointment')}>"
        )

    def __str__(self) -> str:
        return self.to_text()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Notebook display: the diagram as SVG, and the text tree."""
        from .render import mimebundle

        return mimebundle(self, include, exclude)

    def to_text(self, indent: str = "  ") -> str:
        """The org as an indented text tree: units, their posts and holders.

        Posts are listed in reporting order inside their unit; a vacant post
        shows ``(vacant)``.

        >>> org = Snapshot.build(
        ...     people=[Person("jz", "Jeff Zhang")],
        ...     units=[Unit("g", "Alibaba Group"), Unit("c", "Alibaba Cloud", parent="g")],
        ...     posts=[Post("ceo", "CEO", "g"), Post("p", "President", "c", reports_to="ceo")],
        ...     holders={"p": ["jz"]},
        ... )
        >>> print(org.to_text())
        Alibaba Group
          CEO: (vacant)
          Alibaba Cloud
            President: Jeff Zhang
        """
        lines: list[str] = []
        # Depth-first with an explicit stack: unit trees may be very deep.
        stack = [(top, 0) for top in reversed(sorted(self.children(None), key=_by_name))]
        while stack:
            unit, level = stack.pop()
            kind = f" [{unit.kind}]" if unit.kind else ""
            lines.append(f"{indent * level}{unit.name}{kind}")
            for post in self._posts_in_reporting_order(unit.id):
                names = ", ".join(p.name for p in self.holders(post.id)) or "(vacant)"
                lines.append(f"{indent * (level + 1)}{post.title}: {names}")
            children = sorted(self.children(unit.id), key=_by_name)
            stack.extend((child, level + 1) for child in reversed(children))
        return "\n".join(lines)

    def _posts_in_reporting_order(self, unit_id: str) -> list[Post]:
        """Posts of a unit, each after its superiors inside the unit, then by title."""
        posts = {p.id: p for p in self.posts_in(unit_id)}
        ordered: list[Post] = []
        tops = [p for p in sorted(posts.values(), key=_by_title) if p.reports_to not in posts]
        stack = list(reversed(tops))
        while stack:
            post = stack.pop()
            ordered.append(post)
            subordinates = [
                posts[i]
                for i in self._reporters.get(post.id, ())
                if i in posts and posts[i].reports_to == post.id
            ]
            stack.extend(reversed(sorted(subordinates, key=_by_title)))
        return ordered


# ------------------------------------------------------------------ helpers


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _by_id(item: Any) -> str:
    return item.id


def _by_name(unit: Unit) -> tuple[str, str]:
    return (unit.name.casefold(), unit.id)


def _by_title(post: Post) -> tuple[str, str]:
    return (post.title.casefold(), post.id)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _index(items: Iterable[Any], cls: type, errors: list[str]) -> dict[str, Any]:
    kind = KIND[cls]
    result: dict[str, Any] = {}
    for item in items:
        if not isinstance(item, cls):
            errors.append(f"expected a {cls.__name__} among the {kind} items (got {item!r})")
            continue
        if item.id in result:
            errors.append(f"duplicate {kind} id {item.id!r}")
            continue
        result[item.id] = item
    return result


def _cycles(items: Mapping[str, Any], edges: Any) -> Iterator[tuple[str, ...]]:
    """Each cycle in the graph item -> edges(item), once, starting at its smallest id."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: set[tuple[str, ...]] = set()
    for start in sorted(items):
        if start in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(edges(items[start])))]
        state[start] = 1
        path.append(start)
        while stack:
            _, successors = stack[-1]
            advanced = False
            for succ in successors:
                if succ not in items:
                    continue
                if state.get(succ) == 1:
                    cycle = path[path.index(succ) :]
                    i = cycle.index(min(cycle))
                    canonical = tuple(cycle[i:] + cycle[:i])
                    if canonical not in found:
                        found.add(canonical)
                        yield (*canonical, canonical[0])
                elif succ not in state:
                    state[succ] = 1
                    path.append(succ)
                    stack.append((succ, iter(edges(items[succ]))))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                state[path.pop()] = 2
