"""The ``runs`` and ``run_stages`` records: what each run did, so a run can resume."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TypedDict, cast

import duckdb


class StageSummary(TypedDict):
    """One stage of a run as ``recent_runs`` lists it (``counts``: the stored JSON text)."""

    stage: str
    status: str
    seconds: float | None
    counts: str | None


class StageRecord(TypedDict):
    """One ``run_stages`` row with its counts parsed from JSON."""

    stage: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    seconds: float | None
    counts: dict[str, object]


class RecentRun(TypedDict):
    """A ``runs`` row with its stages in the order they started (None: no stage recorded)."""

    run_id: str
    flow: str
    period: str | None
    status: str
    started_at: datetime
    finished_at: datetime | None
    attempts: int
    message: str | None
    stages: list[StageSummary] | None


def start_run(
    con: duckdb.DuckDBPyConnection, run_id: str, *, flow: str, period: str | None, at: datetime
) -> int:
    """Open (or re-open) a run; returns its attempt number."""
    row = con.execute("SELECT attempts FROM runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, 'running', ?, NULL, 1, NULL)",
            [run_id, flow, period, at],
        )
        return 1
    con.execute(
        "UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL,"
        " attempts = attempts + 1, message = NULL WHERE run_id = ?",
        [at, run_id],
    )
    return row[0] + 1


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, *, status: str, message: str | None, at: datetime
) -> None:
    con.execute(
        "UPDATE runs SET status = ?, message = ?, finished_at = ? WHERE run_id = ?",
        [status, message, at, run_id],
    )


def record_stage(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    stage: str,
    *,
    status: str,
    started_at: datetime,
    finished_at: datetime,
    counts: dict[str, object],
) -> None:
    con.execute(
        "INSERT OR REPLACE INTO run_stages VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            stage,
            status,
            started_at,
            finished_at,
            (finished_at - started_at).total_seconds(),
            json.dumps(counts, default=str),
        ],
    )


def completed_stages(con: duckdb.DuckDBPyConnection, run_id: str) -> set[str]:
    rows = con.execute(
        "SELECT stage FROM run_stages WHERE run_id = ? AND status = 'completed'", [run_id]
    ).fetchall()
    return {row[0] for row in rows}


def stage_records(con: duckdb.DuckDBPyConnection, run_id: str) -> list[StageRecord]:
    """Every stage of a run in the order it started, with its times and counts (parsed)."""
    cursor = con.execute(
        "SELECT stage, status, started_at, finished_at, seconds, counts FROM run_stages"
        " WHERE run_id = ? ORDER BY started_at, stage",
        [run_id],
    )
    return [
        StageRecord(
            stage=stage,
            status=status,
            started_at=started_at,
            finished_at=finished_at,
            seconds=seconds,
            counts=json.loads(counts) if counts else {},
        )
        for stage, status, started_at, finished_at, seconds, counts in cursor.fetchall()
    ]


def run_status(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    row = con.execute("SELECT status FROM runs WHERE run_id = ?", [run_id]).fetchone()
    return row[0] if row else None


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[RecentRun]:
    cursor = con.execute(
        """
        SELECT r.run_id, r.flow, r.period, r.status, r.started_at, r.finished_at, r.attempts,
               r.message,
               list(struct_pack(stage := s.stage, status := s.status, seconds := s.seconds,
                                counts := s.counts) ORDER BY s.started_at)
                   FILTER (WHERE s.stage IS NOT NULL) AS stages
        FROM runs r LEFT JOIN run_stages s USING (run_id)
        GROUP BY ALL
        ORDER BY r.started_at DESC
        LIMIT ?
        """,
        [limit],
    )
    columns = [column[0] for column in cursor.description]
    return [cast(RecentRun, dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


def run_message(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    row = con.execute("SELECT message FROM runs WHERE run_id = ?", [run_id]).fetchone()
    return row[0] if row else None


def latest_reported_week(
    con: duckdb.DuckDBPyConnection,
) -> tuple[str, str, str, str | None] | None:
    """(run_id, week, status, message) of the latest weekly run that finished with its report
    written, completed or partial (some sources failed), or None."""
    row = con.execute(
        "SELECT r.run_id, r.period, r.status, r.message FROM runs r"
        " JOIN run_stages s ON s.run_id = r.run_id AND s.stage = 'report'"
        " AND s.status = 'completed'"
        " WHERE r.flow = 'weekly-scan' AND r.status IN ('completed', 'partial')"
        " ORDER BY r.period DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1], row[2], row[3]) if row else None
