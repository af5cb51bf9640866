"""Patent identifiers in one canonical spelling: publication numbers and IPC/CPC symbols.

The same patent reaches us as ``US 10,803,124 B2`` (a citation), ``08930553`` + ``B2`` (USPTO XML,
zero-padded), ``1325900`` + ``A1`` (EPO XML) or ``US-A1- 2007 204 872`` (an EPO search report).
Dedup and cross-source linking only work if they all become one string, so every adapter goes
through :func:`normalize_patent_number` or :func:`parse_patent_number`.

Publication-number rules (the result is the form Google Patents and Espacenet use in URLs):

* ``<country><number><kind>`` with no separators, upper case: ``US10803124B2``, ``EP1234567A1``.
* country: two letters (ISO 3166 / WIPO ST.3). A bare number takes ``default_country``.
* number: spaces, commas, dots, slashes and hyphens are removed (``2007/0140112`` becomes
  ``20070140112``). A US series prefix (``D`` design, ``RE`` reissue, ``PP`` plant, ``H``
  statutory invention registration, ``T`` defensive publication) is kept before the digits.
* US numbers lose leading zeros (USPTO XML pads grants to eight digits: ``08930553`` →
  ``8930553``, ``D0435854`` → ``D435854``); a US number longer than eight digits is a
  pre-grant publication, four year digits and a seven-digit serial (``2007 204 872`` in an EPO
  search report becomes ``20070204872``). ``RE``/``PP`` at the start of a bare number are the
  US series letters, not the country codes of Réunion or Paraguay. EP numbers are padded to
  seven digits (``560858`` → ``0560858``), the EPO's own form; other offices keep their digits.
* kind: a letter and an optional digit (``B2``, ``A1``, ``S``, ``E``); omitted when unknown.

Classification rules (:func:`normalize_classification`): ``H01M 10/0525``, ``H01M10/0525``,
``G06F015/00`` (USPTO v4.0, zero-padded group), `` 7C 07C  29/44   A`` (EPO B511 with the IPC
edition in front) and ``B65D  51/18  20060101AFI20191003BHEP`` (EPO ``classification-ipcr``
text) all become ``<subclass><group>/<subgroup>`` with no spaces: ``H01M10/0525``, ``G06F15/00``,
``C07C29/44``, ``B65D51/18``.
"""

from __future__ import annotations

import re

_US_PREFIXES = ("RE", "PP", "D", "H", "T")
_SEPARATORS = re.compile(r"[\s,./-]+")
_PUBLICATION = re.compile(
    r"""
    (?:(?P<country>[A-Z]{2})[\s-]*)?       # office
    (?:(?P<kind_first>[A-Z][0-9]?)-\s*)?   # EPO search-report style: US-A1- 2007 204 872
    (?P<prefix>RE|PP|D|H|T)?               # US series letter
    (?P<number>[0-9](?:[0-9]|[\s,./-]+(?=[0-9]))*)
    (?:[\s-]*(?P<kind>[A-Z][0-9]?))?
    """,
    re.VERBOSE | re.ASCII,
)
_CLASSIFICATION = re.compile(
    r"""
    \s*(?:[0-9]{1,2}\s*)?                  # IPC edition in EPO B511/B512 (" 7C 07C ...")
    (?P<section>[A-HY])\s*(?P<cls>[0-9]{2})\s*(?P<subclass>[A-Z])
    (?:\s*(?P<group>[0-9]{1,4})\s*/\s*(?P<subgroup>[0-9]{1,6}))?
    """,
    re.VERBOSE | re.ASCII,
)


def normalize_patent_number(country: str, number: str, kind: str = "") -> str:
    """``("US", "08930553", "B2")`` → ``"US8930553B2"``; raises ``ValueError`` if unusable.

    ``number`` may carry a US series prefix (``D0435854``) and separators (``10,803,124``).
    """
    office = country.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", office, re.ASCII):
        raise ValueError(f"country must be two letters, got {country!r}")
    cleaned = _SEPARATORS.sub("", number.strip().upper())
    prefix = next((p for p in _US_PREFIXES if cleaned.startswith(p)), "")
    digits = cleaned[len(prefix) :]
    if not digits or not re.fullmatch(r"[0-9]+", digits, re.ASCII):
        raise ValueError(f"publication number must be digits, got {number!r}")
    if office == "US":
        digits = digits.lstrip("0") or "0"
        if len(digits) > 8:
            digits = digits[:4] + digits[4:].zfill(7)
    elif office == "EP":
        digits = digits.zfill(7)
    code = kind.strip().upper()
    if code and not re.fullmatch(r"[A-Z][0-9]?", code, re.ASCII):
        raise ValueError(f"kind code must be a letter and an optional digit, got {kind!r}")
    return f"{office}{prefix}{digits}{code}"


def parse_patent_number(text: str, default_country: str | None = None) -> str | None:
    """The canonical publication number written in ``text``, or ``None`` if it holds none.

    Accepts ``US 10,803,124 B2``, ``US10803124B2``, ``EP 1 234 567 A1``, ``US-A1- 2007 204
    872`` and, with ``default_country``, bare numbers such as ``5535303`` or ``D0123456``.
    The whole text must be the number (surrounding whitespace aside): this is a normaliser,
    not a search through prose.
    """
    candidate = text.strip().upper()
    match = _PUBLICATION.fullmatch(candidate)
    if match is None:
        return None
    country, prefix = match["country"], match["prefix"] or ""
    if country in ("RE", "PP") and not prefix and default_country:
        country, prefix = default_country, country
    country = country or default_country
    if country is None:
        return None
    if match["kind_first"] and match["kind"]:
        return None
    kind = match["kind_first"] or match["kind"] or ""
    try:
        return normalize_patent_number(country, prefix + match["number"], kind)
    except ValueError:
        return None


def normalize_classification(text: str) -> str | None:
    """An IPC or CPC symbol without spaces (``H01M10/0525``), or ``None`` if there is none."""
    match = _CLASSIFICATION.match(text.upper())
    if match is None:
        return None
    symbol = f"{match['section']}{match['cls']}{match['subclass']}"
    if match["group"] is None:
        return symbol
    return f"{symbol}{int(match['group'])}/{match['subgroup']}"
