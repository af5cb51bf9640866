"""arXiv API adapter: Atom search results paged with ``start`` / ``max_results``.

The API (https://info.arxiv.org/help/api/user-manual.html) answers every query with an Atom feed.
A bad query comes back as a feed holding one entry titled "Error" (with HTTP 400 today, with 200
in older deployments), so the parser treats that entry as an error, never as a paper.

``since`` is applied on the client: results are sorted by submission date, newest first, and
paging stops at the first paper published before ``since``. That keeps a weekly run to the few
pages it needs without relying on date syntax inside ``search_query``.

Source options: ``query`` (the ``search_query``) or ``id_list``; ``max_results`` (page size,
default 100, at most 2000 as the API asks); ``max_pages`` (default 10); ``sort_by`` (default
``submittedDate``) and ``sort_order`` (default ``descending``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

from extractors.adapters._pages import ParsedPage
from extractors.adapters._xml_api import int_or_zero, parse_api_xml
from extractors.base import RawDocument, SourceConfig, SourceContext
from extractors.safe_xml import plain_text
from kernel.errors import ConfigError, ParseError

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 2000
DEFAULT_MAX_PAGES = 10

# New-style ids (1605.08386v1) and old-style ids with an archive (astro-ph/0601001v1).
_ABS_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?P<version>v\d+)?$")


@dataclass
class ArxivPage(ParsedPage):
    """One parsed API response: its papers, the entries that were not papers, and paging info."""

    total: int = 0
    start: int = 0


def parse_page(content: bytes, *, kind: str = "publication") -> ArxivPage:
    """Parse one arXiv Atom response; an API error feed raises :class:`ParseError`."""
    root = parse_api_xml(content, "arXiv API response")
    if root.tag != f"{ATOM}feed":
        raise ParseError(
            f"arXiv API response is not an Atom feed (root element {root.tag!r}); "
            "check that the source URL is the API endpoint, e.g. http://export.arxiv.org/api/query"
        )
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        if _is_error_entry(entry):
            raise ParseError(
                f"arXiv API error: {plain_text(entry.find(f'{ATOM}summary'))}; "
                "fix the source's query or id_list"
            )
    page = ArxivPage(
        total=int_or_zero(root.findtext(f"{OPENSEARCH}totalResults")),
        start=int_or_zero(root.findtext(f"{OPENSEARCH}startIndex")),
    )
    for entry in entries:
        parsed = _entry_document(entry, kind)
        page.add(parsed)
    return page


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """Page through the query until results run out, ``since`` is passed or ``max_pages`` is hit."""
    params = _query_params(source)
    page_size = min(int(source.option("max_results", DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE)
    max_pages = int(source.option("max_pages", DEFAULT_MAX_PAGES))
    newest_first = params["sortBy"] == "submittedDate" and params["sortOrder"] == "descending"
    seen: set[str] = set()
    start = 0
    total = 0
    for _ in range(max_pages):
        response = ctx.fetch(
            source.url, params={**params, "start": start, "max_results": page_size}
        )
        page = parse_page(response.content, kind=source.kind)
        total = page.total
        for reason in page.rejections:
            ctx.reject(reason)
        reached_since = False
        for document in page.documents:
            if since is not None and _published_before(document, since):
                reached_since = True
                continue
            if document.external_id not in seen:
                seen.add(document.external_id)
                yield document
        start += page_size
        if reached_since and newest_first:
            return
        if not page.documents and not page.rejections:
            if start - page_size < total:
                ctx.warn(f"arXiv returned an empty page at start={start - page_size} of {total}")
            return
        if start >= total:
            return
    ctx.warn(
        f"stopped after max_pages={max_pages} ({min(start, total)} of {total} arXiv results); "
        "raise max_pages or narrow the query to collect the rest"
    )


def _query_params(source: SourceConfig) -> dict[str, Any]:
    query = source.option("query")
    id_list = source.option("id_list")
    if not query and not id_list:
        raise ConfigError(
            f"source {source.id!r}: the arXiv adapter needs a 'query' (search_query) "
            "or an 'id_list' option"
        )
    if isinstance(id_list, list | tuple):
        id_list = ",".join(id_list)
    return {
        "search_query": query or "",
        "id_list": id_list or "",
        "sortBy": source.option("sort_by", "submittedDate"),
        "sortOrder": source.option("sort_order", "descending"),
    }


def _is_error_entry(entry: Element) -> bool:
    """The API's error entry: an errors URL as its id, or titled "Error" without a paper id."""
    entry_id = entry.findtext(f"{ATOM}id") or ""
    if "arxiv.org/api/errors" in entry_id:
        return True
    return plain_text(entry.find(f"{ATOM}title")) == "Error" and "/abs/" not in entry_id


def _entry_document(entry: Element, kind: str) -> RawDocument | str:
    """The paper in ``entry``, or the reason it cannot be one."""
    raw_id = plain_text(entry.find(f"{ATOM}id"))
    match = _ABS_ID.search(raw_id)
    if match is None:
        return f"arXiv entry without an arxiv.org/abs/ id: {raw_id!r}"
    arxiv_id = match["id"]
    title = plain_text(entry.find(f"{ATOM}title"))
    if not title:
        return f"arXiv {arxiv_id}: entry has no title"
    published_text = plain_text(entry.find(f"{ATOM}published"))
    try:
        published = date.fromisoformat(published_text[:10])
    except ValueError:
        return f"arXiv {arxiv_id}: unreadable published date {published_text!r}"

    ids = {"arxiv": arxiv_id}
    doi = plain_text(entry.find(f"{ARXIV}doi"))
    if doi:
        ids["doi"] = doi.lower()
    authors: list[str] = []
    orgs: list[str] = []
    for author in entry.findall(f"{ATOM}author"):
        name = plain_text(author.find(f"{ATOM}name"))
        if name:
            authors.append(name)
        for affiliation in author.findall(f"{ARXIV}affiliation"):
            org = plain_text(affiliation)
            if org and org not in orgs:
                orgs.append(org)
    links = {
        link.get("title") or link.get("rel"): link.get("href") for link in entry.iter(f"{ATOM}link")
    }
    primary = entry.find(f"{ARXIV}primary_category")
    metadata: dict[str, Any] = {
        "arxiv_version": match["version"] or None,
        "updated": plain_text(entry.find(f"{ATOM}updated")) or None,
        "primary_category": primary.get("term") if primary is not None else None,
        "categories": [c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("term")],
        "comment": plain_text(entry.find(f"{ARXIV}comment")) or None,
        "journal_ref": plain_text(entry.find(f"{ARXIV}journal_ref")) or None,
        "doi": ids.get("doi"),
        "pdf_url": links.get("pdf"),
    }
    return RawDocument(
        kind=kind,
        external_id=arxiv_id,
        title=title,
        text=plain_text(entry.find(f"{ATOM}summary")),
        published=published,
        url=links.get("alternate") or f"https://arxiv.org/abs/{arxiv_id}",
        ids=ids,
        authors=authors,
        orgs=orgs,
        metadata={key: value for key, value in metadata.items() if value},
    )


def _published_before(document: RawDocument, since: date) -> bool:
    return isinstance(document.published, date) and document.published < since
