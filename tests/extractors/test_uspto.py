"""USPTO adapter on the real full-text fixtures (USPTO/PatentPublicData samples, 1976–2014).

The weekly bulk file is rebuilt here from the v4.x fixtures (concatenated, as USPTO ships it) and
served from a real loopback server, plain and zipped, with hostile documents mixed in.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from extractors.adapters.uspto import collect, parse_grant, split_documents
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from extractors.safe_xml import XMLRefused
from kernel.errors import ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared

V4_FILES = (
    "xml2004/US06859910.xml",
    "xml2004/US06970935.xml",
    "xml2006/US07272630B2.xml",
    "xml2014/US08926509.xml",
    "xml2014/US08927118.xml",
    "xml2014/US08930553.xml",
    "xmlApp2004/US20050004437A1.xml",
    "xmlApp2004/US20050004974A1.xml",
)
V4_NUMBERS = [
    "US6859910B2",
    "US6970935B1",
    "US7272630B2",
    "US8926509B2",
    "US8927118B2",
    "US8930553B2",
    "US20050004437A1",
    "US20050004974A1",
]
SECRET = "horizon-test-secret-7f3a9c"


@pytest.fixture
def uspto_dir(shared_data: Path) -> Path:
    return shared_data / "fixtures" / "patents" / "uspto_fulltext"


def grant(folder: Path, name: str) -> RawDocument:
    return parse_grant((folder / name).read_bytes())


def hostile_documents(secret_file: Path, dtd_url: str) -> list[bytes]:
    """Billion laughs, an external entity naming a local file, a parameter-entity DTD."""
    body = b"<us-patent-grant><us-bibliographic-data-grant><invention-title>%s</invention-title>"
    body += b"</us-bibliographic-data-grant></us-patent-grant>\n"
    prolog = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    laughs = b'<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    return [
        prolog + b"<!DOCTYPE us-patent-grant [" + laughs + b"]>\n" + body % b"&l9;",
        prolog
        + b'<!DOCTYPE us-patent-grant [<!ENTITY xxe SYSTEM "'
        + secret_file.as_uri().encode()
        + b'">]>\n'
        + body % b"&xxe;",
        prolog
        + b'<!DOCTYPE us-patent-grant [<!ENTITY % remote SYSTEM "'
        + dtd_url.encode()
        + b'"> %remote;]>\n'
        + body % b"&stolen;",
    ]


def test_parse_v45_grant_with_cpc(uspto_dir: Path) -> None:
    doc = grant(uspto_dir, "xml2014/US08927118.xml")
    assert doc.kind == "patent"
    assert doc.external_id == "US8927118B2"
    assert doc.ids == {"patent": "US8927118B2", "application": "US13349377"}
    assert doc.title == (
        "Material for organic electroluminescence device and organic electroluminescence "
        "device using the same"
    )
    assert doc.text.startswith("Provided are an organic electroluminescence device, which shows")
    assert doc.published == date(2015, 1, 6)
    assert doc.metadata["filed"] == "2012-01-12"
    assert doc.metadata["priority_date"] == "2008-06-05"
    assert doc.metadata["kind_code"] == "B2"
    assert doc.metadata["text_source"] == "abstract"
    # main CPC first, then further CPC, then the IPC symbols that CPC did not already give
    assert doc.classes[:5] == ["C07D493/04", "C07D487/04", "C07D519/00", "C09K11/06", "H01L51/0055"]
    assert "C09K2211/1029" in doc.classes
    assert doc.classes[-4:] == ["C07D495/04", "C07D307/91", "H01L51/00", "H01L51/50"]
    assert len(doc.classes) == len(set(doc.classes)) == 18
    assert doc.orgs == ["Idemitsu Kosan Co., Ltd."]
    assert doc.countries == ["JP"]
    assert doc.authors == [
        "Tomoki Kato",
        "Masaki Numata",
        "Kazuki Nishimura",
        "Toshihiro Iwakuma",
        "Chishio Hosokawa",
    ]
    assert doc.language == "en"
    assert doc.url == "https://patents.google.com/patent/US8927118B2"


def test_parse_v45_grant_assignee_country_wins_over_inventors(uspto_dir: Path) -> None:
    doc = grant(uspto_dir, "xml2014/US08930553.xml")
    assert doc.title == "Managing mid-dialog session initiation protocol (SIP) messages"
    assert doc.orgs == ["International Business Machines Corporation"]
    assert doc.countries == ["US"]  # two of the three inventors live in IL
    assert doc.authors == ["Nitzan Nissim", "Brian Pulito", "Asaf Zinger"]
    assert doc.classes == ["G06F15/16"]  # no CPC in this grant: IPC only
    assert doc.metadata["filed"] == "2012-10-09"
    assert "priority_date" not in doc.metadata


def test_parse_v42_grant_inventors_are_applicant_inventors(uspto_dir: Path) -> None:
    doc = grant(uspto_dir, "xml2006/US07272630B2.xml")
    assert doc.external_id == "US7272630B2"
    assert doc.published == date(2007, 9, 18)
    assert doc.orgs == ["Microsoft Corporation"]
    assert doc.authors == [
        "John R. Douceur",
        "Marvin M. Theimer",
        "Atul Adya",
        "William J. Bolosky",
    ]
    assert doc.classes == ["G06F15/13"]
    assert doc.metadata["dtd_version"] == "v4.2 2006-08-23"


def test_parse_v40_grant_zero_padded_ipc_and_inventor_country(uspto_dir: Path) -> None:
    doc = grant(uspto_dir, "xml2004/US06859910.xml")
    assert doc.external_id == "US6859910B2"
    assert doc.title == "Methods and systems for transactional tunneling"
    assert doc.classes == ["G06F15/00", "G06F17/00", "G06F17/21", "G06F17/24"]
    assert doc.orgs == ["Bluestreak.com"]
    # the assignee gives no address, so the countries are the inventors'
    assert doc.countries == ["US"]
    assert doc.authors == ["John Charles Croy"]
    assert doc.metadata["filed"] == "2001-04-10"


def test_parse_v40_application(uspto_dir: Path) -> None:
    doc = grant(uspto_dir, "xmlApp2004/US20050004437A1.xml")
    assert doc.external_id == "US20050004437A1"
    assert doc.ids["application"] == "US10830857"
    assert doc.title == "Simulation device for playful evaluation and display of blood sugar levels"
    assert doc.text == (
        "A simulation device for playful evaluation and display of blood sugar levels, "
        "including a display, wherein the evaluation is displayed by a virtual creature."
    )
    assert doc.published == date(2005, 1, 6)
    assert doc.metadata["document_type"] == "application"
    assert doc.metadata["kind_code"] == "A1"
    assert doc.metadata["priority_date"] == "2001-10-26"
    assert doc.classes == ["A61B5/00"]
    assert doc.orgs == []
    assert doc.countries == ["CH"]
    assert doc.authors == ["Heiner Kaufmann", "Thomas Vering"]


def test_without_abstract_the_description_opening_is_the_text(uspto_dir: Path) -> None:
    xml = (uspto_dir / "xml2014/US08930553.xml").read_bytes()
    start, end = xml.index(b"<abstract"), xml.index(b"</abstract>") + len(b"</abstract>")
    doc = parse_grant(xml[:start] + xml[end:])
    assert doc.text.startswith(
        "The present invention relates to computer networks in general, and more particularly"
    )
    assert doc.metadata["text_source"] == "description"
    assert doc.metadata["text_truncated"] is True
    assert len(doc.text) <= 1502


def test_document_without_title_is_rejected(uspto_dir: Path) -> None:
    xml = (uspto_dir / "xml2014/US08930553.xml").read_bytes()
    untitled = xml.replace(b"Managing mid-dialog session initiation protocol (SIP) messages", b"  ")
    with pytest.raises(ParseError, match="US8930553B2: no title"):
        parse_grant(untitled)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("greenbook/US03932709.greenbook", "APS text"),
        ("sgml/US06336130.xml", "PATDOC"),
        ("sgml/USD435854S1.xml", "PATDOC"),
        ("pap/US20010000044A1.xml", "patent-application-publication"),
        ("pap/US20010000943A1.xml", "patent-application-publication"),
        ("cpcScheme/cpc-scheme-A01L.xml", "<class-scheme> is not a USPTO grant"),
    ],
)
def test_older_formats_are_rejected_by_name(uspto_dir: Path, name: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        grant(uspto_dir, name)


def test_named_entities_from_the_dtd_do_not_lose_the_document(uspto_dir: Path) -> None:
    xml = (
        (uspto_dir / "xml2014/US08930553.xml")
        .read_bytes()
        .replace(
            b"Managing mid-dialog session",
            b"Managing &lsquo;mid-dialog&rsquo; &mgr;-session&nosuch;",
        )
    )
    doc = parse_grant(xml)
    assert (
        doc.title
        == "Managing \u2018mid-dialog\u2019 \u03bc-session initiation protocol (SIP) messages"
    )


def test_external_dtd_is_never_fetched(uspto_dir: Path, http_server: LoopbackServer) -> None:
    http_server.routes["/evil.dtd"] = lambda h: send(h, 200, b'<!ENTITY t "pwned">', "text/plain")
    xml = (uspto_dir / "xml2014/US08930553.xml").read_bytes()
    xml = xml.replace(
        b'"us-patent-grant-v45-2014-04-03.dtd"', b'"%s"' % http_server.url("/evil.dtd").encode()
    )
    xml = xml.replace(b"Managing mid-dialog", b"Managing&t; mid-dialog")
    doc = parse_grant(xml)
    assert doc.title == "Managing mid-dialog session initiation protocol (SIP) messages"
    assert http_server.requests == []


def test_hostile_documents_are_refused(tmp_path: Path, http_server: LoopbackServer) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    http_server.routes["/x.dtd"] = lambda h: send(h, 200, b'<!ENTITY stolen "x">', "text/plain")
    for xml in hostile_documents(secret, http_server.url("/x.dtd")):
        with pytest.raises(XMLRefused, match="declares entities") as refused:
            parse_grant(xml)
        assert SECRET not in str(refused.value)
    assert http_server.requests == []


def test_split_documents_streams_concatenated_file(uspto_dir: Path) -> None:
    originals = [(uspto_dir / name).read_bytes() for name in V4_FILES]
    bulk = b"".join(originals)
    assert list(split_documents(bulk)) == originals
    # tiny reads put declarations across read boundaries; the result must not change
    assert list(split_documents(io.BytesIO(bulk), chunk_size=5)) == originals
    stylesheet = originals[0].replace(
        b"<us-patent-grant ", b'<?xml-stylesheet href="x"?><us-patent-grant ', 1
    )
    assert list(split_documents(b"junk\n" + stylesheet)) == [b"junk\n", stylesheet]
    assert list(split_documents(b"")) == []


def bulk_file(uspto_dir: Path, secret: Path, dtd_url: str) -> bytes:
    """Eight v4.x documents with three hostile ones and a 2002 SGML grant in between."""
    originals = [(uspto_dir / name).read_bytes() for name in V4_FILES]
    hostile = hostile_documents(secret, dtd_url)
    legacy = (uspto_dir / "sgml/US06336130.xml").read_bytes()
    return b"".join(originals[:2] + hostile + originals[2:5] + [legacy] + originals[5:])


def collect_from(
    url: str, since: date | None = None
) -> tuple[list[RawDocument], HttpSourceContext]:
    source = SourceConfig(id="uspto-test", kind="patent", adapter="uspto", url=url)
    with HttpSourceContext(source, FetchSettings(retries=0), sleep=lambda s: None) as ctx:
        return list(collect(source, ctx, since=since)), ctx


@pytest.mark.parametrize("packaging", ["xml", "zip"])
def test_collect_weekly_bulk_file(
    uspto_dir: Path, tmp_path: Path, http_server: LoopbackServer, packaging: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    bulk = bulk_file(uspto_dir, secret, http_server.url("/x.dtd"))
    if packaging == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("ipg150106.xml", bulk)
        body, ctype = buffer.getvalue(), "application/zip"
    else:
        body, ctype = bulk, "application/xml"
    http_server.routes[f"/bulk/ipg150106.{packaging}"] = lambda h: send(h, 200, body, ctype)

    docs, ctx = collect_from(http_server.url(f"/bulk/ipg150106.{packaging}"))

    assert [d.external_id for d in docs] == V4_NUMBERS
    assert len(ctx.rejected) == 4
    assert ctx.rejected[0].startswith("document 3 in ipg150106.xml: refused XML")
    assert ctx.rejected[1].startswith("document 4 in ipg150106.xml: refused XML")
    assert ctx.rejected[2].startswith("document 5 in ipg150106.xml: refused XML")
    assert ctx.rejected[3].startswith("document 9 in ipg150106.xml: ST.32 SGML grant (PATDOC")
    everything = repr([asdict(d) for d in docs]) + repr(ctx.rejected) + repr(ctx.warnings)
    assert SECRET not in everything
    assert http_server.requests == [f"/bulk/ipg150106.{packaging}"]
    ibm = docs[V4_NUMBERS.index("US8930553B2")]
    assert ibm.orgs == ["International Business Machines Corporation"]


def test_collect_since_keeps_newer_documents(uspto_dir: Path, http_server: LoopbackServer) -> None:
    bulk = b"".join((uspto_dir / name).read_bytes() for name in V4_FILES)
    http_server.routes["/ipg.xml"] = lambda h: send(h, 200, bulk, "application/xml")
    docs, ctx = collect_from(http_server.url("/ipg.xml"), since=date(2010, 1, 1))
    assert [d.external_id for d in docs] == ["US8926509B2", "US8927118B2", "US8930553B2"]
    assert ctx.rejected == []


def test_collect_zip_without_xml_is_a_parse_error(http_server: LoopbackServer) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "no patents here")
    http_server.routes["/ipg.zip"] = lambda h: send(h, 200, buffer.getvalue(), "application/zip")
    with pytest.raises(ParseError, match=r"ipg\.zip holds no \.xml file"):
        collect_from(http_server.url("/ipg.zip"))
