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


def test_generation_names_stay_whole(nlp: Language) -> None:
    terms = terms_of_title(
        "UK ban on Huawei in 5G network groundless, says Chinese ambassador", nlp
    )
    assert "5G network" in terms
    assert not any("groundless" in term for term in terms)


def test_people_are_no_terms_by_shape_role_or_speech(nlp: Language) -> None:
    assert terms_of_title("Elon Musk to open Tesla R&D plant in Greece", nlp) == ["R&D plant"]
    title = "IBM executive says blockchain creates a lot of value for manufacturers"
    assert terms_of_title(title, nlp) == ["blockchain"]
    title = "Cramer says fears of artificial intelligence added to the market sell-off"
    terms = terms_of_title(title, nlp)
    assert "artificial intelligence" in terms and "cramer" not in terms
    title = "How electric scooter company OjO plans to shake up the food delivery industry"
    assert "OjO" not in terms_of_title(title, nlp)


def test_products_with_numbers_and_owners(nlp: Language) -> None:
    title = "Elon Musk announces $78,000 high-performance version of Tesla Model 3"
    assert "tesla model 3" in terms_of_title(title, nlp)
    title = "Why Jim Cramer thinks Apple's new iPhone 11 could be a boon to Facebook's Instagram"
    terms = terms_of_title(title, nlp)
    assert {"iPhone 11", "instagram"} <= set(terms)
    assert not {"apple", "facebook", "jim cramer"} & set(terms)
    terms = terms_of_title("New COVID-19 vaccine trial uses GPT-4 model", nlp)
    assert terms == ["COVID-19 vaccine trial", "GPT-4 model"]
    assert terms_of_title("Apple updates its AirPods with noise cancellation", nlp)[0] == "AirPods"


def test_gerunds_and_bare_verbs_inside_compounds(nlp: Language) -> None:
    title = "Method and System for Machine Learning Based Assessment of Fractional Flow Reserve"
    assert terms_of_title(title, nlp) == ["machine learning", "fractional flow reserve"]
    title = "Code Health: Providing Context with Commit Messages and Bug Reports"
    assert terms_of_title(title, nlp) == ["code health", "commit message", "bug report"]


def test_two_generic_nouns_need_two_uses_in_a_long_text(nlp: Language) -> None:
    filler = "The device is mounted on a frame and cleaned by the user every week. " * 3
    once = f"{filler}An error signal is produced."
    twice = f"{filler}An error signal is produced. The error signal is stored."
    assert "error signal" not in [hit.term for hit in extract_terms([once], nlp)[0]]
    assert "error signal" in [hit.term for hit in extract_terms([twice], nlp)[0]]
    assert "error signal" in terms_of_title("Error signal for a motor", nlp)


def test_sentence_case_with_names_is_not_title_case() -> None:
    title = "Elon Musk to open Tesla R&D plant in Greece"
    assert document_text(title, "") == title
    assert document_text("Testing Deep Learning Models", "") == "testing deep learning models"


def test_cli_reads_a_single_line_as_a_title() -> None:
    assert as_title_if_headline("SpaceX Lands Falcon 9 Rocket") == "SpaceX lands Falcon 9 rocket"
    long_text = "First Line Of A Text\nAnd A Second Line"
    assert as_title_if_headline(long_text) == long_text


def test_headline_verbs_in_s_are_no_nouns(nlp: Language) -> None:
    title = "Facebook scraps plans to build drone to deliver internet access"
    assert terms_of_title(title, nlp) == ["drone", "internet access"]
    title = "Microsoft scraps plans for quantum computer lab"
    assert terms_of_title(title, nlp) == ["quantum computer lab"]


def test_identifiers_stay_whole(nlp: Language) -> None:
    assert "CVE-2023-6246" in terms_of_title("Musings on CVE-2023-6246 on hardened_malloc", nlp)


def test_owners_and_places_before_a_term_are_left_out(nlp: Language) -> None:
    title = "Tesla electric cars recalled over battery fire"
    assert terms_of_title(title, nlp) == ["electric car", "battery fire"]
    title = "Samsung Galaxy foldable phones go on sale"
    assert terms_of_title(title, nlp) == ["foldable phone"]
    assert terms_of_title("US-China trade war hits smartphone makers", nlp)[0] == "trade war"
    title = "Gun-smuggling case puts spotlight on library straddling US-Canada border"
    assert terms_of_title(title, nlp) == ["gun smuggling case"]
    assert terms_of_title("Making use of pygments' filters with Pelican", nlp) == ["pygment"]


def test_undertakings_grades_and_figures_of_speech_are_no_terms(nlp: Language) -> None:
    title = "UN urged to launch global effort to end offshore tax evasion"
    assert terms_of_title(title, nlp) == ["offshore tax evasion"]
    title = "Elon Musk announces high-performance version of Tesla Model 3"
    assert terms_of_title(title, nlp) == ["tesla model 3"]
    title = "Cheap solar panels a boon to rural clinics"
    assert "boon" not in terms_of_title(title, nlp)


def test_compounds_split_at_a_plural_acronym_and_join_over_an_ing_form(nlp: Language) -> None:
    assert terms_of_title("Streaming and DVDs Amazon Prime Video grows", nlp)[0] == "DVD"
    title = "Nvidia adds ray tracing hardware to laptop chips"
    assert terms_of_title(title, nlp) == ["ray tracing hardware", "laptop chip"]
    title = "Removing legacy geo targeting locations from AdWords API"
    assert terms_of_title(title, nlp)[0] == "legacy geo targeting location"


def test_an_ing_form_opening_a_subtitle_is_a_verb(nlp: Language) -> None:
    title = "What Test Engineers do at Google: Building Test Infrastructure"
    assert "test infrastructure" in terms_of_title(title, nlp)
    assert not any("building" in term for term in terms_of_title(title, nlp))


def test_occupations_are_roles(nlp: Language) -> None:
    title = "What Test Engineers do at Google: Building Test Infrastructure"
    assert not any("engineer" in term for term in terms_of_title(title, nlp))


def test_verbs_of_containing_end_a_term(nlp: Language) -> None:
    title = "Toxic America TVs sold by Amazon and Best Buy 'contain chemicals banned in Europe'"
    assert not any("contain" in term for term in terms_of_title(title, nlp))


def test_short_plurals_are_made_singular(nlp: Language) -> None:
    title = "Begin migrating from Flash to HTML5 ads before June 30th"
    assert terms_of_title(title, nlp) == ["HTML5 ad"]


def test_judgements_and_gatherings_are_no_part_of_a_term(nlp: Language) -> None:
    assert terms_of_title("A sneaky Golang bug", nlp) == ["golang bug"]
    title = "Workshop on the Recent Concepts in Shoulder Management Held at Gulf Medical University"
    assert terms_of_title(title, nlp) == ["shoulder management"]


def test_a_lone_person_before_a_noun_is_a_product(nlp: Language) -> None:
    title = "A new Java framework for large-scale AdWords API alerting"
    assert "java framework" in terms_of_title(title, nlp)
    title = "Why Jim Cramer thinks Apple's new iPhone 11 could be a boon to Facebook's Instagram"
    assert terms_of_title(title, nlp) == ["iPhone 11", "instagram"]
