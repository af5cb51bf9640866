"""Every fetch recorded: the attempt log, conditional-GET memory and the per-source summary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from kernel.records import DocumentRecord, FetchLogRow
from warehouse.connection import Warehouse, open_warehouse
from warehouse.documents import upsert_documents
from warehouse.fetchlog import (
    append_fetch_log,
    fetch_log_for_run,
    fetch_state,
    last_fetch_per_source,
    register_sources,
    save_fetch_state,
)

T1 = datetime(2025, 1, 6, 6, 0)
T2 = datetime(2025, 1, 13, 6, 0)
FEED = "https://news.example.at/feed.xml"


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    with open_warehouse(tmp_path / "fetch.duckdb") as warehouse:
        yield warehouse


def attempt(run: str, source: str, n: int, at: datetime, status: str, **extra) -> FetchLogRow:
    return FetchLogRow(
        run_id=run,
        source_id=source,
        attempt=n,
        url=FEED,
        started_at=at,
        finished_at=at,
        status=status,
        **extra,
    )


def test_register_sources_replaces_earlier_settings(wh: Warehouse) -> None:
    source = {"id": "orf", "kind": "news", "adapter": "rss", "url": FEED, "enabled": True}
    register_sources(wh.con, [source], T1)
    register_sources(wh.con, [{**source, "enabled": False}], T2)
    assert wh.con.execute("SELECT source_id, enabled, updated_at FROM sources").fetchall() == [
        ("orf", False, T2)
    ]
    register_sources(wh.con, [], T2)  # a sources file with no [[source]] yet
    assert wh.con.execute("SELECT count(*) FROM sources").fetchone() == (1,)


def test_validators_survive_a_failed_fetch_and_belong_to_their_url(wh: Warehouse) -> None:
    assert fetch_state(wh.con, "orf", FEED) == (None, None)
    save_fetch_state(
        wh.con,
        "orf",
        url=FEED,
        etag='"v1"',
        last_modified="Mon, 06 Jan 2025",
        succeeded=True,
        at=T1,
    )
    save_fetch_state(wh.con, "orf", url=FEED, etag=None, last_modified=None, succeeded=False, at=T2)
    assert fetch_state(wh.con, "orf", FEED) == ('"v1"', "Mon, 06 Jan 2025")
    assert fetch_state(wh.con, "orf", FEED + "?week=2025-W03") == (None, None)
    row = wh.con.execute("SELECT last_success, last_attempt FROM fetch_state").fetchone()
    assert row == (T1, T2)


def test_every_attempt_is_a_row(wh: Warehouse) -> None:
    append_fetch_log(
        wh.con,
        [
            attempt("r1", "orf", 1, T1, "error", http_status=503, error="HTTP 503"),
            attempt(
                "r1",
                "orf",
                2,
                T1,
                "ok",
                http_status=200,
                bytes=5120,
                items_seen=30,
                items_new=28,
                items_rejected=2,
                notes="2 entries without a link",
            ),
            attempt("r1", "arxiv", 1, T1, "ok", http_status=200, items_seen=5, items_new=5),
            attempt("r2", "orf", 1, T2, "not_modified", http_status=304),
        ],
    )
    append_fetch_log(wh.con, [])
    rows = fetch_log_for_run(wh.con, "r1")
    assert [(r["source_id"], r["attempt"], r["status"], r["http_status"]) for r in rows] == [
        ("arxiv", 1, "ok", 200),
        ("orf", 1, "error", 503),
        ("orf", 2, "ok", 200),
    ]
    assert rows[1]["error"] == "HTTP 503"
    assert (rows[2]["bytes"], rows[2]["items_seen"], rows[2]["items_new"]) == (5120, 30, 28)
    assert rows[2]["items_rejected"] == 2
    assert len({r["id"] for r in rows}) == 3
    assert fetch_log_for_run(wh.con, "r-unknown") == []


def test_last_fetch_per_source(wh: Warehouse) -> None:
    save_fetch_state(wh.con, "orf", url=FEED, etag=None, last_modified=None, succeeded=True, at=T1)
    append_fetch_log(
        wh.con,
        [
            attempt("r1", "orf", 1, T1, "ok", http_status=200, items_seen=2, items_new=2),
            attempt("r2", "orf", 1, T2, "error", error="connection refused"),
            attempt("r2", "arxiv", 1, T2, "ok", http_status=200),
        ],
    )
    record = DocumentRecord(
        doc_id="D1",
        external_id="g1",
        kind="news",
        title="t",
        text="",
        period="2025-W02",
        published=date(2025, 1, 6),
        keys=["ext:news:orf:g1"],
    )
    upsert_documents(wh.con, [record], run_id="r1", source_id="orf", seen_at=T1)

    summary = {row["source_id"]: row for row in last_fetch_per_source(wh.con)}
    assert list(summary) == ["arxiv", "orf"]
    orf = summary["orf"]
    assert (orf["run_id"], orf["status"], orf["error"]) == ("r2", "error", "connection refused")
    assert orf["last_success"] == T1
    assert orf["documents"] == 1
    assert summary["arxiv"]["last_success"] is None
    assert summary["arxiv"]["documents"] == 0
