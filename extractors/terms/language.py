"""Which texts the English term extractor may read.

The spaCy model is English; a German or Portuguese text read by it yields mis-tagged noise, so
such texts get no terms. A source's declared language decides when there is one. Otherwise a
real identifier (py3langid, a naive Bayes model over byte n-grams) judges the text: the share of
English stop words, used before, took terse technical English ("Proton exchange membrane
electrolysers produce green hydrogen from offshore wind power") for a foreign language.

The identifier chooses among the languages a European agency's feeds carry (the official
languages of the EU and its neighbours, plus the large Asian ones): left to all 97 of its
languages it files short English patent titles under Latin or Nigerian Pidgin. A text is taken as
foreign only when the identifier is confident (``MIN_CONFIDENCE``); on 1,677 English titles and
abstracts of the term gold set and the neural-network patents none scored above 0.52 for another
language, while short German, French, Spanish and Dutch titles score 0.93-1.0.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

ENGLISH = "en"
# fmt: off
CANDIDATES = [
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "hu",
    "ro", "el", "bg", "ru", "uk", "zh", "ja", "ko", "tr", "ar", "sl", "hr", "et", "lv", "lt",
]
# fmt: on
MIN_CONFIDENCE = 0.8
# Fewer letters than this say too little to judge; such a text is read as English.
MIN_LETTERS = 12
# The identifier reads the start of a text: enough to decide, cheap for long documents.
SAMPLE_CHARS = 1_000


@cache
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(CANDIDATES)
    return identifier


def declared_english(declared: str | None) -> bool | None:
    """True or False for a declared language tag (``en``, ``en-GB``, ``de``), None if absent."""
    if not declared or not declared.strip():
        return None
    return declared.strip().lower().replace("_", "-").split("-")[0] in (ENGLISH, "eng")


def identify(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` among :data:`CANDIDATES`, with its probability."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def is_english(text: str, declared: str | None = None) -> bool:
    """Whether the English extractor should read ``text``: the declared language if there is
    one, otherwise the identifier's verdict; unsure means yes."""
    verdict = declared_english(declared)
    if verdict is not None:
        return verdict
    if sum(ch.isalpha() for ch in text[:SAMPLE_CHARS]) < MIN_LETTERS:
        return True
    language, probability = identify(text)
    return language == ENGLISH or probability < MIN_CONFIDENCE
