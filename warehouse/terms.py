"""The terms tables: ``doc_terms``, ``doc_terms_done``, ``terms`` and ``term_aliases``.

All SQL of the terms stage lives here. Bulk writes go through Arrow tables registered on the
connection (one statement per batch, not one round trip per row). Callers wrap a batch in
``Warehouse.transaction()`` so a document's terms and its "done" marker land together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

from kernel.errors import WarehouseError

PERIOD_UNITS = ("week", "month", "year")


@dataclass(frozen=True)
class DocTermRow:
    doc_id: str
    term: str
    count: int


@dataclass(frozen=True)
class TermStats:
    """One term's counts over the stored documents, the input of termhood."""

    term: str
    df: int
    total_count: int
    first_seen: str | None
    df_by_kind: dict[str, int]


@dataclass(frozen=True)
class TermRow:
    term: str
    df: int
    total_count: int
    n_words: int
    cvalue: float | None
    first_seen: str | None
    kinds: list[str]
    is_acronym: bool
    long_form: str | None
    admitted: bool


@dataclass(frozen=True)
class TermGrowth:
    term: str
    df_now: int
    df_before: int
    growth: float


def _period_expr(unit: str) -> str:
    if unit not in PERIOD_UNITS:
        raise WarehouseError(f"unknown period unit {unit!r}: use one of {', '.join(PERIOD_UNITS)}")
    if unit == "week":
        return "d.period"
    if unit == "month":
        return "coalesce(strftime(d.published, '%Y-%m'), left(d.period, 4))"
    return "coalesce(strftime(d.published, '%Y'), left(d.period, 4))"


def documents_without_terms(
    con: duckdb.DuckDBPyConnection, *, after: str | None = None, limit: int = 1000
) -> list[tuple[str, str, str, str | None]]:
    """(doc_id, title, text, declared language) of up to ``limit`` documents the terms stage
    has not read yet, in doc_id order after ``after`` (keyset paging, so a long backlog is read
    in slices)."""
    return con.execute(
        "SELECT d.doc_id, d.title, d.text, d.language FROM documents d "
        "WHERE NOT EXISTS (SELECT 1 FROM doc_terms_done t WHERE t.doc_id = d.doc_id) "
        "AND (? IS NULL OR d.doc_id > ?) ORDER BY d.doc_id LIMIT ?",
        [after, after, limit],
    ).fetchall()


def store_doc_terms(
    con: duckdb.DuckDBPyConnection,
    rows: Sequence[DocTermRow],
    done: Sequence[tuple[str, int]],
    *,
    run_id: str | None,
    done_at: datetime,
) -> None:
    """Write the terms of a batch of documents and mark every document of the batch done."""
    if rows:
        _insert(
            con,
            "doc_terms",
            pa.table(
                {
                    "doc_id": pa.array([r.doc_id for r in rows], pa.string()),
                    "term": pa.array([r.term for r in rows], pa.string()),
                    "count": pa.array([r.count for r in rows], pa.int32()),
                }
            ),
        )
    if done:
        _insert(
            con,
            "doc_terms_done",
            pa.table(
                {
                    "doc_id": pa.array([doc_id for doc_id, _ in done], pa.string()),
                    "n_terms": pa.array([n for _, n in done], pa.int32()),
                    "run_id": pa.array([run_id] * len(done), pa.string()),
                    "done_at": pa.array([done_at] * len(done), pa.timestamp("us")),
                }
            ),
        )


def store_aliases(con: duckdb.DuckDBPyConnection, definitions: Iterable[tuple[str, str]]) -> None:
    """Count acronym definitions: one ``(alias, term)`` pair per defining document."""
    counts = Counter((alias.lower(), term) for alias, term in definitions)
    if not counts:
        return
    table = pa.table(
        {
            "alias": pa.array([alias for alias, _ in counts], pa.string()),
            "term": pa.array([term for _, term in counts], pa.string()),
            "n_docs": pa.array(list(counts.values()), pa.int32()),
        }
    )
    con.register("_incoming_aliases", table)
    try:
        con.execute(
            "INSERT INTO term_aliases SELECT * FROM _incoming_aliases "
            "ON CONFLICT (alias, term) DO UPDATE SET n_docs = term_aliases.n_docs + excluded.n_docs"
        )
    finally:
        con.unregister("_incoming_aliases")


def alias_definitions(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, int]]]:
    """alias → [(term, documents defining it so), …], most documents first."""
    rows = con.execute(
        "SELECT alias, term, n_docs FROM term_aliases ORDER BY alias, n_docs DESC, term"
    ).fetchall()
    found: dict[str, list[tuple[str, int]]] = {}
    for alias, term, n_docs in rows:
        found.setdefault(alias, []).append((term, n_docs))
    return found


def documents_per_kind(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents the terms stage has read, by kind (the denominators of the spread test)."""
    rows = con.execute(
        "SELECT d.kind, count(*) FROM documents d JOIN doc_terms_done t USING (doc_id) GROUP BY 1"
    ).fetchall()
    return dict(rows)


def term_statistics(
    con: duckdb.DuckDBPyConnection, *, period_unit: str = "week"
) -> list[TermStats]:
    """Per term: document frequency, total count, first period used, documents per kind."""
    period = _period_expr(period_unit)
    rows = con.execute(
        f"""
        WITH per_kind AS (
            SELECT t.term, d.kind, count(*) AS df, sum(t.count) AS n, min({period}) AS first
            FROM doc_terms t JOIN documents d USING (doc_id)
            GROUP BY t.term, d.kind
        )
        SELECT term, sum(df)::INTEGER, sum(n)::INTEGER, min(first),
               map_from_entries(list(struct_pack(k := kind, v := df::INTEGER) ORDER BY kind))
        FROM per_kind GROUP BY term ORDER BY term
        """
    ).fetchall()
    return [
        TermStats(term=term, df=df, total_count=n, first_seen=first, df_by_kind=dict(by_kind))
        for term, df, n, first, by_kind in rows
    ]


def replace_terms(con: duckdb.DuckDBPyConnection, rows: Sequence[TermRow]) -> None:
    """Replace the whole ``terms`` table (it is derived: rebuilt from doc_terms every run)."""
    con.execute("DELETE FROM terms")
    if not rows:
        return
    table = pa.table(
        {
            "term": pa.array([r.term for r in rows], pa.string()),
            "df": pa.array([r.df for r in rows], pa.int32()),
            "total_count": pa.array([r.total_count for r in rows], pa.int32()),
            "n_words": pa.array([r.n_words for r in rows], pa.int32()),
            "cvalue": pa.array([r.cvalue for r in rows], pa.float64()),
            "first_seen": pa.array([r.first_seen for r in rows], pa.string()),
            "kinds": pa.array([r.kinds for r in rows], pa.list_(pa.string())),
            "is_acronym": pa.array([r.is_acronym for r in rows], pa.bool_()),
            "long_form": pa.array([r.long_form for r in rows], pa.string()),
            "admitted": pa.array([r.admitted for r in rows], pa.bool_()),
        }
    )
    _insert(con, "terms", table)


def terms_of_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[tuple[str, int]]:
    """(term, count) of one document, most frequent first."""
    return con.execute(
        "SELECT term, count FROM doc_terms WHERE doc_id = ? ORDER BY count DESC, term", [doc_id]
    ).fetchall()


def top_terms(
    con: duckdb.DuckDBPyConnection, *, limit: int = 50, period: str | None = None
) -> list[TermRow]:
    """Admitted terms by C-value (single words by document frequency after them).

    With ``period`` (a week label such as ``2026-W47``), only terms used in that period.
    """
    rows = con.execute(
        "SELECT term, df, total_count, n_words, cvalue, first_seen, kinds, is_acronym, "
        "long_form, admitted FROM terms WHERE admitted AND (? IS NULL OR term IN ("
        "  SELECT t.term FROM doc_terms t JOIN documents d USING (doc_id) WHERE d.period = ?)) "
        "ORDER BY coalesce(cvalue, 0) DESC, df DESC, term LIMIT ?",
        [period, period, limit],
    ).fetchall()
    return [TermRow(*row) for row in rows]


def latest_period(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        "SELECT max(d.period) FROM documents d JOIN doc_terms_done t USING (doc_id)"
    ).fetchone()
    return row[0] if row else None


def term_growth(
    con: duckdb.DuckDBPyConnection, *, period: str, limit: int = 50
) -> tuple[str | None, list[TermGrowth]]:
    """Admitted terms whose document count grew most from the previous period to ``period``.

    Growth is (df now + 1) / (df before + 1), so a term absent before and in five documents now
    scores 6; ties go to the larger df. Returns the previous period used and the rows.
    """
    previous = "SELECT max(period) FROM documents WHERE period < ?"
    row = con.execute(previous, [period]).fetchone()
    before: str | None = row[0] if row else None
    rows = con.execute(
        """
        WITH counts AS (
            SELECT t.term,
                   count(*) FILTER (WHERE d.period = ?) AS now,
                   count(*) FILTER (WHERE d.period = ?) AS before
            FROM doc_terms t JOIN documents d USING (doc_id)
            WHERE d.period IN (?, ?) GROUP BY t.term
        )
        SELECT c.term, c.now::INTEGER, c.before::INTEGER, (c.now + 1.0) / (c.before + 1.0) AS g
        FROM counts c JOIN terms USING (term)
        WHERE terms.admitted AND c.now > 0
        ORDER BY g DESC, c.now DESC, c.term LIMIT ?
        """,
        [period, before, period, before, limit],
    ).fetchall()
    return before, [TermGrowth(*row) for row in rows]


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    con.register("_incoming_terms", data)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming_terms ON CONFLICT DO NOTHING")
    finally:
        con.unregister("_incoming_terms")
