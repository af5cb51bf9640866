"""Fixtures for the operations tests: a small demo configuration and an uninterrupted baseline.

Every test here compares a run made in some operational way (killed and resumed, collected on a
Dask cluster, triggered from a served deployment) with the same demo weeks run plainly, so the
plain run is made once per session and shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.demo.runner import run_demo

ROOT = Path(__file__).resolve().parents[2]
DEMO_WEEKS = 2
SEED = 2025


@dataclass(frozen=True)
class Baseline:
    db: Path
    var_dir: Path


@pytest.fixture(scope="session")
def small_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first region of ``config/regions.toml`` alone.

    The overlap stage embeds every industry description of every region once per process; one
    region keeps that short in the processes these tests start, and changes nothing that the
    operations under test touch.
    """
    text = (ROOT / "config" / "regions.toml").read_text(encoding="utf-8")
    first = text.index("[[regions]]")
    second = text.index("[[regions]]", first + 1)
    path = tmp_path_factory.mktemp("regions") / "regions.toml"
    path.write_text(text[:second], encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def write_config(small_regions: Path):
    """Factory: a ``horizon.toml`` whose reports and outbox live under ``root``, followed by the
    tables in ``extra``."""

    def write(root: Path, *, timezone: str = "Europe/Vienna", extra: str = "") -> Path:
        root.mkdir(parents=True, exist_ok=True)
        path = root / "horizon.toml"
        path.write_text(
            f'timezone = "{timezone}"\n\n[paths]\nreports = "{root / "reports"}"\n'
            f'outbox = "{root / "outbox"}"\nregions = "{small_regions}"\n{extra}',
            encoding="utf-8",
        )
        return path

    return write


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
