"""A week in which a source failed: a real ``horizon run`` on the demo feeds plus a feed that
is not there, then the reading commands against its warehouse.

One run serves every test of the module; it is the slow part (spaCy, MiniLM, BERTopic).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from democorpus.generator import demo_sources_toml, generate_demo
from tests.pipelines.horizon_cli import horizon, horizon_env
from tests.support.httpserver import LoopbackServer, send
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
    run_stderr: str
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
        # Prefect's home left at its default, var/prefect under a folder that has no var/ yet
        fresh = {k: v for k, v in horizon_env().items() if k != "PREFECT_HOME"}
        result = horizon(
            "run", "--strict", "--week", WEEK, "--sources", str(sources),
            "--config", str(config), "--db", str(db), cwd=root, env=fresh,
        )  # fmt: skip
        assert "Traceback" not in result.stderr, result.stderr
        yield PartialWeek(root, db, config, result.stdout, result.stderr, result.returncode)
    finally:
        server.close()


def test_a_week_with_a_failed_source_is_partial_and_strict_fails_it(
    partial_week: PartialWeek,
) -> None:
    assert partial_week.run_returncode == 3, partial_week.run_stderr
    assert (partial_week.cwd / "var" / "prefect").is_dir()
    assert f"source {BROKEN} failed" in partial_week.run_stdout
    assert partial_week.run_stderr.strip().splitlines()[-1] == (
        f"error: {WEEK} is partial: source(s) {BROKEN} failed (--strict)"
    )
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


def test_status_as_json(partial_week: PartialWeek) -> None:
    result = partial_week.horizon("status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["writing"] is None
    run = status["runs"][0]
    assert (run["run_id"], run["status"]) == (f"weekly-{WEEK}", "partial")
    assert [stage["stage"] for stage in run["stages"]] == [
        "collect", "terms", "embed", "topics", "emergence", "overlap", "report",
    ]  # fmt: skip
    assert run["stages"][0]["counts"]["failed"] == 1
    by_source = {f["source_id"]: f for f in status["sources"]}
    assert by_source[BROKEN]["status"] != "ok"
    assert by_source[BROKEN]["last_success"] is None


def test_topics_as_json(partial_week: PartialWeek) -> None:
    result = partial_week.horizon("topics", "--json")
    assert result.returncode == 0, result.stderr
    topics = json.loads(result.stdout)
    assert (topics["week"], topics["run_status"]) == (WEEK, "partial")
    assert topics["topics"] and all(isinstance(t["score"], float) for t in topics["topics"])


def test_sources_check_fails_when_a_source_is_unreachable(tmp_path: Path) -> None:
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    server = LoopbackServer(routes={"/feed.xml": lambda h: send(h, 200, feed)})
    try:
        entry = '[[source]]\nid = "{id}"\nkind = "news"\nadapter = "rss"\nurl = "{url}"\n\n'
        good = entry.format(id="good", url=server.url("feed.xml"))
        bad = entry.format(id="gone", url=server.url("gone.xml"))
        (tmp_path / "good.toml").write_text(good, encoding="utf-8")
        (tmp_path / "both.toml").write_text(good + bad, encoding="utf-8")
        ok = horizon("sources", "check", "--json", "--sources", "good.toml", cwd=tmp_path)
        failed = horizon("sources", "check", "--json", "--sources", "both.toml", cwd=tmp_path)
    finally:
        server.close()
    assert ok.returncode == 0, ok.stderr
    assert [(r["source_id"], r["reachable"]) for r in json.loads(ok.stdout)] == [("good", True)]
    assert failed.returncode == 1
    checked = {r["source_id"]: r for r in json.loads(failed.stdout)}
    assert checked["good"]["reachable"] and not checked["gone"]["reachable"]
    assert checked["gone"]["detail"].startswith("HTTP 404")
    assert failed.stderr.strip() == "error: 1 source(s) unreachable from this machine"
