"""One loopback server holding every source of the fault run: healthy feeds, faulty servers,
XML attacks and an attacker's feed, with what the run must record for each.

``FAULTS`` is the table the README reproduces: the source id, the fault, and what ``fetch_log``
must show for it (final status, HTTP status, number of attempts, and the words an operator
reads in its error or notes).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.reliability import xml_attacks
from tests.reliability.feeds import rss, short_items
from tests.support import faults
from tests.support.httpserver import LoopbackServer

WEEK = "2026-W05"
MONDAY = date(2026, 1, 26)
MAX_BYTES = 4 * 1024 * 1024
# Fetch settings of the fault run: small timeouts, one retry, no real waiting.
FETCH_TOML = f"""
[fetch]
connect_timeout = 2.0
read_timeout = 0.5
retries = 1
backoff_seconds = 0.01
max_retry_after = 0.05
max_bytes = {MAX_BYTES}
lookback_days = 7
"""
HOSTILE_FEED = Path(__file__).resolve().parents[1] / "reports" / "data" / "hostile_feed.xml"
HOSTILE_REASON = '<script>alert("reason")</script>'
SECRET = "TOPSECRET-reliability-4f1c"


@dataclass(frozen=True)
class Fault:
    source_id: str
    fault: str
    status: str
    http_status: int | None
    attempts: int
    reason: str


FAULTS = (
    Fault("slow", "no answer within the read timeout", "timeout", None, 2,
          "timed out (read timeout 0.5 s) fetching"),
    Fault("reset", "connection reset (TCP RST) instead of an answer", "network_error", None, 2,
          "Connection reset by peer"),
    Fault("cut-off", "connection closed half-way through the body", "network_error", None, 2,
          "peer closed connection without sending complete message body"),
    Fault("error-500", "500 Internal Server Error", "http_error", 500, 2,
          "HTTP 500 Internal Server Error from"),
    Fault("busy-503", "503 with Retry-After: 120", "http_error", 503, 2,
          "the server asked to retry after 120 s"),
    Fault("limited-429", "429 Too Many Requests", "http_error", 429, 2,
          "the server is rate-limiting Horizon"),
    Fault("hostile-502", "502 whose reason phrase is a <script>", "http_error", 502, 2,
          f"HTTP 502 {HOSTILE_REASON} from"),
    Fault("redirect-loop", "302 to a page that redirects back", "http_error", 302, 1,
          "redirect loop"),
    Fault("javascript-redirect", "302 to a javascript: URL", "network_error", None, 1,
          "cannot fetch"),
    Fault("gzip-bomb", "4 MiB of gzip inflating to 4 GiB", "too_large", None, 1,
          "response exceeded the 4 MiB cap"),
    Fault("huge-body", "50 MiB body, no Content-Length", "too_large", None, 1,
          "response exceeded the 4 MiB cap"),
    Fault("empty", "200 with an empty body", "parse_error", 200, 1, "is empty"),
    Fault("html-page", "an HTML page instead of a feed", "parse_error", 200, 1,
          "is an HTML page, not an RSS or Atom feed"),
    Fault("truncated-xml", "the feed cut off in the middle", "partial", 200, 1,
          "feed is not well-formed"),
    Fault("wrong-encoding", "Latin-1 bytes declared as UTF-8", "partial", 200, 1,
          "feed encoding problem: document declared as utf-8, but parsed as windows-1252"),
    Fault("wrong-type", "a feed labelled application/octet-stream", "ok", 200, 1, ""),
)  # fmt: skip
FAILED = {f.source_id for f in FAULTS if f.status not in ("ok", "partial")}
HEALTHY = {"healthy-a": 60, "healthy-b": 40}


@dataclass
class Site:
    """The running server, the secret file the attacks aim at, and the sources it serves."""

    server: LoopbackServer
    secret: Path
    release: threading.Event
    feeds: dict[str, bytes]

    def sources_toml(self) -> str:
        entries = [(f.source_id, "news", "rss", f.source_id, "") for f in FAULTS]
        entries += [(sid, "news", "rss", sid, "") for sid in HEALTHY]
        entries += [("hostile-feed", "news", "rss", "hostile-feed", "")]
        entries += [
            (f"xml-rss-{attack}", "news", "rss", f"xml/rss/{attack}", "")
            for attack in xml_attacks.ATTACKS
        ]
        entries += [("xml-uspto", "patent", "uspto", "xml/uspto/ipg260127.xml", "")]
        entries += [("xml-epo", "patent", "epo", "xml/epo/index.txt", "index = true\n")]
        return "".join(
            f'[[source]]\nid = "{sid}"\nkind = "{kind}"\nadapter = "{adapter}"\n'
            f'url = "{self.server.url(path)}"\n{extra}\n'
            for sid, kind, adapter, path, extra in entries
        )

    def close(self) -> None:
        self.release.set()
        self.server.close()


def healthy_items(source_id: str):
    return short_items(HEALTHY[source_id], week_monday=MONDAY, seed=7, prefix=source_id)


def megabyte_item_feed() -> bytes:
    """The attacker's feed of the report tests, plus an item with a 1 MB title."""
    return HOSTILE_FEED.read_bytes().replace(
        b"</channel>",
        b"<item><title>" + b"Megabyte " * 116_000 + b"</title><guid>hostile-feed-4</guid>"
        b"<link>https://feed.example.org/long</link>"
        b"<pubDate>Tue, 27 Jan 2026 08:00:00 GMT</pubDate></item></channel>",
    )


def start_site(tmp: Path) -> Site:
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    release = threading.Event()
    server = LoopbackServer()
    base = server.base_url
    plain = rss(short_items(12, week_monday=MONDAY, seed=3, prefix="plain"))
    latin = (
        rss(short_items(10, week_monday=MONDAY, seed=4, prefix="latin"))
        .decode()
        .replace("New ", "Neue Größe ")
        .encode("latin-1")
    )
    feeds = {sid: rss(healthy_items(sid), title=sid) for sid in HEALTHY}
    feeds["truncated-xml"] = rss(short_items(10, week_monday=MONDAY, seed=5, prefix="cut"))
    feeds["wrong-type"] = plain
    feeds["wrong-encoding"] = latin
    routes = {
        "slow": faults.stalled(release),
        "reset": faults.reset(),
        "cut-off": faults.cut_off(plain),
        "error-500": faults.status(500),
        "busy-503": faults.status(503, headers={"Retry-After": "120"}),
        "limited-429": faults.status(429, headers={"Retry-After": "1"}),
        "hostile-502": lambda h: send_with_reason(h, 502, HOSTILE_REASON),
        "redirect-loop": faults.redirect("/redirect-loop-back"),
        "redirect-loop-back": faults.redirect("/redirect-loop"),
        "javascript-redirect": faults.redirect("javascript:alert(document.domain)"),
        "gzip-bomb": faults.gzip_bomb(4096),
        "huge-body": faults.endless(50 * 1024 * 1024),
        "empty": faults.body(b""),
        "html-page": faults.body(
            b"<!DOCTYPE html><html><head><title>News</title></head><body>Our feed moved."
            b"</body></html>",
            "text/html",
        ),
        "truncated-xml": faults.body(feeds["truncated-xml"][: len(feeds["truncated-xml"]) // 2]),
        "wrong-encoding": faults.body(latin, "application/rss+xml; charset=utf-8"),
        "wrong-type": faults.body(plain, "application/octet-stream"),
        "hostile-feed": faults.body(megabyte_item_feed()),
        **{sid: faults.body(feeds[sid]) for sid in HEALTHY},
        **{path: faults.body(xml_attacks.dtd(secret), "application/xml-dtd")
           for path in xml_attacks.DTD_PATHS},
    }  # fmt: skip
    for attack in xml_attacks.ATTACKS:
        routes[f"xml/rss/{attack}"] = faults.body(xml_attacks.rss_attack(attack, secret, base))
        routes[f"xml/epo/{attack}.xml"] = faults.body(
            xml_attacks.epo_attack(attack, secret, base), "application/xml"
        )
    bulk = b"".join(xml_attacks.uspto_attack(a, secret, base) for a in xml_attacks.ATTACKS)
    routes["xml/uspto/ipg260127.xml"] = faults.body(bulk, "application/xml")
    index = "".join(f"{attack}.xml\n" for attack in xml_attacks.ATTACKS).encode()
    routes["xml/epo/index.txt"] = faults.body(index, "text/plain")
    server.routes.update({"/" + path.lstrip("/"): route for path, route in routes.items()})
    return Site(server=server, secret=secret, release=release, feeds=feeds)


def send_with_reason(handler, code: int, reason: str) -> None:
    """An error whose status line carries attacker-chosen text (shown in fetch_log and report)."""
    handler.send_response(code, reason)
    handler.send_header("Content-Type", "text/plain")
    handler.send_header("Content-Length", "0")
    handler.end_headers()
