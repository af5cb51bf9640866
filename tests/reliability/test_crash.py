"""SIGKILL in the middle of a write: committed documents survive, the half-written part vanishes,
and running the week again completes with every document stored once.

The kills land inside transactions (see :mod:`tests.reliability.killpoint`): during collect,
after the third source's documents and fetch log were written but before they committed; during
topics, after a run's topics and document assignments were written but before they committed.
A kill timed from outside, at the moment the topics stage starts, is in
``tests/operations/test_resume.py`` (with the resumed scores compared to an uninterrupted run).
Damaged warehouse files and the CLI: ``test_warehouse_files.py`` here and
``tests/warehouse/test_connection.py``.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.operations.snapshot import duplicates
from tests.reliability.feeds import rss, short_items
from tests.reliability.processes import run_horizon
from tests.reliability.site import MONDAY, WEEK
from tests.support import faults
from tests.support.httpserver import LoopbackServer
from warehouse.connection import lock_holder, open_warehouse

pytestmark = pytest.mark.slow
RUN_ID = f"weekly-{WEEK}"
FEEDS = {
    f"feed-{n}": short_items(30, week_monday=MONDAY, seed=n, prefix=f"feed-{n}")
    for n in (1, 2, 3, 4)
}
TOPIC_TABLES = ("topic_runs", "topics", "doc_topics", "topic_lineage", "topic_weekly")
KILLPOINT = ("-m", "tests.reliability.killpoint")


@pytest.fixture
def feeds() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    for source_id, items in FEEDS.items():
        server.routes[f"/{source_id}.xml"] = faults.body(rss(items, title=source_id))
    yield server
    server.close()


def sources_toml(server: LoopbackServer) -> str:
    return "".join(
        f'[[source]]\nid = "{sid}"\nkind = "news"\nadapter = "rss"\n'
        f'url = "{server.url(sid + ".xml")}"\n\n'
        for sid in FEEDS
    )


def stored_ids(db: Path) -> dict[str, list[str]]:
    with open_warehouse(db, read_only=True) as wh:
        rows = wh.con.execute(
            "SELECT s.source_id, d.external_id FROM document_sources s"
            " JOIN documents d USING (doc_id) ORDER BY ALL"
        ).fetchall()
    found: dict[str, list[str]] = {}
    for source_id, external_id in rows:
        found.setdefault(source_id, []).append(external_id)
    return found


def expected_ids(*source_ids: str) -> dict[str, list[str]]:
    return {sid: sorted(item.guid for item in FEEDS[sid]) for sid in source_ids}


def table_counts(db: Path, tables: tuple[str, ...]) -> dict[str, int]:
    with open_warehouse(db, read_only=True) as wh:
        return {t: wh.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def stages(db: Path) -> list[tuple[str, str]]:
    with open_warehouse(db, read_only=True) as wh:
        return wh.con.execute(
            "SELECT stage, status FROM run_stages WHERE run_id = ? ORDER BY started_at", [RUN_ID]
        ).fetchall()


def test_killed_in_collect_then_in_topics_then_completed(
    tmp_path: Path, feeds: LoopbackServer, run_files
) -> None:
    args = run_files(tmp_path, sources_toml(feeds), week=WEEK)
    db = tmp_path / "horizon.duckdb"

    # 1. Killed inside the third source's transaction.
    killed = run_horizon(
        args,
        cwd=tmp_path,
        prefix=(*KILLPOINT, "pipelines.stages.collect", "append_fetch_log", "3"),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert any("SIGKILL after call 3 of append_fetch_log" in line for line in killed.lines)
    assert any("source feed-2: ok, 30 items, 30 new" in line for line in killed.lines)
    assert lock_holder(db) is None
    assert stored_ids(db) == expected_ids("feed-1", "feed-2")  # feed-3: nothing, not half
    with open_warehouse(db, read_only=True) as wh:
        logged = wh.con.execute("SELECT DISTINCT source_id FROM fetch_log ORDER BY 1").fetchall()
        run = wh.con.execute("SELECT status, attempts FROM runs").fetchall()
    assert logged == [("feed-1",), ("feed-2",)]
    assert run == [("running", 1)] and stages(db) == []

    # 2. Run again, killed inside the topics transaction (topics and assignments written).
    killed = run_horizon(
        args, cwd=tmp_path, prefix=(*KILLPOINT, "warehouse.topics", "_insert", "2")
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert any("SIGKILL after call 2 of _insert" in line for line in killed.lines)
    assert stages(db) == [("collect", "completed"), ("terms", "completed"), ("embed", "completed")]
    assert table_counts(db, TOPIC_TABLES) == dict.fromkeys(TOPIC_TABLES, 0)
    assert stored_ids(db) == expected_ids(*FEEDS)
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)

    # 3. Run again: it completes, and everything is there once.
    done = run_horizon(args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert stored_ids(db) == expected_ids(*FEEDS)
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
    with open_warehouse(db, read_only=True) as wh:
        run = wh.con.execute("SELECT status, attempts FROM runs").fetchall()
        n_topics, n_docs = wh.con.execute(
            "SELECT n_topics, n_docs FROM topic_runs WHERE run_id = ?", [RUN_ID]
        ).fetchone()
        embedded = wh.con.execute("SELECT count(*) FROM embeddings").fetchone()[0]
    assert run == [("completed", 3)]
    assert [s for s, status in stages(db) if status == "completed"][-4:] == [
        "topics", "emergence", "overlap", "report"
    ]  # fmt: skip
    counts = table_counts(db, ("documents", "topics", "doc_topics"))
    assert counts == {"documents": 120, "topics": n_topics, "doc_topics": n_docs}
    assert n_topics > 0 and n_docs == embedded == 120
