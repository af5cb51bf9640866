"""OpenAlex works adapter: JSON pages walked with cursor paging.

OpenAlex (https://docs.openalex.org/api-entities/works) does not ship abstracts as text; for
legal reasons it sends an ``abstract_inverted_index`` mapping each word to the positions where it
occurs, so the adapter rebuilds the text by placing every word at its positions. Institutions carry
ISO 3166-1 alpha-2 ``country_code`` values, which become the document's countries.

Source options: ``filter`` (``"concepts.id:C41008148"`` or a table of filter names to values);
``search``; ``per_page`` (default 100, at most 200); ``max_pages`` (default 10); ``mailto``
(OpenAlex's "polite pool"); ``since_filter`` (the filter ``since`` sets, default
``from_publication_date``).
"""

from __future__ import annotations

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
from extractors.base import RawDocument, SourceConfig, SourceContext
from kernel.errors import ParseError

OPENALEX_PREFIX = "https://openalex.org/"
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


API = CursorApi(
    what="OpenAlex works",
    size=("per_page", 100, 200),
    passed=("search", "mailto"),
    since_filter="from_publication_date",
    stop_at_total=False,
)


def parse_page(content: bytes, *, kind: str = "publication") -> CursorPage:
    """Parse a ``/works`` list response (or a single work object)."""
    body = load_object(content, what="OpenAlex response")
    if "results" in body:
        results = body["results"]
        if not isinstance(results, list):
            raise ParseError("OpenAlex response has a 'results' field that is not a list")
        meta = body.get("meta") or {}
        page = CursorPage(next_cursor=meta.get("next_cursor"), total=meta.get("count") or 0)
    elif str(body.get("id", "")).startswith(f"{OPENALEX_PREFIX}W"):
        results = [body]
        page = CursorPage(total=1)
    else:
        detail = body.get("message") or body.get("error") or "no 'results' list"
        raise ParseError(f"OpenAlex response is not a works list ({detail}); check the source URL")
    return add_works(page, results, lambda work: work_document(work, kind), item="OpenAlex result")


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """Follow ``next_cursor`` until it is null, a page is empty, or ``max_pages`` is reached."""
    yield from follow_cursor(API, source, ctx, partial(parse_page, kind=source.kind), since=since)


def rebuild_abstract(inverted_index: Mapping[str, list[int]] | None) -> str:
    """The abstract text from OpenAlex's word → positions index, words in position order."""
    if not inverted_index:
        return ""
    placed = sorted(
        (position, word)
        for word, positions in inverted_index.items()
        for position in positions or []
        if isinstance(position, int)
    )
    return " ".join(" ".join(word for _, word in placed).split())


def work_document(work: Mapping[str, Any], kind: str = "publication") -> RawDocument | str:
    """The document for one OpenAlex work, or the reason it cannot be one."""
    openalex_id = clean_text(work.get("id")).removeprefix(OPENALEX_PREFIX)
    if not openalex_id:
        return "OpenAlex work without an id"
    title = clean_text(work.get("title") or work.get("display_name"))
    if not title:
        return f"OpenAlex {openalex_id}: work has no title"
    published = _published(work)
    if published is None:
        return f"OpenAlex {openalex_id}: work has no usable publication date"
    ids = _ids(work, openalex_id)
    authors: list[str] = []
    orgs: list[str] = []
    countries: list[str] = []
    for authorship in work.get("authorships") or []:
        name = clean_text((authorship.get("author") or {}).get("display_name"))
        if name:
            authors.append(name)
        for institution in authorship.get("institutions") or []:
            org = clean_text(institution.get("display_name"))
            if org and org not in orgs:
                orgs.append(org)
            country = clean_text(institution.get("country_code")).upper()
            if len(country) == 2 and country not in countries:
                countries.append(country)
    location = work.get("primary_location") or {}
    primary_topic = work.get("primary_topic") or {}
    metadata: dict[str, Any] = {
        "doi": ids.get("doi"),
        "venue": clean_text((location.get("source") or {}).get("display_name")) or None,
        "type": work.get("type"),
        "concepts": _names(work.get("concepts")),
        "topics": _names(work.get("topics")),
        "primary_topic": clean_text(primary_topic.get("display_name")) or None,
        "keywords": _names(work.get("keywords")),
        "cited_by_count": work.get("cited_by_count"),
        "oa_status": (work.get("open_access") or {}).get("oa_status"),
    }
    return RawDocument(
        kind=kind,
        external_id=ids.get("doi", openalex_id),
        title=title,
        text=rebuild_abstract(work.get("abstract_inverted_index")),
        published=published,
        url=location.get("landing_page_url") or work.get("doi") or work.get("id"),
        ids=ids,
        language=work.get("language") or None,
        authors=authors,
        orgs=orgs,
        countries=countries,
        metadata={key: value for key, value in metadata.items() if value not in (None, [])},
    )


def _ids(work: Mapping[str, Any], openalex_id: str) -> dict[str, str]:
    """Bare identifiers (no resolver URLs), so they match what Crossref and PubMed give."""
    given = work.get("ids") or {}
    ids = {"openalex": openalex_id}
    doi = clean_text(work.get("doi") or given.get("doi"))
    for prefix in DOI_PREFIXES:
        doi = doi.removeprefix(prefix)
    if doi:
        ids["doi"] = doi.lower()
    pmid = clean_text(given.get("pmid")).rstrip("/").rsplit("/", 1)[-1]
    if pmid.isdigit():
        ids["pmid"] = pmid
    pmcid = clean_text(given.get("pmcid")).rstrip("/").rsplit("/", 1)[-1].upper()
    if pmcid:
        ids["pmcid"] = pmcid if pmcid.startswith("PMC") else f"PMC{pmcid}"
    return ids


def _published(work: Mapping[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(work.get("publication_date") or "")[:10])
    except ValueError:
        year = work.get("publication_year")
        return date(year, 1, 1) if isinstance(year, int) and year > 0 else None


def _names(entries: Any) -> list[str]:
    return [clean_text(e.get("display_name")) for e in entries or [] if e.get("display_name")]
