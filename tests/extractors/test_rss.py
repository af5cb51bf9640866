"""The RSS/Atom adapter on real captured feeds, served over loopback HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from extractors.adapters import get_adapter, rss
from extractors.adapters.rss import parse_feed
from extractors.base import RawDocument, SourceConfig
from extractors.collect import SourceResult, collect_source
from extractors.fetch import FetchSettings, HttpSourceContext
from kernel.errors import ConfigError, ParseError
from tests.support.httpserver import send

SETTINGS = FetchSettings(read_timeout=5.0, retries=0)
MINIFLUX = "miniflux/internal/reader"


@pytest.fixture
def news(shared_data: Path, serve_dir):
    """The ``news_rss`` fixtures on a loopback server."""
    return serve_dir(shared_data / "fixtures" / "news_rss")


def collect_url(
    url: str, *, since: date | None = None
) -> tuple[list[RawDocument], HttpSourceContext]:
    source = SourceConfig(id="feed", kind="news", adapter="rss", url=url)
    with HttpSourceContext(source, SETTINGS) as ctx:
        return list(rss.collect(source, ctx, since=since)), ctx


def run_source(url: str) -> SourceResult:
    source = SourceConfig(id="feed", kind="news", adapter="rss", url=url)
    return collect_source(source, since=None, settings=SETTINGS)


@pytest.mark.shared
def test_guardian_items_are_mapped(news) -> None:
    documents, ctx = collect_url(news.url("rss_parser/guardian.rss"))
    assert len(documents) == 55
    assert ctx.warnings == ctx.rejected == []
    first = documents[0]
    url = (
        "https://www.theguardian.com/us-news/2018/jan/31/"
        "donald-trump-state-of-the-union-address-unity-discord"
    )
    assert first.kind == "news"
    assert first.title == "Trump State of the Union address promised unity but emphasized discord"
    assert first.url == url
    assert first.external_id == url
    assert first.ids == {"guid": url, "url": url}
    assert first.published == datetime(2018, 1, 31, 7, 26, 5, tzinfo=UTC)
    assert first.authors == ["David Smith in Washington"]
    assert first.language == "en-gb"
    assert first.metadata["feed_title"] == "The Guardian"
    assert "US politics" in first.metadata["tags"]
    assert first.text.startswith("The president’s ‘new American moment’ speech stirred")
    assert "<" not in first.text
    assert first.text.endswith("Continue reading...")


@pytest.mark.shared
def test_since_drops_older_entries(news) -> None:
    documents, _ = collect_url(news.url("rss_parser/guardian.rss"), since=date(2018, 1, 31))
    assert len(documents) == 47
    assert {doc.published.date() for doc in documents} == {date(2018, 1, 31)}


@pytest.mark.shared
def test_windows_1251_feed_is_decoded(news) -> None:
    documents, _ = collect_url(news.url(f"{MINIFLUX}/parser/testdata/encoding_WINDOWS-1251.xml"))
    assert len(documents) == 50
    first = documents[0]
    assert first.title == "Цитата #17703"
    assert first.language == "ru"
    assert first.published == datetime(2018, 3, 21, 7, 27, 32, tzinfo=UTC)
    assert first.text.startswith("xxx: есть у кого жаба программер xxx: кот немного пхп знает?")


@pytest.mark.shared
def test_iso_8859_1_feeds_are_decoded(news) -> None:
    golem, _ = collect_url(news.url(f"{MINIFLUX}/parser/testdata/encoding_ISO-8859-1.xml"))
    assert len(golem) == 40
    assert golem[0].title.startswith("Red Dead Redemption 2: Hinweise auf PC-Umsetzung")
    assert golem[0].text.startswith("Viele Spieler wünschen sich eine PC-Version")
    assert golem[0].external_id == "https://www.golem.de/1810/137358-rss.html"

    undeclared, ctx = collect_url(
        news.url(f"{MINIFLUX}/parser/testdata/no_encoding_ISO-8859-1.xml")
    )
    assert undeclared[0].text.startswith(
        "Si leur impact semble discret au premier abord, nombre d'études"
    )
    assert ctx.warnings == [
        "feed encoding problem: document declared as utf-8, but parsed as windows-1252"
    ]
    assert ctx.rejected == ["entry 4: no title and no text"]
    assert len(undeclared) == 9


@pytest.mark.shared
def test_bozo_feed_keeps_its_entries_and_says_why(news) -> None:
    result = run_source(news.url("rss_parser/itunes-missing-image.rss"))
    assert result.status == "partial"
    assert result.warnings == [
        "feed is not well-formed: line 3, column 0: XML or text declaration not at start of entity"
    ]
    assert len(result.documents) == 131
    assert result.documents[0].title == "Taverncast 62 - Temporal Anomaly"
    assert result.documents[0].published == datetime(2015, 11, 7, 17, 0, tzinfo=UTC)


@pytest.mark.shared
def test_html_page_fails_the_source_with_a_clear_message(news) -> None:
    url = news.url(f"{MINIFLUX}/encoding/testdata/utf8.html")
    result = run_source(url)
    assert result.status == "failed"
    assert result.documents == []
    assert result.error == (
        f"the response from {url} is an HTML page, not an RSS or Atom feed; "
        "set the source's url to the feed's address"
    )
    assert [(a.status, a.http_status) for a in result.attempts] == [("parse_error", 200)]


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "is empty"),
        (b"\x00\x9f\x12garbage\xff" * 50, "is not an RSS or Atom feed"),
        (b'<?xml version="1.0"?><note><to>Ana</to></note>', "(no feed elements)"),
    ],
)
def test_non_feeds_are_parse_errors(body: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_feed(body, kind="news", source_id="s")


@pytest.mark.shared
def test_conditional_get_of_an_unchanged_file_yields_nothing(shared_data: Path) -> None:
    url = (shared_data / "fixtures/news_rss/rss_parser/heise.atom").as_uri()
    source = SourceConfig(id="heise", kind="news", adapter="rss", url=url)
    first = collect_source(source, since=None, settings=SETTINGS)
    assert first.status == "ok"
    assert first.documents[0].title == "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei"
    again = collect_source(source, since=None, settings=SETTINGS, state=first.new_state)
    assert again.status == "not_modified"
    assert again.documents == []


def test_entry_without_id_or_link_gets_a_content_hash_id() -> None:
    feed = b"""<rss version="2.0"><channel><title>c</title>
      <item><title>Quantum sensing &amp; <b>metrology</b></title></item>
      <item><description>&lt;p&gt;Only&lt;/p&gt;&lt;p&gt;a body&lt;/p&gt;</description></item>
      <item></item></channel></rss>"""
    parsed = parse_feed(feed, kind="news", source_id="s")
    first, second = parsed.documents
    assert first.title == "Quantum sensing & metrology"
    assert first.external_id.startswith("sha256:")
    assert first.external_id != second.external_id
    assert second.title == ""
    assert second.text == "Only a body"
    assert parsed.rejections == ["entry 3: no title and no text"]


def test_external_entity_does_not_leak_a_local_file(http_server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-7f3a", encoding="utf-8")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}"><!ENTITY % pe SYSTEM "{secret}"> %pe;]>
<rss version="2.0"><channel><title>Feed &xxe;</title>
<item><title>Entry &xxe;</title><description>&xxe;</description></item>
</channel></rss>""".encode()

    def route(handler: BaseHTTPRequestHandler) -> None:
        send(handler, 200, feed, "application/rss+xml")

    http_server.routes["/xxe.xml"] = route
    result = run_source(http_server.url("/xxe.xml"))
    assert result.status == "partial"
    assert [(doc.title, doc.text) for doc in result.documents] == [("Entry &xxe;", "&xxe")]
    everything = repr([vars(doc) for doc in result.documents]) + repr(result.warnings)
    assert "TOPSECRET" not in everything
    assert "TOPSECRET" not in repr(result.error)


def test_billion_laughs_is_inert() -> None:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]>'
        '<rss version="2.0"><channel><item><title>&lol9;</title></item></channel></rss>'
    ).encode()
    parsed = parse_feed(feed, kind="news", source_id="s")
    assert [len(doc.title) for doc in parsed.documents] == [len("&lol9;")]
    # expat refuses the expansion (amplification limit) or feedparser drops the entity
    # definitions; which one depends on the expat version, and both leave the text inert.
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("feed is not well-formed: line 1, column ")


def test_a_body_naming_a_local_file_is_not_opened(tmp_path: Path) -> None:
    """feedparser opens a str/bytes argument as a file name if such a file exists."""
    local = tmp_path / "local.xml"
    local.write_bytes(
        b'<rss version="2.0"><channel><item><title>Local</title></item></channel></rss>'
    )
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        parse_feed(str(local).encode(), kind="news", source_id="s")


def test_unknown_adapter_is_a_config_error() -> None:
    with pytest.raises(
        ConfigError, match="unknown adapter 'atom'; set the source's adapter to one of: rss, arxiv"
    ):
        get_adapter("atom")
    assert get_adapter("rss") is rss
