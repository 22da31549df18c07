"""The catalogue of a history: every person, unit and post that ever appears.

``History.everything()`` gives it: each item in its last known form, with
the same lookups a snapshot has (by id, name, alias or title), indexed once.

>>> import orgchart as oc
>>> history = oc.seeds.alibaba()
>>> history.everything().find_person("Daniel Zhang").id
'daniel-zhang'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from .events import Event
from .items import Item, Person, Post, Unit
from .model import NameIndex, Snapshot, TablesByKind, find_in, known_names
from .operations import Add, Update

__all__ = ["Catalogue"]

_WHERE = "the history"


class Catalogue(TablesByKind):
    """Everything that ever appears in a history, each in its last known form.

    ``people``, ``units`` and ``posts`` are read-only mappings by id;
    :meth:`find_person`, :meth:`find_post`, :meth:`find_unit` and
    :meth:`find` look items up as a snapshot's lookups do.
    """

    __slots__ = ("_indexes", "_tables")

    def __init__(
        self, people: Mapping[str, Person], units: Mapping[str, Unit], posts: Mapping[str, Post]
    ) -> None:
        self._tables: dict[str, Mapping[str, Any]] = {
            "person": dict(people),
            "unit": dict(units),
            "post": dict(posts),
        }
        self._indexes: dict[str, NameIndex] = {}

    @classmethod
    def of(cls, base: Snapshot, events: Iterable[Event]) -> Catalogue:
        """The catalogue of a history: the base's items, then each added or updated one."""
        tables: dict[type, dict[str, Any]] = {
            Person: dict(base.people),
            Unit: dict(base.units),
            Post: dict(base.posts),
        }
        for event in events:
            for op in event.changes:
                if isinstance(op, Add):
                    tables[type(op.item)][op.item.id] = op.item
                elif isinstance(op, Update):
                    tables[type(op.after)][op.after.id] = op.after
        return cls(tables[Person], tables[Unit], tables[Post])

    def _index(self, kind: str) -> NameIndex:
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = NameIndex(self._tables[kind].values(), _WHERE, kind=kind)
        return index

    def _find(self, kind: str, key: Any, cls: type) -> Any:
        if isinstance(key, cls):
            key = cast(Item, key).id
        return self._index(kind).find(key)

    def find_person(self, who: str | Person) -> Person:
        """Anyone who ever appears, by id, name or alias (case-insensitive)."""
        return self._find("person", who, Person)

    def find_post(self, which: str | Post) -> Post:
        """Any post that ever exists, by id or title (case-insensitive)."""
        return self._find("post", which, Post)

    def find_unit(self, which: str | Unit) -> Unit:
        """Any unit that ever exists, by id or name (case-insensitive)."""
        return self._find("unit", which, Unit)

    def find(self, key: str | Person | Post | Unit) -> Person | Post | Unit:
        """A person, else a post, else a unit (see :func:`orgchart.model.find_in`)."""
        return find_in(self, key, _WHERE, lambda: known_names(self))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(t)} {k}" for k, t in self._tables.items())
        return f"<Catalogue {sizes}>"
