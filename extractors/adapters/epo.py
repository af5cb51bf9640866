"""EPO publication-server XML: one ``ep-patent-document`` (DTD 1.0–1.5.1) per response.

The European Publication Server (``https://data.epo.org/publication-server``) serves each A
(application) and B (grant) publication as one XML document whose bibliographic part uses WIPO
ST.36 "INID" tags: ``B540`` titles in German, English and French, ``B510``/``B510EP`` IPC,
``B520EP`` CPC, ``B710`` applicants, ``B720`` inventors, ``B730`` proprietors. Horizon reads
English, so the English title and abstract are chosen when present, otherwise the first language
given, and ``language`` records which. B publications usually carry no abstract; their text is then
the opening paragraphs of the description (about 1,500 characters) and ``metadata["text_source"]``
says so.

Source options (``sources.toml``):

* ``url`` returns one ``ep-patent-document``, or
* ``index = true``: ``url`` returns a plain-text list of document URLs, one per line (blank lines
  and ``#`` comments ignored, relative URLs resolved against the list's URL); each is fetched in
  turn. A document that answers 4xx is rejected and the rest are still read; a transient failure
  (timeout, 5xx) ends the collection so the run retries it.

The publication server is public; this adapter sends no credentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from extractors.adapters._patents import compact_date, compact_date_iso, unique
from extractors.base import RawDocument, SourceConfig, SourceContext
from extractors.patent_numbers import normalize_classification, normalize_patent_number
from extractors.safe_xml import leading_paragraphs, paragraphs, parse_xml, plain_text
from kernel.errors import FetchError, ParseError

DESCRIPTION_EXCERPT_CHARS = 1500
_ACADEMIC_TITLE = re.compile(r"(Dr|Prof|Dipl|Ing|Mag)\b", re.IGNORECASE)
_CARE_OF = re.compile(r"\s+c/o\s", re.IGNORECASE)


def parse_ep_document(xml: bytes) -> RawDocument:
    """One ``ep-patent-document`` as a patent document; :class:`ParseError` with a reason if not."""
    root = parse_xml(xml)
    if root.tag != "ep-patent-document":
        raise ParseError(f"root element <{root.tag}> is not an EPO ep-patent-document")
    biblio = root.find("SDOBI")
    if biblio is None:
        raise ParseError("no bibliographic data (SDOBI)")
    kind = root.get("kind") or biblio.findtext("B100/B130") or ""
    try:
        number = normalize_patent_number(
            root.get("country") or biblio.findtext("B100/B190") or "EP",
            root.get("doc-number") or biblio.findtext("B100/B110") or "",
            kind.strip(),
        )
    except ValueError as error:
        raise ParseError(f"unusable publication number: {error}") from None

    titles = _by_language(biblio.find("B500/B540"))
    if not titles:
        raise ParseError(f"{number}: no title (B540)")
    title_language, title = _prefer_english(titles)
    document_language = (root.get("lang") or "").lower() or None
    text, text_language, text_source, truncated = _text(root, document_language)

    metadata: dict[str, object] = {
        "kind_code": kind.strip() or None,
        "filed": compact_date_iso(biblio.findtext("B200/B220/date")),
        "title_language": title_language,
        "document_language": document_language,
        "text_source": text_source,
        "dtd_version": root.get("dtd-version"),
    }
    if truncated:
        metadata["text_truncated"] = True
    priorities = sorted(
        d for d in (compact_date_iso(e.text) for e in biblio.iterfind("B300/B320/date")) if d
    )
    if priorities:
        metadata["priority_date"] = priorities[0]

    ids = {"patent": number}
    application = (biblio.findtext("B200/B210") or "").strip()
    if application:
        ids["application"] = "EP" + application.split(".")[0].replace(" ", "")
    owners = biblio.findall("B700/B730/B731") or biblio.findall("B700/B710/B711")
    inventors = biblio.findall("B700/B720/B721")
    countries = unique(_country(e) for e in owners) or unique(_country(e) for e in inventors)
    published = compact_date(root.get("date-publ")) or compact_date(
        biblio.findtext("B100/B140/date")
    )
    return RawDocument(
        kind="patent",
        external_id=number,
        title=title,
        text=text,
        published=published,
        url=f"https://patents.google.com/patent/{number}",
        ids=ids,
        language=text_language or title_language,
        authors=unique(_given_family(_name(e)) for e in inventors),
        orgs=unique(_name(e) for e in owners),
        countries=countries,
        classes=_classes(biblio),
        metadata={k: v for k, v in metadata.items() if v is not None},
    )


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """The EPO document(s) behind ``source.url`` published on or after ``since``."""
    response = ctx.fetch(source.url, conditional=True)
    if response.not_modified:
        return
    if not source.option("index", False):
        yield from _documents(response.content, source.url, ctx, since)
        return
    for url in index_urls(response.content, response.url):
        try:
            document = ctx.fetch(url)
        except FetchError as error:
            if error.retryable:
                raise
            ctx.reject(f"{url}: {error}")
            continue
        yield from _documents(document.content, url, ctx, since)


def index_urls(content: bytes, base_url: str) -> list[str]:
    """The document URLs of an index response: one per line, ``#`` comments and blanks skipped."""
    lines = content.decode("utf-8", errors="replace").splitlines()
    return [urljoin(base_url, s) for s in (line.strip() for line in lines) if s and s[0] != "#"]


def _documents(
    content: bytes, url: str, ctx: SourceContext, since: date | None
) -> Iterator[RawDocument]:
    try:
        document = parse_ep_document(content)
    except ParseError as error:
        ctx.reject(f"{url}: {error}")
        return
    if since is not None and isinstance(document.published, date) and document.published < since:
        return
    yield document


def _text(root: Element, document_language: str | None) -> tuple[str, str | None, str, bool]:
    """(text, its language, "abstract" | "description" | "none", whether cut short)."""
    abstracts = {
        (a.get("lang") or document_language or "").lower(): "\n\n".join(paragraphs(a))
        for a in root.iterfind("abstract")
    }
    abstracts = {lang: text for lang, text in abstracts.items() if text}
    if abstracts:
        abstract_language, text = _prefer_english(abstracts)
        return text, abstract_language or None, "abstract", False
    for description in root.iterfind("description"):
        excerpt, truncated = leading_paragraphs(description, DESCRIPTION_EXCERPT_CHARS)
        if excerpt:
            language = (description.get("lang") or document_language or "").lower() or None
            return excerpt, language, "description", truncated
    return "", None, "none", False


def _by_language(b540: Element | None) -> dict[str, str]:
    """``B540`` holds ``B541`` (language) / ``B542`` (title) pairs in document order."""
    titles: dict[str, str] = {}
    language = ""
    for child in b540 if b540 is not None else []:
        if child.tag == "B541":
            language = (child.text or "").strip().lower()
        elif child.tag == "B542" and (title := plain_text(child)):
            titles.setdefault(language, title)
    return titles


def _prefer_english(texts: dict[str, str]) -> tuple[str, str]:
    language = "en" if "en" in texts else next(iter(texts))
    return language, texts[language]


def _classes(biblio: Element) -> list[str]:
    """CPC (``B520EP``) then IPC (``B510EP`` classification-ipcr, or ``B511``–``B517EP`` text)."""
    texts = [e.text or "" for e in biblio.iterfind("B500/B520EP/classifications-cpc/*/text")]
    texts += [e.text or "" for e in biblio.iterfind("B500/B510EP/classification-ipcr/text")]
    legacy = biblio.find("B500/B510")
    if legacy is not None:
        texts += [e.text or "" for e in legacy if e.tag != "B516"]
    return unique(normalize_classification(t) or "" for t in texts)


def _given_family(name: str) -> str:
    """EPO writes people as ``FAMILY, Given, Middle, Dr.``; we show ``Given Middle FAMILY``."""
    family, *rest = (part.strip() for part in name.split(","))
    given = " ".join(part for part in rest if part and not _ACADEMIC_TITLE.match(part))
    return f"{given} {family}" if given else family


def _name(party: Element) -> str:
    """The party's ``snm`` without the "c/o COMPANY" line some inventors carry."""
    return _CARE_OF.split(plain_text(party.find("snm")), maxsplit=1)[0].strip()


def _country(party: Element) -> str:
    country = (party.findtext("adr/ctry") or "").strip().upper()
    return country if len(country) == 2 and country.isalpha() else ""
