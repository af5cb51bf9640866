"""RSS / Atom / RDF feeds (news and any other feed) through feedparser.

feedparser never fetches here: its own HTTP has no timeout, and handed a ``str`` or ``bytes`` it
tries to open it as a URL or a local *file name* first. We fetch with :mod:`extractors.fetch`
and hand it a ``BytesIO`` of the body, which it can only parse. Its SAX parser runs with
external entities off, it drops entity declarations that are not plain literals, and expat caps
entity amplification, so XXE and billion-laughs documents are inert (``test_rss.py`` checks).

A feed that is not well-formed (feedparser's ``bozo``) keeps whatever its lenient parser
recovered and reports why as a warning; a body that is no feed at all is a ParseError.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import time
import xml.sax
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3

from extractors.base import RawDocument, SourceConfig, SourceContext
from kernel.errors import ParseError

BLOCK_TAG = re.compile(
    r"<(?=/?(?:p|br|div|li|ul|ol|h[1-6]|tr|td|th|dd|dt|blockquote|pre|table|hr|section|article)\b)",
    re.IGNORECASE,
)
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


@dataclass
class ParsedFeed:
    """What one feed body held: documents, plus the problems met on the way (as data)."""

    documents: list[RawDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejections: list[str] = field(default_factory=list)
    version: str = ""
    encoding: str = ""
    title: str | None = None


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """Fetch ``source.url`` conditionally and yield its entries dated on or after ``since``.

    Entries without any date are kept: a feed that omits dates still carries news.
    """
    response = ctx.fetch(source.url, conditional=True)
    if response.not_modified:
        return
    parsed = parse_feed(
        response.content,
        kind=source.kind,
        source_id=source.id,
        url=response.url,
        headers=response.headers,
    )
    for message in parsed.warnings:
        ctx.warn(message)
    for reason in parsed.rejections:
        ctx.reject(reason)
    for document in parsed.documents:
        day = _day(document.published)
        if since is None or day is None or day >= since:
            yield document


def parse_feed(
    content: bytes,
    *,
    kind: str,
    source_id: str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """Parse one feed body; raises ParseError only when the body is not a feed at all.

    ``url`` (where the body came from) resolves relative entry links; a ``charset`` in
    ``headers``' Content-Type overrides the document's own declaration, as RFC 7303 says.
    """
    where = url or f"source {source_id}"
    result = feedparser.parse(
        io.BytesIO(content),
        response_headers=_feedparser_headers(headers),
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    version = result.get("version") or ""
    if not result.entries and not version:
        _refuse_non_feed(content, result, where)
    feed = result.feed
    parsed = ParsedFeed(
        version=version, encoding=result.get("encoding", ""), title=feed.get("title")
    )
    if result.bozo:
        parsed.warnings.append(_bozo_warning(result.get("bozo_exception")))
    feed_language = _clean_language(feed.get("language"))
    for number, entry in enumerate(result.entries, start=1):
        document = _document(entry, kind=kind, base=url, language=feed_language)
        if document is None:
            parsed.rejections.append(f"entry {number}: no title and no text")
            continue
        document.metadata.update(
            {"source_id": source_id, "feed_title": parsed.title, "feed_format": version}
        )
        parsed.documents.append(document)
    return parsed


def _feedparser_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Headers feedparser should believe: the HTTP charset and language, if they were sent.

    The feed's URL is deliberately not given as a base: feedparser would then resolve every
    ``<guid>`` against it, turning an opaque id like ``12345`` into ``https://host/12345`` and
    making ids depend on the address a feed was fetched from. Entry links are joined to the
    URL here instead (:func:`_document`).

    The media type itself is always given as ``application/xml`` (the document's own encoding
    declaration then decides): many servers label feeds ``text/html`` or ``text/plain``, and
    feedparser would flag a well-formed feed as bozo for that, or, for ``text/xml`` without a
    charset, decode it as US-ASCII as RFC 3023 required.
    """
    passed = {"content-type": "application/xml"}
    content_type = (headers or {}).get("content-type", "")
    charset = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    if charset:
        passed["content-type"] = f"application/xml; charset={charset.group(1)}"
    language = (headers or {}).get("content-language")
    if language:
        passed["content-language"] = language
    return passed


def _refuse_non_feed(content: bytes, result: Any, where: str) -> None:
    """Raise ParseError when feedparser recognised no format, found no entries, and either
    could not parse the body or found no feed-level data in it."""
    feed_data = {key for key in result.feed if key != "meta"}
    if not content.strip():
        raise ParseError(f"the response from {where} is empty; check the source's url")
    if HTML_START.match(content[:2048]):
        raise ParseError(
            f"the response from {where} is an HTML page, not an RSS or Atom feed; "
            "set the source's url to the feed's address"
        )
    if result.bozo or not feed_data:
        reason = _bozo_detail(result.get("bozo_exception")) if result.bozo else "no feed elements"
        raise ParseError(
            f"the response from {where} is not an RSS or Atom feed ({reason}); "
            "check the source's url"
        )


def _document(
    entry: Any, *, kind: str, base: str | None, language: str | None
) -> RawDocument | None:
    title = _text_of(entry.get("title_detail"), entry.get("title", ""))
    text = _entry_text(entry)
    if not title and not text:
        return None
    link = entry.get("link") or None
    if link and base and urlsplit(base).scheme in ("http", "https"):
        link = urljoin(base, link)
    guid = entry.get("id") or None
    ids = {key: value for key, value in (("guid", guid), ("url", link)) if value}
    metadata: dict[str, Any] = {}
    tags = [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")]
    if tags:
        metadata["tags"] = tags
    published = _entry_datetime(entry)
    raw_date = dict.get(entry, "published") or dict.get(entry, "updated")
    if published is None and raw_date:
        metadata["published_raw"] = raw_date
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    return RawDocument(
        kind=kind,
        external_id=guid or link or _content_hash(title or text),
        title=title,
        text=text,
        published=published,
        url=link,
        ids=ids,
        language=_clean_language(detail.get("language")) or language,
        authors=_authors(entry),
        metadata=metadata,
    )


def _entry_text(entry: Any) -> str:
    """The fullest body the entry has: its content blocks, else its summary/description."""
    parts: list[str] = []
    for block in entry.get("content", []):
        text = _text_of(block, block.get("value", ""))
        if text and text not in parts:
            parts.append(text)
    if parts:
        return "\n\n".join(parts)
    return _text_of(entry.get("summary_detail"), entry.get("summary", ""))


def _text_of(detail: Mapping[str, Any] | None, value: str) -> str:
    """Plain text of a feed text construct: HTML is stripped by nh3 (an HTML5 parser, so broken
    markup cannot smuggle tags through), entities decoded, whitespace collapsed."""
    if not value:
        return ""
    content_type = (detail or {}).get("type", "text/html")
    if "html" in content_type:
        value = html.unescape(nh3.clean(BLOCK_TAG.sub(" <", value), tags=set()))
    return " ".join(value.split())


def _entry_datetime(entry: Any) -> datetime | None:
    """The first usable date; read with ``dict.get`` to skip feedparser's deprecated mapping of
    ``updated`` to ``published`` (which also warns)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed: time.struct_time | None = dict.get(entry, key)
        if parsed is None:
            continue
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except (TypeError, ValueError):
            continue
    return None


def _authors(entry: Any) -> list[str]:
    names = [author.get("name", "").strip() for author in entry.get("authors", [])]
    if not any(names) and entry.get("author"):
        names = [entry["author"].strip()]
    return list(dict.fromkeys(name for name in names if name))


def _clean_language(value: str | None) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _content_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _day(published: date | datetime | str | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    return None


def _bozo_detail(exc: BaseException | None) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return str(exc) if exc is not None else "unknown reason"


def _bozo_warning(exc: BaseException | None) -> str:
    if isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.CharacterEncodingUnknown):
        return f"feed encoding problem: {exc}"
    return f"feed is not well-formed: {_bozo_detail(exc)}"
