"""Turning what a feed sent into text and links that cannot act, wherever they are shown.

Titles, abstracts and URLs come from anyone who can publish a feed. Everything the reports show
passes through here first: markup is reduced to its text by nh3 (``<script>`` and ``<style>``
lose their content too), bidi overrides and control characters are dropped (they can make a
line read backwards or hide text), runs of whitespace collapse, and long text is cut. What comes
out is *plain text*: each renderer still escapes it for its own format (Jinja2 autoescape for
HTML, :func:`markdown_text` for Markdown). A URL is kept only when it is an absolute http(s)
URL without credentials or odd characters; anything else (``javascript:``, ``data:``,
relative) is shown as text and never becomes a link.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

# Bidi embeddings/overrides/isolates and marks (Unicode TR9), the byte-order mark.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# C0 and C1 controls except tab and newlines (which collapse to spaces below).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
# Characters that start Markdown syntax inline: emphasis, code, links (a "(" only acts after
# "]", which is escaped), raw HTML, GFM strikethrough and table cells.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
# Inputs are cut before parsing: a 1 MB title costs no more than a long paragraph.
_PARSE_CAP = 20_000
MAX_URL = 2048


def plain_text(value: str | None, limit: int | None = None) -> str:
    """The readable text of ``value`` on one line, at most ``limit`` characters (with "…")."""
    if not value:
        return ""
    stripped = nh3.clean(value[:_PARSE_CAP], tags=set(), attributes={}, strip_comments=True)
    text = _SPACE.sub(" ", _CONTROL.sub(" ", _BIDI.sub("", html.unescape(stripped)))).strip()
    if limit is not None and len(text) > limit:
        return _shorten(text, limit)
    if len(value) > _PARSE_CAP:  # the input was cut before parsing: say so
        return _shorten(text, len(text))
    return text


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters ending in "…", cut between words when one is near."""
    head = text[: limit - 1]
    if not text[limit - 1 : limit].isspace():
        cut = head.rfind(" ", max(0, len(head) - 20))
        head = head[:cut] if cut > 0 else head
    return head.rstrip(" ,;:.-") + "…"


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an absolute http(s) URL safe to put in ``href``; otherwise None."""
    if not value:
        return None
    url = value.strip()
    if len(url) > MAX_URL or _BIDI.search(url) or _CONTROL.search(url):
        return None
    if any(ch.isspace() or ch in "<>\"'`\\" for ch in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return url


def markdown_text(value: str | None, limit: int | None = None) -> str:
    """:func:`plain_text` with Markdown's active characters escaped, so it stays literal."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain_text(value, limit))


def header_text(value: str | None, limit: int = 200) -> str:
    """Text fit for an e-mail header or a chat title: one line, no markup, bounded."""
    return plain_text(value, limit)
