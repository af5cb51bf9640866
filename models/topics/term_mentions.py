"""Which window documents mention each term, for the rising-term detector.

The extractor returns the longest technology phrase it can find, so on short texts one subject
is spread over many distinct terms: eleven Hacker News titles about the 2017 Equifax breach
gave "equifax breach", "equifax manager", "equifax stock sale", "equifax security freeze PIN"
and only four gave "equifax" itself; some gave no term at all. Counted by extracted terms,
"equifax" stayed under the seeding floor; counted by the titles that mention it, it rises in
the month of the breach.

So a short document (a headline: title and text together at most ``max_words`` words) uses a
term when its extracted terms hold it or its text mentions it as whole words. Longer documents
keep their extracted terms: in a paragraph the subject word recurs on its own, and counting
every mention there lets common words rise with the subjects that contain them ("prompt",
"toxicity"), which cost precision on the ACL abstracts (0.64 to 0.51) and on the news sentences
(0.66 to 0.43) while adding no reference emergence (benchmarks/README.md).

Words are compared by a key that both sides share: lower case, a plural's "s" and a final "e"
or "y" folded ("data breaches" mentions "data breach", "cookies" "cookie", "batteries"
"battery", "GPUs" "GPU"), words such as "news" or "physics" left whole. "+" and "#" stay part
of a word ("C++" is not the letter C). Terms that whole words cannot find reliably are matched
only where they were extracted: a single letter ("R", the "C" of "C.E.O.") and terms opening
with punctuation (".NET" would be every "net").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from models.topics.model import TermMatrix

_WORD = re.compile(r"[^\W_]+[+#]*")
_ACRONYM_PLURAL = re.compile(r"[A-Z0-9]{2,}s")
# Endings of words that are not plurals (as the extractor's own singular rule keeps them).
_NOT_PLURAL = ("ss", "us", "is", "ics", "ous", "ness", "news", "series", "species", "gas")


def with_mentions(terms: TermMatrix, texts: Sequence[str], *, max_words: int) -> TermMatrix:
    """``terms`` (one row per text, same order) where every text of at most ``max_words``
    words (none when ``max_words`` is 0 or less) also uses the terms it mentions; counts become
    0/1 (seeding counts documents, not occurrences)."""
    used = (terms.counts > 0).astype(np.int8)
    if terms.vocabulary and max_words > 0:
        used = used + _mention_matrix(texts, terms.vocabulary, max_words)
    return TermMatrix(sp.csr_matrix(used > 0, dtype=np.float64), terms.vocabulary, terms.from_terms)


def words(text: str) -> tuple[str, ...]:
    """The keys of a text's words, which mentions are matched on."""
    return tuple(_key(w) for w in _WORD.findall(text))


def _mention_matrix(texts: Sequence[str], vocabulary: list[str], max_words: int) -> sp.csr_matrix:
    columns: dict[tuple[str, ...], list[int]] = {}
    for j, term in enumerate(vocabulary):
        key = words(term)
        if _findable(term, key):
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


def _findable(term: str, key: tuple[str, ...]) -> bool:
    """Whether whole words can find the term: it has a word, is more than one letter, and does
    not open with punctuation that the words drop."""
    if not key or (len(key) == 1 and len(key[0]) == 1):
        return False
    return bool(_WORD.match(term))


def _short_words(text: str, max_words: int) -> tuple[str, ...] | None:
    """:func:`words` of a text of at most ``max_words`` words; None for a longer one, found
    without reading the rest of it (a window holds thousands of abstracts)."""
    found: list[str] = []
    for match in _WORD.finditer(text):
        if len(found) == max_words:
            return None
        found.append(match.group())
    return tuple(_key(w) for w in found)


def _key(word: str) -> str:
    if _ACRONYM_PLURAL.fullmatch(word):  # GPUs, APIs
        word = word[:-1]
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL):
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("y"):
        word = word[:-1] + "i"
    return word
