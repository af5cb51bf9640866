"""Technology-term extraction: a spaCy component, term spelling, termhood and the terms stage."""

from extractors.terms.pipeline import TermHit, extract_terms, load_term_pipeline

__all__ = ["TermHit", "extract_terms", "load_term_pipeline"]
