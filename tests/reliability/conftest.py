"""Fixtures of the reliability suite: a run's files in a temporary folder.

The region profiles are the one-region file of ``tests/conftest.py`` (``small_regions``): every
process these tests start embeds the industry descriptions once, and one region keeps that
short without changing anything the faults, kills and loads under test touch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.processes import Finished, run_horizon
from tests.reliability.site import FETCH_TOML, WEEK, Site, start_site


@pytest.fixture(scope="session")
def run_files(write_config):
    """Factory: ``horizon.toml`` (fetch settings ``fetch_toml``, reports/outbox under ``root``)
    and ``sources.toml``; returns the arguments of ``horizon run`` for ``week``."""

    def write(root: Path, sources: str, *, week: str, fetch_toml: str = "") -> list[str]:
        config = write_config(root, extra=fetch_toml)
        listed = root / "sources.toml"
        listed.write_text(sources, encoding="utf-8")
        db = root / "horizon.duckdb"
        return [
            "run",
            "--week",
            week,
            "--db",
            str(db),
            "--config",
            str(config),
            "--sources",
            str(listed),
        ]

    return write


@dataclass(frozen=True)
class FaultRun:
    """``horizon run`` over every source of :mod:`tests.reliability.site`, finished."""

    root: Path
    db: Path
    finished: Finished
    site: Site

    @property
    def report(self) -> Path:
        return self.root / "reports" / WEEK


@pytest.fixture(scope="session")
def fault_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    site = start_site(tmp_path_factory.mktemp("fault-site"))
    yield site
    site.close()


@pytest.fixture(scope="session")
def fault_run(tmp_path_factory: pytest.TempPathFactory, fault_site: Site, run_files) -> FaultRun:
    """One real run (a child process) whose sources are every fault at once, made once: the
    fault, XML-attack and hostile-content tests each read what it left."""
    root = tmp_path_factory.mktemp("fault-run")
    args = run_files(root, fault_site.sources_toml(), week=WEEK, fetch_toml=FETCH_TOML)
    finished = run_horizon(args, cwd=root)
    return FaultRun(root=root, db=root / "horizon.duckdb", finished=finished, site=fault_site)
