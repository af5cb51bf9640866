"""What analysts query: the snapshot beside a warehouse being written, the latest_* views, and
the comments that describe every table and column.

The analyst is a real second process with its own DuckDB connection, because DuckDB's lock is
per process: a query from the test's own process would prove nothing about the lock.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kernel.errors import WarehouseError
from warehouse.connection import Warehouse, open_warehouse, snapshot_path
from warehouse.overlap import TopicRegionRow, replace_topic_region
from warehouse.runs import finish_run, start_run
from warehouse.scores import replace_scores
from warehouse.topics import TopicRecord, TopicRunRecord, save_topic_run

SUBPROCESS_TIMEOUT = 120  # a safety net against a hung child, not a timing assertion
AT = datetime(2025, 1, 20, 6, 0)

# A DuckDB client in another process: opens a file read-only, then answers one SQL query per
# line of stdin with one JSON line (the rows, or the error).
ANALYST = """
import json, sys, duckdb
try:
    con = duckdb.connect(sys.argv[1], read_only=True)
except duckdb.Error as exc:
    print(json.dumps({"error": str(exc)}), flush=True)
    sys.exit(0)
print(json.dumps({"open": True}), flush=True)
for line in sys.stdin:
    try:
        print(json.dumps({"rows": con.execute(line).fetchall()}, default=str), flush=True)
    except duckdb.Error as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
"""


class Analyst:
    """One analyst's session on a file, in a process of its own."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", ANALYST, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.opened = self._answer()

    def ask(self, sql: str) -> dict:
        """The rows of ``sql`` as ``{"rows": …}``, or ``{"error": …}``."""
        assert self.process.stdin is not None
        self.process.stdin.write(sql.replace("\n", " ") + "\n")
        self.process.stdin.flush()
        return self._answer()

    def query(self, sql: str) -> list[list[object]]:
        answer = self.ask(sql)
        assert "rows" in answer, answer
        return answer["rows"]

    def _answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read() if self.process.stderr else "no answer"
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=SUBPROCESS_TIMEOUT)


@pytest.fixture
def analysts() -> Iterator[list[Analyst]]:
    started: list[Analyst] = []
    yield started
    for analyst in started:
        analyst.close()


def weekly_run(wh: Warehouse, week: str, *, status: str | None, topics: dict[str, float]) -> None:
    """A weekly run of ``week`` as the pipeline leaves it: its runs row (finished with
    ``status``, or still running when None), its topics, scores and region overlap."""
    run_id = f"weekly-{week}"
    with wh.transaction() as con:
        start_run(con, run_id, flow="weekly-scan", period=week, at=AT)
        if status is not None:
            finish_run(con, run_id, status=status, message=None, at=AT)
    topic_run(wh, run_id, week, list(topics))
    with wh.transaction() as con:
        replace_scores(con, run_id, week, scores(topics), pd.DataFrame())
        replace_topic_region(
            con,
            run_id,
            [
                TopicRegionRow(
                    topic_id=topic_id,
                    region_id="AT12",
                    relevance=score * 10,
                    industries=["C10"],
                    cross_link=False,
                    partners=[],
                    evidence=[f"{topic_id} in {week}"],
                    detail="{}",
                )
                for topic_id, score in topics.items()
            ],
        )


def topic_run(wh: Warehouse, run_id: str, week: str, topic_ids: list[str]) -> None:
    monday = date.fromisocalendar(int(week[:4]), int(week[-2:]), 1)
    record = TopicRunRecord(
        run_id=run_id,
        series="weekly" if run_id.startswith("weekly-") else "backtest",
        period=week,
        period_end=monday,
        window_start=monday,
        model_kind="refit",
        embed_model="test",
        previous_run_id=None,
        n_docs=0,
        n_new_docs=0,
        n_outliers=0,
        n_topics=len(topic_ids),
        n_born=len(topic_ids),
        next_topic_number=len(topic_ids) + 1,
        runs_since_refit=0,
        docs_at_refit=0,
    )
    centroid = np.full(384, 1 / np.sqrt(384), dtype=np.float32)
    topics = [
        TopicRecord(topic_id, f"{topic_id} of {week}", ["term"], 5, centroid, week, run_id)
        for topic_id in topic_ids
    ]
    assignments = pa.table(
        {
            "doc_id": pa.array([], pa.string()),
            "topic_id": pa.array([], pa.string()),
            "probability": pa.array([], pa.float64()),
        }
    )
    save_topic_run(wh, record, topics, assignments, [], at=AT)


def scores(topics: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "topic_id": topic_id,
                "status": "emerging",
                "score": score,
                "share_recent": 0.1,
                "share_base": 0.05,
                "growth": 2.0,
                "age": 3,
                "first_period": None,
                "burst": False,
                "burst_weight": 0.0,
                "porter": 1.0,
                "n_sources": 2,
                "n_orgs": 2,
                "n_countries": 1,
                "kinds_order": "publication",
                "reasons": ["share up"],
            }
            for topic_id, score in sorted(topics.items(), key=lambda item: -item[1])
        ]
    )


def test_snapshot_opens_read_only_while_the_writer_holds_the_main_file(
    tmp_path: Path, analysts: list[Analyst]
) -> None:
    db = tmp_path / "horizon.duckdb"
    with open_warehouse(db) as wh:
        weekly_run(wh, "2025-W01", status="completed", topics={"T0001": 2.0})
        snapshot = wh.write_snapshot()
        assert snapshot == snapshot_path(db) == tmp_path / "horizon.snapshot.duckdb"
        assert stat.S_IMODE(snapshot.stat().st_mode) == 0o444

        # The writer goes on: the next week is being written while analysts read.
        weekly_run(wh, "2025-W02", status=None, topics={"T0001": 1.0, "T0002": 3.0})

        blocked = Analyst(db)
        analysts.append(blocked)
        assert "lock" in blocked.opened["error"].lower()  # copying kept DuckDB's own lock

        reader = Analyst(snapshot)
        analysts.append(reader)
        assert reader.opened == {"open": True}
        assert reader.query("SELECT run_id, status FROM runs") == [["weekly-2025-W01", "completed"]]
        assert "read-only" in reader.ask("CREATE TABLE notes (x INTEGER)")["error"].lower()

        # The next snapshot replaces the file; the open session keeps reading the old one whole.
        with wh.transaction() as con:
            finish_run(con, "weekly-2025-W02", status="completed", message=None, at=AT)
        wh.write_snapshot()
        assert reader.query("SELECT count(*) FROM runs") == [[1]]
        fresh = Analyst(snapshot)
        analysts.append(fresh)
        assert fresh.query("SELECT run_id FROM runs ORDER BY 1") == [
            ["weekly-2025-W01"],
            ["weekly-2025-W02"],
        ]
    assert not list(tmp_path.glob(".*partial"))


def test_snapshot_failure_names_the_file_and_keeps_the_warehouse(tmp_path: Path) -> None:
    db = tmp_path / "horizon.duckdb"
    blocker = snapshot_path(db)
    blocker.mkdir()  # a folder where the snapshot goes: the rename cannot replace it
    (blocker / "keep").write_text("x")
    with open_warehouse(db) as wh:
        weekly_run(wh, "2025-W01", status="completed", topics={"T0001": 2.0})
        with pytest.raises(WarehouseError, match="analysts' snapshot") as caught:
            wh.write_snapshot()
        assert "the run itself is saved" in str(caught.value)
    assert not list(tmp_path.glob(".*partial"))
    with open_warehouse(db, read_only=True) as wh:
        assert wh.con.execute("SELECT count(*) FROM topic_scores").fetchone() == (1,)


def test_latest_views_return_the_last_reported_week(tmp_path: Path) -> None:
    db = tmp_path / "horizon.duckdb"
    with open_warehouse(db) as wh:
        weekly_run(wh, "2025-W01", status="completed", topics={"T0001": 1.0})
        weekly_run(wh, "2025-W02", status="partial", topics={"T0001": 2.0, "T0002": 4.0})
        weekly_run(wh, "2025-W03", status="failed", topics={"T0003": 9.0})
        weekly_run(wh, "2025-W04", status=None, topics={"T0004": 9.0})  # still running
        topic_run(wh, "backtest-2025-W05", "2025-W05", ["T0005"])
        with wh.transaction() as con:
            replace_scores(
                con, "backtest-2025-W05", "2025-W05", scores({"T0005": 9.0}), pd.DataFrame()
            )
        con = wh.con
        week = con.execute("SELECT run_id, week, status FROM latest_week").fetchall()
        topics = con.execute(
            "SELECT week, topic_id, label FROM latest_topics ORDER BY 2"
        ).fetchall()
        ranked = con.execute("SELECT topic_id, label, rank, score FROM latest_scores ORDER BY rank")
        ranking = ranked.fetchall()
        overlaps = con.execute(
            "SELECT topic_id, label, region_id, relevance, evidence FROM latest_overlaps ORDER BY 1"
        ).fetchall()
    assert week == [("weekly-2025-W02", "2025-W02", "partial")]
    assert topics == [
        ("2025-W02", "T0001", "T0001 of 2025-W02"),
        ("2025-W02", "T0002", "T0002 of 2025-W02"),
    ]
    assert ranking == [
        ("T0002", "T0002 of 2025-W02", 1, 4.0),
        ("T0001", "T0001 of 2025-W02", 2, 2.0),
    ]
    assert overlaps == [
        ("T0001", "T0001 of 2025-W02", "AT12", 20.0, ["T0001 in 2025-W02"]),
        ("T0002", "T0002 of 2025-W02", "AT12", 40.0, ["T0002 in 2025-W02"]),
    ]


def test_latest_views_are_empty_before_the_first_report(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "horizon.duckdb") as wh:
        weekly_run(wh, "2025-W01", status=None, topics={"T0001": 1.0})
        counts = [
            wh.con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
            for view in ("latest_week", "latest_topics", "latest_scores", "latest_overlaps")
        ]
    assert counts == [0, 0, 0, 0]


def test_every_table_view_and_column_has_a_comment(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "horizon.duckdb") as wh:
        con = wh.con
        tables = con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"
        ).fetchall()
        views = con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        columns = con.execute(
            "SELECT table_name || '.' || column_name, comment FROM duckdb_columns()"
            " WHERE NOT internal"
        ).fetchall()
    assert len(tables) >= 22 and len(views) == 4 and len(columns) >= 200
    missing = [name for name, comment in tables + views + columns if not (comment or "").strip()]
    assert missing == [], f"add COMMENT ON for these in a new migration: {missing}"


def test_the_snapshot_path_sits_beside_the_warehouse() -> None:
    assert snapshot_path("var/horizon.duckdb") == Path("var/horizon.snapshot.duckdb")
    assert snapshot_path(Path("/data/w")) == Path("/data/w.snapshot")
