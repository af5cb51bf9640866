"""Helpers shared by the two patent XML adapters, EPO and USPTO, whose documents write dates
as ``YYYYMMDD``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime


def compact_date(value: str | None) -> date | None:
    """A ``YYYYMMDD`` date; ``None`` when it is missing or not a date."""
    try:
        return datetime.strptime((value or "").strip(), "%Y%m%d").date()
    except ValueError:
        return None


def compact_date_iso(value: str | None) -> str | None:
    """A ``YYYYMMDD`` date as ISO 8601 text, for metadata; ``None`` when it is not a date."""
    parsed = compact_date(value)
    return parsed.isoformat() if parsed else None


def unique(values: Iterable[str]) -> list[str]:
    """The non-empty values, each once, in the order first seen."""
    return list(dict.fromkeys(v for v in values if v))
