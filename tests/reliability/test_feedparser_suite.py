"""feedparser's own test suite and every captured news feed, through the RSS/Atom adapter.

Each suite file carries ``Expect: <python expression>`` and optional ``Header:`` lines (the HTTP
headers it is meant to be served with). We do not re-run feedparser's assertions; we check that
nothing but ParseError escapes the adapter, and that wherever the suite expects ``bozo`` the
adapter reports why (a warning, or a ParseError for a body that is no feed) and wherever it
expects ``not bozo`` the adapter reports nothing. One test per folder keeps this to seconds.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from extractors.adapters.rss import ParsedFeed, parse_feed
from kernel.errors import ParseError

pytestmark = pytest.mark.shared

EXPECT = re.compile(rb"Expect:\s*(.*)")
HEADER = re.compile(rb"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)
REASON = re.compile(r"^feed (is not well-formed|encoding problem): \S")

# Where Horizon deliberately differs from feedparser: the media type is not held against a feed
# (servers mislabel feeds as text/plain), and text/xml without a charset is not read as US-ASCII
# (RFC 7303 replaced RFC 3023's rule); see extractors.adapters.rss._feedparser_headers.
MEDIA_TYPE_NOT_BOZO = {
    "encoding/bozo_http_i18n.xml",
    "encoding/bozo_http_text_plain.xml",
    "encoding/bozo_http_text_plain_charset.xml",
}


@dataclass
class Outcome:
    name: str
    expect: bytes
    parsed: ParsedFeed | None
    error: str | None

    @property
    def reported(self) -> list[str]:
        return [self.error] if self.error else self.parsed.warnings


@cache
def run_folder(root: Path, folder: str) -> tuple[list[Outcome], list[str]]:
    """Parse every file under ``root/folder``; outcomes and unexpected crashes (cached, as
    several tests look at the same folder)."""
    outcomes: list[Outcome] = []
    crashes: list[str] = []
    for path in sorted((root / folder).rglob("*")):
        if not path.is_file() or path.name.startswith(("LICENSE", "SOURCES")):
            continue
        data = path.read_bytes()
        name = str(path.relative_to(root))
        expect = EXPECT.search(data)
        headers = {key.decode().lower(): value.decode() for key, value in HEADER.findall(data)}
        try:
            parsed = parse_feed(data, kind="news", source_id="suite", headers=headers)
        except ParseError as exc:
            outcomes.append(Outcome(name, expect[1] if expect else b"", None, str(exc)))
        except Exception:
            crashes.append(f"{name}: {traceback.format_exc(limit=3)}")
        else:
            outcomes.append(Outcome(name, expect[1] if expect else b"", parsed, None))
    return outcomes, crashes


def check_expectations(outcomes: list[Outcome]) -> None:
    unflagged = [
        o.name
        for o in outcomes
        if o.expect.startswith(b"bozo") and not o.reported and o.name not in MEDIA_TYPE_NOT_BOZO
    ]
    flagged_wrongly = [
        (o.name, o.reported) for o in outcomes if o.expect.startswith(b"not bozo") and o.reported
    ]
    assert unflagged == []
    assert flagged_wrongly == []


@pytest.mark.parametrize(
    "folder, files",
    [("wellformed", 1749), ("illformed", 19), ("encoding", 82), ("entities", 256)],
)
def test_suite_folder_goes_through_the_adapter(shared_data: Path, folder: str, files: int) -> None:
    outcomes, crashes = run_folder(shared_data / "fixtures" / "feedparser_suite", folder)
    assert crashes == []
    assert len(outcomes) == files
    check_expectations(outcomes)
    for outcome in outcomes:
        for message in outcome.parsed.warnings if outcome.parsed else []:
            assert REASON.match(message), (outcome.name, message)


def test_wellformed_feeds_raise_no_warnings(shared_data: Path) -> None:
    outcomes, _ = run_folder(shared_data / "fixtures" / "feedparser_suite", "wellformed")
    assert [o.name for o in outcomes if o.reported] == []


def test_illformed_feeds_are_recorded_with_their_reason(shared_data: Path) -> None:
    outcomes, _ = run_folder(shared_data / "fixtures" / "feedparser_suite", "illformed")
    reported = {o.name: o.reported for o in outcomes}
    assert reported["illformed/aaa_illformed.xml"] == [
        "feed is not well-formed: line 7, column 0: unclosed token"
    ]
    assert reported["illformed/undeclared_namespace.xml"] == [
        "feed is not well-formed: line 9, column 0: unbound prefix"
    ]
    assert reported["illformed/rss_empty_document.xml"] == [
        "the response from source suite is not an RSS or Atom feed "
        "(line 6, column 0: no element found); check the source's url"
    ]
    assert reported["illformed/always_strip_doctype.xml"] == []
    link = {o.name: o for o in outcomes}["illformed/rss_item_link_corrupted_ampersands.xml"]
    assert link.parsed.documents == []
    assert link.parsed.rejections == ["entry 1: no title and no text"]


def test_every_captured_news_feed_goes_through_the_adapter(shared_data: Path) -> None:
    outcomes, crashes = run_folder(shared_data / "fixtures", "news_rss")
    assert crashes == []
    assert len(outcomes) == 52
    not_feeds = sorted(o.name.rsplit("/", 1)[1] for o in outcomes if o.error)
    assert not_feeds == [
        "iso-8859-1-meta-after-1024.html",
        "iso-8859-1.html",
        "iso88591.xml",
        "iso88591_utf8_mismatch.xml",
        "unrecognized.rss",
        "utf8-meta-after-1024.html",
        "utf8.html",
    ]
    assert sum(len(o.parsed.documents) for o in outcomes if o.parsed) == 901
