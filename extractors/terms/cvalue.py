"""Termhood over a corpus: C-value for multi-word terms, a spread test for every term.

C-value (Frantzi, Ananiadou & Mima 2000, "Automatic recognition of multi-word terms: the
C-value/NC-value method", International Journal on Digital Libraries 3(2):115-130):

    C(a) = log2|a| · f(a)                                  if a is not nested in another term
    C(a) = log2|a| · (f(a) − (1/|T_a|) · Σ_{b ∈ T_a} f(b))   otherwise

where |a| is the number of words, f(a) the frequency of ``a`` in the corpus (as a term of its own
or inside a longer one), and T_a the longer terms that contain ``a``. A phrase that only ever
occurs inside one longer term ("neural network based") scores 0; one used on its own and inside
many different longer terms ("neural network") scores high.

The extractor counts each occurrence once, for the longest term it belongs to; so the corpus
frequency of ``a`` is its own count plus the counts of the longer terms it sits in. Pure
functions: counts in, scores out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


def c_values(own_counts: Mapping[str, int]) -> dict[str, float]:
    """C-value of every multi-word term in ``own_counts`` (term → occurrences as itself).

    Terms are compared word by word (split on spaces); one-word terms get no C-value (log2 1 =
    0) and are left out of the result.
    """
    words = {term: tuple(term.lower().split()) for term in own_counts}
    by_words: dict[tuple[str, ...], list[str]] = {}
    for term, seq in words.items():
        by_words.setdefault(seq, []).append(term)
    own: dict[tuple[str, ...], int] = {}
    for term, count in own_counts.items():
        own[words[term]] = own.get(words[term], 0) + int(count)

    frequency = dict(own)
    containers: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for longer, count in own.items():
        for sub in set(_sub_sequences(longer)):
            if sub in own:
                frequency[sub] += count * _occurrences(sub, longer)
                containers.setdefault(sub, []).append(longer)

    scores: dict[str, float] = {}
    for seq, terms in by_words.items():
        if len(seq) < 2:
            continue
        nested_in = containers.get(seq, [])
        if nested_in:
            penalty = sum(frequency[longer] for longer in nested_in) / len(nested_in)
            score = math.log2(len(seq)) * (frequency[seq] - penalty)
        else:
            score = math.log2(len(seq)) * frequency[seq]
        for term in terms:
            scores[term] = round(max(score, 0.0), 6)
    return scores


def _sub_sequences(seq: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Contiguous sub-sequences of two or more words, shorter than ``seq``."""
    n = len(seq)
    return [seq[i:j] for i in range(n) for j in range(i + 2, n + 1) if j - i < n]


def _occurrences(sub: tuple[str, ...], seq: tuple[str, ...]) -> int:
    size = len(sub)
    return sum(1 for i in range(len(seq) - size + 1) if seq[i : i + size] == sub)


@dataclass(frozen=True)
class Spread:
    """In how many documents of each kind a term occurs, against how many documents there are."""

    df_by_kind: Mapping[str, int]
    docs_by_kind: Mapping[str, int]


def is_generic(spread: Spread, *, max_share: float = 0.25, min_docs: int = 20) -> bool:
    """True when a term is in more than ``max_share`` of the documents of every kind.

    Only kinds with at least ``min_docs`` documents are judged (a tiny kind says nothing), and a
    term needs at least one judged kind to be called generic. A term frequent in patents but
    rare in news is specific to something and stays.
    """
    judged = [kind for kind, n in spread.docs_by_kind.items() if n >= min_docs]
    if not judged:
        return False
    return all(
        spread.df_by_kind.get(kind, 0) / spread.docs_by_kind[kind] > max_share for kind in judged
    )


def admitted(
    term: str,
    cvalue: float | None,
    spread: Spread,
    *,
    min_cvalue: float = 0.0,
    max_share: float = 0.25,
    min_docs: int = 20,
) -> bool:
    """Whether a term enters the corpus vocabulary.

    Multi-word terms need a C-value above ``min_cvalue`` (a phrase that never stands on its
    own is not a term); every term must pass the spread test (:func:`is_generic`). Single words
    were already held to the specificity rule per document (``extractors.terms.singles``).
    """
    if " " in term and (cvalue is None or cvalue <= min_cvalue):
        return False
    return not is_generic(spread, max_share=max_share, min_docs=min_docs)
