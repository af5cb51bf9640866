"""The terms stage: read documents that have no terms yet, extract, store, rebuild the vocabulary.

Incremental and idempotent: a document is read once (``doc_terms_done`` marks it, even when it
has no terms), so running the stage twice adds nothing; the ``terms`` table is derived and is
rebuilt from the stored counts every time, so C-values and first-seen periods always reflect
the whole corpus.

Acronyms: a document that defines "graph neural network (GNN)" counts its "GNN"s for the long
form (done by the extractor). The definition is also stored in ``term_aliases``; a later document
that says only "GNN" gets the long form too, when the corpus agrees on what GNN stands for.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from spacy.language import Language

from extractors.terms.cvalue import Spread, admitted, c_values
from extractors.terms.normalize import DEFAULT_MAX_CHARS, document_text, is_acronym
from extractors.terms.pipeline import DEFAULT_BATCH_SIZE, TermHit, extract_terms
from warehouse.connection import Warehouse
from warehouse.terms import (
    DocTermRow,
    TermRow,
    alias_definitions,
    documents_per_kind,
    documents_without_terms,
    replace_terms,
    store_aliases,
    store_doc_terms,
    term_statistics,
)

SLICE_DOCUMENTS = 2_000
# An alias maps a bare acronym to a long form when that long form has at least twice as many
# defining documents as any other ("ART" = "adaptive resonance theory" in a neural-network
# corpus); otherwise the acronym stays a term of its own.
ALIAS_DOMINANCE = 2.0


def run_terms_stage(
    wh: Warehouse,
    *,
    nlp: Language,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    period_unit: str = "week",
    max_chars: int = DEFAULT_MAX_CHARS,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Extract terms of every unread document, then rebuild ``terms``; returns counts."""
    documents = doc_term_rows = definitions_seen = 0
    after: str | None = None
    while True:
        batch = documents_without_terms(wh.con, after=after, limit=SLICE_DOCUMENTS)
        if not batch:
            break
        after = batch[-1][0]
        texts = [document_text(title, text) for _, title, text, _ in batch]
        hits = extract_terms(
            texts,
            nlp,
            n_process=n_process,
            batch_size=batch_size,
            max_chars=max_chars,
            languages=[language for *_, language in batch],
        )
        known = _dominant_aliases(alias_definitions(wh.con))
        rows: list[DocTermRow] = []
        done: list[tuple[str, int]] = []
        definitions: list[tuple[str, str]] = []
        for (doc_id, *_), doc_hits in zip(batch, hits, strict=True):
            counts = _with_aliases(doc_hits, known)
            rows.extend(DocTermRow(doc_id, term, count) for term, count in counts.items())
            done.append((doc_id, len(counts)))
            definitions.extend((hit.acronym, hit.term) for hit in doc_hits if hit.acronym)
        with wh.transaction() as con:
            store_doc_terms(con, rows, done, run_id=run_id, done_at=datetime.now(UTC))
            store_aliases(con, definitions)
        documents += len(batch)
        doc_term_rows += len(rows)
        definitions_seen += len(definitions)
    vocabulary = rebuild_terms(wh, period_unit=period_unit)
    return {
        "documents": documents,
        "doc_terms": doc_term_rows,
        "acronym_definitions": definitions_seen,
        **vocabulary,
    }


def rebuild_terms(wh: Warehouse, *, period_unit: str = "week") -> dict[str, int]:
    """Recompute the ``terms`` table from ``doc_terms``; returns term and admitted counts."""
    stats = term_statistics(wh.con, period_unit=period_unit)
    per_kind = documents_per_kind(wh.con)
    cvalues = c_values({s.term: s.total_count for s in stats})
    long_forms = _dominant_aliases(alias_definitions(wh.con))
    rows = []
    for s in stats:
        cvalue = cvalues.get(s.term)
        acronym = " " not in s.term and is_acronym(s.term)
        rows.append(
            TermRow(
                term=s.term,
                df=s.df,
                total_count=s.total_count,
                n_words=len(s.term.split()),
                cvalue=cvalue,
                first_seen=s.first_seen,
                kinds=sorted(s.df_by_kind),
                is_acronym=acronym,
                long_form=long_forms.get(s.term.lower()) if acronym else None,
                admitted=admitted(s.term, cvalue, Spread(s.df_by_kind, per_kind)),
            )
        )
    with wh.transaction() as con:
        replace_terms(con, rows)
    return {"terms": len(rows), "admitted": sum(row.admitted for row in rows)}


def _dominant_aliases(definitions: dict[str, list[tuple[str, int]]]) -> dict[str, str]:
    dominant = {}
    for alias, options in definitions.items():
        best_term, best = options[0]
        runner_up = options[1][1] if len(options) > 1 else 0
        if best >= ALIAS_DOMINANCE * runner_up:
            dominant[alias] = best_term
    return dominant


def _with_aliases(hits: list[TermHit], known: dict[str, str]) -> dict[str, int]:
    """term → count for one document, bare acronyms counted for their known long form."""
    counts: Counter[str] = Counter()
    for hit in hits:
        long_form = known.get(hit.term.lower()) if is_acronym(hit.term) else None
        counts[long_form or hit.term] += hit.count
    return dict(counts)
