"""The word lists that separate technology terms from boilerplate, loaded once per pipeline.

Three lists ship in ``extractors/terms/data`` and each can be extended from configuration:

- ``stoplist.txt``: whole terms that are never technology terms ("present invention", "method",
  "output signal"); its single words are also the *generic words*, and a candidate made only of
  generic words and modifiers ("first input", "same result") is dropped as well;
- ``modifiers.txt``: leading words trimmed off a candidate ("novel", "said", "improved");
- ``vocabulary.txt``: technology names always recognised (a PhraseMatcher list), even single
  words that the specificity rule would otherwise hold back;
- ``common_words.txt``: general-English word ranks, the reference for that specificity rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from extractors.terms.normalize import term_key

_DATA = "extractors.terms"


@dataclass(frozen=True)
class Lexicon:
    """The lists in comparison-key form (see :func:`term_key`), ready for set look-ups."""

    stop_terms: frozenset[str]
    generic_words: frozenset[str]
    modifiers: frozenset[str]
    vocabulary: tuple[str, ...]
    vocabulary_keys: frozenset[str]
    word_rank: dict[str, int]

    def is_stop(self, key: str) -> bool:
        return key in self.stop_terms

    def rank(self, word: str) -> int | None:
        """Frequency rank of ``word`` in general English (0 = most common), None if rare."""
        return self.word_rank.get(word.lower())

    def all_generic(self, words: Iterable[str]) -> bool:
        """True when every word is generic or a modifier: the phrase names nothing."""
        return all(word in self.generic_words or word in self.modifiers for word in words)


def read_list(name: str) -> list[str]:
    """Entries of a shipped list: one per line, ``#`` comments and blank lines skipped."""
    text = (resources.files(_DATA) / "data" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_lexicon(
    *, stoplist_extra: Iterable[str] = (), vocabulary_extra: Iterable[str] = ()
) -> Lexicon:
    """The shipped lists plus the configured extensions."""
    stop = {term_key(entry) for entry in [*read_list("stoplist.txt"), *stoplist_extra]}
    stop.discard("")
    modifiers = frozenset(term_key(entry) for entry in read_list("modifiers.txt"))
    vocabulary = [entry for entry in [*read_list("vocabulary.txt"), *vocabulary_extra] if entry]
    vocabulary_keys = {term_key(entry) for entry in vocabulary}
    stop -= vocabulary_keys
    generic = frozenset(entry for entry in stop if " " not in entry)
    return Lexicon(
        stop_terms=frozenset(stop),
        generic_words=generic,
        modifiers=modifiers,
        vocabulary=tuple(dict.fromkeys(vocabulary)),
        vocabulary_keys=frozenset(vocabulary_keys),
        word_rank={word: rank for rank, word in enumerate(read_list("common_words.txt"))},
    )
