"""Credentials in a source's url reach the server and nothing else (issue 15, item 1).

A real loopback server checks that the password, API key and header token arrive; a real DuckDB
file, the log and ``horizon sources list`` are then searched for them.
"""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.base import SourceConfig
from extractors.collect import collect_source
from extractors.fetch import FetchSettings
from extractors.reachability import check_source
from pipelines.stages.collect import store_source_result
from tests.support.httpserver import LoopbackServer, send
from warehouse.connection import open_warehouse
from warehouse.fetchlog import register_sources
from warehouse.reporting import source_coverage

PASSWORD, KEY, TOKEN = "pw-LEAK-7731", "key-LEAK-5520", "tok-LEAK-0918"
SECRETS = (PASSWORD, KEY, TOKEN)
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    b"<item><title>Offshore wind</title><link>http://example.org/1</link>"
    b"<guid>g1</guid><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item>"
    b"</channel></rss>"
)
SETTINGS = FetchSettings(connect_timeout=2.0, read_timeout=2.0, retries=0)
SUBPROCESS_TIMEOUT = 120  # a safety net against a hung child, not a timing assertion


def guarded_feed(handler: BaseHTTPRequestHandler) -> None:
    """The feed, only for alice with the right password, key and token."""
    basic = base64.b64encode(f"alice:{PASSWORD}".encode()).decode()
    query = parse_qs(urlsplit(handler.path).query)
    ok = (
        handler.headers.get("Authorization") == f"Basic {basic}"
        and query.get("api_key") == [KEY]
        and handler.headers.get("X-Feed-Token", TOKEN) == TOKEN
    )
    send(handler, 200 if ok else 403, FEED if ok else b"no", "application/rss+xml")


def echoing_404(handler: BaseHTTPRequestHandler) -> None:
    """A 404 whose error message will hold the full url with its key."""
    send(handler, 404, b"not here", "text/plain")


@pytest.fixture
def server() -> LoopbackServer:
    server = LoopbackServer(routes={"/feed": guarded_feed, "/gone": echoing_404})
    yield server
    server.close()


def inline_url(server: LoopbackServer, path: str = "feed") -> str:
    host = urlsplit(server.base_url).netloc
    return f"http://alice:{PASSWORD}@{host}/{path}?api_key={KEY}&q=wind"


def source(source_id: str, url: str, **extra: object) -> SourceConfig:
    return SourceConfig(id=source_id, kind="news", adapter="rss", url=url, **extra)


def everything_stored(db: Path) -> str:
    """Every value of the tables a fetch writes, as one text to search."""
    with open_warehouse(db, read_only=True) as wh:
        rows = [
            row
            for table in ("sources", "fetch_log", "fetch_state")
            for row in wh.con.execute(f"SELECT * FROM {table}").fetchall()
        ]
    return "\n".join(map(repr, rows))


def test_inline_credentials_are_sent_but_never_stored_logged_or_shown(
    server: LoopbackServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sources = [source("inline", inline_url(server)), source("gone", inline_url(server, "gone"))]
    results = [collect_source(s, since=None, settings=SETTINGS) for s in sources]
    assert [r.status for r in results] == ["ok", "failed"]
    assert len(results[0].documents) == 1  # the server accepted the credentials

    db = tmp_path / "horizon.duckdb"
    with caplog.at_level(logging.INFO), open_warehouse(db) as wh:
        register_sources(
            wh.con, [s.model_dump() for s in sources], results[0].attempts[0].started_at
        )
        for result in results:
            store_source_result(wh, result, run_id="weekly-2025-W02", week="2025-W02")
        coverage = source_coverage(wh.con, "weekly-2025-W02")

    stored = everything_stored(db)
    shown = [str(row["error"]) for row in coverage] + [caplog.text, stored]
    for text in shown:
        assert not any(secret in text for secret in SECRETS), text
    assert "api_key=***" in stored and "http://***@127.0.0.1" in stored
    assert "HTTP 404 Not Found from http://***@127.0.0.1" in coverage[0]["error"]


def test_env_references_are_resolved_only_for_the_request(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HZ_TEST_FEED_PW", PASSWORD)
    monkeypatch.setenv("HZ_TEST_FEED_KEY", KEY)
    monkeypatch.setenv("HZ_TEST_FEED_TOKEN", TOKEN)
    host = urlsplit(server.base_url).netloc
    url = f"http://alice:env:HZ_TEST_FEED_PW@{host}/feed?api_key=env:HZ_TEST_FEED_KEY"
    configured = source("env", url, headers={"X-Feed-Token": "env:HZ_TEST_FEED_TOKEN"})

    result = collect_source(configured, since=None, settings=SETTINGS)

    assert (result.status, len(result.documents)) == ("ok", 1)
    # the stored form names the key's variable; user-info is masked whatever it holds
    assert result.attempts[0].url == f"http://***@{host}/feed?api_key=env:HZ_TEST_FEED_KEY"


def test_a_missing_variable_fails_its_source_only_and_says_which(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HZ_TEST_UNSET_KEY", raising=False)
    host = urlsplit(server.base_url).netloc
    missing = source("missing", f"http://{host}/feed?api_key=env:HZ_TEST_UNSET_KEY")
    healthy = source("healthy", inline_url(server))

    results = [collect_source(s, since=None, settings=SETTINGS) for s in (missing, healthy)]

    assert results[0].status == "failed"
    assert results[0].error is not None
    assert "environment variable HZ_TEST_UNSET_KEY" in results[0].error
    assert "source 'missing'" in results[0].error
    assert results[0].attempts == []  # nothing was sent without the key
    assert results[1].status == "ok"


def test_sources_list_shows_no_credentials(server: LoopbackServer, tmp_path: Path) -> None:
    sources_toml = tmp_path / "sources.toml"
    sources_toml.write_text(
        '[[source]]\nid = "inline"\nkind = "news"\nadapter = "rss"\n'
        f'url = "{inline_url(server)}"\n',
        encoding="utf-8",
    )
    script = Path(sys.executable).with_name("horizon")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipelines"]
    listed = subprocess.run(
        [*command, "sources", "list", "--sources", str(sources_toml)],
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "250"},
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert listed.returncode == 0, listed.stderr
    assert "http://***@127.0.0.1" in listed.stdout and "api_key=***" in listed.stdout
    assert not any(secret in listed.stdout + listed.stderr for secret in SECRETS)


def test_sources_check_sends_credentials_and_shows_none(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HZ_TEST_FEED_KEY", KEY)
    host = urlsplit(server.base_url).netloc
    with_env = f"http://alice:{PASSWORD}@{host}/feed?api_key=env:HZ_TEST_FEED_KEY"
    week_less = f"http://alice:{PASSWORD}@{host}/{{week}}/feed?api_key={KEY}"
    checked = check_source(source("env", with_env), SETTINGS, week="2025-W02")
    broken = check_source(source("no-week", week_less), SETTINGS, week="2025-W99")

    assert checked.reachable and checked.detail.startswith("HTTP 200")
    assert not broken.reachable and "not an ISO week" in broken.detail
    for result in (checked, broken):
        assert not any(secret in result.url + result.detail for secret in SECRETS)
