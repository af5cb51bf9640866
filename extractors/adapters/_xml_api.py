"""Helpers shared by the two XML APIs, arXiv and PubMed E-utilities."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from extractors.safe_xml import parse_xml
from kernel.errors import ParseError


def parse_api_xml(content: bytes, what: str) -> Element:
    """The XML root, parsed by the project's safe parser (no DTDs, no entity declarations)."""
    try:
        return parse_xml(content)
    except ParseError as exc:
        raise ParseError(f"{what}: {exc}; check that the source URL points at the API") from exc


def int_or_zero(text: str | None) -> int:
    """A count the API sent as text; a missing or garbled one counts as 0."""
    try:
        return int((text or "").strip())
    except ValueError:
        return 0
