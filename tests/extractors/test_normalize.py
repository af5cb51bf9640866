"""Normalisation and dedup keys: concrete cases (the properties that must hold for any input are
in ``tests/reliability/test_properties.py``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from extractors.base import RawDocument
from extractors.normalize import (
    canonical_url,
    clean_text,
    dedup_keys,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
    parse_date,
    to_record,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Deep <b>learning</b></p> &amp; more", "Deep learning & more"),
        ("evil\u202etxt.exe\u200b and \u2066isolated\u2069", "evil txt.exe and isolated"),
        ("\ufeffTitle\x00with\x07controls", "Title with controls"),
        ("  many\n\n\tspaces  ", "many spaces"),
        ("&#x202e;escaped bidi", "escaped bidi"),
        ("cafe\u0301", "caf\u00e9"),
        (None, ""),
        ("", ""),
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_limit_ends_at_a_word() -> None:
    assert clean_text("word " * 100, limit=12) == "word word"
    assert clean_text("x" * 50, limit=12) == "x" * 12  # one long token: cut where it must be


def test_a_document_without_title_is_listed_under_whole_words() -> None:
    text = "Training image classifiers on synthetic data " * 5
    record = to_record(
        RawDocument(kind="news", external_id="n1", title="", text=text),
        source_id="s",
        fallback_period="2026-W01",
    )
    assert len(record.title) <= 120
    assert text.startswith(record.title) and text[len(record.title)] == " "


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://doi.org/10.1000/ABC.123", "10.1000/abc.123"),
        ("doi:10.48550/arXiv.2501.01234.", "10.48550/arxiv.2501.01234"),
        ("http://dx.doi.org/10.1038/nature14539", "10.1038/nature14539"),
        ("10.1234/.", None),
        ("not a doi", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_doi(raw: str | None, expected: str | None) -> None:
    assert normalize_doi(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://arxiv.org/abs/1605.08386v2", "1605.08386"),
        ("arXiv:2501.01234", "2501.01234"),
        ("https://arxiv.org/pdf/2501.01234v3", "2501.01234"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.GT/0309136", "math.gt/0309136"),
        ("no id here", None),
    ],
)
def test_normalize_arxiv_id(raw: str, expected: str | None) -> None:
    assert normalize_arxiv_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://www.Example.com/news/story/?utm_source=rss&utm_medium=feed&b=2&a=1#top",
            "example.com/news/story?a=1&b=2",
        ),
        ("http://example.com:80//news//story", "example.com/news/story"),
        ("https://example.com:8443/x?fbclid=abc", "example.com:8443/x"),
        ("https://user:pw@example.com", "example.com/"),
        ("http://[::1]:8080/x/", "[::1]:8080/x"),
        ("https://www.www.example.com/a", "example.com/a"),
        ("http://www./", None),
        ("ftp://example.com/file", None),
        ("mailto:someone@example.com", None),
        ("http://example.com:99999/", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_canonical_url(raw: str | None, expected: str | None) -> None:
    assert canonical_url(raw) == expected


def test_tracking_parameters_do_not_split_a_story() -> None:
    clean = "https://news.example.org/2025/01/robots-in-factories"
    shared = clean + "?utm_source=twitter&utm_campaign=x&ocid=abc&ref=home"
    assert (
        canonical_url(shared)
        == canonical_url(clean)
        == "news.example.org/2025/01/robots-in-factories"
    )


def test_normalize_title() -> None:
    assert normalize_title("  Déjà-Vu: A  NEURAL Network!! ") == "deja vu a neural network"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1996", date(1996, 1, 1)),
        ("1996-07", date(1996, 7, 1)),
        ("1996-07-09", date(1996, 7, 9)),
        ("19960709", date(1996, 7, 9)),
        ("2025-01-31T23:59:00Z", date(2025, 1, 31)),
        ("2025-01-31T10:00:00+01:00", date(2025, 1, 31)),
        ("Tue, 09 Jul 1996 10:00:00 GMT", date(1996, 7, 9)),
        (datetime(2020, 2, 29, 12, tzinfo=timezone(timedelta(hours=-5))), date(2020, 2, 29)),
        (date(2001, 9, 1), date(2001, 9, 1)),
        ("1789-12-31", None),
        ("2101-01-01", None),
        (date(1, 1, 1), None),
        ("1996-13", None),
        ("1996-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


def test_dedup_keys_order_and_scope() -> None:
    raw = RawDocument(
        kind="publication",
        external_id=" http://arxiv.org/abs/1605.08386v2 ",
        title="Deep learning for horizon scanning of patents",
        url="https://www.example.org/paper/?utm_source=x",
        ids={
            "arxiv": "1605.08386v2",
            "DOI": "https://doi.org/10.1000/XYZ",
            "pmid": "123",
            "openalex": "https://openalex.org/w42",
            "guid": "entry-1",
        },
    )
    assert dedup_keys(raw, source_id="feed-a") == [
        "doi:10.1000/xyz",
        "arxiv:1605.08386",
        "pmid:123",
        "openalex:W42",
        "url:example.org/paper",
        "guid:feed-a:entry-1",
        "title:publication:deep learning for horizon scanning of patents",
        "ext:publication:feed-a:http://arxiv.org/abs/1605.08386v2",
    ]


def test_patent_titles_are_not_keys_but_numbers_are() -> None:
    patent = RawDocument(
        kind="patent",
        external_id="5535303",
        title="Neural network for signal processing here",
        ids={"patent": "US 5,535,303 A"},
    )
    assert dedup_keys(patent, source_id="s") == ["patent:US5535303A", "ext:patent:s:5535303"]
    short = RawDocument(kind="publication", external_id="x", title="Neural networks")
    assert dedup_keys(short, source_id="s") == ["ext:publication:s:x"]


def test_to_record() -> None:
    raw = RawDocument(
        kind="news",
        external_id="  guid-7 ",
        title="<b>Robots</b>\u202e arrive",
        text="Body &amp; more",
        published="2025-01-31T23:59:00Z",
        url=" https://example.com/a?utm_source=x ",
        language=" EN ",
        authors=["Ann", " Ann ", ""],
        countries=["at", "AT"],
        metadata={"feed": "x"},
    )
    record = to_record(raw, source_id="src", fallback_period="2025-W10")
    assert record.external_id == "guid-7"
    assert record.title == "Robots arrive"
    assert record.text == "Body & more"
    assert record.published == date(2025, 1, 31)
    assert record.period == "2025-W05"
    assert record.url == "https://example.com/a?utm_source=x"
    assert record.language == "en"
    assert record.authors == ["Ann"]
    assert record.countries == ["AT"]
    assert record.keys == ["url:example.com/a", "ext:news:src:guid-7"]
    assert record.doc_id.startswith("D") and len(record.doc_id) == 16
    assert to_record(raw, source_id="src", fallback_period="2025-W10").doc_id == record.doc_id


def test_to_record_keeps_what_it_could_not_parse() -> None:
    raw = RawDocument(kind="news", external_id="n1", title="x" * 1_500, published="someday")
    record = to_record(raw, source_id="src", fallback_period="2025-W10")
    assert record.published is None
    assert record.period == "2025-W10"
    assert len(record.title) == 1_000
    assert record.metadata == {"title_truncated_from": 1_500, "unparsed_date": "someday"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (RawDocument(kind="blog", external_id="1", title="t"), "kind 'blog'"),
        (RawDocument(kind="news", external_id="\x00\u200b", title="t"), "no id"),
        (RawDocument(kind="news", external_id="1", title="<br>", text=""), "no title and no text"),
    ],
)
def test_to_record_rejects(raw: RawDocument, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        to_record(raw, source_id="src", fallback_period="2025-W10")
