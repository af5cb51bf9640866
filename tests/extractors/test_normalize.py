"""Normalisation and dedup keys: concrete cases, and properties that must hold for any input."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls

from extractors.base import RawDocument
from extractors.normalize import (
    canonical_url,
    clean_text,
    dedup_keys,
    iso_week,
    normalize_arxiv_id,
    normalize_doi,
    normalize_title,
    parse_date,
    to_record,
)

# Hypothesis runs on a loaded 2-core CI machine: no per-example deadline, a bounded budget.
PROPERTY = settings(max_examples=300, deadline=None)
CONTROL_OR_BIDI = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
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


def test_clean_text_limit() -> None:
    assert clean_text("word " * 100, limit=12) == "word word wo"


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


def test_iso_week() -> None:
    assert iso_week(date(1996, 7, 9)) == "1996-W28"
    assert iso_week(date(2021, 1, 3)) == "2020-W53"


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


# --- properties -------------------------------------------------------------------------------

url_like = st.one_of(
    urls(),
    st.text().map(lambda s: "http://" + s),
    st.text(alphabet="wW.:/?&=#@[]%a1 \t+;").map(lambda s: "https://" + s),
    st.text(),
)


@PROPERTY
@given(url_like)
@example("http://WWW.")
@example("http://1/ ?")
@example("http://[::1]:8080/")
@example("https://www.www.example.com/")
def test_canonical_url_is_idempotent_and_total(value: str) -> None:
    canonical = canonical_url(value)
    if canonical is not None:
        assert canonical
        assert canonical_url("https://" + canonical) == canonical


@PROPERTY
@given(st.text(), st.text())
@example("10.1234/", ".")
def test_normalize_doi_is_idempotent(prefix: str, rest: str) -> None:
    for value in (rest, "10.1234/" + rest, prefix + " doi:10.98765/" + rest):
        doi = normalize_doi(value)
        if doi is not None:
            assert doi.partition("/")[2]
            assert normalize_doi(doi) == doi
            assert normalize_doi(doi.upper()) == doi.upper().lower()


@PROPERTY
@given(st.text())
def test_normalize_arxiv_id_is_idempotent(value: str) -> None:
    arxiv = normalize_arxiv_id(value)
    if arxiv is not None:
        assert normalize_arxiv_id(arxiv) == arxiv


@PROPERTY
@given(st.one_of(st.text(), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat())))
def test_parse_date_never_raises_and_stays_in_range(value: str) -> None:
    result = parse_date(value)
    assert result is None or 1790 <= result.year <= 2100


@PROPERTY
@given(st.one_of(st.dates(), st.datetimes()))
def test_parse_date_of_date_objects(value: date) -> None:
    result = parse_date(value)
    day = value.date() if isinstance(value, datetime) else value
    assert result == (day if 1790 <= day.year <= 2100 else None)


@PROPERTY
@given(st.text())
def test_clean_text_leaves_no_control_characters(value: str) -> None:
    cleaned = clean_text(value)
    assert not CONTROL_OR_BIDI.search(cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert len(cleaned) <= len(value) * 8 + 1  # entities may expand, never without bound


@PROPERTY
@given(st.text(alphabet=st.characters(exclude_characters="<>&")), st.sampled_from(["b", "p"]))
def test_clean_text_removes_tags(value: str, tag: str) -> None:
    assert clean_text(f"<{tag} class='x'>{value}</{tag}>") == clean_text(value)


raw_documents = st.builds(
    RawDocument,
    kind=st.sampled_from(["patent", "publication", "news"]),
    external_id=st.text(min_size=1),
    title=st.text(),
    text=st.text(),
    url=st.one_of(st.none(), url_like),
    ids=st.dictionaries(
        st.sampled_from(["doi", "arxiv", "patent", "pmid", "openalex", "guid", "url"]),
        st.text(),
    ),
)


@PROPERTY
@given(raw_documents, st.text())
def test_dedup_keys_are_deterministic(raw: RawDocument, source_id: str) -> None:
    keys = dedup_keys(raw, source_id=source_id)
    assert keys == dedup_keys(raw, source_id=source_id)
    assert keys[-1] == f"ext:{raw.kind}:{source_id}:{raw.external_id.strip()}"
    assert len(keys) == len(set(keys))
    schemes = [key.split(":", 1)[0] for key in keys]
    order = ["doi", "arxiv", "patent", "pmid", "openalex", "url", "guid", "title", "ext"]
    assert schemes == sorted(schemes, key=order.index)


@PROPERTY
@given(raw_documents)
def test_to_record_is_total_and_deterministic(raw: RawDocument) -> None:
    try:
        record = to_record(raw, source_id="s", fallback_period="2025-W01")
    except ValueError:
        return
    again = to_record(raw, source_id="s", fallback_period="2025-W01")
    assert (record.doc_id, record.keys) == (again.doc_id, again.keys)
    assert record.title and record.external_id
