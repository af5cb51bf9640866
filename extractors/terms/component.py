"""The spaCy component ``horizon_terms``: technology terms of a Doc, in ``doc._.terms``.

Registered by name with ``@Language.factory`` so a pipeline can be assembled from config and so
``nlp.pipe(n_process=…)`` workers, which rebuild or fork the pipeline, run the extraction too:
terms are computed next to the parse, in the worker, and travel back with the Doc (the value is
plain lists so it survives the Doc's serialisation between processes).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extractors.terms.candidates import extract, vocabulary_matcher
from extractors.terms.stoplist import load_lexicon

COMPONENT = "horizon_terms"

if not Doc.has_extension("terms"):
    Doc.set_extension("terms", default=None)


class TermComponent:
    """Sets ``doc._.terms`` to ``[[term, count, [[start, end], …], acronym or None], …]``.

    ``acronym`` is the short form the document defined for the term ("MOF"), if any.
    """

    def __init__(
        self, nlp: Language, name: str, stoplist_extra: list[str], vocabulary_extra: list[str]
    ) -> None:
        self.name = name
        self.lexicon = load_lexicon(
            stoplist_extra=stoplist_extra, vocabulary_extra=vocabulary_extra
        )
        self.vocabulary = vocabulary_matcher(nlp.vocab, nlp.make_doc, self.lexicon.vocabulary)

    def __call__(self, doc: Doc) -> Doc:
        doc._.terms = [
            [hit.term, hit.count, [list(span) for span in hit.spans], hit.acronym]
            for hit in extract(doc, self.lexicon, self.vocabulary)
        ]
        return doc


@Language.factory(
    COMPONENT,
    default_config={"stoplist_extra": [], "vocabulary_extra": []},
    requires=["token.pos", "token.lemma", "token.dep"],
    assigns=["doc._.terms"],
)
def make_term_component(
    nlp: Language, name: str, stoplist_extra: list[str], vocabulary_extra: list[str]
) -> TermComponent:
    return TermComponent(nlp, name, list(stoplist_extra), list(vocabulary_extra))
