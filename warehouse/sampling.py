"""Seeding a warehouse with a sample of another one's documents and everything kept per document.

The benchmarks time a weekly run on warehouses of several sizes; extracting terms and computing
embeddings for each size anew would take hours, so every size is drawn from one large warehouse
together with what was computed for its documents (keys, sources, terms, vectors). The sample is
the first ``n`` documents in doc_id order: doc ids are hashes, so that is an even draw over weeks,
kinds and sources, and a smaller sample is part of every larger one.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.connection import Warehouse

# Tables with one or more rows per document, copied for the sampled documents only.
PER_DOCUMENT = (
    "documents",
    "document_keys",
    "document_sources",
    "doc_terms",
    "doc_terms_done",
    "embeddings",
)


def copy_sample(wh: Warehouse, source: Path, *, n_docs: int) -> int:
    """Copy the first ``n_docs`` documents of the warehouse at ``source`` (and the acronym
    definitions, which are not kept per document) into ``wh``; returns how many were copied.

    ``source`` must be closed and on the same schema version (open it once to migrate it).
    Derived tables (``terms``, topics, scores) are not copied: the next run rebuilds them.
    """
    quoted = str(source).replace("'", "''")
    wh.con.execute(f"ATTACH '{quoted}' AS sample_source (READ_ONLY)")
    try:
        with wh.transaction() as con:
            con.execute(
                "CREATE TEMP TABLE sample_ids AS SELECT doc_id FROM sample_source.documents"
                " ORDER BY doc_id LIMIT ?",
                [n_docs],
            )
            for table in PER_DOCUMENT:
                con.execute(
                    f"INSERT INTO {table} SELECT t.* FROM sample_source.{table} t"
                    " SEMI JOIN sample_ids s ON s.doc_id = t.doc_id"
                )
            con.execute(
                "INSERT INTO term_aliases SELECT * FROM sample_source.term_aliases"
                " ON CONFLICT DO NOTHING"
            )
            row = con.execute("SELECT count(*) FROM sample_ids").fetchone()
            copied = row[0] if row else 0
            con.execute("DROP TABLE sample_ids")
    finally:
        wh.con.execute("DETACH sample_source")
    return copied
