"""Server-side request forgery: which addresses a fetch may reach (issue 15, item 2).

The policy is a pure function of two address classes and is tested as a table; the rest runs
against a real loopback server, with a table resolver standing in for DNS where a public name is
needed (this machine has no internet).
"""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import httpx
import pytest

from extractors.base import SourceConfig
from extractors.collect import collect_source
from extractors.fetch import FetchSettings, HttpSourceContext
from extractors.guard import (
    AddressClass,
    AddressGuard,
    AddressRefused,
    classify,
    guarded_client,
    hop_refusal,
)
from extractors.reachability import check_source
from kernel.errors import FetchError
from tests.support.fetching import FEED
from tests.support.httpserver import LoopbackServer, send

L, V, P = AddressClass.LOOPBACK, AddressClass.PRIVATE, AddressClass.PUBLIC
LINK, META = AddressClass.LINK_LOCAL, AddressClass.METADATA
SETTINGS = FetchSettings(connect_timeout=2.0, read_timeout=2.0, retries=2)
PUBLIC_IP = "93.184.216.34"


def redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 302, b"", "text/plain", {"Location": location})

    return route


def feed(handler: BaseHTTPRequestHandler) -> None:
    send(handler, 200, FEED, "application/rss+xml")


def rss(url: str) -> SourceConfig:
    return SourceConfig(id="guarded", kind="news", adapter="rss", url=url)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("169.254.169.254", META),
        ("fd00:ec2::254", META),
        ("::ffff:169.254.169.254", META),
        ("169.254.1.1", LINK),
        ("fe80::1", LINK),
        ("127.0.0.1", L),
        ("::1", L),
        ("0.0.0.0", L),
        ("10.1.2.3", V),
        ("192.168.0.10", V),
        ("fd12:3456::1", V),
        ("100.64.0.1", V),
        (PUBLIC_IP, P),
        ("2606:4700::1111", P),
    ],
)
def test_classify(address: str, expected: AddressClass) -> None:
    assert classify(address) is expected


@pytest.mark.parametrize(
    ("origin", "target", "allowed"),
    [
        (None, META, False),
        (None, LINK, False),
        (L, META, False),
        (None, L, True),  # the demo, the tests
        (None, V, True),  # an agency's intranet feed
        (None, P, True),
        (P, P, True),
        (P, V, False),  # a public feed may not lead inside
        (P, L, False),
        (V, V, True),
        (V, P, True),
        (V, L, False),  # nor an intranet server to this machine
        (L, L, True),
        (L, V, True),
    ],
)
def test_hop_policy(origin: AddressClass | None, target: AddressClass, allowed: bool) -> None:
    reason = hop_refusal(origin, target)
    assert (reason is None) is allowed
    if not allowed:
        assert reason


def test_a_public_name_may_not_redirect_to_a_private_one() -> None:
    names = {"feed.example": [PUBLIC_IP], "intranet.example": ["10.1.2.3"]}
    guard = AddressGuard(resolver=lambda host, port: names[host])
    guard.on_request(httpx.Request("GET", "https://feed.example/rss"))
    with pytest.raises(AddressRefused, match=r"intranet.example resolves to 10.1.2.3, a private"):
        guard.on_request(httpx.Request("GET", "https://intranet.example/admin"))


def test_an_intranet_source_may_redirect_inside_the_intranet() -> None:
    names = {"feeds.agency.local": ["10.0.0.5"], "cms.agency.local": ["10.0.0.9"]}
    guard = AddressGuard(resolver=lambda host, port: names[host])
    guard.on_request(httpx.Request("GET", "http://feeds.agency.local/rss"))
    guard.on_request(httpx.Request("GET", "http://cms.agency.local/rss.xml"))
    assert guard.origin is V


def test_a_loopback_redirect_to_the_metadata_address_is_refused_and_recorded(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/feed"] = redirect_to("http://169.254.169.254/latest/meta-data/")
    ctx = HttpSourceContext(rss(http_server.url("feed")), SETTINGS, sleep=lambda s: None)
    with ctx, pytest.raises(FetchError) as raised:
        ctx.fetch(http_server.url("feed"))
    message = str(raised.value)
    assert "169.254.169.254" in message and "cloud metadata address" in message
    assert f"redirected from {http_server.url('feed')}" in message
    assert [(a.status, a.attempt) for a in ctx.attempts] == [("refused", 1)]  # never retried
    assert ctx.attempts[0].error is not None and "cloud metadata" in ctx.attempts[0].error


def test_a_metadata_host_name_is_refused_before_any_lookup(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = redirect_to("http://metadata.google.internal/computeMetadata/v1/")
    result = collect_source(rss(http_server.url("feed")), since=None, settings=SETTINGS)
    assert result.status == "failed"
    assert result.error is not None
    assert "metadata.google.internal is a cloud metadata address" in result.error


def test_a_source_configured_on_loopback_works_and_follows_loopback_redirects(
    http_server: LoopbackServer,
) -> None:
    http_server.routes["/old"] = redirect_to(http_server.url("feed"))
    http_server.routes["/feed"] = feed
    result = collect_source(rss(http_server.url("old")), since=None, settings=SETTINGS)
    assert (result.status, result.error) == ("ok", None)
    assert http_server.requests == ["/old", "/feed"]


def test_dns_rebinding_is_caught_at_the_socket(http_server: LoopbackServer) -> None:
    """The name looks public when checked and resolves to loopback when connected to."""
    http_server.routes["/feed"] = feed
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
    guard = AddressGuard(resolver=lambda host, port: next(answers))
    port = httpx.URL(http_server.base_url).port
    with guarded_client(guard) as client, pytest.raises(AddressRefused, match="now resolves"):
        client.get(f"http://rebind.example:{port}/feed")
    assert http_server.requests == []


def test_sources_check_refuses_the_metadata_redirect_too(http_server: LoopbackServer) -> None:
    http_server.routes["/feed"] = redirect_to("http://169.254.169.254/latest/meta-data/")
    result = check_source(rss(http_server.url("feed")), SETTINGS, week="2025-W02")
    assert not result.reachable
    assert result.detail.startswith("refused: 169.254.169.254 resolves to 169.254.169.254")
