"""Small documents written straight into a warehouse file, for the tests of the file itself."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kernel.records import DocumentRecord
from warehouse.connection import open_warehouse
from warehouse.documents import upsert_documents


def record(n: int, text: str = "text") -> DocumentRecord:
    return DocumentRecord(
        doc_id=f"D{n:015d}",
        external_id=f"doc-{n}",
        kind="news",
        title=f"Document {n}",
        text=text,
        published=None,
        period="2025-W01",
        keys=[f"ext:news:doc-{n}"],
    )


def store(path: Path, records: list[DocumentRecord]) -> None:
    with open_warehouse(path) as wh, wh.transaction() as con:
        upsert_documents(con, records, run_id="r1", source_id="s1", seen_at=datetime(2025, 1, 1))
