"""A monthly backtest on real technology headlines flags the pandemic from the terms they mention.

Hacker News top-story titles (``benchmarks/corpora/hn``, CC0 1.0) from 2018-11 to 2020-03 are
imported as a news archive and March 2020 is replayed. Titles are short, so the extractor spreads
the coronavirus over many phrases ("coronavirus outbreak", "coronavirus cases", …) and few titles
give the term itself; the rising-term detector counts the titles that mention it
(models/topics/term_mentions.py) and seeds a topic, which the monthly scoring flags. Everything
is real: the import, spaCy terms, MiniLM embeddings, BERTopic and the scoring.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.backtest import run_backtest
from pipelines.config import HorizonSettings
from pipelines.importing import import_file
from tests.support.corpus_extract import extract_dated
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "corpora" / "hn" / "docs.jsonl.gz"
COVID = re.compile(r"covid|coronavirus|sars-cov-2|pandemic", re.IGNORECASE)


def test_the_coronavirus_is_flagged_from_the_titles_that_mention_it(tmp_path: Path) -> None:
    extract = tmp_path / "hn.jsonl"
    records = extract_dated(CORPUS, extract, "2018-11-01", "2020-03-31")
    settings = HorizonSettings()
    settings.emergence.preset = "news"
    with open_warehouse(tmp_path / "horizon.duckdb") as wh:
        summary = import_file(wh, extract, kind="news", source_id="hn")
        assert summary.new > 4000 and not summary.problems
        result = run_backtest(wh, settings, unit="month", start="2020-03", end="2020-03")
        (period,) = result["periods"]
        seeded = [
            flag
            for flag in period["flagged"]
            if any("found by its rising terms (coronavirus" in r for r in flag["reasons"])
        ]
        assert seeded, [(f["label"], f["reasons"][-1]) for f in period["flagged"]]
        (flag,) = seeded
        assert flag["status"] in {"new", "emerging"}
        assert flag["label"].startswith("coronavirus")
        about = [records[doc_id]["title"] for doc_id in flag["doc_ids"]]
        assert len(about) >= 15 and all(COVID.search(title) for title in about), about
