"""Sources, their conditional-GET state, and the log of every fetch attempt.

Every URL and message is redacted on its way in (:mod:`warehouse.secrets`): analysts query these
tables and the weekly report shows them, so a credential written into a source's url must stop
here even if a caller forgot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, replace
from datetime import datetime
from typing import TypedDict, cast

import duckdb

from kernel.records import FetchLogRow
from warehouse.secrets import redact_text, redact_url


def register_sources(
    con: duckdb.DuckDBPyConnection, sources: Sequence[dict], now: datetime
) -> None:
    """Record the configured sources (id, kind, adapter, url, enabled) as of ``now``."""
    if not sources:  # DuckDB's executemany refuses an empty parameter list
        return
    con.executemany(
        "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)",
        [
            (s["id"], s["kind"], s["adapter"], redact_url(s["url"]), s["enabled"], now)
            for s in sources
        ],
    )


def fetch_state(
    con: duckdb.DuckDBPyConnection, source_id: str, url: str
) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) remembered for a source's ``url``; (None, None) for another url."""
    row = con.execute(
        "SELECT etag, last_modified FROM fetch_state WHERE source_id = ? AND url = ?",
        [source_id, redact_url(url)],
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def save_fetch_state(
    con: duckdb.DuckDBPyConnection,
    source_id: str,
    *,
    url: str | None,
    etag: str | None,
    last_modified: str | None,
    succeeded: bool,
    at: datetime,
) -> None:
    """Remember validators after a fetch; ``last_success`` moves only when it succeeded."""
    con.execute(
        """
        INSERT INTO fetch_state VALUES ($id, $url, $etag, $lm, CASE WHEN $ok THEN $at END, $at)
        ON CONFLICT (source_id) DO UPDATE SET
            url = CASE WHEN $ok THEN $url ELSE fetch_state.url END,
            etag = CASE WHEN $ok THEN $etag ELSE fetch_state.etag END,
            last_modified = CASE WHEN $ok THEN $lm ELSE fetch_state.last_modified END,
            last_success = CASE WHEN $ok THEN $at ELSE fetch_state.last_success END,
            last_attempt = $at
        """,
        {
            "id": source_id,
            "url": redact_url(url) if url else url,
            "etag": etag,
            "lm": last_modified,
            "ok": succeeded,
            "at": at,
        },
    )


def append_fetch_log(con: duckdb.DuckDBPyConnection, rows: Sequence[FetchLogRow]) -> None:
    if not rows:
        return
    con.executemany(
        "INSERT INTO fetch_log (run_id, source_id, attempt, url, started_at, finished_at, status,"
        " http_status, bytes, items_seen, items_new, items_rejected, error, notes)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [astuple(_redacted(row)) for row in rows],
    )


def _redacted(row: FetchLogRow) -> FetchLogRow:
    return replace(
        row,
        url=redact_url(row.url) if row.url else row.url,
        error=redact_text(row.error) if row.error else row.error,
        notes=redact_text(row.notes) if row.notes else row.notes,
    )


def fetch_log_for_run(con: duckdb.DuckDBPyConnection, run_id: str) -> list[FetchLogEntry]:
    cursor = con.execute(
        "SELECT * FROM fetch_log WHERE run_id = ? ORDER BY source_id, attempt, id", [run_id]
    )
    columns = [column[0] for column in cursor.description]
    return [cast(FetchLogEntry, dict(zip(columns, row, strict=True))) for row in cursor.fetchall()]


class FetchLogEntry(TypedDict):
    """One ``fetch_log`` row as stored (URLs and errors already redacted)."""

    id: int
    run_id: str
    source_id: str
    attempt: int
    url: str | None
    started_at: datetime
    finished_at: datetime
    status: str
    http_status: int | None
    bytes: int
    items_seen: int
    items_new: int
    items_rejected: int
    error: str | None
    notes: str | None


class SourceFetchSummary(TypedDict):
    """A source's last ``fetch_log`` attempt, its last success and its stored documents."""

    source_id: str
    run_id: str
    status: str
    http_status: int | None
    finished_at: datetime
    items_seen: int
    items_new: int
    items_rejected: int
    error: str | None
    last_success: datetime | None
    documents: int


def last_fetch_per_source(con: duckdb.DuckDBPyConnection) -> list[SourceFetchSummary]:
    """For each source: its last attempt, last success and the documents it brought in."""
    cursor = con.execute(
        """
        WITH last AS (
            SELECT * FROM fetch_log
            QUALIFY row_number() OVER (
                PARTITION BY source_id ORDER BY finished_at DESC, id DESC) = 1
        ), docs AS (
            SELECT source_id, count(*) AS documents FROM document_sources GROUP BY source_id
        )
        SELECT l.source_id, l.run_id, l.status, l.http_status, l.finished_at, l.items_seen,
               l.items_new, l.items_rejected, l.error, s.last_success,
               coalesce(d.documents, 0) AS documents
        FROM last l
        LEFT JOIN fetch_state s USING (source_id)
        LEFT JOIN docs d USING (source_id)
        ORDER BY l.source_id
        """
    )
    columns = [column[0] for column in cursor.description]
    return [
        cast(SourceFetchSummary, dict(zip(columns, row, strict=True))) for row in cursor.fetchall()
    ]
