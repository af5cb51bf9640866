"""A sample of another warehouse: the first documents by doc_id, with what is kept per document."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from kernel.records import DocumentRecord
from warehouse.connection import open_warehouse
from warehouse.documents import count_documents, upsert_documents
from warehouse.embeddings import embeddings_for, write_embeddings
from warehouse.sampling import copy_sample
from warehouse.terms import DocTermRow, alias_definitions, store_aliases, store_doc_terms

AT = datetime(2025, 3, 3, 6)
MODEL = "all-MiniLM-L6-v2"
DOC_IDS = [f"D{n:02d}" for n in (7, 3, 11, 5, 2, 13)]


def record(doc_id: str) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        external_id=f"ext-{doc_id}",
        kind="patent",
        title=f"Solid-state battery {doc_id}",
        text="A solid-state electrolyte.",
        published=date(2025, 3, 4),
        period="2025-W10",
        keys=[f"patent:US{doc_id}", f"ext:patent:demo:{doc_id}"],
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.duckdb"
    vectors = np.eye(len(DOC_IDS), 384, dtype=np.float32)
    with open_warehouse(path) as wh, wh.transaction() as con:
        upsert_documents(
            con, [record(d) for d in DOC_IDS], run_id="r1", source_id="demo", seen_at=AT
        )
        store_doc_terms(
            con,
            [DocTermRow(d, "solid-state electrolyte", 2) for d in DOC_IDS],
            [(d, 1) for d in DOC_IDS],
            run_id="r1",
            done_at=AT,
        )
        store_aliases(con, [("SSE", "solid-state electrolyte")])
        write_embeddings(con, MODEL, DOC_IDS, vectors, at=AT)
    return path


def per_document(path: Path, table: str) -> list[str]:
    with open_warehouse(path, read_only=True) as wh:
        rows = wh.con.execute(f"SELECT DISTINCT doc_id FROM {table} ORDER BY doc_id").fetchall()
    return [row[0] for row in rows]


def test_the_first_documents_by_doc_id_come_with_keys_terms_and_vectors(
    source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "sample.duckdb"
    with open_warehouse(target) as wh:
        assert copy_sample(wh, source, n_docs=4) == 4

    first_four = sorted(DOC_IDS)[:4]
    for table in ("documents", "document_keys", "document_sources", "doc_terms"):
        assert per_document(target, table) == first_four, table
    assert per_document(target, "doc_terms_done") == first_four
    with open_warehouse(target, read_only=True) as wh:
        doc_ids, vectors = embeddings_for(wh.con, MODEL, DOC_IDS)
        assert doc_ids == first_four
        expected = np.eye(len(DOC_IDS), 384, dtype=np.float32)[
            [DOC_IDS.index(d) for d in first_four]
        ]
        np.testing.assert_array_equal(vectors, expected)
        assert alias_definitions(wh.con) == {"sse": [("solid-state electrolyte", 1)]}


def test_a_smaller_sample_is_part_of_a_larger_one_and_the_source_is_unchanged(
    source: Path, tmp_path: Path
) -> None:
    small, large = tmp_path / "small.duckdb", tmp_path / "large.duckdb"
    for path, n in ((small, 2), (large, 5)):
        with open_warehouse(path) as wh:
            copy_sample(wh, source, n_docs=n)
    assert set(per_document(small, "documents")) < set(per_document(large, "documents"))
    with open_warehouse(source, read_only=True) as wh:
        assert count_documents(wh.con) == len(DOC_IDS)
