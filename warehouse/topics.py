"""Topic runs: the window a run reads, the previous run it continues, and its results.

A run's results (its ``topic_runs`` row, topics, document assignments, lineage and the topic ×
period × kind counts) are written by :func:`save_topic_run` in one transaction after deleting
whatever that run id wrote before, so readers see a run complete or not at all and re-running a
run id replaces it. Bulk rows travel as Arrow tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict, cast

import duckdb
import numpy as np
import pyarrow as pa

from kernel.errors import WarehouseError
from warehouse.connection import Warehouse
from warehouse.embeddings import matrix_of, registered

# A document with no published date counts on the Sunday of its period (its ISO week).
_DOC_DATE = "coalesce(d.published, try_strptime(d.period || '-7', '%G-W%V-%u')::DATE)"
_RUN_TABLES = ("topic_runs", "topics", "doc_topics", "topic_lineage", "topic_weekly")


@dataclass(frozen=True)
class TopicRunRecord:
    """The ``topic_runs`` row of one run (see migration 0003 for what each field means)."""

    run_id: str
    series: str
    period: str
    period_end: date
    window_start: date
    model_kind: str
    embed_model: str
    previous_run_id: str | None
    n_docs: int
    n_new_docs: int
    n_outliers: int
    n_topics: int
    n_born: int
    next_topic_number: int
    runs_since_refit: int
    docs_at_refit: int
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def outlier_share(self) -> float:
        return self.n_outliers / self.n_docs if self.n_docs else 0.0


@dataclass(frozen=True)
class TopicRecord:
    """One topic of a run; ``centroid`` is the unit mean vector of its documents."""

    topic_id: str
    label: str
    terms: list[str]
    size: int
    centroid: np.ndarray
    first_period: str
    born_run: str
    origin: str | None = None  # "terms: a, b" for a topic seeded by rising terms
    # Groups of rising terms this run found the topic already holding (a seeded topic's own
    # group is its origin): with the origin, the corroboration a monthly or yearly flag needs
    # (models.emergence.status.term_evidence).
    rising_terms: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LineageRecord:
    """How a topic of a run relates to one of the previous run's (see ``topic_lineage``)."""

    topic_id: str
    relation: str
    other_topic_id: str | None
    similarity: float | None


@dataclass(frozen=True)
class WindowDocuments:
    """The documents of a window that have a vector, in doc_id order, with their vectors."""

    doc_ids: list[str]
    periods: list[str]
    vectors: np.ndarray

    def __len__(self) -> int:
        return len(self.doc_ids)


def window_documents(
    con: duckdb.DuckDBPyConnection, model: str, *, start: date, end: date
) -> WindowDocuments:
    """Documents dated after ``start`` and up to ``end`` that have a ``model`` vector."""
    table = con.sql(
        f"""
        SELECT d.doc_id, d.period, e.vector
        FROM documents d JOIN embeddings e ON e.doc_id = d.doc_id AND e.model = $model
        WHERE {_DOC_DATE} > $start AND {_DOC_DATE} <= $end
        ORDER BY d.doc_id
        """,
        params={"model": model, "start": start, "end": end},
    ).to_arrow_table()
    return WindowDocuments(
        doc_ids=table.column("doc_id").to_pylist(),
        periods=table.column("period").to_pylist(),
        vectors=matrix_of(table.column("vector")),
    )


def count_window_documents(con: duckdb.DuckDBPyConnection, *, start: date, end: date) -> int:
    """All documents of the window, with a vector or not."""
    return con.execute(
        f"SELECT count(*) FROM documents d WHERE {_DOC_DATE} > ? AND {_DOC_DATE} <= ?",
        [start, end],
    ).fetchall()[0][0]


@dataclass(frozen=True)
class TermCounts:
    """Term counts of a window as sparse coordinates: ``counts[i]`` of ``vocabulary[columns[i]]``
    in the document at position ``rows[i]`` of the window's doc_id list."""

    rows: np.ndarray
    columns: np.ndarray
    counts: np.ndarray
    vocabulary: list[str]


def window_term_counts(
    con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str], *, min_df: int
) -> TermCounts:
    """Counts of the admitted technology terms used by at least ``min_df`` of the documents.

    The numbering happens in DuckDB: with a hundred thousand documents, a million term rows
    would otherwise cross into Python as strings only to be numbered there.
    """
    positions = pa.table(
        {
            "doc_id": pa.array(list(doc_ids), pa.string()),
            "row": pa.array(np.arange(len(doc_ids), dtype=np.int64)),
        }
    )
    window_terms = """
        WITH window_terms AS (
            SELECT w.row, dt.term, dt.count
            FROM doc_terms dt JOIN _window_docs w ON w.doc_id = dt.doc_id
            SEMI JOIN terms t ON t.term = dt.term AND t.admitted
        ),
        vocabulary AS (
            SELECT term, (row_number() OVER (ORDER BY term) - 1)::BIGINT AS col
            FROM window_terms GROUP BY term HAVING count(*) >= $min_df
        )
    """
    with registered(con, "_window_docs", positions):
        vocabulary = con.sql(
            window_terms + "SELECT term FROM vocabulary ORDER BY col", params={"min_df": min_df}
        ).fetchall()
        table = con.sql(
            window_terms + "SELECT t.row, v.col, t.count::DOUBLE AS count"
            " FROM window_terms t JOIN vocabulary v USING (term) ORDER BY t.row, v.col",
            params={"min_df": min_df},
        ).to_arrow_table()
    return TermCounts(
        rows=table.column("row").to_numpy(),
        columns=table.column("col").to_numpy(),
        counts=table.column("count").to_numpy(),
        vocabulary=[row[0] for row in vocabulary],
    )


def document_texts(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> dict[str, str]:
    """Title and text of the given documents: the fallback word vocabulary and the mentions
    of terms in headlines are read from them."""
    with registered(
        con, "_window_docs", pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
    ):
        rows = con.execute(
            "SELECT d.doc_id, d.title || '. ' || d.text FROM documents d"
            " SEMI JOIN _window_docs w ON w.doc_id = d.doc_id"
        ).fetchall()
    return dict(rows)


class StoredTopicRun(TypedDict):
    """A ``topic_runs`` row (``params``: parsed from JSON by :func:`previous_topic_run`)."""

    run_id: str
    series: str
    period: str
    period_end: date
    window_start: date
    model_kind: str
    embed_model: str
    previous_run_id: str | None
    n_docs: int
    n_new_docs: int
    n_outliers: int
    outlier_share: float
    n_topics: int
    n_born: int
    next_topic_number: int
    runs_since_refit: int
    docs_at_refit: int
    params: Any
    created_at: datetime


class RunShape(TypedDict):
    """How a run split its window (the granularity figures of the detection benchmark)."""

    window_docs: int
    topics: int
    mode: str
    largest_topic_share: float
    outlier_share: float


def previous_topic_run(
    con: duckdb.DuckDBPyConnection, *, series: str, period_end: date, run_id: str
) -> StoredTopicRun | None:
    """The run this one continues: the latest of its series with an earlier period end.

    Only earlier periods count, so re-running a week finds the same predecessor however many
    later weeks have run since; ties on the period end go to the greatest run id.
    """
    cursor = con.execute(
        """
        SELECT * FROM topic_runs
        WHERE series = ? AND period_end < ? AND run_id <> ?
        ORDER BY period_end DESC, run_id DESC
        LIMIT 1
        """,
        [series, period_end, run_id],
    )
    columns = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return None
    run = cast(StoredTopicRun, dict(zip(columns, rows[0], strict=True)))
    run["params"] = json.loads(run["params"]) if run["params"] else {}
    return run


def topic_run(con: duckdb.DuckDBPyConnection, run_id: str) -> StoredTopicRun | None:
    """A run's ``topic_runs`` row as stored (``params``: its JSON text)."""
    cursor = con.execute("SELECT * FROM topic_runs WHERE run_id = ?", [run_id])
    columns = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    return cast(StoredTopicRun, dict(zip(columns, rows[0], strict=True))) if rows else None


def run_topics(con: duckdb.DuckDBPyConnection, run_id: str) -> list[TopicRecord]:
    """The topics of a run with their centroids, in topic id order."""
    table = con.sql(
        "SELECT topic_id, label, terms, size, centroid, first_period, born_run, origin,"
        " coalesce(rising_terms, []) AS rising_terms FROM topics"
        " WHERE run_id = $run ORDER BY topic_id",
        params={"run": run_id},
    ).to_arrow_table()
    centroids = matrix_of(table.column("centroid"))
    rows = table.drop_columns(["centroid"]).to_pylist()
    return [TopicRecord(centroid=centroids[i], **row) for i, row in enumerate(rows)]


def run_assignments(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, str | None]:
    """doc_id → topic id (None for an outlier) of every document a run placed."""
    table = con.sql(
        "SELECT doc_id, topic_id FROM doc_topics WHERE run_id = $run", params={"run": run_id}
    ).to_arrow_table()
    return dict(
        zip(table.column("doc_id").to_pylist(), table.column("topic_id").to_pylist(), strict=True)
    )


def run_lineage(con: duckdb.DuckDBPyConnection, run_id: str) -> list[LineageRecord]:
    rows = con.execute(
        "SELECT topic_id, relation, other_topic_id, similarity FROM topic_lineage"
        " WHERE run_id = ? ORDER BY topic_id, relation, other_topic_id NULLS FIRST",
        [run_id],
    ).fetchall()
    return [LineageRecord(*row) for row in rows]


def topic_weekly_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> list[tuple]:
    """``(topic_id, period, kind, n_docs)`` of a run; topic_id None counts the outliers."""
    return con.execute(
        "SELECT topic_id, period, kind, n_docs FROM topic_weekly WHERE run_id = ?"
        " ORDER BY topic_id NULLS FIRST, period, kind",
        [run_id],
    ).fetchall()


def save_topic_run(
    wh: Warehouse,
    run: TopicRunRecord,
    topics: Sequence[TopicRecord],
    assignments: pa.Table,
    lineage: Sequence[LineageRecord],
    *,
    at: datetime,
) -> None:
    """Replace everything ``run.run_id`` wrote with these results, in one transaction.

    ``assignments`` has columns ``doc_id``, ``topic_id`` (null = outlier) and ``probability``;
    the topic × period × kind counts are derived from it and the documents table here. On any
    database error nothing of the run changes and :class:`WarehouseError` says why.
    """
    try:
        with wh.transaction() as con:
            for table in _RUN_TABLES:
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run.run_id])
            _insert_run_row(con, run, at)
            _insert(con, "topics", _topics_table(run.run_id, topics))
            _insert(con, "doc_topics", _with_run(run.run_id, assignments))
            _insert(con, "topic_lineage", _lineage_table(run.run_id, lineage))
            con.execute(
                """
                INSERT INTO topic_weekly
                SELECT t.run_id, t.topic_id, d.period, d.kind, count(*)
                FROM doc_topics t JOIN documents d USING (doc_id)
                WHERE t.run_id = ?
                GROUP BY ALL
                """,
                [run.run_id],
            )
    except duckdb.Error as exc:
        raise WarehouseError(
            f"could not store the topics of run {run.run_id} (nothing was changed): "
            f"{str(exc).splitlines()[0]}"
        ) from exc


def _insert_run_row(con: duckdb.DuckDBPyConnection, run: TopicRunRecord, at: datetime) -> None:
    con.execute(
        "INSERT INTO topic_runs VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?)",
        [
            run.run_id,
            run.series,
            run.period,
            run.period_end,
            run.window_start,
            run.model_kind,
            run.embed_model,
            run.previous_run_id,
            run.n_docs,
            run.n_new_docs,
            run.n_outliers,
            run.outlier_share,
            run.n_topics,
            run.n_born,
            run.next_topic_number,
            run.runs_since_refit,
            run.docs_at_refit,
            json.dumps(run.params, sort_keys=True),
            at,
        ],
    )


def _topics_table(run_id: str, topics: Sequence[TopicRecord]) -> pa.Table:
    """Centroids go as plain float lists; the ``FLOAT[384]`` column checks their length."""
    return pa.table(
        {
            "run_id": pa.array([run_id] * len(topics), pa.string()),
            "topic_id": pa.array([t.topic_id for t in topics], pa.string()),
            "label": pa.array([t.label for t in topics], pa.string()),
            "terms": pa.array([list(t.terms) for t in topics], pa.list_(pa.string())),
            "size": pa.array([t.size for t in topics], pa.int32()),
            "centroid": pa.array(
                [np.asarray(t.centroid, np.float32) for t in topics], pa.list_(pa.float32())
            ),
            "first_period": pa.array([t.first_period for t in topics], pa.string()),
            "born_run": pa.array([t.born_run for t in topics], pa.string()),
            "origin": pa.array([t.origin for t in topics], pa.string()),
            "rising_terms": pa.array([list(t.rising_terms) for t in topics], pa.list_(pa.string())),
        }
    )


def _lineage_table(run_id: str, lineage: Sequence[LineageRecord]) -> pa.Table:
    return pa.table(
        {
            "run_id": pa.array([run_id] * len(lineage), pa.string()),
            "topic_id": pa.array([r.topic_id for r in lineage], pa.string()),
            "relation": pa.array([r.relation for r in lineage], pa.string()),
            "other_topic_id": pa.array([r.other_topic_id for r in lineage], pa.string()),
            "similarity": pa.array([r.similarity for r in lineage], pa.float64()),
        }
    )


def _with_run(run_id: str, assignments: pa.Table) -> pa.Table:
    return pa.table(
        {
            "run_id": pa.array([run_id] * assignments.num_rows, pa.string()),
            "doc_id": assignments.column("doc_id").cast(pa.string()),
            "topic_id": assignments.column("topic_id").cast(pa.string()),
            "probability": assignments.column("probability").cast(pa.float64()),
        }
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if data.num_rows == 0:
        return
    with registered(con, "_incoming_topic_rows", data):
        con.execute(f"INSERT INTO {table} SELECT * FROM _incoming_topic_rows")


def topic_run_shape(con: duckdb.DuckDBPyConnection, run_id: str) -> RunShape | None:
    """How a run split its window: documents, topics, refit or not, the largest topic's share
    and the outliers' share; None for a run that is not stored."""
    row = con.execute(
        """
        SELECT r.n_docs, r.n_topics, r.model_kind, r.outlier_share, coalesce(max(t.size), 0)
        FROM topic_runs r LEFT JOIN topics t USING (run_id)
        WHERE r.run_id = ? GROUP BY r.n_docs, r.n_topics, r.model_kind, r.outlier_share
        """,
        [run_id],
    ).fetchone()
    if row is None:
        return None
    docs, topics, mode, outliers, largest = row
    return RunShape(
        window_docs=docs,
        topics=topics,
        mode=mode,
        largest_topic_share=round(largest / docs, 4) if docs else 0.0,
        outlier_share=round(float(outliers), 4),
    )
