"""What an import did with each record it could not take as it was.

Real files contradict themselves. Importers (Popolo, Wikidata, tables) do not
refuse a whole file for one bad record: they repair the record when the
repair is unambiguous, drop it otherwise, and note what they could not
represent; each gets one :class:`Note` in the :class:`Report`, which the
history they return carries as ``history.report``. With ``strict=True`` the
first repaired or dropped record raises :class:`~orgchart.FormatError`
instead.

>>> report = Report("house.json")
>>> report.dropped("memberships[9]", "end_date 2015-03-27 is before its start")
>>> report.summary()
'1 dropped'
>>> print(report)
house.json: memberships[9]: dropped: end_date 2015-03-27 is before its start
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import attrs

from .errors import FormatError

__all__ = ["ACTIONS", "Note", "Report"]

#: What an importer can do with a record, in the order summaries list them.
ACTIONS = ("repaired", "dropped", "not represented")


@attrs.frozen(slots=True)
class Note:
    """One record and what was done with it: ``action`` is one of :data:`ACTIONS`."""

    where: str
    action: str = attrs.field(validator=attrs.validators.in_(ACTIONS))
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.action}: {self.what}"


class Report:
    """The notes of one import, in the order they were made.

    ``source`` names the file; ``strict`` makes the first repaired or dropped
    record a :class:`~orgchart.FormatError` (notes of what is not represented
    never raise: nothing in the record is wrong).
    """

    __slots__ = ("_notes", "source", "strict")

    def __init__(self, source: str | None = None, *, strict: bool = False) -> None:
        self.source = source
        self.strict = strict
        self._notes: list[Note] = []

    def repaired(self, where: str, what: str) -> None:
        """A record that was changed to fit (say how)."""
        self._add(Note(where, "repaired", what))

    def dropped(self, where: str, what: str) -> None:
        """A record that was left out (say why)."""
        self._add(Note(where, "dropped", what))

    def unrepresented(self, where: str, what: str) -> None:
        """Something the model has no place for (say what)."""
        self._add(Note(where, "not represented", what))

    def _add(self, note: Note) -> None:
        if self.strict and note.action != "not represented":
            raise FormatError(f"{note.what} (strict: not {note.action})", self.source, note.where)
        self._notes.append(note)

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(self._notes)

    def counts(self) -> dict[str, int]:
        """How many notes of each action (only those that occur), in :data:`ACTIONS` order."""
        counted = Counter(note.action for note in self._notes)
        return {action: counted[action] for action in ACTIONS if counted[action]}

    def summary(self) -> str:
        """One line: "2 repaired, 1 dropped, 5 not represented" (or "nothing to report")."""
        counts = self.counts()
        return ", ".join(f"{n} {action}" for action, n in counts.items()) or "nothing to report"

    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self) -> Iterator[Note]:
        return iter(self._notes)

    def __bool__(self) -> bool:
        return bool(self._notes)

    def __str__(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{note}" for note in self._notes)

    def __repr__(self) -> str:
        return f"<Report {self.source or ''}: {self.summary()}>".replace("  ", " ")
