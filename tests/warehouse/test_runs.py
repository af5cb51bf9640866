"""Runs and their stages: what a resumed run may skip, and what `horizon status` shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from warehouse.connection import Warehouse, open_warehouse
from warehouse.runs import (
    completed_stages,
    finish_run,
    recent_runs,
    record_stage,
    run_status,
    stage_records,
    start_run,
)

T0 = datetime(2025, 1, 6, 6, 0)


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path / "runs.duckdb") as warehouse:
        yield warehouse


def test_a_run_reopened_counts_its_attempts(wh: Warehouse) -> None:
    assert start_run(wh.con, "weekly-2025-W02", flow="weekly-scan", period="2025-W02", at=T0) == 1
    finish_run(wh.con, "weekly-2025-W02", status="failed", message="topics: boom", at=T0)
    later = T0 + timedelta(hours=1)
    assert (
        start_run(wh.con, "weekly-2025-W02", flow="weekly-scan", period="2025-W02", at=later) == 2
    )
    row = wh.con.execute(
        "SELECT status, started_at, finished_at, attempts, message FROM runs"
    ).fetchone()
    assert row == ("running", later, None, 2, None)
    assert run_status(wh.con, "weekly-2025-W02") == "running"
    assert run_status(wh.con, "nope") is None


def test_completed_stages_are_what_a_resume_skips(wh: Warehouse) -> None:
    start_run(wh.con, "r", flow="weekly-scan", period="2025-W02", at=T0)
    record_stage(
        wh.con,
        "r",
        "collect",
        status="completed",
        started_at=T0,
        finished_at=T0 + timedelta(seconds=12.5),
        counts={"documents_new": 40},
    )
    record_stage(
        wh.con,
        "r",
        "terms",
        status="failed",
        started_at=T0,
        finished_at=T0 + timedelta(seconds=1),
        counts={"error": "spaCy"},
    )
    assert completed_stages(wh.con, "r") == {"collect"}
    record_stage(
        wh.con,
        "r",
        "terms",
        status="completed",
        started_at=T0,
        finished_at=T0 + timedelta(seconds=3),
        counts={"terms": 7},
    )
    assert completed_stages(wh.con, "r") == {"collect", "terms"}
    assert completed_stages(wh.con, "other") == set()


def test_recent_runs_newest_first_with_their_stages(wh: Warehouse) -> None:
    start_run(wh.con, "old", flow="import", period=None, at=T0)
    finish_run(wh.con, "old", status="completed", message="3 new", at=T0)
    start_run(wh.con, "new", flow="weekly-scan", period="2025-W03", at=T0 + timedelta(days=7))
    record_stage(
        wh.con,
        "new",
        "collect",
        status="completed",
        started_at=T0 + timedelta(days=7),
        finished_at=T0 + timedelta(days=7, seconds=2),
        counts={"sources": 3},
    )

    runs = recent_runs(wh.con)
    assert [r["run_id"] for r in runs] == ["new", "old"]
    assert runs[1]["stages"] is None
    assert runs[1]["message"] == "3 new"
    (stage,) = runs[0]["stages"]
    assert (stage["stage"], stage["status"], stage["seconds"]) == ("collect", "completed", 2.0)
    assert json.loads(stage["counts"]) == {"sources": 3}
    assert [r["run_id"] for r in recent_runs(wh.con, limit=1)] == ["new"]


def test_stage_records_come_in_the_order_the_stages_started_with_times_and_counts(
    wh: Warehouse,
) -> None:
    """What the benchmark reads to place memory samples in their stage."""
    one = timedelta(seconds=1)
    record_stage(
        wh.con,
        "r",
        "terms",
        status="completed",
        started_at=T0 + one,
        finished_at=T0 + 4 * one,
        counts={"documents": 3},
    )
    record_stage(
        wh.con,
        "r",
        "collect",
        status="completed",
        started_at=T0,
        finished_at=T0 + one,
        counts={"documents_new": 3},
    )
    record_stage(
        wh.con, "other", "collect", status="failed", started_at=T0, finished_at=T0, counts={}
    )
    rows = stage_records(wh.con, "r")
    assert [
        (r["stage"], r["status"], r["started_at"], r["finished_at"], r["seconds"], r["counts"])
        for r in rows
    ] == [
        ("collect", "completed", T0, T0 + one, 1.0, {"documents_new": 3}),
        ("terms", "completed", T0 + one, T0 + 4 * one, 3.0, {"documents": 3}),
    ]
    assert stage_records(wh.con, "nope") == []
