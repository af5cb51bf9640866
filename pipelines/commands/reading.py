"""Opening the warehouse to read while a run may be writing it, and choosing the week to read.

DuckDB lets one process write; readers in other processes have to wait until it is done. The
commands that only read (``report``, ``topics``, ``regions show``, ``export``) wait with a
message instead of failing, up to a limit.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from rich.console import Console

from kernel.errors import ConfigError, HorizonError, WarehouseLocked
from kernel.periods import split_week, weeks_in_year
from pipelines.stages.runner import current_week, run_id_for
from warehouse.connection import Warehouse, lock_holder, open_warehouse
from warehouse.runs import completed_stages, latest_reported_week, run_message, run_status

WAIT_SECONDS = 600.0


@overload
def checked_week(value: str, option: str = "--week") -> str: ...
@overload
def checked_week(value: None, option: str = "--week") -> None: ...
@overload
def checked_week(value: str | None, option: str = "--week") -> str | None: ...
def checked_week(value: str | None, option: str = "--week") -> str | None:
    """``value`` if it is an ISO week that exists, else a ConfigError saying why.

    Checked before anything starts: the weekly flow reads an empty week as "this week" and
    forgives spaces, and a week label becomes a folder name under ``--out`` and the reports.
    """
    if value is None:
        return None
    example = current_week()
    if not value.strip():
        raise ConfigError(f"{option} is empty; give an ISO week such as {example}")
    if value != value.strip():
        raise ConfigError(f"{option} {value!r} has spaces around it; write {value.strip()}")
    parts = split_week(value)
    if parts is None:
        raise ConfigError(f"{option} {value!r} is not an ISO week; write YYYY-Www, e.g. {example}")
    year, number = parts
    if year < 1:
        raise ConfigError(f"{option} {value}: there is no year 0; write YYYY-Www, e.g. {example}")
    last = weeks_in_year(year)
    if not 1 <= number <= last:
        raise ConfigError(f"{option} {value} does not exist: {year} has weeks W01 to W{last}")
    return value


@dataclass(frozen=True)
class ReportedWeek:
    """A week whose run got as far as writing its report."""

    run_id: str
    week: str
    status: str
    message: str | None

    @property
    def note(self) -> str | None:
        """What a reader of a partial week must know: some sources are missing from it."""
        if self.status != "partial":
            return None
        why = f" ({self.message})" if self.message else ""
        return (
            f"{self.week} is partial{why}: its figures leave those sources out; "
            f"`horizon run --week {self.week}` collects them again"
        )


@contextlib.contextmanager
def reading(db: Path, *, wait: float = WAIT_SECONDS) -> Iterator[Warehouse]:
    """The warehouse opened read-only, after any running writer has finished."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        holder = lock_holder(db)
        if holder is None:
            try:
                wh = open_warehouse(db, read_only=True)
                break
            except WarehouseLocked:
                pass
        if time.monotonic() > deadline:
            raise WarehouseLocked(f"{db} is still being written after {wait:.0f} s; try later")
        if not told:
            who = f"process {holder.get('pid')}" if holder else "another process"
            Console(stderr=True).print(f"waiting for {who} to finish writing {db} …")
            told = True
        time.sleep(1.0)
    with wh:
        yield wh


def run_for_week(wh: Warehouse, week: str | None) -> ReportedWeek:
    """The given week, or the latest week with a report (completed or partial).

    A week that never ran, or whose run stopped before its report, is an error: reading it
    would give empty tables that look like a quiet week.
    """
    if week is None:
        latest = latest_reported_week(wh.con)
        if latest is None:
            raise HorizonError(
                "no weekly run has written a report yet: run `horizon run` or `horizon demo`"
            )
        return ReportedWeek(*latest)
    run_id = run_id_for(week)
    status = run_status(wh.con, run_id)
    if status is None:
        raise HorizonError(
            f"{week} never ran: run `horizon run --week {week}` first "
            "(`horizon status` lists the weeks that ran)"
        )
    if "report" not in completed_stages(wh.con, run_id):
        raise HorizonError(
            f"{week} has no report: its run is {status}; `horizon run --week {week}` finishes it"
        )
    return ReportedWeek(run_id, week, status, run_message(wh.con, run_id))
