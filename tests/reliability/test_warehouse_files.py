"""A damaged warehouse file stops ``horizon run`` and ``horizon report`` with one line saying what
to do, never a traceback.

Damage that shows only when a block is read (``horizon status``) and a random-bytes file opened
through the API are in ``tests/warehouse/test_connection.py``; a locked warehouse, refused by a
second run while the first one writes, is in ``test_concurrency.py``.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from tests.reliability.processes import run_horizon
from tests.reliability.site import WEEK
from tests.support.documents import record, store
from warehouse.connection import open_warehouse
from warehouse.runs import finish_run, start_run

DAMAGE = {
    "random-bytes": lambda data: random.Random(7).randbytes(len(data)),
    "zeroed-header": lambda data: bytes(8192) + data[8192:],
    "truncated": lambda data: data[: len(data) // 2],
}


@pytest.fixture(scope="module")
def sound_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real warehouse of about 5 MB: a thousand documents of random words and a completed
    weekly run (so that ``report`` has something to read)."""
    db = tmp_path_factory.mktemp("sound") / "horizon.duckdb"
    words = random.Random(3)
    store(db, [record(n, " ".join(str(words.random()) for _ in range(300))) for n in range(1000)])
    with open_warehouse(db) as wh, wh.transaction() as con:
        start_run(con, f"weekly-{WEEK}", flow="weekly-scan", period=WEEK, at=datetime(2026, 2, 2))
        finish_run(con, f"weekly-{WEEK}", status="completed", message=None, at=datetime(2026, 2, 2))
    return db


@pytest.mark.parametrize("command", ["run", "report"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_warehouse_gives_one_line_and_exit_1(
    tmp_path: Path, sound_db: Path, damage: str, command: str
) -> None:
    db = tmp_path / "horizon.duckdb"
    db.write_bytes(DAMAGE[damage](sound_db.read_bytes()))
    sources = tmp_path / "sources.toml"
    sources.write_text("")
    args = {"run": ["run", "--week", WEEK, "--sources", str(sources)], "report": ["report"]}
    finished = run_horizon([*args[command], "--db", str(db)], cwd=tmp_path)
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert len(finished.lines) == 1, finished.stderr
    line = finished.lines[0]
    assert line.startswith("error: ")
    assert str(db.name) in line and "move it aside" in line and "`horizon backfill`" in line
