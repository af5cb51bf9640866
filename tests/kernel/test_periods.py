"""Period labels: parsing, stepping, ranges and the dates they cover."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kernel.errors import ConfigError
from kernel.periods import (
    iso_monday,
    ordinal,
    period_end,
    period_of,
    period_range,
    period_start,
    periods_between,
    shift,
    split_week,
    unit_of,
    week_monday,
    week_of,
    weeks_in_year,
)

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
units = st.sampled_from(["week", "month", "year"])


def test_units_are_read_from_the_label() -> None:
    assert [unit_of(x) for x in ("2026-W07", "2026-07", "2026")] == ["week", "month", "year"]


def test_iso_weeks_cross_year_boundaries_and_know_week_53() -> None:
    assert period_range("2020-W52", "2021-W02") == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert shift("2021-W52", 1) == "2022-W01"  # 2021 has no week 53
    # 2024-12-30 is a Monday that belongs to ISO week 1 of 2025.
    assert period_of(date(2024, 12, 30), "week") == "2025-W01"
    assert period_start("2025-W01") == date(2024, 12, 30)
    assert period_end("2026-W07") == date(2026, 2, 15)


def test_week_labels_are_read_and_written_one_way() -> None:
    assert week_of(date(1996, 7, 9)) == "1996-W28"
    assert week_of(date(2021, 1, 3)) == "2020-W53"
    assert split_week("2021-W53") == (2021, 53)  # written right; whether it exists is separate
    assert iso_monday(2021, 53) is None
    assert week_monday("2020-W53") == date(2020, 12, 28)
    assert week_monday("2021-W53") is None
    assert [split_week(x) for x in ("2026-W7", "2026-07", " 2026-W07", "2026-W07\n")] == [None] * 4
    assert [weeks_in_year(y) for y in (2020, 2021, 2026)] == [53, 52, 53]


@given(days)
def test_a_week_label_names_the_monday_of_its_day(day: date) -> None:
    assert week_monday(week_of(day)) == day - timedelta(days=day.weekday())


def test_months_and_years() -> None:
    assert shift("2026-01", -1) == "2025-12"
    assert shift("2025-11", 3) == "2026-02"
    assert period_end("2024-02") == date(2024, 2, 29)
    assert period_end("2023-02") == date(2023, 2, 28)
    assert period_range("2008", "2011") == ["2008", "2009", "2010", "2011"]
    assert shift("2016", -1) == "2015"
    assert period_of(date(2016, 7, 4), "month") == "2016-07"
    assert period_of(date(2016, 7, 4), "year") == "2016"


def test_range_and_distance() -> None:
    assert period_range("2026-03", "2026-01") == []
    assert periods_between("2008", "2016") == 8
    assert periods_between("2026-W10", "2026-W07") == -3


@pytest.mark.parametrize(
    ("label", "why"),
    [
        ("2021-W53", "has no week 53"),
        ("2026-13", "month must be 01 to 12"),
        ("2026-W7", "unknown format"),
        ("26", "unknown format"),
        ("0000", "year 0000"),
        ("2026-07\n", "unknown format"),
        ("2026\n", "unknown format"),
    ],
)
def test_bad_labels_say_how_to_write_one(label: str, why: str) -> None:
    with pytest.raises(ConfigError, match=why) as caught:
        unit_of(label)
    assert "2026-W07" in str(caught.value)


def test_units_cannot_be_mixed() -> None:
    with pytest.raises(ConfigError, match="different units"):
        period_range("2026-W01", "2026-03")


@given(days, units)
def test_a_day_lies_in_its_period(day: date, unit: str) -> None:
    label = period_of(day, unit)
    assert period_start(label) <= day <= period_end(label)
    assert period_of(period_start(label), unit) == label
    assert period_of(period_end(label), unit) == label


@given(days, units)
def test_periods_tile_the_calendar(day: date, unit: str) -> None:
    label = period_of(day, unit)
    following = shift(label, 1)
    assert period_start(following) == period_end(label) + timedelta(days=1)
    assert shift(following, -1) == label
    assert ordinal(following) == ordinal(label) + 1
    assert label < following  # labels of one unit sort as plain strings


@given(days, units, st.integers(min_value=-300, max_value=300))
def test_shift_range_and_distance_agree(day: date, unit: str, k: int) -> None:
    label = period_of(day, unit)
    moved = shift(label, k)
    assert shift(moved, -k) == label
    assert periods_between(label, moved) == k
    span = period_range(min(label, moved), max(label, moved))
    assert len(span) == abs(k) + 1
    assert span == sorted(span)
    assert len(set(span)) == len(span)
