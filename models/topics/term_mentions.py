"""Which window documents mention each term, for the rising-term detector.

The extractor returns the longest technology phrase it can find, so on short texts one subject
is spread over many distinct terms: eleven Hacker News titles about the 2017 Equifax breach
gave "equifax breach", "equifax manager", "equifax stock sale", "equifax security freeze PIN"
and only four gave "equifax" itself; some gave no term at all. Counted by extracted terms,
"equifax" stayed under the seeding floor; counted by the titles that mention it, it rises in
the month of the breach. Abstracts show the same on a smaller scale ("in-context learning"
inside "in-context learning ability").

So a short document (a headline: at most ``max_words`` words) uses a term when its extracted
terms hold it or its text mentions it as whole words. Longer documents keep their extracted
terms: in a paragraph the subject word recurs on its own, and counting every mention there
lets common words rise with the subjects that contain them ("prompt", "toxicity"), which cost
precision on the ACL abstracts (0.64 to 0.51) and on the news sentences (0.66 to 0.43) while
adding no reference emergence (benchmarks/README.md). Words are compared lower-cased with
regular plurals folded ("data breaches" mentions "data breach", "GPUs" mentions "GPU"); "+"
and "#" stay part of a word, so "C++" is not the letter C.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from models.topics.model import TermMatrix

_WORD = re.compile(r"[A-Za-z0-9]+[+#]*")
_ACRONYM_PLURAL = re.compile(r"[A-Z0-9]{2,}s")


def with_mentions(terms: TermMatrix, texts: Sequence[str], *, max_words: int) -> TermMatrix:
    """``terms`` (one row per text, same order) where every text of at most ``max_words``
    words also uses the terms it mentions; counts become 0/1 (seeding counts documents, not
    occurrences)."""
    if not terms.vocabulary:
        return terms
    mentioned = _mention_matrix(texts, terms.vocabulary, max_words)
    uses = ((terms.counts > 0).astype(np.int8) + mentioned) > 0
    return TermMatrix(sp.csr_matrix(uses, dtype=np.float64), terms.vocabulary, terms.from_terms)


def words(text: str) -> tuple[str, ...]:
    """The words a mention is matched on: lower case, regular plurals folded."""
    return tuple(_singular(w) for w in _WORD.findall(text))


def _mention_matrix(texts: Sequence[str], vocabulary: list[str], max_words: int) -> sp.csr_matrix:
    columns: dict[tuple[str, ...], list[int]] = {}
    for j, term in enumerate(vocabulary):
        key = words(term)
        if key:
            columns.setdefault(key, []).append(j)
    lengths: dict[str, set[int]] = {}
    for key in columns:
        lengths.setdefault(key[0], set()).add(len(key))
    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        found: set[int] = set()
        seq = _short_words(text, max_words)
        if seq is None:
            continue
        for start, word in enumerate(seq):
            for n in lengths.get(word, ()):
                found.update(columns.get(seq[start : start + n], ()))
        rows.extend([i] * len(found))
        cols.extend(found)
    return sp.csr_matrix(
        (np.ones(len(rows), dtype=np.int8), (rows, cols)),
        shape=(len(texts), len(vocabulary)),
    )


def _short_words(text: str, max_words: int) -> tuple[str, ...] | None:
    """:func:`words` of a text of at most ``max_words`` words; None for a longer one, found
    without reading the rest of it (a window holds thousands of abstracts)."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        if len(found) == max_words:
            return None
        found.append(match.group())
    return tuple(_singular(w) for w in found)


def _singular(word: str) -> str:
    if _ACRONYM_PLURAL.fullmatch(word):  # GPUs, APIs
        return word[:-1].lower()
    word = word.lower()
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1]
