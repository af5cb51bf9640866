"""USPTO full-text XML: weekly bulk files of ``us-patent-grant`` / ``us-patent-application`` v4.x.

A weekly bulk file (``ipgYYMMDD.xml`` for grants, ``ipaYYMMDD.xml`` for applications, usually
served zipped) is not one XML document but thousands concatenated, each with its own
``<?xml …?>`` declaration and DOCTYPE. :func:`split_documents` cuts the stream at those
declarations while holding one document at a time (a zipped file is decompressed as a stream), so
a week of ~7,000 grants never sits in memory decompressed; :func:`parse_grant` turns one document
into a :class:`RawDocument`; :func:`collect` ties them to a source.

Only the v4.x formats (2005 onwards, DTD v4.0–v4.7) are parsed. Older generations — APS text
(1976–2001), ST.32 SGML-as-XML ``PATDOC`` grants (2001–2004) and ``patent-application-publication``
v1.x (2001–2004) — are recognised and rejected with a reason naming the format.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import PurePosixPath
from typing import IO
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from extractors.adapters._patents import compact_date, compact_date_iso, unique
from extractors.base import RawDocument, Response, SourceConfig, SourceContext
from extractors.patent_numbers import normalize_classification, normalize_patent_number
from extractors.safe_xml import leading_paragraphs, paragraphs, parse_xml, plain_text
from kernel.errors import ParseError

CHUNK_SIZE = 1 << 20
MAX_DOCUMENT_BYTES = 256 << 20
_DECLARATION = re.compile(rb"<\?xml\s")
_ROOTS = {"us-patent-grant": "grant", "us-patent-application": "application"}
_LEGACY = (
    (re.compile(rb"\A\s*PATN\s"), "APS text (1976-2001 'green book')"),
    (re.compile(rb"<!DOCTYPE\s+PATDOC\b|<PATDOC\b"), "ST.32 SGML grant (PATDOC, 2001-2004)"),
    (
        re.compile(
            rb"<!DOCTYPE\s+patent-application-publication\b|<patent-application-publication\b"
        ),
        "pre-grant publication v1.x (patent-application-publication, 2001-2004)",
    ),
)
_LEGACY_SNIFF_BYTES = 64 << 10


def split_documents(stream: bytes | IO[bytes], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The XML documents of a concatenated bulk file, one at a time, in file order.

    A document starts at an ``<?xml`` declaration; text before the first one (or a file with
    none) comes out as a document of its own so the caller can reject it. Raises
    :class:`ParseError` when one document grows past :data:`MAX_DOCUMENT_BYTES`, which no real
    patent does: the input is then not a bulk file.
    """
    source = io.BytesIO(stream) if isinstance(stream, bytes | bytearray) else stream
    buffer = bytearray()
    scan_from = 1
    while True:
        boundary = _DECLARATION.search(buffer, scan_from)
        if boundary is not None:
            if buffer[: boundary.start()].strip():
                yield bytes(buffer[: boundary.start()])
            del buffer[: boundary.start()]
            scan_from = 1
            continue
        chunk = source.read(chunk_size)
        if not chunk:
            break
        scan_from = max(1, len(buffer) - len(b"<?xml "))
        buffer += chunk
        if len(buffer) > MAX_DOCUMENT_BYTES:
            raise ParseError(
                f"one document is larger than {MAX_DOCUMENT_BYTES >> 20} MiB; "
                "check that the source URL points at a USPTO full-text bulk file"
            )
    if buffer.strip():
        yield bytes(buffer)


def parse_grant(xml: bytes) -> RawDocument:
    """One ``us-patent-grant`` or ``us-patent-application`` (v4.x) as a patent document.

    Raises :class:`ParseError` (or its subclass ``XMLRefused``) with a one-line reason.
    """
    head = xml[:_LEGACY_SNIFF_BYTES]
    for pattern, name in _LEGACY:
        if pattern.search(head):
            raise ParseError(f"{name} format is not supported; only v4.x XML (2005 on) is")
    root = parse_xml(xml)
    doc_type = _ROOTS.get(root.tag)
    if doc_type is None:
        raise ParseError(f"root element <{root.tag}> is not a USPTO grant or application")
    biblio = root.find(f"us-bibliographic-data-{doc_type}")
    if biblio is None:
        raise ParseError(f"no <us-bibliographic-data-{doc_type}>")
    publication = biblio.find("publication-reference/document-id")
    if publication is None:
        raise ParseError("no publication reference")
    try:
        number = normalize_patent_number(
            publication.findtext("country") or "US",
            publication.findtext("doc-number") or "",
            publication.findtext("kind") or "",
        )
    except ValueError as error:
        raise ParseError(f"unusable publication number: {error}") from None
    title = plain_text(biblio.find("invention-title"))
    if not title:
        raise ParseError(f"{number}: no title")

    assignees = _assignees(biblio)
    inventors = _inventors(biblio)
    countries = unique(c for _, c in assignees) or unique(c for _, c in inventors)
    text, metadata = _text(root)
    metadata.update(_dates_and_codes(root, biblio, publication))
    return RawDocument(
        kind="patent",
        external_id=number,
        title=title,
        text=text,
        published=compact_date(publication.findtext("date")) or compact_date(root.get("date-publ")),
        url=f"https://patents.google.com/patent/{number}",
        ids={"patent": number, **_application_id(biblio)},
        language=(root.get("lang") or "en").lower(),
        authors=unique(name for name, _ in inventors),
        orgs=unique(name for name, _ in assignees),
        countries=countries,
        classes=_classes(biblio),
        metadata=metadata,
    )


def collect(
    source: SourceConfig, ctx: SourceContext, *, since: date | None
) -> Iterator[RawDocument]:
    """Every v4.x document of the weekly bulk file at ``source.url`` published on/after ``since``.

    The URL may return the ``.xml`` itself or a ``.zip`` holding it. A document that cannot be
    used is reported through ``ctx.reject`` ("document 17 in ipg250107.xml: …") and the rest of
    the file is still read; a response that is neither is a :class:`ParseError`.
    """
    response = ctx.fetch(source.url, conditional=True)
    if response.not_modified:
        return
    for name, stream in _bulk_files(response):
        for position, chunk in enumerate(split_documents(stream), start=1):
            try:
                document = parse_grant(chunk)
            except ParseError as error:
                ctx.reject(f"document {position} in {name}: {error}")
                continue
            if (
                since is not None
                and isinstance(document.published, date)
                and document.published < since
            ):
                continue
            yield document


def _bulk_files(response: Response) -> Iterator[tuple[str, IO[bytes]]]:
    name = PurePosixPath(urlsplit(response.url).path).name or response.url
    if not response.content.startswith(b"PK\x03\x04"):
        yield name, io.BytesIO(response.content)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(response.content))
    except zipfile.BadZipFile as error:
        raise ParseError(f"{name} is not a readable zip file ({error})") from None
    members = [m for m in archive.infolist() if m.filename.lower().endswith(".xml")]
    if not members:
        raise ParseError(f"{name} holds no .xml file; expected a USPTO full-text bulk file")
    with archive:
        for member in members:
            with archive.open(member) as stream:
                yield PurePosixPath(member.filename).name, stream


def _text(root: Element) -> tuple[str, dict[str, object]]:
    """Abstract paragraphs; for documents without one (designs), the description's start."""
    abstract = "\n\n".join(paragraphs(root.find("abstract")))
    if abstract:
        return abstract, {"text_source": "abstract"}
    excerpt, truncated = leading_paragraphs(root.find("description"))
    if not excerpt:
        return "", {"text_source": "none"}
    return excerpt, {
        "text_source": "description",
        **({"text_truncated": True} if truncated else {}),
    }


def _dates_and_codes(root: Element, biblio: Element, publication: Element) -> dict[str, object]:
    """Filing and earliest priority dates (ISO), kind code, application type, DTD version."""
    application = biblio.find("application-reference")
    priorities = sorted(
        d for d in map(compact_date_iso, _texts(biblio, "priority-claims/priority-claim/date")) if d
    )
    found = {
        "kind_code": (publication.findtext("kind") or "").strip(),
        "document_type": _ROOTS[root.tag],
        "dtd_version": root.get("dtd-version"),
        "filed": compact_date_iso(biblio.findtext("application-reference/document-id/date")),
        "application_type": application.get("appl-type") if application is not None else None,
        "priority_date": priorities[0] if priorities else None,
    }
    return {key: value for key, value in found.items() if value}


def _application_id(biblio: Element) -> dict[str, str]:
    application = biblio.find("application-reference/document-id")
    number = application.findtext("doc-number") if application is not None else None
    if application is None or not number:
        return {}
    country = (application.findtext("country") or "US").strip().upper()
    return {"application": country + re.sub(r"[^0-9A-Za-z]", "", number)}


def _classes(biblio: Element) -> list[str]:
    """CPC (main first) then IPC, as ``H01M10/0525``, without duplicates."""
    symbols: list[str | None] = []
    cpc = biblio.find("classifications-cpc")
    if cpc is not None:
        symbols += [
            _symbol(c)
            for part in ("main-cpc", "further-cpc")
            for c in cpc.iterfind(f"{part}/classification-cpc")
        ]
    symbols += [_symbol(c) for c in biblio.iterfind("classifications-ipcr/classification-ipcr")]
    ipc = biblio.find("classification-ipc")
    if ipc is not None:
        symbols += [
            normalize_classification(t)
            for t in _texts(ipc, "main-classification", "further-classification")
        ]
    return unique(s for s in symbols if s)


def _symbol(element: Element) -> str | None:
    parts = [
        element.findtext(tag) or ""
        for tag in ("section", "class", "subclass", "main-group", "subgroup")
    ]
    return normalize_classification(f"{''.join(parts[:3])}{parts[3]}/{parts[4]}")


def _assignees(biblio: Element) -> list[tuple[str, str]]:
    return [_party(a) for a in biblio.iterfind("assignees/assignee")]


def _inventors(biblio: Element) -> list[tuple[str, str]]:
    """Inventors: ``<inventors>`` (v4.1+), else applicants typed ``applicant-inventor`` (v4.0)."""
    for parties in ("us-parties", "parties"):
        found = biblio.findall(f"{parties}/inventors/inventor")
        if found:
            return [_party(i) for i in found]
    applicants = biblio.findall("parties/applicants/applicant") + biblio.findall(
        "us-parties/us-applicants/us-applicant"
    )
    return [_party(a) for a in applicants if a.get("app-type") == "applicant-inventor"]


def _party(element: Element) -> tuple[str, str]:
    """(name, country) of an assignee or inventor, whichever address-book layout it uses.

    Organisations give ``orgname``; people ``first-name`` / ``last-name`` ("Given Family").
    The country is the first two-letter ``country`` inside (USPTO writes "unknown" for agents).
    """
    org = plain_text(next(element.iter("orgname"), None))
    given = plain_text(next(element.iter("first-name"), None))
    family = plain_text(next(element.iter("last-name"), None))
    person = f"{given} {family}".strip()
    countries = ((e.text or "").strip().upper() for e in element.iter("country"))
    country = next((c for c in countries if re.fullmatch(r"[A-Z]{2}", c)), "")
    return org or person or plain_text(next(element.iter("name"), None)), country


def _texts(element: Element, *paths: str) -> list[str]:
    return [
        (e.text or "").strip()
        for path in paths
        for e in element.iterfind(path)
        if (e.text or "").strip()
    ]
