"""Inputs of region overlap (topic centroids, terms, patent classes) and ``topic_region``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict, cast

import duckdb
import numpy as np
import pyarrow as pa

from warehouse.embeddings import DIMENSION


@dataclass(frozen=True)
class TopicRegionRow:
    topic_id: str
    region_id: str
    relevance: float
    industries: list[str]
    cross_link: bool
    partners: list[str]
    evidence: list[str]
    detail: str


class StoredTopicRegion(TypedDict):
    """A ``topic_region`` row as read back (``detail``: its JSON text)."""

    run_id: str
    topic_id: str
    region_id: str
    relevance: float
    industries: list[str]
    cross_link: bool
    partners: list[str]
    evidence: list[str]
    detail: str | None


def topic_profiles(
    con: duckdb.DuckDBPyConnection, run_id: str
) -> tuple[list[str], np.ndarray, list[list[str]], list[list[str]]]:
    """Topic ids, centroids, top terms and patent classes (one per occurrence) of a run."""
    rows = con.execute(
        "SELECT topic_id, centroid, terms FROM topics WHERE run_id = ? ORDER BY topic_id",
        [run_id],
    ).fetchall()
    classes = dict(
        con.execute(
            """
            SELECT t.topic_id, flatten(list(d.classes))
            FROM doc_topics t JOIN documents d USING (doc_id)
            WHERE t.run_id = ? AND t.topic_id IS NOT NULL AND d.kind = 'patent'
            GROUP BY t.topic_id
            """,
            [run_id],
        ).fetchall()
    )
    ids = [row[0] for row in rows]
    centroids = np.array([row[1] for row in rows], dtype=np.float32).reshape(len(rows), DIMENSION)
    return ids, centroids, [list(row[2]) for row in rows], [classes.get(i) or [] for i in ids]


def replace_topic_region(
    con: duckdb.DuckDBPyConnection, run_id: str, rows: Sequence[TopicRegionRow]
) -> None:
    """Replace a run's overlap rows (call inside a transaction)."""
    con.execute("DELETE FROM topic_region WHERE run_id = ?", [run_id])
    if not rows:
        return
    table = pa.Table.from_pylist(
        [{"run_id": run_id, **row.__dict__} for row in rows],
        schema=pa.schema(
            [
                ("run_id", pa.string()),
                ("topic_id", pa.string()),
                ("region_id", pa.string()),
                ("relevance", pa.float64()),
                ("industries", pa.list_(pa.string())),
                ("cross_link", pa.bool_()),
                ("partners", pa.list_(pa.string())),
                ("evidence", pa.list_(pa.string())),
                ("detail", pa.string()),
            ]
        ),
    )
    con.register("_overlap", table)
    try:
        con.execute(
            "INSERT INTO topic_region SELECT * REPLACE (detail::JSON AS detail) FROM _overlap"
        )
    finally:
        con.unregister("_overlap")


def topic_region_for_run(
    con: duckdb.DuckDBPyConnection, run_id: str, *, region_id: str | None = None
) -> list[StoredTopicRegion]:
    cursor = con.execute(
        "SELECT * FROM topic_region WHERE run_id = ? AND (? IS NULL OR region_id = ?)"
        " ORDER BY region_id, relevance DESC, topic_id",
        [run_id, region_id, region_id],
    )
    columns = [c[0] for c in cursor.description]
    return [
        cast(StoredTopicRegion, dict(zip(columns, row, strict=True))) for row in cursor.fetchall()
    ]
