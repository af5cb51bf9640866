"""Storing documents exactly once, and reading them back.

Identity is by key, not by source: every record carries all the keys it is known by, and a
record sharing any key with a stored document is that document seen again (its new keys and the
new source are recorded; its content is kept as first stored). Callers wrap a batch in
``Warehouse.transaction()`` so a batch is stored whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

import duckdb
import pyarrow as pa

from kernel.records import DocumentRecord
from warehouse.records import UpsertResult

_STR_LIST = pa.list_(pa.string())
_DOC_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("external_id", pa.string()),
        ("kind", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("period", pa.string()),
        ("language", pa.string()),
        ("authors", _STR_LIST),
        ("orgs", _STR_LIST),
        ("countries", _STR_LIST),
        ("classes", _STR_LIST),
        ("source_id", pa.string()),
        ("first_run", pa.string()),
        ("first_seen", pa.timestamp("us")),
        ("metadata", pa.string()),
    ]
)


def upsert_documents(
    con: duckdb.DuckDBPyConnection,
    records: Sequence[DocumentRecord],
    *,
    run_id: str,
    source_id: str,
    seen_at: datetime,
) -> UpsertResult:
    """Store new documents, link known ones to ``source_id``; returns new and known doc ids."""
    merged = _merge_batch(records)
    if not merged:
        return UpsertResult(new=[], known=[])
    keys = [key for record in merged for key in record.keys]
    existing = _existing_owners(con, keys)

    new: list[DocumentRecord] = []
    links: list[tuple[str, str]] = []
    known: list[str] = []
    for record in merged:
        owner = next((existing[key] for key in record.keys if key in existing), None)
        doc_id = owner or record.doc_id
        if owner is None:
            new.append(record)
        else:
            known.append(owner)
        links.extend((key, doc_id) for key in record.keys if key not in existing)

    if new:
        table = pa.Table.from_pylist(
            [_row(record, run_id, source_id, seen_at) for record in new], schema=_DOC_SCHEMA
        )
        con.register("_incoming_documents", table)
        try:
            con.execute(
                "INSERT INTO documents SELECT * REPLACE (metadata::JSON AS metadata) "
                "FROM _incoming_documents"
            )
        finally:
            con.unregister("_incoming_documents")
    _insert_rows(con, "document_keys", ("key", "doc_id"), links)
    doc_ids = [record.doc_id for record in new] + known
    _insert_rows(
        con,
        "document_sources",
        ("doc_id", "source_id", "run_id", "seen_at"),
        [(doc_id, source_id, run_id, seen_at) for doc_id in dict.fromkeys(doc_ids)],
    )
    return UpsertResult(new=[record.doc_id for record in new], known=known)


def count_documents(con: duckdb.DuckDBPyConnection, *, kind: str | None = None) -> int:
    if kind is None:
        row = con.execute("SELECT count(*) FROM documents").fetchone()
    else:
        row = con.execute("SELECT count(*) FROM documents WHERE kind = ?", [kind]).fetchone()
    return row[0] if row else 0


def documents_by_external_id(
    con: duckdb.DuckDBPyConnection, external_ids: Sequence[str]
) -> dict[str, dict[str, object]]:
    """Stored documents (as dicts) for the given external ids."""
    cursor = con.execute(
        "SELECT * FROM documents WHERE external_id IN (SELECT unnest(?::VARCHAR[]))",
        [list(external_ids)],
    )
    columns = [column[0] for column in cursor.description]
    return {row[1]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}


def document_sources(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[str]:
    """Every source a document was seen in, in the order first seen."""
    rows = con.execute(
        "SELECT source_id FROM document_sources WHERE doc_id = ? ORDER BY seen_at, source_id",
        [doc_id],
    ).fetchall()
    return [row[0] for row in rows]


def _merge_batch(records: Sequence[DocumentRecord]) -> list[DocumentRecord]:
    """Fold records of one batch that share a key into the first of them.

    Sharing is transitive: a record whose keys hit two earlier groups joins them into one, so
    no key is left to a record that would then be stored without any key of its own.
    """
    merged: list[DocumentRecord] = []
    folded: set[int] = set()
    owner: dict[str, int] = {}
    for record in records:
        hits = sorted({owner[key] for key in record.keys if key in owner})
        if not hits:
            merged.append(record)
            index = len(merged) - 1
        else:
            index = hits[0]
            first = merged[index]
            for other in [merged[i] for i in hits[1:]] + [record]:
                first.keys = first.keys + [key for key in other.keys if key not in first.keys]
            folded.update(hits[1:])
        for key in merged[index].keys:
            owner[key] = index
    return [record for i, record in enumerate(merged) if i not in folded]


def _existing_owners(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, str]:
    con.register("_incoming_keys", pa.table({"key": pa.array(keys, pa.string())}))
    try:
        rows = con.execute(
            "SELECT k.key, k.doc_id FROM document_keys k JOIN _incoming_keys i USING (key)"
        ).fetchall()
    finally:
        con.unregister("_incoming_keys")
    return dict(rows)


def _insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple]
) -> None:
    if not rows:
        return
    data = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
    con.register("_incoming_rows", data)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming_rows ON CONFLICT DO NOTHING")
    finally:
        con.unregister("_incoming_rows")


def _row(record: DocumentRecord, run_id: str, source_id: str, seen_at: datetime) -> dict:
    return {
        "doc_id": record.doc_id,
        "external_id": record.external_id,
        "kind": record.kind,
        "title": record.title,
        "text": record.text,
        "url": record.url,
        "published": record.published,
        "period": record.period,
        "language": record.language,
        "authors": record.authors,
        "orgs": record.orgs,
        "countries": record.countries,
        "classes": record.classes,
        "source_id": source_id,
        "first_run": run_id,
        "first_seen": seen_at,
        "metadata": json.dumps(record.metadata, default=str, ensure_ascii=False),
    }
