"""Which one-word terms a document keeps: the specificity rule for single words.

Most noise among candidate terms is single words ("housing", "site", "voice"), yet some single
words are exactly the technology ("blockchain", "pedometer", "CRISPR"). A word is weighed by
how common it is in general English (rank in ``common_words.txt``) against how often the
document uses it:

- a word in the vocabulary, or an acronym defined in the document, is always kept;
- a word that is the head of a longer term in the same document ("the mill" after "rolling
  mill") is that term mentioned again: its count goes to the longer term;
- a rare word (not among the 30,000 most common) is kept at its first use;
- a common word (rank 6,000 – 30,000: "torque", "hinge") needs two uses;
- a very common word (top 6,000: "engine", "filter", "fish") needs three;
- an acronym that is not defined ("CPU", "PWM") needs two uses;
- in a short text (a headline, a patent title) a word cannot be used twice: there every word
  but a very common one, and every acronym, is kept at its first use.

Terms made only of generic words ("error signal", "video processing", "object type") are
weighed the same way: such a pair needs two uses, except in a short text.
"""

from __future__ import annotations

from extractors.terms.found import Found
from extractors.terms.normalize import is_acronym
from extractors.terms.stoplist import Lexicon

VERY_COMMON_RANK = 6_000
USES_IF_VERY_COMMON = 3
USES_IF_COMMON = 2
USES_IF_ACRONYM = 2
USES_IF_GENERIC_PAIR = 2


def resolve_single_words(found: dict[str, Found], lexicon: Lexicon, *, short: bool = False) -> None:
    """Apply the rule above to ``found`` in place; in a ``short`` text, one use is enough."""
    heads: dict[str, list[Found]] = {}
    for hit in found.values():
        if " " in hit.term:
            heads.setdefault(hit.term.rsplit(" ", 1)[-1].lower(), []).append(hit)
    for term in [term for term in found if " " not in term]:
        hit = found[term]
        if hit.named:
            continue
        longer = heads.get(term.lower())
        if longer:
            target = max(longer, key=lambda other: (other.count, -other.spans[0][0]))
            target.count += hit.count
            target.spans.extend(hit.spans)
            del found[term]
        elif hit.count < _uses_needed(hit, lexicon, short=short):
            del found[term]
    for term in [term for term, hit in found.items() if hit.generic and not hit.named]:
        if not short and found[term].count < USES_IF_GENERIC_PAIR:
            del found[term]


def _uses_needed(hit: Found, lexicon: Lexicon, *, short: bool) -> int:
    if short:
        if is_acronym(hit.term):
            return 1  # "ATM": the rank of "atm" says nothing about the acronym
        rank = lexicon.rank(hit.term)
        return 1 if rank is None or rank >= VERY_COMMON_RANK else USES_IF_VERY_COMMON
    if is_acronym(hit.term):
        return USES_IF_ACRONYM
    rank = lexicon.rank(hit.term)
    if rank is None:
        return 1
    return USES_IF_VERY_COMMON if rank < VERY_COMMON_RANK else USES_IF_COMMON
