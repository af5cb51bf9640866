"""Cleaning before spaCy and the canonical spelling of terms (pure functions)."""

from __future__ import annotations

import pytest

from extractors.terms.normalize import (
    americanise,
    clean_text,
    cut_text,
    document_text,
    is_acronym,
    join_words,
    prose_title,
    singular,
    term_key,
)


def test_clean_text_strips_markup_but_keeps_inequalities() -> None:
    html = (
        "<div class='x'><p>Solid-state <b>electrolytes</b> &amp; anodes</p>"
        "<script>var a = 1;</script><!-- note --></div> for 20 nm<t<40 nm"
    )
    assert clean_text(html) == "Solid-state electrolytes & anodes for 20 nm<t<40 nm"


def test_clean_text_removes_control_and_normalises_unicode() -> None:
    text = "ﬁber\x00 optic\x07 \u200bsensors\u202e with ＬＥＤ and metal–organic frameworks"
    assert clean_text(text) == "fiber optic sensors with LED and metal-organic frameworks"


def test_clean_text_drops_what_the_tokenizer_cannot_take() -> None:
    assert clean_text("lone\ud800surrogate, private\U000f0000use, rocket🚀 ®") == (
        "lone surrogate, private use, rocket"
    )


def test_clean_text_of_nothing_is_empty() -> None:
    assert clean_text(None) == ""
    assert clean_text(" \n\t ") == ""


def test_cut_text_ends_at_a_sentence_near_the_limit() -> None:
    sentence = "Lithium-ion batteries store energy. "
    text = sentence * 40_000
    cut = cut_text(text, 20_000)
    assert 19_000 < len(cut) <= 20_000
    assert cut.endswith("energy.")
    assert cut_text("short text.", 20_000) == "short text."


def test_cut_text_without_sentences_cuts_at_a_space() -> None:
    cut = cut_text("word " * 10_000, 1_000)
    assert len(cut) <= 1_000
    assert cut.endswith("word")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Testing Deep Learning Models: A First Comparative Study",
            "testing deep learning models: a first comparative study",
        ),
        ("PROCESS FOR PRODUCING FLUOROALKANOL", "process for producing fluoroalkanol"),
        (
            "OpenCat: Improving Interoperability of ADS Testing",
            "OpenCat: improving Interoperability of ADS testing",
        ),
        ("Convolutional neural network using a binarized layer", None),
        # Title Case headlines are truecased: names and product numbers keep their capitals
        ("SpaceX Lands Falcon 9 Rocket", "SpaceX lands Falcon 9 rocket"),
        (
            "Tesla Starts Model 3 Production Ahead Of Schedule",
            "tesla starts Model 3 production ahead of schedule",
        ),
        (
            "Artificial-Intelligence-Based Energy Auditing, Monitoring and Control",
            "artificial-intelligence-based energy auditing, monitoring and control",
        ),
        ("Elon Musk Shows New Hyperloop Design", "Elon Musk shows new Hyperloop design"),
    ],
)
def test_prose_title(title: str, expected: str | None) -> None:
    assert prose_title(title) == (expected or title)


def test_document_text_joins_title_and_text() -> None:
    assert document_text("FLOORING SYSTEMS", "A floorboard.") == "flooring systems. A floorboard."
    assert document_text("", "<p>Only text</p>") == "Only text"
    assert document_text(None, None) == ""


@pytest.mark.parametrize(
    ("british", "american"),
    [
        ("fibre", "fiber"),
        ("colours", "colors"),
        ("organisation", "organization"),
        ("optimised", "optimized"),
        ("stabilisers", "stabilizers"),
        ("electrolyser", "electrolyzer"),
        ("analysers", "analyzers"),
        ("haemoglobin", "hemoglobin"),
        ("sulphuric", "sulfuric"),
        ("modelling", "modeling"),
        ("aluminium", "aluminum"),
        ("comprising", "comprising"),
        ("promise", "promise"),
        ("advertising", "advertising"),
        ("supervised", "supervised"),
    ],
)
def test_americanise(british: str, american: str) -> None:
    assert americanise(british) == american


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("batteries", "battery"),
        ("processes", "process"),
        ("electrodes", "electrode"),
        ("CPSs", "CPS"),
        ("spermatozoa", "spermatozoon"),
        ("analysis", "analysis"),
        ("gas", "gas"),
        ("series", "series"),
        ("Jupiters", "Jupiter"),
        # the suffix is ambiguous; the singular that is a common English word wins
        ("caches", "cache"),
        ("branches", "branch"),
        ("movies", "movie"),
        ("buses", "bus"),
        ("biases", "bias"),
        ("knives", "knife"),
        ("crises", "crisis"),
        ("coronaviruses", "coronavirus"),
        ("uses", "use"),
    ],
)
def test_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize("word", ["CPU", "IoT", "kTN", "OGLE-III", "5G", "OpenSSL", "MOF"])
def test_acronyms(word: str) -> None:
    assert is_acronym(word)


@pytest.mark.parametrize("word", ["Battery", "battery", "A", "the", "ELECTROLUMINESCENCE"])
def test_not_acronyms(word: str) -> None:
    assert not is_acronym(word)


def test_join_words_turns_word_hyphens_into_spaces_only_between_words() -> None:
    assert join_words(["lithium-ion", "battery"]) == "lithium ion battery"
    assert join_words(["x-ray", "detector"]) == "x-ray detector"
    assert join_words(["1,3,4-oxadiazolone", "compound"]) == "1,3,4-oxadiazolone compound"
    assert join_words(["point-of-care", "test"]) == "point-of-care test"


def test_term_key_ignores_case_hyphens_and_spacing() -> None:
    assert term_key("Lithium-Ion  Battery") == term_key("lithium ion battery")


def test_a_title_taken_from_the_text_is_read_once() -> None:
    text = "Graphene electrodes double the capacity of sodium-ion cells in field trials."
    assert document_text(text[:40], text) == text
