"""Period labels and their arithmetic: ISO week ``2026-W07``, month ``2026-07``, year ``2026``.

Every count in Horizon is keyed by a period label, and the emergence scoring steps through
periods one at a time; keeping the arithmetic here (and only here) means a week 53, a year
boundary or a leap year is handled the same way by the weekly run, the backtest and the report.
Weeks are ISO 8601 weeks (Monday to Sunday, the year being the ISO year) as computed by
:meth:`datetime.date.isocalendar`. Labels of one unit sort chronologically as plain strings.
The week helpers below are the one place a ``YYYY-Www`` label is read or written; callers that
check a user's input word their own message around them.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from typing import Literal, get_args

from kernel.errors import ConfigError

Unit = Literal["week", "month", "year"]
UNITS: tuple[Unit, ...] = get_args(Unit)

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_HELP = "write a week as 2026-W07, a month as 2026-07 or a year as 2026"


def _bad(label: str, why: str) -> ConfigError:
    return ConfigError(f"not a period label: {label!r} ({why}); {_HELP}")


def unit_of(label: str) -> Unit:
    """The unit a label is written in; raises :class:`ConfigError` for anything else."""
    return _parse(label)[0]


def _parse(label: str) -> tuple[Unit, int]:
    """(unit, ordinal): consecutive periods of one unit have consecutive ordinals."""
    if not isinstance(label, str):
        raise _bad(str(label), "not a string")
    if (parts := split_week(label)) is not None:
        monday = iso_monday(*parts)
        if monday is None:
            raise _bad(label, f"ISO year {parts[0]} has no week {parts[1]}")
        return "week", (monday.toordinal() - 1) // 7
    if m := _MONTH.fullmatch(label):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12 or year < 1:
            raise _bad(label, "month must be 01 to 12")
        return "month", year * 12 + month - 1
    if m := _YEAR.fullmatch(label):
        if int(m[1]) < 1:
            raise _bad(label, "year 0000 does not exist")
        return "year", int(m[1])
    raise _bad(label, "unknown format")


def split_week(label: str) -> tuple[int, int] | None:
    """(ISO year, week number) of a label written ``YYYY-Www``; None when written otherwise.

    Whether that week exists is left to :func:`iso_monday`, so that each caller can say which
    of the two is wrong.
    """
    m = _WEEK.fullmatch(label)
    return (int(m[1]), int(m[2])) if m else None


def iso_monday(year: int, week: int) -> date | None:
    """The Monday of ISO ``week`` of ISO ``year``; None when that year has no such week."""
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


def week_monday(label: str) -> date | None:
    """The Monday of ISO week ``label``; None when it is no week label or no week that exists."""
    parts = split_week(label)
    return None if parts is None else iso_monday(*parts)


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December always lies in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar().week


def week_of(day: date) -> str:
    """The ISO week label (``2026-W07``) of the week that contains ``day``."""
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


def _label(unit: Unit, ordinal: int) -> str:
    if unit == "week":
        return week_of(date.fromordinal(ordinal * 7 + 1))
    if unit == "month":
        return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"
    return f"{ordinal:04d}"


def ordinal(label: str) -> int:
    """A number that grows by one from each period to the next (same unit only)."""
    return _parse(label)[1]


def period_of(day: date, unit: Unit) -> str:
    """The label of the period of ``unit`` that contains ``day``."""
    if unit == "week":
        return week_of(day)
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "year":
        return f"{day.year:04d}"
    raise ConfigError(f"unknown period unit {unit!r}; use one of {', '.join(UNITS)}")


def period_start(label: str) -> date:
    """The first day of the period."""
    unit, n = _parse(label)
    if unit == "week":
        return date.fromordinal(n * 7 + 1)
    if unit == "month":
        return date(n // 12, n % 12 + 1, 1)
    return date(n, 1, 1)


def period_end(label: str) -> date:
    """The last day of the period (inclusive): documents dated up to it belong to it or before."""
    unit, n = _parse(label)
    if unit == "week":
        return period_start(label) + timedelta(days=6)
    if unit == "month":
        return date(n // 12, n % 12 + 1, monthrange(n // 12, n % 12 + 1)[1])
    return date(n, 12, 31)


def shift(label: str, k: int) -> str:
    """The period ``k`` periods after ``label`` (before it when ``k`` is negative)."""
    unit, n = _parse(label)
    return _label(unit, n + k)


def periods_between(start: str, end: str) -> int:
    """How many periods ``end`` lies after ``start`` (negative when it lies before)."""
    return _ordinal_pair(start, end)[1] - _ordinal_pair(start, end)[0]


def period_range(start: str, end: str) -> list[str]:
    """Every period from ``start`` to ``end``, both included; empty when ``end`` < ``start``."""
    first, last = _ordinal_pair(start, end)
    unit = unit_of(start)
    return [_label(unit, n) for n in range(first, last + 1)]


def _ordinal_pair(start: str, end: str) -> tuple[int, int]:
    (unit_a, a), (unit_b, b) = _parse(start), _parse(end)
    if unit_a != unit_b:
        raise ConfigError(
            f"periods {start!r} and {end!r} are in different units ({unit_a}, {unit_b}); "
            "give both as weeks, both as months or both as years"
        )
    return a, b
