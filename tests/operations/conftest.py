"""Fixtures for the operations tests: a small demo configuration and an uninterrupted baseline.

Every test here compares a run made in some operational way (killed and resumed, collected on a
Dask cluster, triggered from a served deployment) with the same demo weeks run plainly, so the
plain run is made once per session and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.demo_run import run_demo

DEMO_WEEKS = 2
SEED = 2025


@dataclass(frozen=True)
class Baseline:
    db: Path
    var_dir: Path


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory, write_config) -> Baseline:
    """The demo weeks run once, uninterrupted, with Prefect's default task runner."""
    root = tmp_path_factory.mktemp("baseline")
    db = root / "horizon.duckdb"
    result = run_demo(
        var_dir=root / "var", seed=SEED, weeks=DEMO_WEEKS, db=db, config=write_config(root)
    )
    assert result.weeks_run == DEMO_WEEKS
    return Baseline(db=db, var_dir=root / "var")
