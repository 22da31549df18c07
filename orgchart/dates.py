"""Partial dates, parsing and durations.

Sources often give only a month or a year. A :class:`PartialDate` keeps the
precision it was given ("June 2023" stays month-precise when shown) and sorts
as its first day.

>>> from orgchart.dates import parse_date
>>> june = parse_date("2023-06")
>>> june.precision, str(june.earliest), str(june.latest), june.display()
('month', '2023-06-01', '2023-06-30', 'June 2023')
>>> parse_date("2023") < june < parse_date("2023-06-02")
True
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from typing import Any, TypeAlias

import attrs
import pendulum

from .errors import DateError, ValidationError

__all__ = [
    "DateLike",
    "PartialDate",
    "date_columns",
    "date_range",
    "day_after",
    "duration",
    "format_duration",
    "last_day_before",
    "optional_date",
    "parse_date",
    "parse_step",
    "to_day",
]

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_RANK = {"year": 0, "month": 1, "day": 2}


@attrs.frozen(slots=True, order=False, repr=False)
class PartialDate:
    """A calendar day, month or year.

    Equal only to a date of the same precision; ordered by first day, then
    coarser before finer, so the order is total and agrees with equality.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        year, month, day = self.year, self.month, self.day
        if type(year) is int and 1 <= year <= 9999:
            if month is None and day is None:
                return
            if type(month) is int and 1 <= month <= 12:
                if day is None:
                    return
                if type(day) is int and 1 <= day <= 28:
                    return
        self._check_slowly()

    def _check_slowly(self) -> None:
        """The full check, with a message naming what is wrong (off the fast path)."""
        text = self._iso()
        for name in ("year", "month", "day"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise DateError.invalid(text, f"{name} must be a whole number")
        if not 1 <= self.year <= 9999:
            raise DateError.invalid(text, "year must be in 1..9999")
        if self.month is None:
            if self.day is not None:
                raise DateError.invalid(text, "a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise DateError.invalid(text, "month must be in 1..12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError.invalid(text, "day is out of range for month")

    def _iso(self) -> str:
        parts = [f"{self.year:04d}" if isinstance(self.year, int) else str(self.year)]
        for value in (self.month, self.day):
            if value is not None:
                parts.append(f"{value:02d}" if isinstance(value, int) else str(value))
        return "-".join(parts)

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> pendulum.Date:
        """The first day the date covers."""
        return pendulum.date(self.year, self.month or 1, self.day or 1)

    @property
    def ordinal(self) -> int:
        """The first day as a day number (``datetime.date.toordinal``): cheap to sort and bisect."""
        return _dt.date(self.year, self.month or 1, self.day or 1).toordinal()

    @property
    def latest(self) -> pendulum.Date:
        """The last day the date covers."""
        if self.day is not None:
            return self.earliest
        month = self.month or 12
        return pendulum.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def as_date(self) -> _dt.date:
        """The first day, as a plain ``datetime.date`` (``precision`` says what it stands for)."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def display(self) -> str:
        """Human form at the date's precision: "1 June 2023", "June 2023", "2023"."""
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def _key(self) -> tuple[pendulum.Date, int]:
        return (self.earliest, _RANK[self.precision])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    def __str__(self) -> str:
        return self._iso()

    def __repr__(self) -> str:
        return f"PartialDate({self._iso()!r})"


#: Anything that names a date, everywhere a date goes in: "2023-11-30",
#: "2023-06" or "2023" (partial dates), a bare year as an int (2023), a
#: ``datetime.date`` or ``datetime`` (pendulum's too, taken as its calendar
#: day), or a :class:`PartialDate`. Dates come out as :class:`PartialDate`
#: where a source may give less than a day (events, tenures, marks) and as
#: ``datetime.date`` where the library picks the day (steps of a range,
#: table columns, which carry a precision column beside them).
DateLike: TypeAlias = "str | int | _dt.date | PartialDate"


def parse_date(value: DateLike) -> PartialDate:
    """A :class:`PartialDate` from anything :data:`DateLike`.

    >>> parse_date(2023), parse_date("2023-06"), parse_date(parse_date("2023-06-01"))
    (PartialDate('2023'), PartialDate('2023-06'), PartialDate('2023-06-01'))
    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= 9999:
            raise DateError.invalid(value, "expected a year from 1 to 9999")
        return _parse_text(f"{value:04d}")
    if isinstance(value, _dt.date):  # datetime.datetime and pendulum's too
        return _day(value.year, value.month, value.day)
    if isinstance(value, str):
        return _parse_text(value)
    raise DateError.invalid(
        value, f"expected a date or a YYYY-MM-DD string, not {type(value).__name__}"
    )


# Dates are values, and a long history has many events on each day: one
# object per distinct date is kept (a few megabytes at most) and shared.
@functools.lru_cache(maxsize=1 << 16)
def _day(year: int, month: int, day: int) -> PartialDate:
    return PartialDate(year, month, day)


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(value: str) -> PartialDate:
    match = _PATTERN.fullmatch(value.strip())
    if match is None:
        raise DateError.invalid(value, "expected YYYY-MM-DD, YYYY-MM or YYYY")
    _, month, day = (int(g) if g else None for g in match.groups())
    try:
        return PartialDate(int(match.group(1)), month, day)
    except DateError as error:
        why = str(error).split(": ", 1)[-1]
        raise DateError.invalid(value, why) from None


def optional_date(value: DateLike | None) -> PartialDate | None:
    """:func:`parse_date`, with None for None (an optional date field)."""
    return None if value is None else parse_date(value)


def to_day(value: Any) -> pendulum.Date:
    """The day a date sorts as: its first day."""
    return parse_date(value).earliest


def duration(start: Any, end: Any) -> pendulum.Interval[pendulum.Date]:
    """The interval between the first days of two dates."""
    return pendulum.Interval(to_day(start), to_day(end))


def format_duration(interval: pendulum.Interval) -> str:
    """Years, months and days in words: "1 year 2 months", "12 days", "0 days"."""
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in (
            (interval.years, "year"),
            (interval.months, "month"),
            # pendulum counts whole weeks apart from the remaining days
            (interval.weeks * 7 + interval.remaining_days, "day"),
        )
        if n
    ]
    return " ".join(parts) or "0 days"


_STEP = re.compile(r"(?:(\d+)\s*)?(day|week|month|quarter|year)s?")


def parse_step(text: Any) -> pendulum.Duration:
    """A calendar step from "1 month", "2 weeks", "3 days", "1 year" or "quarter"."""
    match = _STEP.fullmatch(text.strip().lower()) if isinstance(text, str) else None
    if match is None or match.group(1) == "0":
        raise ValidationError.field(
            "every", text, "a step like '1 month', '2 weeks', '3 days', '1 year' or 'quarter'"
        )
    count = int(match.group(1) or 1)
    unit = match.group(2)
    if unit == "quarter":
        return pendulum.duration(months=3 * count)
    return pendulum.duration(**{f"{unit}s": count})


def date_range(start: Any, end: Any, every: str = "1 month") -> tuple[pendulum.Date, ...]:
    """Days from ``start`` to ``end`` (both included), ``every`` apart.

    Steps are counted from the start (the start plus n steps), so the 31st
    of a month stays at the end of shorter months without drifting.
    """
    step = parse_step(every)
    first, last = to_day(start), to_day(end)
    days = []
    n = 0
    while True:
        day = first + step * n if n else first
        if day > last:
            break
        days.append(day)
        n += 1
    return tuple(days)


def day_after(date: PartialDate) -> PartialDate:
    """The first day after a date, at the same precision ("2019-06" gives "2019-07").

    An inclusive end ("in office to June 2019") becomes the date the post is
    left, without pretending to know the day.
    """
    if date.precision == "year":
        return PartialDate(date.year + 1)
    if date.month is not None and date.day is None:
        year, month = (date.year + 1, 1) if date.month == 12 else (date.year, date.month + 1)
        return PartialDate(year, month)
    return parse_date(date.earliest.add(days=1))


def last_day_before(date: PartialDate) -> PartialDate:
    """The inclusive end of office for an exclusive one (``day_after``'s inverse)."""
    if date.precision == "year":
        return PartialDate(date.year - 1)
    if date.month is not None and date.day is None:
        year, month = (date.year - 1, 12) if date.month == 1 else (date.year, date.month - 1)
        return PartialDate(year, month)
    return parse_date(date.earliest.subtract(days=1))


def date_columns(name: str, value: PartialDate | None) -> dict[str, Any]:
    """The two columns a date makes in a table row: the first day it covers, as a
    ``datetime.date`` (so that DataFrames get real dates), and its precision.

    >>> date_columns("start", parse_date("2023-06"))
    {'start': datetime.date(2023, 6, 1), 'start_precision': 'month'}
    """
    if value is None:
        return {name: None, f"{name}_precision": None}
    return {name: value.as_date(), f"{name}_precision": value.precision}
