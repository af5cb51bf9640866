"""Inputs of emergence scoring (counts over a window) and its outputs (``topic_scores``).

Periods of any unit are derived from ``published`` in SQL so the same queries serve the weekly
run (ISO weeks) and yearly or monthly backtests of imported corpora.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pandas as pd

from warehouse.embeddings import matrix_of

_LABEL = {
    "week": "strftime(d.published, '%G-W%V')",
    "month": "strftime(d.published, '%Y-%m')",
    "year": "strftime(d.published, '%Y')",
}


def _label(unit: str) -> str:
    try:
        return _LABEL[unit]
    except KeyError:
        raise ValueError(f"unknown period unit {unit!r}") from None


def period_totals(
    con: duckdb.DuckDBPyConnection, *, unit: str, start: date, end: date
) -> pd.DataFrame:
    """Documents per period and kind published in ``[start, end]``: ``period, kind, n``."""
    return con.execute(
        f"SELECT {_label(unit)} AS period, d.kind, count(*) AS n FROM documents d"
        " WHERE d.published BETWEEN ? AND ? GROUP BY ALL ORDER BY ALL",
        [start, end],
    ).df()


def topic_period_counts(
    con: duckdb.DuckDBPyConnection, run_id: str, *, unit: str, end: date
) -> pd.DataFrame:
    """Documents of each topic of a run per period and kind, up to ``end``."""
    return con.execute(
        f"SELECT t.topic_id, {_label(unit)} AS period, d.kind, count(*) AS n"
        " FROM doc_topics t JOIN documents d USING (doc_id)"
        " WHERE t.run_id = ? AND t.topic_id IS NOT NULL AND d.published <= ?"
        " GROUP BY ALL ORDER BY ALL",
        [run_id, end],
    ).df()


def topic_breadth(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Distinct sources, organisations and countries behind each topic of a run. A document's
    source is its venue (journal, conference, publisher) where it names one, else the feed or
    file it came from: a topic carried by one conference's shared task is one source, however
    many papers it holds."""
    return con.execute(
        """
        WITH docs AS (
            SELECT t.topic_id, d.doc_id, d.orgs, d.countries,
                   json_extract_string(d.metadata, '$.venue') AS venue
            FROM doc_topics t JOIN documents d USING (doc_id)
            WHERE t.run_id = ? AND t.topic_id IS NOT NULL
        ),
        src AS (SELECT topic_id, count(DISTINCT coalesce(venue, s.source_id)) AS n
                FROM docs JOIN document_sources s USING (doc_id) GROUP BY ALL),
        org AS (SELECT topic_id, count(DISTINCT o) AS n
                FROM docs, unnest(docs.orgs) AS u(o) GROUP BY ALL),
        cty AS (SELECT topic_id, count(DISTINCT c) AS n
                FROM docs, unnest(docs.countries) AS u(c) GROUP BY ALL)
        SELECT t.topic_id, coalesce(src.n, 0) AS n_sources, coalesce(org.n, 0) AS n_orgs,
               coalesce(cty.n, 0) AS n_countries
        FROM (SELECT DISTINCT topic_id FROM docs) t
        LEFT JOIN src USING (topic_id) LEFT JOIN org USING (topic_id) LEFT JOIN cty USING (topic_id)
        ORDER BY t.topic_id
        """,
        [run_id],
    ).df()


def term_period_counts(
    con: duckdb.DuckDBPyConnection, *, unit: str, start: date, end: date, min_df: int
) -> pd.DataFrame:
    """Documents containing each term per period (terms in at least ``min_df`` documents)."""
    return con.execute(
        f"""
        SELECT dt.term, {_label(unit)} AS period, count(*) AS n
        FROM doc_terms dt JOIN documents d USING (doc_id)
        WHERE d.published BETWEEN ? AND ?
          AND dt.term IN (SELECT term FROM terms WHERE df >= ?)
        GROUP BY ALL
        """,
        [start, end, min_df],
    ).df()


def topic_term_first_seen(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """For each topic of a run, its label terms with the period each term was first seen."""
    return con.execute(
        """
        SELECT t.topic_id, u.term, terms.first_seen
        FROM topics t, unnest(t.terms) AS u(term)
        LEFT JOIN terms ON terms.term = u.term
        WHERE t.run_id = ?
        """,
        [run_id],
    ).df()


def earlier_flags(
    con: duckdb.DuckDBPyConnection, run_id: str, *, since: date
) -> list[tuple[str, str, np.ndarray, str | None]]:
    """``(topic_id, period, centroid, continues)`` of every topic flagged ``new`` or ``emerging``,
    or held back as a continuation, by an earlier run of this run's series whose period ended on
    ``since`` or later: the period of its first flag (of its first hold-back if it was never
    flagged), its centroid in the latest of those runs that holds it, and what it first continued
    (None for a topic flagged in any of them). Earlier means an earlier period end, so
    re-running a period finds the same."""
    table = con.sql(
        """
        WITH this AS (SELECT series, period_end FROM topic_runs WHERE run_id = $run),
        earlier AS (
            SELECT r.run_id, r.period, r.period_end FROM topic_runs r, this
            WHERE r.series = this.series AND r.period_end < this.period_end
              AND r.period_end >= $since
        ),
        flags AS (
            SELECT s.topic_id,
                   coalesce(
                       arg_min(e.period, e.period_end) FILTER (s.status IN ('new', 'emerging')),
                       arg_min(e.period, e.period_end)
                   ) AS period,
                   CASE WHEN bool_or(s.status IN ('new', 'emerging')) THEN NULL
                        ELSE arg_min(s.continues, e.period_end) END AS continues
            FROM topic_scores s JOIN earlier e USING (run_id)
            WHERE s.status IN ('new', 'emerging') OR s.continues IS NOT NULL
            GROUP BY s.topic_id
        )
        SELECT f.topic_id, f.period, arg_max(t.centroid, e.period_end) AS centroid, f.continues
        FROM flags f
        JOIN topics t ON t.topic_id = f.topic_id
        JOIN earlier e ON e.run_id = t.run_id
        GROUP BY f.topic_id, f.period, f.continues
        ORDER BY f.topic_id
        """,
        params={"run": run_id, "since": since},
    ).to_arrow_table()
    centroids = matrix_of(table.column("centroid"))
    rows = zip(
        table.column("topic_id").to_pylist(),
        table.column("period").to_pylist(),
        table.column("continues").to_pylist(),
        strict=True,
    )
    return [(t, p, centroids[i], c) for i, (t, p, c) in enumerate(rows)]


def replace_scores(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    period: str,
    topic_scores: pd.DataFrame,
    term_scores: pd.DataFrame,
) -> None:
    """Replace a run's scores (call inside a transaction)."""
    con.execute("DELETE FROM topic_scores WHERE run_id = ?", [run_id])
    con.execute("DELETE FROM term_scores WHERE run_id = ?", [run_id])
    if len(topic_scores):
        frame = topic_scores.assign(run_id=run_id, period=period)
        for column in ("held_back", "continues"):
            if column not in frame:
                frame[column] = None
        frame["rank"] = range(1, len(frame) + 1)
        con.register("_scores", frame)
        try:
            con.execute(
                "INSERT INTO topic_scores SELECT run_id, topic_id, period, rank, status, score,"
                " share_recent, share_base, growth, age, first_period, burst, burst_weight,"
                " porter, n_sources, n_orgs, n_countries, kinds_order, reasons, held_back,"
                " continues FROM _scores"
            )
        finally:
            con.unregister("_scores")
    if len(term_scores):
        frame = term_scores.assign(run_id=run_id)
        frame["rank"] = range(1, len(frame) + 1)
        con.register("_terms", frame)
        try:
            con.execute(
                "INSERT INTO term_scores SELECT run_id, term, rank, porter, eligible, growth,"
                " first_period, reasons FROM _terms"
            )
        finally:
            con.unregister("_terms")


def topic_scores_for_run(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    return con.execute("SELECT * FROM topic_scores WHERE run_id = ? ORDER BY rank", [run_id]).df()
