"""One writer at a time across real processes; damaged or missing files give a clear message."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from kernel.errors import WarehouseCorrupt, WarehouseError, WarehouseLocked
from tests.support.documents import record, store
from warehouse.connection import lock_holder, open_warehouse
from warehouse.documents import count_documents
from warehouse.migrate import apply_migrations, available_migrations

ROOT = Path(__file__).resolve().parents[2]
SUBPROCESS_TIMEOUT = 120  # a safety net against a hung child, not a timing assertion


def horizon(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed ``horizon`` command, or the same entry point through this interpreter."""
    script = Path(sys.executable).with_name("horizon")
    command = [str(script)] if script.exists() else [sys.executable, "-c", CLI_MAIN]
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT
    )


CLI_MAIN = "from pipelines.cli import main; main()"


def python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_writer_process_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    db = tmp_path / "same.duckdb"
    feed = tmp_path / "items.jsonl"
    feed.write_text(
        json.dumps({"id": "n1", "title": "Robots", "date": "2025-01-02", "kind": "news"}) + "\n"
    )
    store(db, [record(1)])
    holder = open_warehouse(db)
    try:
        assert lock_holder(db)["pid"] == os.getpid()
        refused = horizon("import", str(feed), "--db", str(db), cwd=tmp_path)
        assert refused.returncode == 1
        assert "Traceback" not in refused.stderr
        message = refused.stderr.strip()
        assert len(message.splitlines()) == 1
        assert f"is being written by process {os.getpid()} on " in message
        assert "only one run can write at a time" in message
        assert count_documents(holder.con) == 1
    finally:
        holder.close()

    assert lock_holder(db) is None
    accepted = horizon("import", str(feed), "--db", str(db), cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "items.jsonl: 1 new, 0 already stored, 0 skipped" in accepted.stdout
    with open_warehouse(db, read_only=True) as wh:
        assert count_documents(wh.con) == 2
        assert wh.con.execute("SELECT status FROM runs").fetchall() == [("completed",)]


WRITER_AND_READER = """
import json, sys
from warehouse.connection import open_warehouse
from kernel.errors import HorizonError
outcome = {}
for read_only in (False, True):
    try:
        open_warehouse(sys.argv[1], read_only=read_only).close()
        outcome[str(read_only)] = "opened"
    except HorizonError as exc:
        outcome[str(read_only)] = [type(exc).__name__, str(exc)]
print(json.dumps(outcome))
"""


def test_other_process_can_neither_write_nor_read_while_a_writer_holds(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    with open_warehouse(db):
        child = python(WRITER_AND_READER, str(db))
        stdout, stderr = child.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert child.returncode == 0, stderr
    outcome = json.loads(stdout)
    assert outcome["False"][0] == "WarehouseLocked"
    assert f"process {os.getpid()}" in outcome["False"][1]
    # DuckDB itself keeps readers of other processes out while a writer has the file open
    assert outcome["True"][0] == "WarehouseLocked"
    assert "Wait for the running job to finish" in outcome["True"][1]

    child = python(WRITER_AND_READER, str(db))
    stdout, stderr = child.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert json.loads(stdout) == {"False": "opened", "True": "opened"}


def test_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with open_warehouse(db) as first:
        with pytest.raises(WarehouseLocked, match=f"process {os.getpid()} on "):
            open_warehouse(db)
        assert not first.read_only
        holder = lock_holder(db)
        assert set(holder) == {"pid", "host", "command", "since"}
    with open_warehouse(db) as again:
        assert count_documents(again.con) == 0


HOLD_AFTER_WRITING = """
import sys, time
from datetime import datetime
from warehouse.connection import open_warehouse
from warehouse.documents import upsert_documents
from tests.support.documents import record, store
from kernel.records import DocumentRecord
wh = open_warehouse(sys.argv[1])
with wh.transaction() as con:
    upsert_documents(con, [DocumentRecord(
        doc_id="Dkilled", external_id="k1", kind="news", title="Written before the kill",
        text="t", published=None, period="2025-W01", keys=["ext:news:k1"])],
        run_id="r", source_id="s", seen_at=datetime(2025, 1, 1))
print("ready", flush=True)
time.sleep(600)
"""


def test_lock_of_a_killed_writer_is_free_and_its_commits_survive(tmp_path: Path) -> None:
    db = tmp_path / "killed.duckdb"
    child = python(HOLD_AFTER_WRITING, str(db))
    try:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        assert lock_holder(db)["pid"] == child.pid
        with pytest.raises(WarehouseLocked, match=f"process {child.pid} on "):
            open_warehouse(db)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=SUBPROCESS_TIMEOUT)
    assert child.returncode == -signal.SIGKILL

    assert lock_holder(db) is None
    with open_warehouse(db) as wh:
        rows = wh.con.execute("SELECT doc_id, title FROM documents").fetchall()
        keys = wh.con.execute("SELECT key, doc_id FROM document_keys").fetchall()
    assert rows == [("Dkilled", "Written before the kill")]
    assert keys == [("ext:news:k1", "Dkilled")]


@pytest.mark.parametrize("read_only", [False, True])
def test_random_bytes_are_reported_as_corrupt(tmp_path: Path, read_only: bool) -> None:
    db = tmp_path / "random.duckdb"
    db.write_bytes(random.Random(7).randbytes(64 * 1024))
    with pytest.raises(WarehouseCorrupt) as caught:
        open_warehouse(db, read_only=read_only)
    message = str(caught.value)
    assert message.startswith(f"cannot open {db} as a DuckDB warehouse (")
    assert "not a valid DuckDB database file" in message
    assert "move it aside" in message
    assert "\n" not in message
    assert lock_holder(db) is None

    db.unlink()
    with open_warehouse(db) as wh:
        assert count_documents(wh.con) == 0


def test_damaged_block_gives_one_line_from_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "damaged.duckdb"
    words = random.Random(3)
    store(db, [record(n, " ".join(str(words.random()) for _ in range(300))) for n in range(1000)])
    data = bytearray(db.read_bytes())
    assert len(data) > 2_000_000
    noise = random.Random(11)
    for offset in range(300_000, len(data), 200_000):
        data[offset : offset + 4096] = noise.randbytes(4096)
    db.write_bytes(bytes(data))

    status = horizon("status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 1
    assert "Traceback" not in status.stderr
    assert len(status.stderr.strip().splitlines()) == 1
    assert status.stderr.startswith("error: ")
    assert "Corrupt database file" in status.stderr
    assert "`horizon backfill`" in status.stderr


def test_read_only_open_of_a_missing_file(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "missing.duckdb"
    with pytest.raises(
        WarehouseError, match=r"no warehouse at .*missing\.duckdb: run `horizon run`"
    ):
        open_warehouse(db, read_only=True)
    assert not db.parent.exists()
    status = horizon("status", "--db", str(db), cwd=tmp_path)
    assert status.returncode == 1
    assert status.stderr.startswith(f"error: no warehouse at {db}")


def test_read_only_open_sees_committed_state_and_cannot_write(tmp_path: Path) -> None:
    db = tmp_path / "ro.duckdb"
    store(db, [record(1), record(2)])
    with open_warehouse(db, read_only=True) as wh:
        assert wh.read_only
        assert count_documents(wh.con) == 2
        with pytest.raises(duckdb.InvalidInputException, match="read-only"):
            wh.con.execute("DELETE FROM documents")
    assert lock_holder(db) is None


def test_migrations_are_recorded_once_and_not_reapplied(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    shipped = available_migrations()
    assert [version for version, _, _ in shipped] == list(range(1, len(shipped) + 1))
    with open_warehouse(db) as wh:
        first = wh.con.execute(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        ).fetchall()
    assert [(v, n) for v, n, _ in first] == [(v, n) for v, n, _ in shipped]
    store(db, [record(1)])
    with open_warehouse(db) as wh:
        assert apply_migrations(wh.con) == []
        again = wh.con.execute(
            "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
        ).fetchall()
        assert count_documents(wh.con) == 1
    assert again == first


def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path) -> None:
    db = tmp_path / "clash.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE fetch_log (anything INTEGER)")  # clashes with 0001_foundation
    with pytest.raises(WarehouseError, match=r"migration 0001_foundation\.sql failed"):
        apply_migrations(con)
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"fetch_log", "schema_migrations"}
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (0,)
    con.close()

    with pytest.raises(WarehouseError, match=r"migration 0001_foundation\.sql failed"):
        open_warehouse(db)
    assert lock_holder(db) is None


def test_transaction_commits_or_rolls_back(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "t.duckdb") as wh:
        with wh.transaction() as con:
            con.execute("INSERT INTO sources VALUES ('a', 'news', 'rss', 'u', true, now())")
        with pytest.raises(KeyboardInterrupt), wh.transaction() as con:
            con.execute("INSERT INTO sources VALUES ('b', 'news', 'rss', 'u', true, now())")
            raise KeyboardInterrupt
        assert wh.con.execute("SELECT source_id FROM sources").fetchall() == [("a",)]
