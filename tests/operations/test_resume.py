"""A run killed with SIGKILL in the middle of the topics stage resumes without a trace.

The run is a real ``horizon demo`` process; it is killed the moment it logs that the topics
stage of the first week started, which it does before any topic work, so the kill lands inside
that stage (checked below against ``run_stages``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo_run import demo_weeks, run_demo
from tests.operations.conftest import DEMO_WEEKS, SEED, Baseline
from tests.operations.snapshot import contents, duplicates
from warehouse.connection import lock_holder, open_warehouse

pytestmark = pytest.mark.slow
FIRST_WEEK = demo_weeks(DEMO_WEEKS)[0]
KILL_AT = f"weekly-{FIRST_WEEK}: topics started"


def kill_when_topics_start(root: Path, db: Path, config: Path) -> list[str]:
    """Run the demo in its own process group, SIGKILL it at KILL_AT; returns its log lines."""
    env = {**os.environ, "HORIZON_LOG_LEVEL": "INFO", "PREFECT_HOME": str(root / "prefect")}
    command = [sys.executable, "-m", "pipelines", "demo", "--weeks", str(DEMO_WEEKS)]
    command += ["--seed", str(SEED), "--db", str(db), "--config", str(config)]
    process = subprocess.Popen(
        command,
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line.rstrip())
            if KILL_AT in line:
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
    finally:
        # the run's temporary Prefect server is a child in the same group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "\n".join(lines[-30:])
    return lines


def test_killed_during_topics_then_resumed_equals_uninterrupted(
    tmp_path: Path, baseline: Baseline, write_config
) -> None:
    db = tmp_path / "horizon.duckdb"
    config = write_config(tmp_path)

    lines = kill_when_topics_start(tmp_path, db, config)

    assert any(f"weekly-{FIRST_WEEK}: embed completed" in line for line in lines)
    assert lock_holder(db) is None, "the kill released the writer lock"
    with open_warehouse(db, read_only=True) as wh:
        stages = wh.con.execute(
            "SELECT stage, status FROM run_stages WHERE run_id = ? ORDER BY started_at",
            [f"weekly-{FIRST_WEEK}"],
        ).fetchall()
        run = wh.con.execute("SELECT status, attempts FROM runs").fetchall()
        topics = wh.con.execute("SELECT count(*) FROM topics").fetchone()[0]
    assert stages == [("collect", "completed"), ("terms", "completed"), ("embed", "completed")]
    assert run == [("running", 1)] and topics == 0

    resumed = run_demo(var_dir=tmp_path / "var", seed=SEED, weeks=DEMO_WEEKS, db=db, config=config)

    assert resumed.weeks_run == DEMO_WEEKS and resumed.weeks_skipped == 0
    with open_warehouse(db, read_only=True) as wh:
        runs = wh.con.execute("SELECT run_id, status, attempts FROM runs ORDER BY 1").fetchall()
        redone = wh.con.execute(
            "SELECT stage FROM run_stages WHERE run_id = ? AND status = 'completed'"
            " ORDER BY started_at",
            [f"weekly-{FIRST_WEEK}"],
        ).fetchall()
    assert runs == [
        (f"weekly-{week}", "completed", 2 if week == FIRST_WEEK else 1)
        for week in demo_weeks(DEMO_WEEKS)
    ]
    assert [s for (s,) in redone] == [
        "collect", "terms", "embed", "topics", "emergence", "overlap", "report"
    ]  # fmt: skip
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
    expected, got = contents(baseline.db), contents(db)
    for table in expected:
        assert got[table] == expected[table], table
