"""EPO adapter on the real publication-server documents (go-epo-eps test data, DTD 1.0–1.5.1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractors.adapters.epo import collect, index_urls, parse_ep_document
from extractors.base import RawDocument, SourceConfig
from extractors.fetch import FetchSettings, HttpSourceContext
from extractors.safe_xml import XMLRefused
from kernel.errors import FetchError, ParseError
from tests.support.httpserver import LoopbackServer, send

pytestmark = pytest.mark.shared

SECRET = "horizon-epo-secret-41d2"


@pytest.fixture
def epo_dir(shared_data: Path) -> Path:
    return shared_data / "fixtures" / "patents" / "epo_publication_server"


def ep(folder: Path, name: str) -> RawDocument:
    return parse_ep_document((folder / name).read_bytes())


def test_grant_without_abstract_uses_the_description(epo_dir: Path) -> None:
    doc = ep(epo_dir, "grant/v1-5-1-B1.xml")
    assert doc.kind == "patent"
    assert doc.external_id == "EP3383757B1"
    assert doc.ids == {"patent": "EP3383757B1", "application": "EP16849316"}
    assert doc.title == "SCREW-TYPE CLOSURE SYSTEMS WITH MAGNETIC FEATURE"
    assert doc.published == date(2021, 7, 7)
    assert doc.metadata["filed"] == "2016-08-29"
    assert doc.metadata["priority_date"] == "2015-09-25"
    assert doc.metadata["kind_code"] == "B1"
    assert doc.classes == ["B65D51/18", "B65D43/02", "B65D51/32", "A45D34/00", "A45D40/00"]
    assert doc.orgs == ["ELC Management LLC"]  # B730 proprietor
    assert doc.authors == ["Christophe JACOB", "Herve BOUIX"]
    assert doc.countries == ["US"]
    assert doc.language == "en"
    assert doc.metadata["text_source"] == "description"
    assert doc.metadata["text_truncated"] is True
    assert doc.text.startswith(
        "The present invention pertains to screw-type container/closure systems, any system"
    )
    assert doc.text.endswith(" …")
    assert 1400 < len(doc.text) <= 1502
    assert doc.url == "https://patents.google.com/patent/EP3383757B1"


def test_application_with_english_abstract_and_old_ipc_text(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-0-A1.xml")
    assert doc.external_id == "EP1325900A1"
    assert doc.title == "PROCESS FOR PRODUCING FLUOROALKANOL"
    assert doc.metadata["text_source"] == "abstract"
    assert doc.text.startswith("A process for producing a fluoroalkanol which can easily be")
    assert doc.classes == ["C07C29/44", "C07C31/38"]  # B511/B512 " 7C 07C  29/44   A"
    assert doc.orgs == ["ASAHI GLASS COMPANY LTD."]
    assert doc.authors == ["Toshihiko TOHMA", "Akihiro WADA"]
    assert doc.countries == ["JP"]
    assert doc.published == date(2003, 7, 9)
    assert doc.metadata["priority_date"] == "2000-09-08"


def test_german_document_keeps_english_title_and_records_languages(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-0-A2.xml")
    assert doc.external_id == "EP1326188A2"
    assert doc.title.startswith("Method and system for establishing the usage costs")
    assert doc.metadata["title_language"] == "en"
    assert doc.metadata["document_language"] == "de"
    assert doc.language == "de"  # the abstract is only in German
    assert doc.text.startswith("Die Erfindung betrifft die Ermittlung")
    assert doc.orgs == ["Phoenix Contact GmbH & Co. KG"]
    assert doc.authors == ["Volker Bibelhausen"]  # "Bibelhausen, Volker, Dipl.-Ing."


def test_without_an_english_title_the_first_language_is_used(epo_dir: Path) -> None:
    xml = (epo_dir / "grant/v1-5-B2.xml").read_bytes()
    english = b"<B541>en</B541><B542>Printing machine with cladding</B542>"
    assert english in xml
    doc = parse_ep_document(xml.replace(english, b""))
    assert doc.external_id == "EP2743087B2"
    assert doc.title == "Druckmaschine mit Verkleidung"
    assert doc.metadata["title_language"] == "de"
    assert doc.language == "de"


def test_cpc_comes_before_ipc(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-5-1-A1.xml")
    assert doc.external_id == "EP3882239A1"
    assert doc.title == "1,3,4-OXADIAZOLONE COMPOUND AND MEDICINE"
    assert doc.classes[:3] == ["C07D271/113", "C07D413/04", "Y02A50/30"]
    assert doc.orgs == ["Nippon Shinyaku Co., Ltd."]
    assert doc.authors[:2] == ["KAMITANI Hirotaka", "ZAIMOKU Hisaaki"]


def test_oldest_dtd_and_zero_padded_number(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-1-A1.xml")
    assert doc.external_id == "EP0000002A1"
    assert doc.published == date(1978, 12, 20)
    assert doc.classes == ["C07D307/12", "C07D407/12", "C07D307/42", "A01N43/08"]
    assert doc.authors[:2] == ["Thomas Schmidt", "Wilfried Draber"]  # "Schmidt, Thomas, Dr."


def test_care_of_lines_are_not_part_of_names(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-3-A2.xml")
    assert doc.authors == ["Yoshitaka OHFUCHI", "Toshitaka MIYAZATO", "Yoshihiro KUSAMA"]


def test_document_with_only_bibliographic_data_has_no_text(epo_dir: Path) -> None:
    doc = ep(epo_dir, "application/v1-01-A1.xml")
    assert doc.external_id == "EP1679948A1"
    assert doc.title == "WEB COVERS FOR CONVEYOR SCREENS"
    assert doc.text == ""
    assert doc.metadata["text_source"] == "none"


def test_bare_ampersands_are_repaired(epo_dir: Path) -> None:
    raw = (epo_dir / "application/v1-2-A1.xml").read_bytes()
    assert b"UDAPI & ASOCIADOS" in raw
    doc = parse_ep_document(raw)
    assert doc.external_id == "EP1921219A1"
    assert doc.title == (
        "Sound damping and fire restistant insulating panel and its manufacturing procedure"
    )


def test_malformed_document_is_a_parse_error(epo_dir: Path) -> None:
    with pytest.raises(ParseError, match=r"not well-formed XML .*line 308"):
        ep(epo_dir, "application/v1-5-1-A1-2.xml")


def test_entity_declarations_are_refused(epo_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    xml = (epo_dir / "grant/v1-5-B1.xml").read_bytes()
    doctype = b'"ep-patent-document-v1-5.dtd">'
    assert doctype in xml
    hostile = xml.replace(
        doctype, doctype[:-1] + b' [<!ENTITY x SYSTEM "' + secret.as_uri().encode() + b'">]>'
    ).replace(b"<B542>HIGH VOLTAGE", b"<B542>&x;HIGH VOLTAGE")
    with pytest.raises(XMLRefused, match="declares entities") as refused:
        parse_ep_document(hostile)
    assert SECRET not in str(refused.value)


def test_other_xml_is_not_an_ep_document(epo_dir: Path, shared_data: Path) -> None:
    pubmed = next((shared_data / "fixtures" / "pubmed_eutils").glob("*.xml"))
    with pytest.raises(ParseError):
        parse_ep_document(pubmed.read_bytes())


def test_index_urls() -> None:
    content = b"# EPO week 2021/27\n\nB1/EP3383757.xml\n  https://other.example/EP1.xml  \n"
    assert index_urls(content, "http://127.0.0.1:1/pub/index.txt") == [
        "http://127.0.0.1:1/pub/B1/EP3383757.xml",
        "https://other.example/EP1.xml",
    ]


def collect_from(
    url: str, *, index: bool = False, since: date | None = None
) -> tuple[list[RawDocument], HttpSourceContext]:
    source = SourceConfig(id="epo-test", kind="patent", adapter="epo", url=url, index=index)
    with HttpSourceContext(source, FetchSettings(retries=0), sleep=lambda s: None) as ctx:
        return list(collect(source, ctx, since=since)), ctx


def test_collect_one_document(epo_dir: Path, http_server: LoopbackServer) -> None:
    http_server.root = epo_dir
    docs, ctx = collect_from(http_server.url("grant/v1-4-B1.xml"))
    assert [d.external_id for d in docs] == ["EP0449582B1"]
    assert docs[0].orgs == ["CANON KABUSHIKI KAISHA"]
    assert ctx.rejected == []


def test_collect_index_rejects_bad_documents_and_keeps_the_rest(
    epo_dir: Path, http_server: LoopbackServer
) -> None:
    http_server.root = epo_dir
    listing = "\n".join(
        [
            "# three grants, one missing file, one malformed application",
            "../grant/v1-5-1-B1.xml",
            "../grant/v1-0-B1.xml",
            "../grant/missing.xml",
            "../application/v1-5-1-A1-2.xml",
            "../grant/v1-3-B2.xml",
        ]
    ).encode()
    http_server.routes["/lists/week.txt"] = lambda h: send(h, 200, listing, "text/plain")
    docs, ctx = collect_from(http_server.url("lists/week.txt"), index=True)
    assert [d.external_id for d in docs] == ["EP3383757B1", "EP1442058B1", "EP1497510B2"]
    assert len(ctx.rejected) == 2
    assert ctx.rejected[0].startswith(http_server.url("grant/missing.xml") + ": HTTP 404")
    assert ctx.rejected[1].startswith(http_server.url("application/v1-5-1-A1-2.xml"))
    assert "not well-formed XML" in ctx.rejected[1]

    newer, _ = collect_from(http_server.url("lists/week.txt"), index=True, since=date(2008, 1, 1))
    assert [d.external_id for d in newer] == ["EP3383757B1", "EP1497510B2"]


def test_collect_index_stops_on_a_transient_failure(
    epo_dir: Path, http_server: LoopbackServer
) -> None:
    http_server.root = epo_dir
    listing = b"/grant/v1-5-B1.xml\n/unavailable.xml\n/grant/v1-5-B2.xml\n"
    http_server.routes["/week.txt"] = lambda h: send(h, 200, listing, "text/plain")
    http_server.routes["/unavailable.xml"] = lambda h: send(h, 503, b"busy", "text/plain")
    with pytest.raises(FetchError) as failure:
        collect_from(http_server.url("week.txt"), index=True)
    assert failure.value.retryable
    assert "/grant/v1-5-B2.xml" not in http_server.requests
