"""A week in which a source failed: a real ``horizon run`` on the demo feeds plus a feed that
is not there, then the reading commands against its warehouse.

One run serves every test of the module; it is the slow part (spaCy, MiniLM, BERTopic).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.demo.generator import demo_sources_toml, generate_demo
from tests.pipelines.horizon_cli import horizon
from tests.support.httpserver import LoopbackServer
from warehouse.connection import open_warehouse
from warehouse.runs import run_status

WEEK = "2025-W01"
BROKEN = "missing-feed"


@dataclass(frozen=True)
class PartialWeek:
    cwd: Path
    db: Path
    config: Path
    run_stdout: str
    run_returncode: int

    def horizon(self, *args: str):
        return horizon(*args, "--db", str(self.db), cwd=self.cwd)


@pytest.fixture(scope="module")
def partial_week(tmp_path_factory: pytest.TempPathFactory, write_config) -> Iterator[PartialWeek]:
    root = tmp_path_factory.mktemp("partial")
    generate_demo(root / "demo", weeks=1)
    server = LoopbackServer(root=root / "demo" / "feeds")
    try:
        sources = root / "sources.toml"
        broken = (
            f'\n[[source]]\nid = "{BROKEN}"\nkind = "news"\nadapter = "rss"\n'
            f'url = "{server.url("not-there.xml")}"\n'
        )
        sources.write_text(demo_sources_toml(server.base_url) + broken, encoding="utf-8")
        config = write_config(root / "config")
        db = root / "horizon.duckdb"
        result = horizon(
            "run", "--week", WEEK, "--sources", str(sources), "--config", str(config),
            "--db", str(db), cwd=root,
        )  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        yield PartialWeek(root, db, config, result.stdout, result.returncode)
    finally:
        server.close()


def test_a_week_with_a_failed_source_is_partial(partial_week: PartialWeek) -> None:
    assert partial_week.run_returncode == 0
    assert f"source {BROKEN} failed" in partial_week.run_stdout
    with open_warehouse(partial_week.db, read_only=True) as wh:
        assert run_status(wh.con, f"weekly-{WEEK}") == "partial"


def test_report_without_week_reads_the_partial_week_and_says_so(
    partial_week: PartialWeek,
) -> None:
    result = partial_week.horizon("report", "--config", str(partial_week.config))
    assert result.returncode == 0, result.stderr
    assert f"report: {partial_week.config.parent / 'reports' / WEEK / 'index.html'}" in (
        result.stdout
    )
    assert f"note: {WEEK} is partial (1 source(s) failed: {BROKEN})" in result.stderr


def test_export_without_week_writes_the_partial_week_and_says_so(
    partial_week: PartialWeek,
) -> None:
    out = partial_week.cwd / "export"
    result = partial_week.horizon("export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"note: {WEEK} is partial" in result.stderr
    with open(out / WEEK / "topics.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) > 0
    assert sorted(p.name for p in (out / WEEK).iterdir()) == [
        "term_scores.csv", "topic_region.csv", "topic_scores.csv", "topics.csv",
    ]  # fmt: skip


def test_a_partial_week_can_be_named(partial_week: PartialWeek) -> None:
    result = partial_week.horizon("topics", "--week", WEEK)
    assert result.returncode == 0, result.stderr
    assert WEEK in result.stdout
