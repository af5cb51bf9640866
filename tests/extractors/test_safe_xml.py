"""Safe parsing of patent XML: DOCTYPEs are dropped unread, declarations refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.safe_xml import XMLRefused, leading_paragraphs, parse_xml, plain_text
from kernel.errors import ParseError
from tests.support.httpserver import LoopbackServer, send


@pytest.mark.parametrize(
    "prolog",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE doc SYSTEM "doc-v45.dtd" [ ]>\n',
        b'<?xml version="1.0"?><!DOCTYPE doc PUBLIC "-//EPO//EP PATENT DOCUMENT 1.5//EN" '
        b'"ep-patent-document-v1-5.dtd">',
        b"\xef\xbb\xbf<!-- <!DOCTYPE old [ -->\n<!DOCTYPE doc SYSTEM 'x.dtd'>",
        b"<!DOCTYPE doc>",
        b"",
    ],
)
def test_doctype_is_removed_and_the_document_parses(prolog: bytes) -> None:
    root = parse_xml(prolog + b"<doc><t>a &amp; b</t></doc>")
    assert root.tag == "doc"
    assert root.findtext("t") == "a & b"


@pytest.mark.parametrize(
    ("doctype", "reason"),
    [
        (b'<!DOCTYPE doc [<!ENTITY a "b">]>', "declares entities"),
        (b'<!DOCTYPE doc SYSTEM "x.dtd" [<!ENTITY % p SYSTEM "y.dtd"> %p;]>', "declares entities"),
        (b"<!DOCTYPE doc [<!ATTLIST doc lang CDATA 'en'>]>", "internal subset"),
        (b"<!DOCTYPE doc SYSTEM>", "cannot read its DOCTYPE"),
    ],
)
def test_declarations_are_refused(doctype: bytes, reason: str) -> None:
    with pytest.raises(XMLRefused, match=reason):
        parse_xml(b'<?xml version="1.0"?>' + doctype + b"<doc/>")


def test_a_doctype_hidden_from_the_prolog_scan_is_refused_by_defusedxml() -> None:
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "b">]><d>&a;</d>'
    with pytest.raises(XMLRefused):
        parse_xml(utf16.encode("utf-16"))


def test_external_dtd_and_entities_are_never_read(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0")
    http_server.routes["/d.dtd"] = lambda h: send(h, 200, b'<!ENTITY t "pwned">', "text/plain")
    doctype = f'<!DOCTYPE doc SYSTEM "{http_server.url("/d.dtd")}">'.encode()
    assert plain_text(parse_xml(doctype + b"<doc>x&t;y</doc>")) == "xy"
    xxe = f'<!DOCTYPE doc [<!ENTITY t SYSTEM "{secret.as_uri()}">]>'.encode()
    with pytest.raises(XMLRefused) as refused:
        parse_xml(xxe + b"<doc>&t;</doc>")
    assert "root:x" not in str(refused.value)
    assert http_server.requests == []


def test_dtd_character_names_become_characters() -> None:
    root = parse_xml(
        b"<p>&lsqb;1&rsqb; 5 &mgr;m, &Dgr;T &ohgr; &PHgr; &minus;3&deg;C &nonesuch;!</p>"
    )
    assert plain_text(root) == "[1] 5 \u03bcm, \u0394T \u03c9 \u03a6 \u22123\u00b0C !"


def test_bare_ampersands_are_escaped_only_when_needed() -> None:
    assert plain_text(parse_xml(b"<a>Dummett Copp & Co. &amp; &#x3c;x&#62;</a>")) == (
        "Dummett Copp & Co. & <x>"
    )
    with pytest.raises(ParseError, match="not well-formed XML"):
        parse_xml(b"<a><First Embodiment</a>")


def test_leading_paragraphs_stop_near_the_limit() -> None:
    body = "".join(f"<p>{'word ' * 50}{i}</p>" for i in range(10)).encode()
    text, truncated = leading_paragraphs(parse_xml(b"<d>" + body + b"</d>"), limit=600)
    assert truncated
    assert text.endswith(" …")
    assert 590 <= len(text) <= 602
    assert text.count("\n\n") == 2
    short, cut = leading_paragraphs(parse_xml(b"<d><p>one</p><p>two</p></d>"))
    assert (short, cut) == ("one\n\ntwo", False)
