"""Publication numbers and classification symbols in the one spelling dedup relies on (the
properties for any input are in ``tests/reliability/test_properties.py``)."""

from __future__ import annotations

import pytest

from extractors.patent_numbers import (
    normalize_classification,
    normalize_patent_number,
    parse_patent_number,
)


@pytest.mark.parametrize(
    ("country", "number", "kind", "expected"),
    [
        ("US", "08930553", "B2", "US8930553B2"),
        ("us", "10,803,124", "b2", "US10803124B2"),
        ("US", "D0435854", "S1", "USD435854S1"),
        ("US", "20050004437", "A1", "US20050004437A1"),
        ("US", "2007/0140112", "A1", "US20070140112A1"),
        ("EP", "1325900", "A1", "EP1325900A1"),
        ("EP", "560858", "A1", "EP0560858A1"),
        ("WO", "2017053015", "", "WO2017053015"),
    ],
)
def test_normalize_patent_number(country: str, number: str, kind: str, expected: str) -> None:
    assert normalize_patent_number(country, number, kind) == expected


@pytest.mark.parametrize(
    ("country", "number", "kind"),
    [("USA", "123", ""), ("US", "", "B2"), ("US", "12a4", ""), ("EP", "1325900", "A12")],
)
def test_normalize_patent_number_refuses_what_is_not_a_number(
    country: str, number: str, kind: str
) -> None:
    with pytest.raises(ValueError):
        normalize_patent_number(country, number, kind)


@pytest.mark.parametrize(
    ("text", "default_country", "expected"),
    [
        ("US 10,803,124 B2", None, "US10803124B2"),
        ("US10803124B2", None, "US10803124B2"),
        ("  us10803124b2 ", None, "US10803124B2"),
        ("EP 1 234 567 A1", None, "EP1234567A1"),
        ("EP0560858A1", None, "EP0560858A1"),
        ("5535303", "US", "US5535303"),
        ("5535303", None, None),
        ("D0123456", "US", "USD123456"),
        ("RE12345", "US", "USRE12345"),
        ("US 2005/0004437 A1", None, "US20050004437A1"),
        # EPO search reports (B561) write the kind first and drop the serial's leading zero.
        ("US-A1- 2007 204 872", None, "US20070204872A1"),
        ("US-B1- 6 382 450", None, "US6382450B1"),
        ("FR-A1- 2 973 005", None, "FR2973005A1"),
        ("WO-A1-2014/114885", None, "WO2014114885A1"),
        ("neural network", "US", None),
        ("US", None, None),
        ("", "US", None),
    ],
)
def test_parse_patent_number(text: str, default_country: str | None, expected: str | None) -> None:
    assert parse_patent_number(text, default_country) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H01M 10/0525", "H01M10/0525"),
        ("H01M10/0525", "H01M10/0525"),
        ("G06F015/00", "G06F15/00"),
        (" 7C 07C  29/44   A", "C07C29/44"),
        ("2C 07D 307/12 A", "C07D307/12"),
        ("B65D  51/18        20060101AFI20191003BHEP        ", "B65D51/18"),
        ("Y02A  50/30        20180101 LA20200801RGEP", "Y02A50/30"),
        ("H01M", "H01M"),
        ("709203", None),
        ("", None),
    ],
)
def test_normalize_classification(text: str, expected: str | None) -> None:
    assert normalize_classification(text) == expected
