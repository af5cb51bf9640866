"""Seeding counts the documents that mention a term: real Hacker News titles of 2017."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from models.topics.model import TermMatrix, TopicParams
from models.topics.term_mentions import with_mentions, words
from models.topics.term_seeds import rising_terms

HN = Path(__file__).parents[3] / "benchmarks" / "corpora" / "hn" / "docs.jsonl.gz"

# The terms the extractor (10137c1) returned for the September 2017 top stories about the
# Equifax breach: "equifax" on its own in four of twelve titles.
EXTRACTED = {
    "Equifax Faces Multibillion-Dollar Lawsuit Over Hack": [
        "equifax",
        "multibillion dollar lawsuit",
    ],
    "The Equifax breach may be the worst leak of personal info ever": [
        "equifax breach",
        "personal info",
        "worst leak",
    ],
    "Three Equifax Managers Sold Stock Before Cyber Hack Was Revealed": [
        "cyber hack",
        "equifax manager",
    ],
    "Equifax security freeze PINs are the timestamp of when you request the freeze": [
        "equifax security freeze PIN",
        "timestamp",
    ],
    "Show HN: I'll mail Equifax your arbitration opt-out for free": ["HN", "arbitration opt out"],
    "Equifax Lobbied to Kill Rule Protecting Victims of Data Breaches": [
        "data breach",
        "equifax",
        "rule protecting victim",
    ],
    "Equifax’s Maddening Unaccountability": [],
    "Equifax Argentinian portal secured with admin/admin": ["admin/admin"],
    "Equifax Stock Sales Are the Focus of U.S. Criminal Probe": [
        "criminal probe",
        "equifax stock sale",
    ],
    "Equifax Suffered a Hack Almost Five Months Earlier Than the Date It Disclosed": ["equifax"],
    "Equifax linked customers to my fake phishing version of their site by accident": [
        "equifax",
        "fake phishing version",
    ],
    "Equifax C.E.O. Richard Smith Retires After Huge Data Breach": [
        "C.E.O. richard smith",
        "data breach",
    ],
}


def _titles_2017() -> tuple[list[str], np.ndarray]:
    """The corpus's titles of January to September 2017 and which are from September."""
    titles, recent = [], []
    with gzip.open(HN, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "2017-01-01" <= record["date"] <= "2017-09-30":
                titles.append(record["title"])
                recent.append(record["date"] >= "2017-09-01")
    return titles, np.array(recent)


def _extracted(titles: list[str]) -> TermMatrix:
    vocabulary = sorted({term for terms in EXTRACTED.values() for term in terms})
    column = {term: j for j, term in enumerate(vocabulary)}
    rows, cols = [], []
    for i, title in enumerate(titles):
        for term in EXTRACTED.get(title, []):
            rows.append(i)
            cols.append(column[term])
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(titles), len(vocabulary)))
    return TermMatrix(counts, vocabulary, True)


def test_a_term_rises_by_the_titles_that_mention_it_not_only_those_it_was_extracted_from() -> None:
    titles, recent = _titles_2017()
    assert set(EXTRACTED) <= set(titles)
    extracted = _extracted(titles)
    used = with_mentions(extracted, titles, max_words=20)
    equifax = extracted.vocabulary.index("equifax")
    september = np.flatnonzero(recent)
    assert extracted.counts[september, equifax].sum() == 4
    assert used.counts[september, equifax].sum() == 12
    assert used.counts[np.flatnonzero(~recent), equifax].sum() == 0

    params = replace(TopicParams(), seed_min_docs=10)
    vocabulary = extracted.vocabulary
    assert "equifax" not in [vocabulary[j] for j in rising_terms(extracted, recent, params)]
    assert "equifax" in [vocabulary[j] for j in rising_terms(used, recent, params)]


def test_a_mention_is_whole_words_with_plurals_folded() -> None:
    vocabulary = ["data breach", "C++", "GPU", "cookie", "battery", "news"]
    texts = [
        "Equifax Lobbied to Kill Rule Protecting Victims of Data Breaches",
        "Why C++ is not C",
        "Zooming in on GPUs",
        "Chrome will block third-party cookies",
        "Solid-state batteries, explained",
        "Show HN: A new GPU news reader",
        "New York bans ad tracking",
    ]
    nothing = TermMatrix(sp.csr_matrix((len(texts), len(vocabulary))), vocabulary, True)
    used = with_mentions(nothing, texts, max_words=20).counts.toarray().astype(int)
    assert used.tolist() == [
        [1, 0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0],
        [0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 0],
        [0, 0, 1, 0, 0, 1],
        [0, 0, 0, 0, 0, 0],
    ]
    assert words("Equifax’s Data Breaches in Zürich") == (
        "equifax",
        "s",
        "data",
        "breach",
        "in",
        "zürich",
    )


def test_terms_that_whole_words_cannot_find_count_only_where_extracted() -> None:
    vocabulary = ["C", "R", ".NET", "net neutrality"]
    texts = [
        "Equifax C.E.O. Richard Smith Retires",
        "R and C compared",
        "FCC votes to repeal net neutrality",
    ]
    nothing = TermMatrix(sp.csr_matrix((len(texts), len(vocabulary))), vocabulary, True)
    used = with_mentions(nothing, texts, max_words=20).counts.toarray().astype(int)
    assert used.tolist() == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]


def test_extracted_terms_count_even_where_the_text_does_not_spell_them() -> None:
    extracted = TermMatrix(sp.csr_matrix(np.array([[2.0], [0.0]])), ["pre-trained model"], True)
    used = with_mentions(extracted, ["Pretrained models at scale", "Nothing here"], max_words=20)
    assert used.counts.toarray().ravel().tolist() == [1.0, 0.0]


def test_only_headline_length_documents_use_the_terms_they_mention() -> None:
    title = "Equifax Suffered a Hack Almost Five Months Earlier Than the Date It Disclosed"
    longer = f"{title} today"
    abstract = f"{title}. We study how the equifax breach was disclosed."
    # The abstract's extracted terms still count; its mentions do not.
    extracted = TermMatrix(sp.csr_matrix(np.array([[0.0], [0.0], [3.0]])), ["equifax"], True)
    texts = [title, longer, abstract]
    used = with_mentions(extracted, texts, max_words=len(words(title)))
    assert used.counts.toarray().ravel().tolist() == [1.0, 0.0, 1.0]
    assert with_mentions(extracted, texts, max_words=0).counts.toarray().ravel().tolist() == [
        0.0,
        0.0,
        1.0,
    ]
