"""Every error orgchart raises on purpose, and the policy they follow.

The policy, true everywhere in the package:

- **One type per mistake.** Every public function raises the same type for
  the same mistake, and every error subclasses :class:`OrgChartError` and the
  built-in exception it specialises (``except ValueError`` keeps working).
- :class:`ValidationError`: an argument or a field that is not acceptable (a
  blank name, an unknown ``format=``, an option that does not apply).
- :class:`DateError`: a date that cannot be read or does not exist.
- :class:`IntegrityError`: a snapshot built whole that breaks a rule; it
  lists every problem at once.
- :class:`ConflictError`: only applying changes raises it (a change set, an
  event of a history); ``op`` is always the real operation that does not fit.
- :class:`FormatError`: a document (a file, a text, a mapping read as a
  history or as Popolo) that cannot be read, naming the file (``source``) and
  the place in it (``location``). Whatever goes wrong inside a document,
  including an event that does not fit the org, is a FormatError, with the
  underlying error as its ``__cause__``. Files are read and written only by
  :mod:`orgchart.files`.
- :class:`MergeError`: a merge asked to be clean that is not (a conflict
  left without a side, or sides chosen that still break a rule); it lists
  every conflict at once.
- :class:`NotFoundError` / :class:`AmbiguousNameError`: a lookup by id or name.
- :class:`StateError`: an object used in a state that does not allow it (a
  history builder or an evolver after it was finished, or after an error).
- :class:`RenderError` / :class:`ExecutableNotFoundError`: Graphviz.
- :class:`MissingExtraError`: a part of orgchart that needs an optional
  extra (``pip install 'orgchart[strategies]'``) which is not installed; it
  is an :class:`ImportError`, so ``except ImportError`` keeps working.

Messages are built in one place per error type (the constructors and
classmethods below), so their wording stays consistent.

>>> import orgchart as oc
>>> try:
...     oc.Person("", "Nobody")
... except oc.OrgChartError as error:
...     print(error)
'id' must be an id: a non-empty string without leading or trailing spaces (got '')
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

__all__ = [
    "AmbiguousNameError",
    "ConflictError",
    "DateError",
    "ExecutableNotFoundError",
    "FormatError",
    "IntegrityError",
    "MergeError",
    "MissingExtraError",
    "NotFoundError",
    "OrgChartError",
    "RenderError",
    "StateError",
    "ValidationError",
]


class OrgChartError(Exception):
    """Base of every error the library raises on purpose."""


class ValidationError(OrgChartError, ValueError):
    """A field of a value (a person, unit, post, option...) is not acceptable."""

    @classmethod
    def field(cls, name: str, value: Any, expected: str) -> ValidationError:
        return cls(f"{name!r} must be {expected} (got {value!r})")

    @classmethod
    def column(
        cls, argument: str, column: str, source: str | None, columns: Iterable[str], given: bool
    ) -> ValidationError:
        """A column a table reader needs that the table does not have: ``given``
        when the caller named it (``end="end_date"``), else the default name."""
        columns = list(columns)
        there = ", ".join(map(repr, columns)) or "none"
        table = f"the table {source}" if source else "the table"
        what = f"{argument}={column!r}" if given else f"the column {column!r}"
        hint = "" if given else f" (name the table's own with {argument}='...')"
        return cls(
            f"{what}: {table} has no such column; its columns are {there}"
            f"{_did_you_mean(column, columns)}{hint}"
        )


class IntegrityError(OrgChartError, ValueError):
    """A snapshot would break an integrity rule.

    ``errors`` lists every problem found, not only the first one.
    """

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        if len(self.errors) == 1:
            message = f"invalid snapshot: {self.errors[0]}"
        else:
            listing = "".join(f"\n  - {e}" for e in self.errors)
            message = f"invalid snapshot ({len(self.errors)} problems):{listing}"
        super().__init__(message)


class ConflictError(OrgChartError, ValueError):
    """A change does not fit the snapshot it is applied to.

    ``op`` is the operation that does not fit, ``reason`` says why and
    ``context`` (when set) says where the operation came from, such as an
    event of a history.
    """

    def __init__(self, op: Any, reason: str, context: str | None = None) -> None:
        self.op = op
        self.reason = reason
        self.context = context
        where = f"{context}: " if context else ""
        super().__init__(f"{where}cannot apply {_describe(op)}: {reason}")

    def within(self, context: str) -> ConflictError:
        """The same conflict, said to have happened inside ``context``."""
        inner = f"{context}: {self.context}" if self.context else context
        return ConflictError(self.op, self.reason, inner)


class MergeError(OrgChartError, ValueError):
    """A merge that was to be clean still has conflicts; ``conflicts`` lists them all."""

    def __init__(self, message: str, conflicts: Iterable[Any] = ()) -> None:
        self.conflicts: tuple[Any, ...] = tuple(conflicts)
        listing = "".join(f"\n  - {c.describe()}" for c in self.conflicts)
        super().__init__(f"{message}{listing}")


def _describe(op: Any) -> str:
    describe = getattr(op, "describe", None)
    return describe() if callable(describe) else repr(op)


class NotFoundError(OrgChartError, KeyError):
    """An id or a name that is not in the snapshot or history asked."""

    @classmethod
    def unknown(
        cls, what: str, key: Any, where: str = "the snapshot", known: Iterable[str] = ()
    ) -> NotFoundError:
        return cls(f"no {what} {key!r} in {where}{_did_you_mean(key, known)}")

    @classmethod
    def nobody_called(
        cls, name: str, where: str = "the snapshot", known: Iterable[str] = ()
    ) -> NotFoundError:
        return cls(f"nobody in {where} is called {name!r}{_did_you_mean(name, known)}")

    def __str__(self) -> str:
        # KeyError would show the message quoted, as a key.
        return str(self.args[0]) if self.args else ""


def _did_you_mean(key: Any, known: Iterable[str]) -> str:
    """The text "; did you mean 'A' or 'B'?" with the nearest known names, or ""."""
    if not isinstance(key, str):
        return ""
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(key.casefold(), list(by_fold), n=3, cutoff=0.6)
    if not close:
        return ""
    names = [repr(by_fold[c]) for c in close]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"; did you mean {listed}?"


class AmbiguousNameError(OrgChartError, LookupError):
    """A name matches more than one person (or post): ``candidates`` lists their ids."""

    def __init__(self, name: str, candidates: Iterable[str], what: str = "people") -> None:
        self.name = name
        self.candidates = tuple(sorted(candidates))
        listed = ", ".join(repr(c) for c in self.candidates)
        super().__init__(f"the name {name!r} matches several {what}: {listed}; use an id")


class StateError(OrgChartError, ValueError):
    """An object used in a state that does not allow it: a history builder or an
    evolver after it was finished (or broken by an error)."""

    @classmethod
    def used_after(cls, what: str, state: str, instead: str) -> StateError:
        return cls(f"this {what} is {state}; {instead}")


class DateError(OrgChartError, ValueError):
    """A date that cannot be read or does not exist."""

    @classmethod
    def invalid(cls, value: Any, why: str) -> DateError:
        return cls(f"invalid date {value!r}: {why}")


class FormatError(OrgChartError, ValueError):
    """A history file (or text) that cannot be read.

    ``source`` names the file, ``location`` the place inside it (an event, a
    field) when known.
    """

    def __init__(self, message: str, source: str | None = None, location: str | None = None):
        self.source = source
        self.location = location
        self.message = message
        parts = [p for p in (source, location) if p]
        prefix = ": ".join(parts)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class RenderError(OrgChartError, RuntimeError):
    """Graphviz failed to draw a diagram."""


class ExecutableNotFoundError(RenderError, FileNotFoundError):
    """The Graphviz ``dot`` program is not installed or not on PATH."""

    def __init__(self, program: str = "dot") -> None:
        self.program = program
        super().__init__(
            f"the Graphviz program {program!r} was not found on PATH; install Graphviz "
            "(Debian/Ubuntu: 'sudo apt-get install graphviz', macOS: 'brew install graphviz')"
        )


class MissingExtraError(OrgChartError, ImportError):
    """A module needs an optional extra that is not installed."""

    def __init__(self, module: str, extra: str, missing: str) -> None:
        self.extra = extra
        super().__init__(
            f"{module} needs {missing!r}, which is not installed: pip install 'orgchart[{extra}]'",
            name=missing,
        )
