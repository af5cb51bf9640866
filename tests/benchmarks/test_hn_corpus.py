"""The committed Hacker News corpus: nothing reserved for evaluation, every month present,
every reference topic measurable (benchmarks/corpora/hn/SOURCE.md)."""

from __future__ import annotations

import gzip
import json
from collections import Counter

from benchmarks.real_corpora import CORPORA, load_corpus
from kernel.periods import period_range


def records() -> list[dict[str, str]]:
    with gzip.open(CORPORA / "hn" / "docs.jsonl.gz", "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_no_item_is_dated_2021_2022_or_links_to_techcrunch_and_ids_are_unique() -> None:
    items = records()

    assert not [r for r in items if r["date"][:4] in ("2021", "2022")]
    assert not [r for r in items if "techcrunch" in r["source"].lower()]
    assert len({r["id"] for r in items}) == len(items)
    assert {r["kind"] for r in items} == {"news"}


def test_every_month_holds_items_and_every_reference_topic_reaches_one_percent() -> None:
    corpus = load_corpus("hn")
    months = Counter(r["date"][:7] for r in records())
    reference = corpus.reference

    window = period_range(reference["start"], reference["end"])
    assert min(months[m] for m in window) > 250
    assert set(corpus.share_onset) == {t["name"] for t in reference["topics"]}
    emerging = [t for t in reference["topics"] if t["kind"] == "emerging"]
    assert len(emerging) >= 7
    assert all(corpus.share_onset[t["name"]] >= t["onset"] for t in emerging)
