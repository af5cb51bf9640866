"""The fetch layer against a real HTTP server on 127.0.0.1 (and real files for file://)."""

from __future__ import annotations

import gzip
import socket
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extractors.base import SourceConfig
from extractors.fetch import CHUNK_BYTES, FetchSettings, FetchState, HttpSourceContext
from kernel.errors import FetchError, ResponseTooLarge
from tests.support.fetching import FEED, MIB, Route, Sleeps, sequence_route, stream_route
from tests.support.httpserver import LoopbackServer, send

SOURCE = SourceConfig(id="test-source", kind="news", adapter="rss", url="http://unused.invalid/")


def quick(**overrides: float | int) -> FetchSettings:
    """Settings for tests: short timeouts and no real waiting between retries."""
    values: dict = {"connect_timeout": 2.0, "read_timeout": 2.0, "backoff_seconds": 0.5}
    values.update(overrides)
    return FetchSettings(**values)


def fetch(server: LoopbackServer, path: str, settings: FetchSettings, sleeps: Sleeps, **kw):
    with HttpSourceContext(SOURCE, settings, sleep=sleeps) as ctx:
        try:
            return ctx, ctx.fetch(server.url(path), **kw), None
        except FetchError as exc:
            return ctx, None, exc


def test_etag_then_conditional_get_gives_304_and_sends_user_agent(http_server) -> None:
    seen: list[dict[str, str | None]] = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        seen.append({k: handler.headers.get(k) for k in ("User-Agent", "If-None-Match")})
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        validators = {"ETag": '"v1"', "Last-Modified": "Mon, 10 Feb 2025 08:00:00 GMT"}
        send(handler, 200, FEED, "application/rss+xml", validators)

    http_server.routes["/feed"] = route
    with HttpSourceContext(SOURCE, quick()) as first:
        response = first.fetch(http_server.url("/feed"), conditional=True)
    assert response.status == 200
    assert response.content == FEED
    assert response.content_type == "application/rss+xml"
    assert first.new_state == FetchState(etag='"v1"', last_modified="Mon, 10 Feb 2025 08:00:00 GMT")

    with HttpSourceContext(SOURCE, quick(), state=first.new_state) as second:
        again = second.fetch(http_server.url("/feed"), conditional=True)
    assert again.not_modified
    assert again.content == b""
    assert [a.status for a in second.attempts] == ["not_modified"]
    assert second.attempts[0].http_status == 304
    assert second.new_state == first.new_state
    assert seen[0] == {"User-Agent": FetchSettings().user_agent, "If-None-Match": None}
    assert seen[1]["If-None-Match"] == '"v1"'
    assert seen[1]["User-Agent"].startswith("Horizon/")


def test_unconditional_fetch_sends_no_validators_and_keeps_state(http_server) -> None:
    headers: list[str | None] = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        headers.append(handler.headers.get("If-None-Match"))
        send(handler, 200, FEED, headers={"ETag": '"new"'})

    http_server.routes["/page"] = route
    state = FetchState(etag='"old"')
    with HttpSourceContext(SOURCE, quick(), state=state) as ctx:
        ctx.fetch(http_server.url("/page"), params={"page": 2})
    assert headers == [None]
    assert ctx.new_state == state
    assert http_server.requests == ["/page?page=2"]


def test_read_timeout_is_retried_then_reported(http_server, stalled) -> None:
    http_server.routes["/slow"] = stalled
    sleeps = Sleeps()
    ctx, response, error = fetch(http_server, "/slow", quick(read_timeout=0.2, retries=1), sleeps)
    assert response is None
    assert isinstance(error, FetchError)
    assert error.retryable
    assert str(error).startswith(
        f"timed out (read timeout 0.2 s) fetching {http_server.url('/slow')}"
    )
    assert "after 2 attempts" in str(error)
    assert "fetch.read_timeout" in str(error)
    assert [(a.attempt, a.status, a.http_status) for a in ctx.attempts] == [
        (1, "timeout", None),
        (2, "timeout", None),
    ]
    assert len(sleeps) == 1 and 0.25 <= sleeps[0] <= 0.5  # backoff 0.5 s, jittered down


def test_server_error_then_success_is_retried_with_backoff(http_server) -> None:
    http_server.routes["/flaky"] = sequence_route(
        (500, b"oops", {}), (502, b"oops", {}), (200, FEED, {})
    )
    sleeps = Sleeps()
    ctx, response, error = fetch(http_server, "/flaky", quick(), sleeps)
    assert error is None
    assert response.content == FEED
    assert [(a.status, a.http_status) for a in ctx.attempts] == [
        ("http_error", 500),
        ("http_error", 502),
        ("ok", 200),
    ]
    assert (
        ctx.attempts[0].error == f"HTTP 500 Internal Server Error from {http_server.url('/flaky')}"
    )
    assert ctx.attempts[2].bytes == len(FEED)
    assert len(sleeps) == 2  # 0.5 s then 1 s, each jittered down by up to half
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_503_retry_after_is_honoured_and_reported(http_server) -> None:
    http_server.routes["/busy"] = sequence_route((503, b"busy", {"Retry-After": "30"}))
    sleeps = Sleeps()
    ctx, _, error = fetch(http_server, "/busy", quick(), sleeps)
    assert sleeps == [30.0, 30.0, 30.0]
    assert error.status == 503
    assert error.retry_after == 30.0
    assert str(error).startswith(
        f"HTTP 503 Service Unavailable from {http_server.url('/busy')} after 4 attempts; "
        "the server asked to retry after 30 s"
    )
    assert len(ctx.attempts) == 4


def test_429_waits_as_asked_capped_by_max_retry_after(http_server) -> None:
    http_server.routes["/limited"] = sequence_route(
        (429, b"slow down", {"Retry-After": "7"}),
        (429, b"slow down", {"Retry-After": "3600"}),
        (200, FEED, {}),
    )
    sleeps = Sleeps()
    ctx, response, _ = fetch(http_server, "/limited", quick(max_retry_after=60), sleeps)
    assert response.status == 200
    assert sleeps == [7.0, 60.0]
    assert [a.http_status for a in ctx.attempts] == [429, 429, 200]


def test_404_is_not_retried(http_server) -> None:
    sleeps = Sleeps()
    ctx, _, error = fetch(http_server, "/missing.xml", quick(), sleeps)
    assert sleeps == []
    assert error.status == 404
    assert not error.retryable
    assert str(error) == (
        f"HTTP 404 Not Found from {http_server.url('/missing.xml')}; "
        "the address does not exist; check the source's url"
    )
    assert [(a.attempt, a.status) for a in ctx.attempts] == [(1, "http_error")]


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 302, b"", "text/plain", {"Location": location})

    return route


def test_redirects_are_followed_to_the_final_url(http_server) -> None:
    http_server.routes["/old"] = redirect("/new")
    http_server.routes["/new"] = sequence_route((200, FEED, {}))
    _, response, _ = fetch(http_server, "/old", quick(), Sleeps())
    assert response.url == http_server.url("/new")
    assert response.content == FEED


def test_redirect_loop_is_a_clear_error(http_server) -> None:
    http_server.routes["/a"] = redirect("/b")
    http_server.routes["/b"] = redirect("/a")
    sleeps = Sleeps()
    ctx, _, error = fetch(http_server, "/a", quick(), sleeps)
    assert str(error).startswith(
        f"redirect loop: {http_server.url('/b')} redirects back to {http_server.url('/a')}"
    )
    assert sleeps == []
    assert len(ctx.attempts) == 1


def test_too_many_redirects_is_a_clear_error(http_server) -> None:
    for hop in range(5):
        http_server.routes[f"/hop{hop}"] = redirect(f"/hop{hop + 1}")
    _, _, error = fetch(http_server, "/hop0", quick(max_redirects=3), Sleeps())
    assert str(error).startswith(f"more than 3 redirects starting at {http_server.url('/hop0')}")
    assert http_server.requests == ["/hop0", "/hop1", "/hop2", "/hop3"]


def test_streamed_50_mib_body_stops_at_the_20_mib_cap(http_server) -> None:
    http_server.routes["/huge"] = stream_route(50 * MIB)
    ctx, _, error = fetch(http_server, "/huge", FetchSettings(), Sleeps())
    assert isinstance(error, ResponseTooLarge)
    assert str(error) == (
        f"response exceeded the 20 MiB cap at {http_server.url('/huge')}; "
        "raise fetch.max_bytes if this source is legitimate"
    )
    attempt = ctx.attempts[0]
    assert attempt.status == "too_large"
    assert 20 * MIB < attempt.bytes <= 20 * MIB + CHUNK_BYTES


def test_declared_content_length_over_cap_is_refused_before_reading(http_server) -> None:
    http_server.routes["/huge"] = stream_route(50 * MIB, declare_length=True)
    ctx, _, error = fetch(http_server, "/huge", FetchSettings(), Sleeps())
    assert isinstance(error, ResponseTooLarge)
    assert "(Content-Length 52428800 bytes)" in str(error)
    assert ctx.attempts[0].bytes == 0


def test_gzip_bomb_is_cut_off_at_the_cap(http_server) -> None:
    bomb = gzip.compress(b"\0" * (64 * MIB), compresslevel=9)
    assert len(bomb) < MIB
    http_server.routes["/bomb"] = sequence_route((200, bomb, {"Content-Encoding": "gzip"}))
    ctx, _, error = fetch(http_server, "/bomb", FetchSettings(), Sleeps())
    assert isinstance(error, ResponseTooLarge)
    assert 20 * MIB < ctx.attempts[0].bytes <= 20 * MIB + CHUNK_BYTES


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
)
def test_compressed_bodies_are_decoded(http_server, encoding, encode) -> None:
    http_server.routes["/feed"] = sequence_route(
        (200, encode(FEED), {"Content-Encoding": encoding})
    )
    ctx, response, _ = fetch(http_server, "/feed", quick(), Sleeps())
    assert response.content == FEED
    assert ctx.attempts[0].bytes == len(FEED)


def test_large_multi_member_gzip_body_is_decoded_whole(http_server) -> None:
    """Many output chunks per network chunk, and a second gzip member after the first."""
    body = b"".join(b"<item>%d</item>" % n for n in range(200_000))
    wire = gzip.compress(body[:1000]) + gzip.compress(body[1000:])
    http_server.routes["/big"] = sequence_route((200, wire, {"Content-Encoding": "gzip"}))
    _, response, _ = fetch(http_server, "/big", quick(), Sleeps())
    assert len(body) > 50 * CHUNK_BYTES
    assert response.content == body


def test_corrupt_gzip_is_a_network_error(http_server) -> None:
    http_server.routes["/bad"] = sequence_route(
        (200, b"not gzip at all", {"Content-Encoding": "gzip"})
    )
    ctx, _, error = fetch(http_server, "/bad", quick(retries=0), Sleeps())
    assert "the gzip body from" in str(error)
    assert ctx.attempts[0].status == "network_error"


def test_connection_refused_is_a_retried_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    with (
        HttpSourceContext(SOURCE, quick(retries=1), sleep=sleeps) as ctx,
        pytest.raises(
            FetchError,
            match=r"network error fetching http://127\.0\.0\.1:\d+/feed: .* after 2 attempts",
        ),
    ):
        ctx.fetch(f"http://127.0.0.1:{port}/feed")
    assert [a.status for a in ctx.attempts] == ["network_error", "network_error"]


def test_secret_query_parameters_are_masked_in_the_log(http_server) -> None:
    http_server.routes["/api"] = sequence_route((200, b"{}", {}))
    ctx, response, _ = fetch(
        http_server, "/api", quick(), Sleeps(), params={"q": "x", "api_key": "s3cret"}
    )
    assert response.status == 200
    assert http_server.requests == ["/api?q=x&api_key=s3cret"]
    assert ctx.attempts[0].url == http_server.url("/api?q=x&api_key=***")


def test_file_urls_are_read_with_cap_and_mtime_validator(tmp_path: Path) -> None:
    feed = tmp_path / "weekly feed.xml"
    feed.write_bytes(FEED)
    url = feed.as_uri()
    with HttpSourceContext(SOURCE, quick()) as ctx:
        response = ctx.fetch(url, conditional=True)
    assert response.content == FEED
    assert response.content_type == "application/xml"
    assert ctx.new_state.last_modified is not None
    with HttpSourceContext(SOURCE, quick(), state=ctx.new_state) as again:
        assert again.fetch(url, conditional=True).not_modified
    with HttpSourceContext(SOURCE, quick(max_bytes=10)) as small, pytest.raises(ResponseTooLarge):
        small.fetch(url)
    assert small.attempts[0].status == "too_large"


def test_missing_file_is_a_clear_unretried_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    sleeps = Sleeps()
    with HttpSourceContext(SOURCE, quick(), sleep=sleeps) as ctx, pytest.raises(FetchError) as info:
        ctx.fetch(missing.as_uri())
    assert str(info.value) == (
        f"cannot read {missing}: No such file or directory; "
        "check the source's url and the file's permissions"
    )
    assert sleeps == []
