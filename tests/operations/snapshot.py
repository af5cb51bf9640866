"""What two runs of the same demo weeks must agree on, read from a warehouse file."""

from __future__ import annotations

from pathlib import Path

from warehouse.connection import open_warehouse

# Rows keyed by external ids (not internal ids), so that the comparison says what differs.
CONTENTS = {
    "documents": "SELECT kind, external_id, title, period FROM documents ORDER BY ALL",
    "doc_terms": (
        "SELECT d.external_id, t.term, t.count FROM doc_terms t JOIN documents d USING (doc_id)"
        " ORDER BY ALL"
    ),
    "terms": "SELECT term, df, total_count, round(cvalue, 9) FROM terms ORDER BY ALL",
    "topics": "SELECT run_id, topic_id, label, size, first_period FROM topics ORDER BY ALL",
    "doc_topics": (
        "SELECT t.run_id, d.external_id, t.topic_id FROM doc_topics t"
        " JOIN documents d USING (doc_id) ORDER BY ALL"
    ),
    "topic_scores": (
        "SELECT run_id, topic_id, rank, status, round(score, 9), round(growth, 9), reasons"
        " FROM topic_scores ORDER BY ALL"
    ),
    "topic_region": (
        "SELECT run_id, topic_id, region_id, round(relevance, 6), cross_link FROM topic_region"
        " ORDER BY ALL"
    ),
}

# Each table's identity: a run must never store one of these twice.
KEYS = {
    "documents": "kind, external_id",
    "embeddings": "doc_id, model",
    "doc_terms": "doc_id, term",
    "topics": "run_id, topic_id",
    "doc_topics": "run_id, doc_id",
    "topic_scores": "run_id, topic_id",
}


def contents(db: Path) -> dict[str, list[tuple]]:
    with open_warehouse(db, read_only=True) as wh:
        return {name: wh.con.execute(sql).fetchall() for name, sql in CONTENTS.items()}


def duplicates(db: Path) -> dict[str, int]:
    """Per table, how many rows repeat the identity of another row (all zero when sound)."""
    with open_warehouse(db, read_only=True) as wh:
        return {
            table: wh.con.execute(
                f"SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT {key} FROM {table}))"
                f" FROM {table}"
            ).fetchone()[0]
            for table, key in KEYS.items()
        }
