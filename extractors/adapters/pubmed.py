"""PubMed adapter over NCBI E-utilities: ESearch for PMIDs, then EFetch for the records.

E-utilities (https://www.ncbi.nlm.nih.gov/books/NBK25499/) split a search into two calls: ESearch
returns one page of PMIDs plus the total ``Count``, and EFetch returns the PubmedArticleSet XML for
a comma-separated list of PMIDs. The adapter pages ESearch with ``retstart`` and fetches each
page's records in one EFetch call.

``since`` becomes ``mindate`` on the Entrez date (``datetype=edat``: when the record entered
PubMed), so a weekly run sees every new record once, however late its journal issue is dated.

Source options: ``term`` (required); ``retmax`` (PMIDs per page, default 100, at most 10000);
``max_pages`` (default 10); ``datetype`` (default ``edat``); ``email`` and ``tool`` (NCBI asks
for both); ``api_key_env`` (name of the environment variable holding an NCBI API key, which
raises the rate limit from 3 to 10 requests per second). ``url`` is the E-utilities base,
``https://eutils.ncbi.nlm.nih.gov/entrez/eutils/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element

from extractors.adapters._pages import ParsedPage, authors_and_orgs, person_name
from extractors.adapters._xml_api import int_or_zero, parse_api_xml
from extractors.base import RawDocument, SourceConfig, SourceContext
from extractors.safe_xml import plain_text
from kernel.errors import ConfigError, ParseError

DEFAULT_RETMAX = 100
MAX_RETMAX = 10_000
DEFAULT_MAX_PAGES = 10

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# PubDate may give a season instead of a month; it is placed at the season's first month.
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# MEDLINE language codes (ISO 639-2/B) of the most common languages, mapped to ISO 639-1.
_LANGUAGES = {
    "eng": "en", "ger": "de", "fre": "fr", "spa": "es", "ita": "it", "por": "pt", "dut": "nl",
    "rus": "ru", "jpn": "ja", "chi": "zh", "kor": "ko", "pol": "pl", "cze": "cs", "hun": "hu",
    "swe": "sv", "dan": "da", "nor": "no", "fin": "fi", "rum": "ro", "tur": "tr", "gre": "el",
}  # fmt: skip
_MEDLINE_DATE = re.compile(r"(?P<year>\d{4})(?:\s+(?P<month>[A-Za-z]{3}))?")


@dataclass
class SearchPage:
    """One ESearch response: the PMIDs on this page and the total number of matches."""

    pmids: list[str] = field(default_factory=list)
    count: int = 0
    retstart: int = 0


@dataclass
class ArticlesPage(ParsedPage):
    """One EFetch response: its articles and the records that could not become documents."""


def parse_search(content: bytes) -> SearchPage:
    """Parse an ESearch ``eSearchResult``; an ``<ERROR>`` answer raises :class:`ParseError`."""
    root = parse_api_xml(content, "PubMed ESearch response")
    if root.tag != "eSearchResult":
        raise ParseError(f"PubMed ESearch response has root {root.tag!r}, not eSearchResult")
    error = plain_text(root.find("ERROR"))
    if error:
        raise ParseError(f"PubMed ESearch error: {error}; fix the source's term")
    return SearchPage(
        pmids=[plain_text(node) for node in root.findall("IdList/Id") if plain_text(node)],
        count=int_or_zero(root.findtext("Count")),
        retstart=int_or_zero(root.findtext("RetStart")),
    )


def parse_articles(content: bytes, *, kind: str = "publication") -> ArticlesPage:
    """Parse an EFetch ``PubmedArticleSet``; book records are reported, not guessed at."""
    root = parse_api_xml(content, "PubMed EFetch response")
    if root.tag != "PubmedArticleSet":
        raise ParseError(
            f"PubMed EFetch response has root {root.tag!r}, not PubmedArticleSet; "
            "the adapter reads db=pubmed records only"
        )
    page = ArticlesPage()
    for record in root:
        if record.tag == "PubmedArticle":
            parsed = article_document(record, kind)
        else:
            pmid = plain_text(record.find(".//PMID")) or "?"
            parsed = f"PubMed {pmid}: {record.tag} records are not supported"
        page.add(parsed)
    return page


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """ESearch page by page; EFetch each page's PMIDs; stop at the end or at ``max_pages``."""
    base = source.url.rstrip("/")
    common = _common_params(source, ctx)
    retmax = min(int(source.option("retmax", DEFAULT_RETMAX)), MAX_RETMAX)
    max_pages = int(source.option("max_pages", DEFAULT_MAX_PAGES))
    search = {**common, "term": _term(source), "retmax": retmax}
    if since is not None:
        search["datetype"] = source.option("datetype", "edat")
        search["mindate"] = since.strftime("%Y/%m/%d")
        search["maxdate"] = date.today().strftime("%Y/%m/%d")
    retstart = 0
    count = 0
    for _ in range(max_pages):
        found = parse_search(
            ctx.fetch(f"{base}/esearch.fcgi", params={**search, "retstart": retstart}).content
        )
        count = found.count
        if not found.pmids:
            return
        fetched = ctx.fetch(
            f"{base}/efetch.fcgi", params={**common, "id": ",".join(found.pmids), "retmode": "xml"}
        )
        page = parse_articles(fetched.content, kind=source.kind)
        for reason in page.rejections:
            ctx.reject(reason)
        yield from page.documents
        retstart += len(found.pmids)
        if retstart >= count:
            return
    ctx.warn(
        f"stopped after max_pages={max_pages} ({retstart} of {count} PubMed records); "
        "raise max_pages or retmax, or narrow the term, to collect the rest"
    )


def article_document(record: Element, kind: str = "publication") -> RawDocument | str:
    """The document for one ``PubmedArticle``, or the reason it cannot be one."""
    citation = record.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    pmid = plain_text(citation.find("PMID")) if citation is not None else ""
    if citation is None or article is None or not pmid:
        return f"PubMed record without MedlineCitation/Article/PMID (PMID {pmid or '?'})"
    title = plain_text(article.find("ArticleTitle")) or plain_text(article.find("VernacularTitle"))
    if not title:
        return f"PubMed {pmid}: article has no title"
    published = _published(article)
    if published is None:
        return f"PubMed {pmid}: article has no usable publication date"

    ids = {"pmid": pmid}
    article_ids = {
        node.get("IdType"): plain_text(node)
        for node in record.findall("PubmedData/ArticleIdList/ArticleId")
    }
    doi = article_ids.get("doi") or _elocation_doi(article)
    if doi:
        ids["doi"] = doi.lower()
    if article_ids.get("pmc"):
        ids["pmcid"] = article_ids["pmc"]
    authors, orgs = authors_and_orgs(
        (
            person_name(
                plain_text(author.find("ForeName")),
                plain_text(author.find("LastName")),
                plain_text(author.find("CollectiveName")),
            ),
            [plain_text(a) for a in author.findall("AffiliationInfo/Affiliation")],
        )
        for author in article.findall("AuthorList/Author")
    )
    language = plain_text(article.find("Language"))
    metadata: dict[str, Any] = {
        "doi": ids.get("doi"),
        "venue": plain_text(article.find("Journal/Title")) or None,
        "journal_abbrev": plain_text(article.find("Journal/ISOAbbreviation")) or None,
        "journal_country": plain_text(citation.find("MedlineJournalInfo/Country")) or None,
        "publication_types": [
            plain_text(n) for n in article.findall("PublicationTypeList/PublicationType")
        ],
        "mesh": [
            plain_text(n) for n in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")
        ],
        "keywords": [
            plain_text(n) for n in citation.findall("KeywordList/Keyword") if plain_text(n)
        ],
    }
    return RawDocument(
        kind=kind,
        external_id=pmid,
        title=title,
        text=_abstract(article),
        published=published,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        ids=ids,
        language=_LANGUAGES.get(language, language or None),
        authors=authors,
        orgs=orgs,
        metadata={key: value for key, value in metadata.items() if value not in (None, [])},
    )


def _abstract(article: Element) -> str:
    """Structured abstracts keep their section labels ("OBJECTIVE: …"), one section a line."""
    sections = []
    for part in article.findall("Abstract/AbstractText"):
        text = plain_text(part)
        label = part.get("Label")
        if text:
            sections.append(f"{label}: {text}" if label else text)
    return "\n".join(sections)


def _published(article: Element) -> date | None:
    """The electronic ``ArticleDate`` (exact to the day), else the journal issue's ``PubDate``.

    An issue date is often only a year or a season, so it would place a paper months early.
    """
    for node in (*article.findall("ArticleDate"), article.find("Journal/JournalIssue/PubDate")):
        found = _date_from(node) if node is not None else None
        if found is not None:
            return found
    return None


def _date_from(node: Element) -> date | None:
    year_text = plain_text(node.find("Year"))
    month_text = plain_text(node.find("Month")).lower()
    if not year_text:
        match = _MEDLINE_DATE.match(plain_text(node.find("MedlineDate")))
        if match is None:
            return None
        year_text, month_text = match["year"], (match["month"] or "").lower()
    month = _MONTHS.get(month_text[:3]) or _SEASONS.get(plain_text(node.find("Season")).lower())
    if month is None and month_text.isdigit():
        month = int(month_text)
    day_text = plain_text(node.find("Day"))
    try:
        return date(int(year_text), month or 1, int(day_text) if day_text.isdigit() else 1)
    except ValueError:
        return None


def _elocation_doi(article: Element) -> str:
    for node in article.findall("ELocationID"):
        if node.get("EIdType") == "doi":
            return plain_text(node)
    return ""


def _term(source: SourceConfig) -> str:
    term = source.option("term")
    if not term:
        raise ConfigError(f"source {source.id!r}: the PubMed adapter needs a 'term' option")
    return str(term)


def _common_params(source: SourceConfig, ctx: SourceContext) -> dict[str, Any]:
    params: dict[str, Any] = {"db": "pubmed", "tool": source.option("tool", "horizon")}
    if source.option("email"):
        params["email"] = source.option("email")
    key_env = source.option("api_key_env")
    if key_env:
        api_key = os.environ.get(str(key_env))
        if api_key:
            params["api_key"] = api_key
        else:
            ctx.warn(f"{key_env} is not set; PubMed requests run at the anonymous rate limit")
    return params
