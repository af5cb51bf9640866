"""The main job end to end: ``horizon demo``'s 52 weeks through every stage of the weekly flow.

This is the acceptance run of the product on the demo, and the most expensive test (one full
demo, about as long as ``make demo``): every document stored once, a second demo adding
nothing, and what the analysts and regions get — every planted emerging topic flagged early
under a stable id and nothing else flagged (issue 4), the interface topics as cross-links of
their regions (issue 5), the last report's headline and one summary per region (issue 6).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from democorpus.generator import demo_sources_toml
from democorpus.server import serve_directory
from models.overlap.regions import load_regions
from pipelines.demo_run import demo_weeks, run_demo
from pipelines.flows import weekly_scan
from tests.support.browser import CHROMIUM, screenshot_dir
from tests.support.demo_acceptance import MAX_FLAG_LEAD_WEEKS, MAX_SHARE_AT_FLAG
from warehouse.connection import open_warehouse
from warehouse.reporting import topic_external_ids
from warehouse.scores import topic_scores_for_run

pytestmark = pytest.mark.slow
WEEKS = 52
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
    assert demo["first"].report == folder / "index.html"
    assert demo["first"].summaries == {
        r["region_id"]: folder / "alerts" / f"{r['region_id']}.md" for r in report["regions"]
    }


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


# --- acceptance on the ground truth -------------------------------------------------------

RECENT_WEEKS = 4  # the emerging rule's recent window: the documents that make a topic rise


@pytest.fixture(scope="module")
def truth(demo: dict) -> dict:
    return json.loads(demo["first"].ground_truth.read_text())


def _planted(truth: dict) -> dict[str, dict]:
    """External id -> its planted document (a syndicated copy -> the original's)."""
    documents = {d["external_id"]: d for d in truth["documents"]}
    for duplicate in truth["duplicates"]:
        for copy in duplicate["copies"]:
            documents.setdefault(copy, documents[duplicate["external_id"]])
    return documents


@pytest.fixture(scope="module")
def flags(demo: dict, truth: dict) -> list[dict]:
    """Every (week, topic) flagged ``new`` or ``emerging``, with the planted topic it is about.

    A flag is about the planted topic holding most of the topic's documents of the last
    ``RECENT_WEEKS`` weeks (the documents that made it rise; a topic may also hold older ones
    of a neighbouring theme); ``None`` when none holds half of them.
    """
    planted_docs = _planted(truth)
    week_of = {e: d["week"] for e, d in planted_docs.items()}
    topic_of = {e: d["topic"] for e, d in planted_docs.items()}
    weeks = demo_weeks(WEEKS)
    found = []
    with open_warehouse(demo["db"], read_only=True) as wh:
        for i, week in enumerate(weeks):
            run_id = f"weekly-{week}"
            scores = topic_scores_for_run(wh.con, run_id)
            chosen = scores[scores["status"].isin(["new", "emerging"])]
            docs = topic_external_ids(
                wh.con, run_id, list(chosen["topic_id"]), until=date(2026, 1, 1)
            )
            recent = set(weeks[max(0, i - RECENT_WEEKS + 1) : i + 1])
            for topic_id, status in zip(chosen["topic_id"], chosen["status"], strict=True):
                planted = Counter(topic_of[e] for e in docs[topic_id] if week_of[e] in recent)
                top, n = planted.most_common(1)[0] if planted else (None, 0)
                about = top if n >= 0.5 * sum(planted.values()) else None
                found.append({"week": week, "topic_id": topic_id, "status": status, "about": about})
    return found


def _weekly_share(truth: dict, slug: str) -> dict[str, float]:
    totals = Counter(d["week"] for d in truth["documents"])
    mine = Counter(d["week"] for d in truth["documents"] if d["topic"] == slug)
    return {week: mine[week] / n for week, n in totals.items()}


def test_every_planted_emerging_topic_is_flagged_early(truth: dict, flags: list[dict]) -> None:
    weeks = demo_weeks(WEEKS)
    for topic in (t for t in truth["topics"] if t["kind"] == "emerging"):
        first = next(f for f in flags if f["about"] == topic["slug"])
        lead = weeks.index(first["week"]) - weeks.index(topic["onset"])
        assert 0 <= lead <= MAX_FLAG_LEAD_WEEKS, (topic["slug"], first)
        share = _weekly_share(truth, topic["slug"])[first["week"]]
        assert share < MAX_SHARE_AT_FLAG, (topic["slug"], first)


def test_nothing_else_is_ever_flagged(truth: dict, flags: list[dict]) -> None:
    kind = {t["slug"]: t["kind"] for t in truth["topics"]}
    wrong = [f for f in flags if kind.get(f["about"]) != "emerging"]
    assert not wrong, wrong


def test_planted_topics_keep_their_ids(demo: dict, truth: dict, flags: list[dict]) -> None:
    """From its first flag on, each planted topic's documents stay under one topic id."""
    topic_of = {e: d["topic"] for e, d in _planted(truth).items()}
    weeks = demo_weeks(WEEKS)
    with open_warehouse(demo["db"], read_only=True) as wh:
        for slug in (t["slug"] for t in truth["topics"] if t["kind"] == "emerging"):
            first = next(f for f in flags if f["about"] == slug)
            ids = set()
            for week in weeks[weeks.index(first["week"]) :]:
                run_id = f"weekly-{week}"
                topics = list(topic_scores_for_run(wh.con, run_id)["topic_id"])
                docs = topic_external_ids(wh.con, run_id, topics, until=date(2026, 1, 1))
                holder = Counter(
                    {t: sum(topic_of[e] == slug for e in ids_) for t, ids_ in docs.items()}
                )
                ids.add(holder.most_common(1)[0][0])
            assert ids == {first["topic_id"]}, (slug, ids)


def _final_report(demo: dict) -> dict:
    folder = demo["root"] / "reports" / demo_weeks(WEEKS)[-1]
    return json.loads((folder / "report.json").read_text())


def _planted_ids(demo: dict, truth: dict) -> dict[str, str]:
    """Planted emerging topic -> the id holding most of its documents in the last run."""
    topic_of = {e: d["topic"] for e, d in _planted(truth).items()}
    run_id = f"weekly-{demo_weeks(WEEKS)[-1]}"
    with open_warehouse(demo["db"], read_only=True) as wh:
        topics = list(topic_scores_for_run(wh.con, run_id)["topic_id"])
        docs = topic_external_ids(wh.con, run_id, topics, until=date(2026, 1, 1))
    return {
        t["slug"]: max(docs, key=lambda tid: sum(topic_of[e] == t["slug"] for e in docs[tid]))
        for t in truth["topics"]
        if t["kind"] == "emerging"
    }


def test_the_last_headline_shows_the_planted_emerging_topics(demo: dict, truth: dict) -> None:
    report = _final_report(demo)
    shown = {t["topic_id"] for t in report["flagged"]} | {t["topic_id"] for t in report["watch"]}
    planted = _planted_ids(demo, truth)
    assert set(planted.values()) <= shown, (planted, shown)
    html = (demo["first"].report).read_text()
    headline = html.split('id="headline"')[1].split("</section>")[0]
    assert all(f"#topic-{topic_id}" in headline for topic_id in planted.values())


def test_interface_topics_are_cross_links_of_their_regions(
    demo: dict, truth: dict, regions: dict[str, set[str]]
) -> None:
    report = _final_report(demo)
    rows = {r["region_id"]: r["topics"] for r in report["regions"]}
    planted = _planted_ids(demo, truth)
    for topic in (t for t in truth["topics"] if t["interface"]):
        topic_id = planted[topic["slug"]]
        for region_id in topic["profiles"]:
            row = next(t for t in rows[region_id] if t["topic_id"] == topic_id)
            assert row["cross_link"], (topic["slug"], region_id, row)
            assert set(topic["industries"]) <= set(row["industries"]), (region_id, row)
        relevant = set(topic["industries"]) | set(topic["related_industries"])
        for region_id, topics in rows.items():
            top5 = [t["topic_id"] for t in sorted(topics, key=lambda t: -t["relevance"])[:5]]
            if not regions[region_id] & relevant:
                assert topic_id not in top5, (topic["slug"], region_id)


@pytest.fixture(scope="module")
def regions() -> dict[str, set[str]]:
    """Region id -> the NACE divisions of its default profile."""
    return {p.id: {i.nace for i in p.industries} for p in load_regions(Path("config/regions.toml"))}


def _column(page: Any, n: int) -> list[str]:
    return page.eval_on_selector_all(
        "#ranking-table tbody tr",
        f"rows => rows.map(r => r.cells[{n}].dataset.sort)",
    )


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed")
def test_the_demo_report_in_chromium(demo: dict, visit: Any, tmp_path: Path) -> None:
    """The report ``make demo`` ends with, opened as an analyst opens it: nothing fetched or
    failing, every chart drawn, the ranking sorted by a click, nothing sticking out sideways;
    a screenshot is kept (``var/screenshots/demo-report*.png``) for a human to look at."""
    report = _final_report(demo)
    assert demo["first"].report == demo["root"] / "reports" / report["week"] / "index.html"
    seen = visit(demo["first"].report)
    page = seen.page
    seen.assert_inert()
    cards = page.locator("article.card[id^='topic-']").count()
    assert cards == len(report["topics"]) > 0
    charts = page.locator("svg.chart").count()
    assert charts >= cards + 1  # a series per topic card, and the landscape
    assert page.locator("#landscape circle").count() == len(report["landscape"])
    scores = [float(s) for s in _column(page, 2)]
    assert scores == sorted(scores, reverse=True)  # best first, as written
    page.click("#ranking-table th:nth-child(3) button")
    assert [float(s) for s in _column(page, 2)] == sorted(scores)
    page.click("#ranking-table th:nth-child(9) button")
    docs = [int(s) for s in _column(page, 8)]
    assert docs in (sorted(docs), sorted(docs, reverse=True)) and len(set(docs)) > 1
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    folder = screenshot_dir(tmp_path)
    page.reload()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / "demo-report.png"))
    page.screenshot(path=str(folder / "demo-report-full.png"), full_page=True)
    assert (folder / "demo-report.png").stat().st_size > 20_000
