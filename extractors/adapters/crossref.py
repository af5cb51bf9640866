"""Crossref REST API adapter: ``/works`` queries paged with deep-paging cursors.

Crossref (https://api.crossref.org/swagger-ui/index.html) returns JSON; the first request sends
``cursor=*`` and each response carries a ``next-cursor``. The cursor string often stays the same
from page to page, so paging ends on an empty page, once ``total-results`` items have been seen,
or at ``max_pages`` — never on "the cursor did not change".

Abstracts arrive as JATS XML fragments (``<jats:p>``) and titles may hold HTML (``<scp>``);
both become plain text here so the term extractor never sees markup.

Source options: ``query``; ``filter`` (``"type:journal-article"`` or a table of filter names to
values); ``rows`` (page size, default 100, at most 1000); ``max_pages`` (default 10); ``mailto``
(puts requests in Crossref's "polite" pool); ``since_filter`` (the filter ``since`` sets,
default ``from-pub-date``; ``from-index-date`` also catches records updated late).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import partial
from typing import Any

from extractors.adapters._json import (
    CursorApi,
    CursorPage,
    add_works,
    clean_text,
    follow_cursor,
    load_object,
)
from extractors.adapters._pages import authors_and_orgs, person_name
from extractors.base import RawDocument, SourceConfig, SourceContext
from kernel.errors import ParseError

# Which Crossref date stands for "when this appeared", best first.
DATE_FIELDS = ("published", "published-online", "published-print", "issued", "posted", "created")

_ABSTRACT_HEADING = re.compile(
    r"<(?:jats:)?title>\s*(?:abstract|summary)\s*</(?:jats:)?title>", re.I
)
_BLOCK_TAG = re.compile(
    r"</?(?:jats:)?(?:p|sec|title|list|list-item|label|caption|disp-quote|break|br|div|h\d)\b[^>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([,.;:)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")


API = CursorApi(
    what="Crossref works",
    size=("rows", 100, 1000),
    passed=("query", "mailto"),
    since_filter="from-pub-date",
    stop_at_total=True,
)


def parse_page(content: bytes, *, kind: str = "publication") -> CursorPage:
    """Parse a ``work-list`` (or single ``work``) response; an error body raises ParseError."""
    body = load_object(content, what="Crossref response")
    if body.get("status") != "ok":
        raise ParseError(f"Crossref answered {body.get('status')!r}: {body.get('message')!r}")
    message = body.get("message")
    if not isinstance(message, dict):
        raise ParseError("Crossref response has no 'message' object")
    if body.get("message-type") == "work":
        items: list[Any] = [message]
        page = CursorPage(total=1)
    else:
        listed = message.get("items")
        if not isinstance(listed, list):
            raise ParseError(
                f"Crossref response of type {body.get('message-type')!r} has no 'items' list; "
                "point the source at a /works query"
            )
        items = listed
        page = CursorPage(
            next_cursor=message.get("next-cursor"), total=message.get("total-results") or 0
        )
    return add_works(page, items, lambda item: work_document(item, kind), item="Crossref item")


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """Follow the cursor until the results run out or ``max_pages`` pages were read."""
    yield from follow_cursor(API, source, ctx, partial(parse_page, kind=source.kind), since=since)


def work_document(item: Mapping[str, Any], kind: str = "publication") -> RawDocument | str:
    """The document for one Crossref work, or the reason it cannot be one."""
    doi = clean_text(item.get("DOI")).lower()
    if not doi:
        return "Crossref work without a DOI"
    title = plain_text(_first(item.get("title")))
    if not title:
        return f"Crossref {doi}: work has no title"
    published = _published(item)
    if published is None:
        return f"Crossref {doi}: work has no usable date"
    authors, orgs = authors_and_orgs(
        (
            person_name(
                clean_text(person.get("given")),
                clean_text(person.get("family")),
                clean_text(person.get("name")),
            ),
            [clean_text(a.get("name")) for a in person.get("affiliation") or []],
        )
        for person in item.get("author") or []
    )
    resource = (item.get("resource") or {}).get("primary") or {}
    metadata: dict[str, Any] = {
        "doi": doi,
        "venue": html.unescape(clean_text(_first(item.get("container-title")))) or None,
        "publisher": clean_text(item.get("publisher")) or None,
        "type": item.get("type"),
        "subjects": [clean_text(s) for s in item.get("subject") or [] if clean_text(s)],
        "issn": list(dict.fromkeys(item.get("ISSN") or [])),
        "funders": [clean_text(f.get("name")) for f in item.get("funder") or [] if f.get("name")],
        "cited_by_count": item.get("is-referenced-by-count"),
    }
    return RawDocument(
        kind=kind,
        external_id=doi,
        title=title,
        text=plain_text(item.get("abstract") or ""),
        published=published,
        url=resource.get("URL") or item.get("URL") or f"https://doi.org/{doi}",
        ids={"doi": doi},
        language=item.get("language") or None,
        authors=authors,
        orgs=orgs,
        metadata={key: value for key, value in metadata.items() if value not in (None, [])},
    )


def plain_text(markup: str) -> str:
    """JATS / HTML markup as plain text: tags dropped, entities decoded, spaces collapsed.

    Block elements become a space and inline ones (``<jats:italic>``, ``<sub>``) vanish, so
    "H<sub>2</sub>O" stays one word. The generic "Abstract" heading Crossref puts first is dropped.
    """
    text = _ABSTRACT_HEADING.sub(" ", markup)
    text = _BLOCK_TAG.sub(" ", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    text = " ".join(text.split())
    return _SPACE_AFTER_OPEN.sub(r"\1", _SPACE_BEFORE_CLOSE.sub(r"\1", text))


def _published(item: Mapping[str, Any]) -> date | None:
    """The first complete-enough Crossref date; a missing month or day counts as the first."""
    for key in DATE_FIELDS:
        parts = (item.get(key) or {}).get("date-parts") or [[]]
        first = parts[0] if parts and isinstance(parts[0], list) else []
        if not first or not first[0]:
            continue
        year, month, day = [*first, 1, 1][:3]
        try:
            return date(int(year), int(month or 1), int(day or 1))
        except (TypeError, ValueError):
            continue
    return None


def _first(value: Any) -> str:
    if isinstance(value, list):
        return value[0] if value and isinstance(value[0], str) else ""
    return value if isinstance(value, str) else ""
