"""Read-only queries behind the weekly report and exports (one run's view of the warehouse)."""

from __future__ import annotations

from datetime import date
from typing import TypedDict, cast

import duckdb
import pyarrow as pa


class RankedTopicRow(TypedDict):
    """A ``topic_scores`` row joined with its topic (``born_period``: the topic's first period)."""

    run_id: str
    topic_id: str
    period: str
    rank: int
    status: str
    score: float
    share_recent: float | None
    share_base: float | None
    growth: float | None
    age: int | None
    first_period: str | None
    burst: bool | None
    burst_weight: float | None
    porter: float | None
    n_sources: int | None
    n_orgs: int | None
    n_countries: int | None
    kinds_order: str | None
    reasons: list[str]
    held_back: str | None
    label: str
    terms: list[str]
    size: int
    centroid: list[float]
    born_period: str


class EvidenceRow(TypedDict):
    """A document shown as evidence for a topic (the keys of the report's evidence entries)."""

    external_id: str
    title: str
    url: str | None
    kind: str
    published: date | None
    source_id: str
    snippet: str


class LineageRow(TypedDict):
    """A birth, merge or split of a topic, in the period of the run that recorded it."""

    period: str
    relation: str
    other_topic_id: str | None


class SourceCoverageRow(TypedDict):
    """The final ``fetch_log`` attempt of one source, with the source's kind."""

    source_id: str
    kind: str
    status: str
    http_status: int | None
    items_seen: int
    items_new: int
    items_rejected: int
    error: str | None


class RisingTermRow(TypedDict):
    """An eligible term of a run; every scored term has an EScore, so ``porter`` is set."""

    term: str
    porter: float
    first_period: str | None
    df: int


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def ranked_topics(con: duckdb.DuckDBPyConnection, run_id: str) -> list[RankedTopicRow]:
    """Every scored topic of a run, best first, with its label, terms, size and centroid."""
    rows = _rows(
        con.execute(
            """
            SELECT s.*, t.label, t.terms, t.size, t.centroid, t.first_period AS born_period
            FROM topic_scores s JOIN topics t USING (run_id, topic_id)
            WHERE s.run_id = ? ORDER BY s.rank
            """,
            [run_id],
        )
    )
    return cast(list[RankedTopicRow], rows)


def first_flagged(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    *,
    statuses: tuple[str, ...],
    since: str,
    until: str,
) -> dict[str, str]:
    """``{topic_id: period}``: the first period from ``since`` to ``until`` (exclusive) in which
    each topic of ``run_id`` had one of ``statuses``, in runs of the same kind (weekly runs for
    a weekly run, not backtests)."""
    kind = run_id.split("-", 1)[0] + "-%"
    return dict(
        con.execute(
            f"""
            SELECT s.topic_id, min(s.period)
            FROM topic_scores s
            WHERE s.run_id LIKE ? AND s.period >= ? AND s.period < ?
              AND s.status IN ({", ".join("?" for _ in statuses)})
              AND s.topic_id IN (SELECT topic_id FROM topic_scores WHERE run_id = ?)
            GROUP BY 1
            """,
            [kind, since, until, *statuses, run_id],
        ).fetchall()
    )


def topic_series(
    con: duckdb.DuckDBPyConnection, run_id: str, *, since: str
) -> dict[str, dict[str, dict[str, int]]]:
    """``{topic_id: {period: {kind: n}}}`` from ``since`` (an ISO week) on."""
    series: dict[str, dict[str, dict[str, int]]] = {}
    for topic_id, period, kind, n in con.execute(
        "SELECT topic_id, period, kind, n_docs FROM topic_weekly"
        " WHERE run_id = ? AND topic_id IS NOT NULL AND period >= ? ORDER BY ALL",
        [run_id, since],
    ).fetchall():
        series.setdefault(topic_id, {}).setdefault(period, {})[kind] = n
    return series


def topic_evidence(
    con: duckdb.DuckDBPyConnection, run_id: str, *, per_topic: int
) -> dict[str, list[EvidenceRow]]:
    """The most recent, most central documents of each topic."""
    rows = _rows(
        con.execute(
            """
            SELECT t.topic_id, d.external_id, d.title, d.url, d.kind, d.published, d.source_id,
                   left(d.text, 400) AS snippet
            FROM doc_topics t JOIN documents d USING (doc_id)
            WHERE t.run_id = ? AND t.topic_id IS NOT NULL
            QUALIFY row_number() OVER (
                PARTITION BY t.topic_id
                ORDER BY d.published DESC, t.probability DESC, d.external_id) <= ?
            ORDER BY t.topic_id, d.published DESC, t.probability DESC
            """,
            [run_id, per_topic],
        )
    )
    evidence: dict[str, list[EvidenceRow]] = {}
    for row in rows:
        evidence.setdefault(str(row.pop("topic_id")), []).append(cast(EvidenceRow, row))
    return evidence


def topic_external_ids(
    con: duckdb.DuckDBPyConnection, run_id: str, topic_ids: list[str], *, until: date
) -> dict[str, list[str]]:
    """External ids of each topic's documents published up to ``until``."""
    ids: dict[str, list[str]] = {}
    for topic_id, external_id in con.execute(
        """
        SELECT t.topic_id, d.external_id FROM doc_topics t JOIN documents d USING (doc_id)
        WHERE t.run_id = ? AND t.topic_id IN (SELECT unnest(?::VARCHAR[])) AND d.published <= ?
        ORDER BY t.topic_id, d.published, d.external_id
        """,
        [run_id, topic_ids, until],
    ).fetchall():
        ids.setdefault(topic_id, []).append(external_id)
    return ids


def topic_lineage_events(
    con: duckdb.DuckDBPyConnection, run_id: str
) -> dict[str, list[LineageRow]]:
    """Births, merges and splits of this run's topics over the runs of its series so far."""
    rows = _rows(
        con.execute(
            """
            WITH me AS (SELECT series, period_end FROM topic_runs WHERE run_id = ?)
            SELECT l.topic_id, r.period, l.relation, l.other_topic_id
            FROM topic_lineage l JOIN topic_runs r USING (run_id), me
            WHERE r.series = me.series AND r.period_end <= me.period_end
              AND l.relation <> 'continued'
              AND l.topic_id IN (SELECT topic_id FROM topics WHERE run_id = ?)
            ORDER BY l.topic_id, r.period_end, l.relation, l.other_topic_id
            """,
            [run_id, run_id],
        )
    )
    events: dict[str, list[LineageRow]] = {}
    for row in rows:
        events.setdefault(str(row.pop("topic_id")), []).append(cast(LineageRow, row))
    return events


def source_coverage(con: duckdb.DuckDBPyConnection, run_id: str) -> list[SourceCoverageRow]:
    """The final attempt of every source in a run, with the source's kind."""
    rows = _rows(
        con.execute(
            """
            SELECT f.source_id, coalesce(s.kind, '') AS kind, f.status, f.http_status,
                   f.items_seen, f.items_new, f.items_rejected, f.error
            FROM fetch_log f LEFT JOIN sources s USING (source_id)
            WHERE f.run_id = ?
            QUALIFY row_number() OVER (
                PARTITION BY f.source_id ORDER BY f.attempt DESC, f.id DESC) = 1
            ORDER BY f.source_id
            """,
            [run_id],
        )
    )
    return cast(list[SourceCoverageRow], rows)


def documents_per_week(
    con: duckdb.DuckDBPyConnection, *, since: str, until: str
) -> dict[str, dict[str, int]]:
    """``{period: {kind: n}}`` of stored documents between two ISO weeks."""
    table: dict[str, dict[str, int]] = {}
    for period, kind, n in con.execute(
        "SELECT period, kind, count(*) FROM documents WHERE period BETWEEN ? AND ?"
        " GROUP BY ALL ORDER BY ALL",
        [since, until],
    ).fetchall():
        table.setdefault(period, {})[kind] = n
    return table


def rising_terms(con: duckdb.DuckDBPyConnection, run_id: str, limit: int) -> list[RisingTermRow]:
    rows = _rows(
        con.execute(
            """
            SELECT s.term, s.porter, s.first_period, coalesce(t.df, 0) AS df
            FROM term_scores s LEFT JOIN terms t USING (term)
            WHERE s.run_id = ? AND s.eligible ORDER BY s.rank LIMIT ?
            """,
            [run_id, limit],
        )
    )
    return cast(list[RisingTermRow], rows)


def export_table(con: duckdb.DuckDBPyConnection, name: str, run_id: str) -> pa.Table:
    """A run's rows of one analyst-facing table, as an Arrow table (for CSV / Parquet export)."""
    if name not in ("topics", "topic_scores", "topic_region", "term_scores"):
        raise ValueError(f"{name} is not exportable")
    columns = "* EXCLUDE (centroid)" if name == "topics" else "*"
    return con.execute(f"SELECT {columns} FROM {name} WHERE run_id = ?", [run_id]).to_arrow_table()
