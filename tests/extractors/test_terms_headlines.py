"""Terms of headlines and patent titles: Title Case, product numbers, roles, one-use words."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extractors.terms import extract_terms, load_term_pipeline
from extractors.terms.normalize import document_text
from pipelines.commands.terms import as_title_if_headline


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_term_pipeline()


def terms_of_title(title: str, nlp: Language) -> list[str]:
    return [hit.term for hit in extract_terms([document_text(title, "")], nlp)[0]]


def test_title_case_headline_keeps_product_name(nlp: Language) -> None:
    assert terms_of_title("SpaceX Lands Falcon 9 Rocket", nlp) == ["falcon 9 rocket"]


def test_single_words_of_a_headline_count_at_first_use(nlp: Language) -> None:
    terms = terms_of_title("Is hydrogen the solution to net-zero home heating?", nlp)
    assert terms == ["hydrogen", "net zero home heating"]


def test_roles_and_businesses_end_a_term(nlp: Language) -> None:
    title = "How electric scooter company OjO plans to shake up the food delivery industry"
    terms = terms_of_title(title, nlp)
    assert "electric scooter" in terms
    assert not any("company" in term for term in terms)


def test_numbers_are_no_terms_outside_product_names(nlp: Language) -> None:
    text = "The results of Example 3 are shown in Table 2 for 3 day periods."
    terms = [hit.term for hit in extract_terms([text], nlp)[0]]
    assert not any(any(ch.isdigit() for ch in term) for term in terms)


def test_cli_reads_a_single_line_as_a_title() -> None:
    assert as_title_if_headline("SpaceX Lands Falcon 9 Rocket") == "SpaceX lands Falcon 9 rocket"
    long_text = "First Line Of A Text\nAnd A Second Line"
    assert as_title_if_headline(long_text) == long_text
