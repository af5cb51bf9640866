"""Weekly runs over an imported real news corpus raise real items (issue 14's acceptance).

Wikipedia Current Events items (``benchmarks/corpora/events``, CC BY-SA 4.0) from 2019-09 to
2020-03 are imported, as an agency would import a news archive, and the weekly flow runs the
weeks in which COVID-19 arrived, with the ``news`` preset (a news-only deployment) and again
with the default ``mixed`` one. Everything is real: the import, spaCy terms, MiniLM embeddings,
BERTopic, the scoring, the report and the summaries.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipelines.flows import weekly_scan
from pipelines.importing import import_file
from tests.support.corpus_extract import extract_dated
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "benchmarks" / "corpora" / "events" / "docs.jsonl.gz"
WEEKS = ("2020-W06", "2020-W08", "2020-W10")
COVID = re.compile(r"covid|coronavirus|sars-cov-2|wuhan|pandemic", re.IGNORECASE)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The imported warehouse and each item's text by id."""
    folder = tmp_path_factory.mktemp("events")
    extract = folder / "events.jsonl"
    records = extract_dated(CORPUS, extract, "2019-09-01", "2020-03-08")
    texts = {doc_id: f"{r['title']} {r['text']}" for doc_id, r in records.items()}
    db = folder / "horizon.duckdb"
    with open_warehouse(db) as wh:
        summary = import_file(wh, extract, kind="news", source_id="events")
    assert summary.new == len(texts) and not summary.problems
    return db, texts


def _run(root: Path, archive: Path, write_config, preset: str) -> list[dict]:
    """The weeks on a copy of the imported archive, with ``preset``; their report.json."""
    db = root / "horizon.duckdb"
    db.write_bytes(archive.read_bytes())
    config = write_config(root, extra=f'[emergence]\npreset = "{preset}"\n')
    sources = root / "sources.toml"
    sources.write_text("", encoding="utf-8")
    reports = []
    for week in WEEKS:
        summary = weekly_scan(week=week, config=str(config), sources=str(sources), db=str(db))
        assert summary.status == "completed", summary
        reports.append(json.loads((root / "reports" / week / "report.json").read_text()))
    return reports


def _about_covid(topic: dict, texts: dict[str, str]) -> bool:
    docs = [texts[d] for d in topic["doc_ids"] if d in texts]
    return bool(docs) and sum(bool(COVID.search(t)) for t in docs) >= 0.5 * len(docs)


def test_a_news_deployment_flags_the_pandemic_and_tells_the_regions(
    archive, tmp_path: Path, write_config
) -> None:
    db, texts = archive
    reports = _run(tmp_path, db, write_config, "news")
    flagged = [(r["week"], t) for r in reports for t in r["flagged"]]
    covid = [(week, t) for week, t in flagged if _about_covid(t, texts)]
    assert covid, [(w, t["label"]) for w, t in flagged]
    assert covid[0][0] <= "2020-W10"  # before the WHO declared a pandemic (2020-03-11, W11)
    assert all(t["reasons"][0].startswith(t["status"]) for _, t in flagged)
    alerts = list((tmp_path / "reports" / covid[0][0] / "alerts").glob("*.txt"))
    assert alerts, "every region gets a summary"


def test_a_mixed_deployment_holds_press_only_rises_back_and_says_so(
    archive, tmp_path: Path, write_config
) -> None:
    reports = _run(tmp_path, archive[0], write_config, "mixed")
    assert all(r["flagged"] == [] for r in reports)  # news alone never makes a flag here
    held = [t for r in reports for t in r["held_back"]]
    assert held and all(t["would_be"] in ("new", "emerging") for t in held)
    page = (tmp_path / "reports" / WEEKS[-1] / "index.html").read_text(encoding="utf-8")
    assert "held back by an evidence rule" in page
