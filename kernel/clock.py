"""The clock: "now" in the one form Horizon stores and compares.

The warehouse keeps times in UTC without a zone (DuckDB ``TIMESTAMP`` holds none, and Python
refuses to compare an aware datetime with a naive one), so every layer that stamps a row asks
here instead of repeating the conversion. Scoring functions never read the clock: their callers
pass the time in, which keeps a re-run's scores identical.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time in UTC, as a naive datetime."""
    return datetime.now(UTC).replace(tzinfo=None)
