"""Opening the warehouse to read while a run may be writing it.

DuckDB lets one process write; readers in other processes have to wait until it is done. The
commands that only read (``report``, ``topics``, ``regions show``, ``export``) wait with a
message instead of failing, up to a limit.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console

from warehouse.connection import Warehouse, lock_holder, open_warehouse
from warehouse.errors import HorizonError, WarehouseLocked
from warehouse.runs import latest_completed_week

WAIT_SECONDS = 600.0


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


def run_for_week(wh: Warehouse, week: str | None) -> tuple[str, str]:
    """(run_id, week) of the given week, or of the latest completed one."""
    if week is not None:
        return f"weekly-{week}", week
    latest = latest_completed_week(wh.con)
    if latest is None:
        raise HorizonError("no completed weekly run yet: run `horizon run` or `horizon demo`")
    return latest
