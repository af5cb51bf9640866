"""Collecting several sources at once: the healthy one delivers, each broken one fails alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extractors.base import SourceConfig
from extractors.collect import SourceResult, collect_source, expand_week
from extractors.fetch import FetchSettings, FetchState
from kernel.errors import ConfigError
from tests.support.fetching import FEED, MIB, sequence_route, stream_route
from tests.support.httpserver import send

SETTINGS = FetchSettings(read_timeout=0.3, connect_timeout=2.0, retries=1, backoff_seconds=0.01)


def rss_source(source_id: str, url: str) -> SourceConfig:
    return SourceConfig(id=source_id, kind="news", adapter="rss", url=url)


def collect_all(sources: list[SourceConfig]) -> dict[str, SourceResult]:
    """Each source in its own worker thread, as the flow runs them in their own tasks."""
    with ThreadPoolExecutor(max_workers=len(sources)) as pool:
        results = pool.map(
            lambda source: collect_source(source, since=None, settings=SETTINGS), sources
        )
        return {result.source_id: result for result in results}


@pytest.mark.shared
def test_one_healthy_source_survives_five_broken_ones(
    shared_data: Path, serve_dir, stalled
) -> None:
    server = serve_dir(shared_data / "fixtures" / "news_rss")
    server.routes["/slow.xml"] = stalled
    server.routes["/error.xml"] = sequence_route((500, b"boom", {}))
    server.routes["/huge.xml"] = stream_route(50 * MIB)
    server.routes["/garbage.xml"] = sequence_route((200, bytes(range(256)) * 16, {}))
    sources = [
        rss_source("guardian", server.url("rss_parser/guardian.rss")),
        rss_source("slow", server.url("slow.xml")),
        rss_source("error", server.url("error.xml")),
        rss_source("missing", server.url("missing.xml")),
        rss_source("huge", server.url("huge.xml")),
        rss_source("garbage", server.url("garbage.xml")),
    ]
    results = collect_all(sources)

    healthy = results["guardian"]
    assert (healthy.status, healthy.error) == ("ok", None)
    assert len(healthy.documents) == 55
    assert healthy.documents[0].title.startswith("Trump State of the Union address")

    for name in ("slow", "error", "missing", "huge", "garbage"):
        assert results[name].status == "failed", name
        assert results[name].documents == []
    assert results["slow"].error == (
        f"timed out (read timeout 0.3 s) fetching {server.url('slow.xml')} after 2 attempts; "
        "the server is slow or down; try later or raise fetch.read_timeout"
    )
    assert results["error"].error.startswith(
        f"HTTP 500 Internal Server Error from {server.url('error.xml')} after 2 attempts"
    )
    assert results["missing"].error.startswith(
        f"HTTP 404 Not Found from {server.url('missing.xml')};"
    )
    assert results["huge"].error.startswith("response exceeded the 20 MiB cap")
    assert results["garbage"].error.startswith(
        f"the response from {server.url('garbage.xml')} is not an RSS or Atom feed ("
    )
    statuses = {name: [a.status for a in result.attempts] for name, result in results.items()}
    assert statuses == {
        "guardian": ["ok"],
        "slow": ["timeout", "timeout"],
        "error": ["http_error", "http_error"],
        "missing": ["http_error"],
        "huge": ["too_large"],
        "garbage": ["parse_error"],
    }


def test_etag_makes_the_second_run_not_modified_and_failure_keeps_the_state(http_server) -> None:
    def route(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == '"w7"':
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        item = (
            b"<item><guid>g1</guid><link>/news/1</link><title>Hydrogen valleys</title></item>"
            b"</channel></rss>"
        )
        send(handler, 200, FEED.replace(b"</channel></rss>", item), headers={"ETag": '"w7"'})

    http_server.routes["/feed.xml"] = route
    source = rss_source("news", http_server.url("feed.xml"))
    first = collect_source(source, since=None, settings=SETTINGS)
    assert first.status == "ok"
    assert [(d.external_id, d.url) for d in first.documents] == [("g1", http_server.url("/news/1"))]
    assert first.new_state == FetchState(etag='"w7"')

    second = collect_source(source, since=None, settings=SETTINGS, state=first.new_state)
    assert (second.status, second.documents, second.new_state) == (
        "not_modified",
        [],
        first.new_state,
    )

    http_server.routes["/feed.xml"] = sequence_route((503, b"", {}))
    failed = collect_source(source, since=None, settings=SETTINGS, state=first.new_state)
    assert failed.status == "failed"
    assert failed.new_state == first.new_state


def test_week_placeholders_are_filled_in(http_server, tmp_path: Path) -> None:
    weekly = tmp_path / "news-2025-W07.xml"
    weekly.write_bytes(
        FEED.replace(b"</channel>", b"<item><title>Week seven</title></item></channel>")
    )
    from_file = collect_source(
        rss_source("bulk", f"file://{tmp_path}/news-{{week}}.xml"),
        since=None,
        settings=SETTINGS,
        week="2025-W07",
    )
    assert [d.title for d in from_file.documents] == ["Week seven"]

    http_server.routes["/api"] = sequence_route((200, FEED, {}))
    url = http_server.url("/api?from={week_start}&to={week_end}")
    result = collect_source(rss_source("api", url), since=None, settings=SETTINGS, week="2025-W07")
    assert result.status == "ok"
    assert http_server.requests == ["/api?from=2025-02-10&to=2025-02-16"]


def test_expand_week_rejects_bad_or_missing_weeks() -> None:
    assert expand_week("https://x/feed", None) == "https://x/feed"
    assert (
        expand_week("{week}/{week_start}/{week_end}", "2026-W01")
        == "2026-W01/2025-12-29/2026-01-04"
    )
    with pytest.raises(ConfigError, match="contains a week placeholder but no week was given"):
        expand_week("https://x/{week}.xml", None)
    with pytest.raises(ConfigError, match="'2025-W54' is not an ISO week; write it like 2025-W07"):
        expand_week("https://x/{week}.xml", "2025-W54")


def test_unknown_adapter_fails_the_source_not_the_run() -> None:
    source = SourceConfig(id="odd", kind="news", adapter="gopher", url="https://x/")
    result = collect_source(source, since=None, settings=SETTINGS)
    assert result.status == "failed"
    assert result.error == (
        "unknown adapter 'gopher'; set the source's adapter to one of: "
        "rss, arxiv, crossref, openalex, pubmed, uspto, epo"
    )
    assert result.attempts == []


def test_attempt_times_are_utc(tmp_path: Path) -> None:
    feed = tmp_path / "f.xml"
    feed.write_bytes(FEED)
    result = collect_source(rss_source("f", feed.as_uri()), since=None, settings=SETTINGS)
    (attempt,) = result.attempts
    assert attempt.started_at.tzinfo is UTC
    assert attempt.started_at <= attempt.finished_at <= datetime.now(UTC)
