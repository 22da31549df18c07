"""Partial dates: parsing, precision, order, durations, steps."""

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgchart as oc
from orgchart import strategies as ocst
from orgchart.dates import (
    PartialDate,
    date_range,
    duration,
    format_duration,
    parse_date,
    parse_step,
    to_day,
)


@pytest.mark.parametrize(
    ("value", "text", "precision"),
    [
        ("2023-06-20", "2023-06-20", "day"),
        (" 2023-06 ", "2023-06", "month"),
        ("2023", "2023", "year"),
        (datetime.date(2023, 6, 20), "2023-06-20", "day"),
        (datetime.datetime(2023, 6, 20, 23, 59), "2023-06-20", "day"),
        (pendulum.date(2024, 2, 29), "2024-02-29", "day"),
        (pendulum.datetime(2024, 2, 29, 12, tz="Asia/Shanghai"), "2024-02-29", "day"),
        (PartialDate(2023, 6), "2023-06", "month"),
    ],
)
def test_accepted_forms(value, text, precision):
    date = parse_date(value)
    assert str(date) == text
    assert date.precision == precision


def test_precision_is_kept_for_display():
    assert parse_date("2023-06").display() == "June 2023"
    assert parse_date("2023-06-01").display() == "1 June 2023"
    assert parse_date("2023").display() == "2023"
    assert repr(parse_date("2023-06")) == "PartialDate('2023-06')"


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2023-06", "2023-06-01", "2023-06-30"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-06-20", "2023-06-20", "2023-06-20"),
    ],
)
def test_earliest_and_latest(text, earliest, latest):
    date = parse_date(text)
    assert str(date.earliest) == earliest and str(date.latest) == latest
    assert to_day(text) == date.earliest


def test_partial_dates_sort_as_their_first_day_and_differ_by_precision():
    assert parse_date("2023-06") != parse_date("2023-06-01")
    assert parse_date("2023") < parse_date("2023-01") < parse_date("2023-01-01")
    assert parse_date("2023-06") < parse_date("2023-06-02")
    assert parse_date("2023-12-31") < parse_date("2024")
    assert sorted(["2023-06-02", "2023", "2023-06"], key=parse_date) == [
        "2023",
        "2023-06",
        "2023-06-02",
    ]


@given(st.lists(ocst.dates(), max_size=8))
def test_order_is_total_and_agrees_with_equality(dates):
    ordered = sorted(dates)
    rank = {"year": 0, "month": 1, "day": 2}
    assert ordered == sorted(dates, key=lambda d: (d.earliest, rank[d.precision]))
    for a in dates:
        for b in dates:
            assert (a == b) == (not a < b and not b < a)


@given(ocst.dates())
def test_text_round_trip(date):
    assert parse_date(str(date)) == date
    assert hash(parse_date(str(date))) == hash(date)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("2023-02-30", "day is out of range for month"),
        ("2023-13", "month must be in 1..12"),
        ("2023-00-10", "month must be in 1..12"),
        ("0000", "year must be in 1..9999"),
        ("2023/06/01", "expected YYYY-MM-DD, YYYY-MM or YYYY"),
        ("June 2023", "expected YYYY-MM-DD"),
        ("2023-06-01T10:00", "expected YYYY-MM-DD"),
        ("", "expected YYYY-MM-DD"),
        (0, "expected a year from 1 to 9999"),
        (10_000, "expected a year from 1 to 9999"),
        (True, "not bool"),
        (None, "not NoneType"),
        (2023.5, "not float"),
    ],
)
def test_impossible_or_unreadable_dates_name_the_input(value, why):
    with pytest.raises(oc.DateError) as info:
        parse_date(value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, oc.OrgChartError)
    assert repr(value) in str(info.value)
    assert why in str(info.value)


def test_partial_date_fields_are_checked():
    with pytest.raises(oc.DateError, match="a day needs a month"):
        PartialDate(2023, None, 5)
    with pytest.raises(oc.DateError, match="whole number"):
        PartialDate("2023")


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2022-12-06", "2023-09-01", "8 months 26 days"),
        ("2023-01-01", "2024-03-01", "1 year 2 months"),
        ("2023-01-01", "2023-01-13", "12 days"),
        ("2023-01-01", "2023-01-02", "1 day"),
        ("2023-01-01", "2023-01-01", "0 days"),
        ("2020-02-29", "2022-03-01", "2 years 1 day"),
    ],
)
def test_durations_in_words(start, end, words):
    assert format_duration(duration(start, end)) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 month", pendulum.duration(months=1)),
        ("2 weeks", pendulum.duration(weeks=2)),
        ("3 days", pendulum.duration(days=3)),
        ("1 year", pendulum.duration(years=1)),
        ("quarter", pendulum.duration(months=3)),
        ("2 quarters", pendulum.duration(months=6)),
        ("month", pendulum.duration(months=1)),
    ],
)
def test_steps(text, expected):
    assert parse_step(text) == expected


@pytest.mark.parametrize("text", ["", "0 days", "monthly", "1 fortnight", 3])
def test_bad_steps_name_the_option(text):
    with pytest.raises(oc.ValidationError, match="'every'"):
        parse_step(text)


def test_date_range_keeps_month_ends():
    assert [str(d) for d in date_range("2023-01-31", "2023-05-31")] == [
        "2023-01-31",
        "2023-02-28",
        "2023-03-31",
        "2023-04-30",
        "2023-05-31",
    ]
    assert date_range("2024", "2023") == ()
    assert [str(d) for d in date_range("2023-01-01", "2023-01-15", every="1 week")] == [
        "2023-01-01",
        "2023-01-08",
        "2023-01-15",
    ]


def test_a_bare_year_is_a_date_wherever_dates_go_in():
    assert parse_date(2023) == parse_date("2023")
    assert parse_date(2023).precision == "year"
    history = oc.seeds.alibaba()
    assert history.as_of(2024) == history.as_of("2024")
    assert history.diff(2023, 2024) == history.diff("2023", "2024")
