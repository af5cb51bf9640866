"""Parse untrusted patent XML without reading a DTD, a local file or the network.

Patent offices ship every document with a DOCTYPE that names an external DTD (USPTO:
``<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v45-2014-04-03.dtd" [ ]>``; EPO:
``PUBLIC "-//EPO//EP PATENT DOCUMENT 1.5//EN" "ep-patent-document-v1-5.dtd"``) and rely on that DTD
for named characters such as ``&lsqb;`` or ``&mgr;``. We never have the DTD and must never fetch
it, so :func:`parse_xml`

1. removes the DOCTYPE from the prolog; a DOCTYPE whose internal subset declares anything
   (``<!ENTITY`` — billion laughs, external entities pointing at ``/etc/passwd`` — or any other
   markup declaration) is refused with :class:`XMLRefused`;
2. replaces named character references the DTD would have defined by numeric references
   (HTML5 names plus the ISO 8879 Greek set ``ISOgrk1`` that USPTO and EPO use, e.g. ``&agr;``);
   a name in neither table is dropped, so one odd character never costs a whole patent;
3. parses with defusedxml, DTDs and entities forbidden — a second gate should anything slip by;
4. if the document is not well-formed only because of bare ``&`` (``UDAPI & ASOCIADOS``, as in
   some EPO exports), escapes them and parses once more.

The text helpers turn patent markup (paragraphs with ``<sub>``, ``<b>``, headings) into plain text.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as DET

from kernel.errors import ParseError

_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE_HEAD = re.compile(
    rb"""<!DOCTYPE\s+[^\s\[>]+
    (?:\s+(?:SYSTEM\s+(?:"[^"]*"|'[^']*')|PUBLIC\s+(?:"[^"]*"|'[^']*')\s+(?:"[^"]*"|'[^']*')))?
    \s*""",
    re.X,
)
_EMPTY_SUBSET_END = re.compile(rb"\[\s*\]\s*>")
_NAMED_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_BARE_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z_][A-Za-z0-9._-]*;)")

# ISO 8879:1986 entity set ISOgrk1 (Greek letters): names as listed in W3C "XML Entity
# Definitions for Characters" (https://www.w3.org/TR/xml-entity-names/), letters in Greek
# alphabetical order; the code points are the Unicode Greek block (U+0391.., U+03B1..).
# fmt: off
_ISOGRK1_LETTERS = (
    "a", "b", "g", "d", "e", "z", "ee", "th", "i", "k", "l", "m",
    "n", "x", "o", "p", "r", "s", "t", "u", "ph", "kh", "ps", "oh",
)
# fmt: on
_GREEK_LOWER = "αβγδεζηθικλμνξοπρστυφχψω"
_GREEK_UPPER = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"


def _character_table() -> dict[bytes, str]:
    table = {name.rstrip(";").encode(): text for name, text in html.entities.html5.items()}
    for letter, lower, upper in zip(_ISOGRK1_LETTERS, _GREEK_LOWER, _GREEK_UPPER, strict=True):
        table[f"{letter}gr".encode()] = lower
        table[f"{letter.upper()}gr".encode()] = upper
    table[b"sfgr"] = "ς"
    return table


_CHARACTERS = _character_table()


class XMLRefused(ParseError):
    """The document tries something unsafe (entity declarations, a DTD subset); never parsed."""


def parse_xml(data: bytes) -> ET.Element:
    """The root element of ``data``; :class:`XMLRefused` or :class:`ParseError` otherwise."""
    body = _replace_named_references(_strip_doctype(data))
    try:
        return _defused_parse(body)
    except ET.ParseError as error:
        repaired = _BARE_AMPERSAND.sub(b"&amp;", body)
        if repaired == body:
            raise ParseError(f"not well-formed XML ({error})") from None
        try:
            return _defused_parse(repaired)
        except ET.ParseError:
            raise ParseError(f"not well-formed XML ({error})") from None


def _defused_parse(body: bytes) -> ET.Element:
    try:
        return DET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        raise XMLRefused(f"refused unsafe XML: {error}") from None


def _strip_doctype(data: bytes) -> bytes:
    """``data`` without its DOCTYPE; refuses one that declares anything in an internal subset."""
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while (item := _PROLOG_ITEM.match(data, pos)) is not None and item.end() > pos:
        pos = item.end()
    if not data.startswith(b"<!DOCTYPE", pos):
        return data
    head = _DOCTYPE_HEAD.match(data, pos)
    end = head.end() if head is not None else pos
    if head is not None and data.startswith(b">", end):
        return data[:pos] + data[end + 1 :]
    if head is None or not data.startswith(b"[", end):
        raise XMLRefused("refused XML: cannot read its DOCTYPE declaration")
    empty_subset = _EMPTY_SUBSET_END.match(data, end)
    if empty_subset is not None:
        return data[:pos] + data[empty_subset.end() :]
    if data.find(b"<!ENTITY", end) >= 0:
        raise XMLRefused(
            "refused XML: its DOCTYPE declares entities (entity expansion or external-entity "
            "attack); patent documents never need them"
        )
    raise XMLRefused("refused XML: its DOCTYPE has an internal subset with declarations")


def _replace_named_references(data: bytes) -> bytes:
    def numeric(match: re.Match[bytes]) -> bytes:
        name = match[1]
        if name in _PREDEFINED:
            return match[0]
        return "".join(f"&#x{ord(ch):X};" for ch in _CHARACTERS.get(name, "")).encode()

    return _NAMED_REF.sub(numeric, data)


def plain_text(element: ET.Element | None) -> str:
    """All text inside ``element`` with whitespace runs collapsed to single spaces."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def paragraphs(element: ET.Element | None) -> list[str]:
    """The non-empty ``<p>`` paragraphs of ``element`` (or its whole text if it has none)."""
    if element is None:
        return []
    found = [plain_text(p) for p in element.iter("p")]
    texts = [t for t in found if t] if found else [plain_text(element)]
    return [t for t in texts if t]


def leading_paragraphs(element: ET.Element | None, limit: int = 1500) -> tuple[str, bool]:
    """The opening paragraphs of ``element``, cut at a word boundary near ``limit`` characters.

    Returns the text and whether it was cut (a cut text ends in " …").
    """
    kept: list[str] = []
    size = 0
    for text in paragraphs(element):
        kept.append(text)
        size += len(text) + 2
        if size > limit:
            cut = "\n\n".join(kept)[:limit].rsplit(" ", 1)[0].rstrip()
            return cut + " …", True
    return "\n\n".join(kept), False
