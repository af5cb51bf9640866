"""Properties of normalisation that must hold for any input: never crash, and normalising
twice changes nothing (idempotence). Dedup depends on both: a key that changed when a stored
document is read again, or an exception on one odd character, would store a document twice or
lose it.

Entities are decoded once by design (a title that says ``&lt;`` literally keeps it), so the
re-reading property draws titles without ``&``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls

from extractors.base import RawDocument
from extractors.normalize import (
    canonical_url,
    clean_text,
    dedup_keys,
    normalize_arxiv_id,
    normalize_doi,
    parse_date,
    to_record,
)
from extractors.patent_numbers import (
    normalize_classification,
    normalize_patent_number,
    parse_patent_number,
)

# Hypothesis runs on a loaded 2-core CI machine: no per-example deadline, a bounded budget.
PROPERTY = settings(max_examples=300, deadline=None)
CONTROL_OR_BIDI = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


# --- URLs, DOIs, arXiv ids, dates, text --------------------------------------------------------

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


@PROPERTY
@given(urls(), st.lists(st.tuples(st.sampled_from("abcxyz"), st.text("0123456789", max_size=3))))
def test_query_order_tracking_and_www_do_not_change_the_canonical_url(
    url: str, params: list[tuple[str, str]]
) -> None:
    base = url.split("#")[0].split("?")[0]
    query = "&".join(f"{k}={v}" for k, v in params)
    shuffled = "&".join(f"{k}={v}" for k, v in sorted(params, reverse=True))
    canonical = canonical_url(f"{base}?{query}")
    assert canonical_url(f"{base}?{shuffled}&utm_source=feed&fbclid=x") == canonical
    www = base.replace("://", "://www.", 1)
    assert canonical_url(f"{www}?{query}") in (canonical, None)


@PROPERTY
@given(st.text(alphabet="abcdefghij0123456789-._;()/", min_size=1), st.integers(1000, 99999))
def test_doi_resolver_prefixes_and_case_do_not_change_the_doi(suffix: str, registrant: int) -> None:
    doi = normalize_doi(f"10.{registrant}/{suffix}")
    if doi is None:
        return
    for dressed in (f"https://doi.org/{doi.upper()}", f"doi:{doi}", f"http://dx.doi.org/{doi}"):
        assert normalize_doi(dressed) == doi


@PROPERTY
@given(st.one_of(st.text(), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat())))
def test_parse_date_is_idempotent(value: str) -> None:
    day = parse_date(value)
    if day is not None:
        assert parse_date(day) == day
        assert parse_date(day.isoformat()) == day


# --- dedup keys --------------------------------------------------------------------------------

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


titles = st.text(alphabet=st.characters(exclude_characters="&"), max_size=200)


@PROPERTY
@given(
    st.sampled_from(["patent", "publication", "news"]),
    st.text(min_size=1, max_size=40),
    titles,
    st.one_of(st.none(), url_like),
    st.dictionaries(st.sampled_from(["doi", "arxiv", "patent", "pmid", "guid"]), st.text()),
)
@example("publication", "x1", "Deep <i>wide</i> neural networks for tabular data", None, {})
@example("publication", "x2", "<p>Solid-state</p> <sub>2</sub> electrolytes for cells", None, {})
def test_a_stored_document_read_again_keeps_its_keys(
    kind: str, external_id: str, title: str, url: str | None, ids: dict[str, str]
) -> None:
    raw = RawDocument(kind=kind, external_id=external_id, title=title, text="t", url=url, ids=ids)
    try:
        record = to_record(raw, source_id="s", fallback_period="2025-W01")
    except ValueError:
        return
    stored = RawDocument(
        kind=record.kind,
        external_id=record.external_id,
        title=record.title,
        text=record.text,
        url=record.url,
        ids=ids,
        published=record.published,
    )
    again = to_record(stored, source_id="s", fallback_period="2025-W01")
    assert (again.doc_id, again.keys) == (record.doc_id, record.keys)
    assert (again.title, again.text, again.period) == (record.title, record.text, record.period)


# --- patent numbers and classification symbols -------------------------------------------------


@PROPERTY
@given(st.text(), st.sampled_from([None, "US", "EP"]))
def test_parse_never_crashes_and_is_idempotent(text: str, default_country: str | None) -> None:
    parsed = parse_patent_number(text, default_country)
    if parsed is not None:
        assert parse_patent_number(parsed, default_country) == parsed
        assert parse_patent_number(parsed) == parsed


_NUMBERS = st.builds(
    lambda prefix, digits, seps: (
        prefix + "".join(d + s for d, s in zip(digits, seps, strict=False))
    ),
    st.sampled_from(["", "D", "RE", "PP"]),
    st.text("0123456789", min_size=1, max_size=12),
    st.lists(st.sampled_from(["", "", " ", ",", "/"]), min_size=12, max_size=12),
)


@PROPERTY
@given(
    st.sampled_from(["US", "EP", "WO", "JP", "DE"]),
    _NUMBERS,
    st.sampled_from(["", "A", "A1", "B1", "B2", "S", "E"]),
)
def test_normalised_numbers_are_fixed_points(country: str, number: str, kind: str) -> None:
    normalised = normalize_patent_number(country, number, kind)
    assert normalised == normalised.strip().upper()
    assert parse_patent_number(normalised) == normalised


@PROPERTY
@given(st.text())
def test_classification_never_crashes_and_is_idempotent(text: str) -> None:
    symbol = normalize_classification(text)
    if symbol is not None:
        assert normalize_classification(symbol) == symbol
        assert " " not in symbol
