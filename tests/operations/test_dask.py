"""Collecting on a Dask cluster of worker processes stores exactly what the default runner does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from distributed import Client, get_task_stream

from democorpus.generator import DEMO_SOURCES
from pipelines.demo_run import run_demo
from pipelines.workers import collect_runner
from tests.operations.conftest import DEMO_WEEKS, SEED, Baseline
from tests.operations.snapshot import contents, duplicates

pytestmark = pytest.mark.slow


def test_dask_runner_stores_what_the_default_runner_stores(
    tmp_path: Path, baseline: Baseline, write_config
) -> None:
    db = tmp_path / "horizon.duckdb"
    with (
        collect_runner("dask", workers=2) as runner,
        Client(runner.address) as client,
        get_task_stream(client) as stream,
    ):
        worker_pids = client.run(os.getpid)
        result = run_demo(
            var_dir=tmp_path / "var",
            seed=SEED,
            weeks=DEMO_WEEKS,
            db=db,
            config=write_config(tmp_path),
            task_runner=runner,
        )

    assert result.weeks_run == DEMO_WEEKS
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids.values()
    collected = [t for t in stream.data if str(t["key"]).startswith("collect_task")]
    assert len(collected) == len(DEMO_SOURCES) * DEMO_WEEKS
    assert {t["worker"] for t in collected} <= set(worker_pids)
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
    expected, got = contents(baseline.db), contents(db)
    assert len(got["documents"]) == 396
    for table in expected:
        assert got[table] == expected[table], table
