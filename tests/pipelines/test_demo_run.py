"""The main job end to end: a few demo weeks through every stage of the real weekly flow."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo.generator import demo_sources_toml
from pipelines.demo.runner import demo_weeks, run_demo
from pipelines.demo.server import serve_directory
from pipelines.flows import weekly_scan
from warehouse.connection import open_warehouse

WEEKS = 6
STAGES = {"collect", "terms", "embed", "topics", "emergence", "overlap", "report"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("demo-run")
    config = root / "horizon.toml"
    config.write_text(
        f'[paths]\nreports = "{root / "reports"}"\noutbox = "{root / "outbox"}"\n'
        f'regions = "{Path("config/regions.toml").resolve()}"\n'
    )
    db = root / "horizon.duckdb"
    first = run_demo(var_dir=root / "var", seed=2025, weeks=WEEKS, db=db, config=config)
    second = run_demo(var_dir=root / "var", seed=2025, weeks=WEEKS, db=db, config=config)
    return {"root": root, "db": db, "config": config, "first": first, "second": second}


def test_every_document_stored_once_and_processed(demo: dict) -> None:
    truth = json.loads(demo["first"].ground_truth.read_text())
    expected = {(d["kind"], d["external_id"]) for d in truth["documents"]}
    # A syndicated copy collected before its original is stored under the copy's id.
    alias = {
        ("news", copy): ("news", dup["external_id"])
        for dup in truth["duplicates"]
        for copy in dup["copies"]
    }
    with open_warehouse(demo["db"], read_only=True) as wh:
        stored = wh.con.execute("SELECT kind, external_id FROM documents").fetchall()
        unprocessed = wh.con.execute(
            "SELECT count(*) FROM documents d WHERE doc_id NOT IN (SELECT doc_id FROM"
            " doc_terms_done) OR doc_id NOT IN (SELECT doc_id FROM embeddings)"
        ).fetchone()[0]
        stages = wh.con.execute(
            "SELECT run_id, list(stage) FROM run_stages WHERE status = 'completed' GROUP BY 1"
        ).fetchall()
    assert len(stored) == len(set(stored)) == len(expected)
    assert {alias.get(item, item) for item in stored} == expected
    assert unprocessed == 0
    assert len(stages) == WEEKS and all(set(s) == STAGES for _, s in stages)


def test_second_demo_adds_nothing(demo: dict) -> None:
    assert demo["first"].weeks_run == WEEKS
    assert demo["second"].weeks_run == 0 and demo["second"].weeks_skipped == WEEKS
    assert demo["second"].documents == demo["first"].documents


def test_report_and_alerts_written_per_week(demo: dict) -> None:
    week = demo_weeks(WEEKS)[-1]
    folder = demo["root"] / "reports" / week
    report = json.loads((folder / "report.json").read_text())
    assert report["week"] == week
    assert {"flagged", "regions"} <= set(report)
    assert len(report["regions"]) == 11
    assert all({"region_id", "name", "topics"} <= set(r) for r in report["regions"])
    assert report["ranking"], "every topic of the run is ranked"
    for region in report["regions"]:
        for suffix in ("md", "html", "txt"):
            assert (folder / "alerts" / f"{region['region_id']}.{suffix}").is_file()
    assert "<html" in (folder / "index.html").read_text()[:500].lower()


def test_rerunning_a_week_reproduces_ids_and_scores(demo: dict) -> None:
    week = demo_weeks(WEEKS)[-1]
    query = "SELECT topic_id, status, round(score, 9) FROM topic_scores WHERE run_id = ? ORDER BY 1"
    with open_warehouse(demo["db"], read_only=True) as wh:
        before = wh.con.execute(query, [f"weekly-{week}"]).fetchall()
    sources = demo["first"].sources
    with serve_directory(demo["root"] / "var" / "demo" / "feeds") as base_url:
        sources.write_text(demo_sources_toml(base_url))
        again = weekly_scan(
            week=week, config=str(demo["config"]), sources=str(sources), db=str(demo["db"]),
            force=True,
        )  # fmt: skip
    with open_warehouse(demo["db"], read_only=True) as wh:
        after = wh.con.execute(query, [f"weekly-{week}"]).fetchall()
    assert again.stages["collect"]["documents_new"] == 0
    assert again.stages["embed"]["embedded"] == 0
    assert before and after == before


def test_read_commands_on_the_demo_warehouse(demo: dict) -> None:
    horizon = [sys.executable, "-m", "pipelines"]
    db = ["--db", str(demo["db"])]
    topics = subprocess.run([*horizon, "topics", *db], capture_output=True, text=True)
    assert topics.returncode == 0, topics.stderr
    assert "T0001" in topics.stdout
    region = subprocess.run(
        [*horizon, "topics", "--region", "AT12", "--config", str(demo["config"]), *db],
        capture_output=True, text=True,
    )  # fmt: skip
    assert region.returncode == 0, region.stderr
    assert "AT12" in region.stdout
    export = subprocess.run(
        [*horizon, "export", "--format", "csv", "--out", str(demo["root"] / "export"), *db],
        capture_output=True, text=True,
    )  # fmt: skip
    assert export.returncode == 0, export.stderr
    week = demo_weeks(WEEKS)[-1]
    scores = (demo["root"] / "export" / week / "topic_scores.csv").read_text()
    assert scores.splitlines()[0].startswith('"run_id","topic_id"')
    assert len(scores.splitlines()) > 5
    report = subprocess.run(
        [*horizon, "report", "--week", week, "--config", str(demo["config"]), *db],
        capture_output=True, text=True,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert f"{week}/index.html" in report.stdout
