"""The ``horizon_terms`` component through the real spaCy model: what is a term and what is not."""

from __future__ import annotations

import os

import pytest
from spacy.language import Language

from extractors.terms import TermHit, extract_terms, load_term_pipeline
from extractors.terms.normalize import document_text
from extractors.terms.pipeline import prepare, worker_count
from kernel.errors import ConfigError

ISSUE_TEXT = (
    "We present a novel solid-state electrolyte for lithium-ion batteries, a graph neural "
    "network for materials discovery, a proton exchange membrane electrolyser and "
    "cross-laminated timber for tall buildings. The present invention relates to a method and "
    "a system. Results show that the method works."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_term_pipeline()


def terms_of(text: str, nlp: Language) -> dict[str, TermHit]:
    return {hit.term: hit for hit in extract_terms([text], nlp)[0]}


def test_pipeline_keeps_what_candidates_need(nlp: Language) -> None:
    assert nlp.pipe_names == [
        "tok2vec",
        "tagger",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
        "horizon_terms",
    ]


def test_technology_terms_in_and_boilerplate_out(nlp: Language) -> None:
    terms = terms_of(ISSUE_TEXT, nlp)
    assert {
        "solid state electrolyte",
        "lithium ion battery",
        "graph neural network",
        "proton exchange membrane electrolyzer",
        "cross laminated timber",
    } <= set(terms)
    for boilerplate in ("present invention", "method", "system", "result", "we", "invention"):
        assert boilerplate not in terms


def test_patent_boilerplate_is_not_a_term(nlp: Language) -> None:
    text = (
        "A plurality of first inputs and a second output signal are provided to the apparatus. "
        "Said device comprises a spatial light modulator and synaptic weights of a neural network."
    )
    expected = {"spatial light modulator", "synaptic weight", "neural network"}
    assert set(terms_of(text, nlp)) == expected


def test_company_names_with_a_legal_form_are_not_terms(nlp: Language) -> None:
    text = (
        "Odra Green Steel a.s. builds a hydrogen shaft furnace. Fredericia Rotor Systems A/S "
        "tests a robotic deboning cell. The Pannon Robotika Kft. plant uses collaborative robots."
    )
    assert sorted(terms_of(text, nlp)) == [
        "collaborative robot", "hydrogen shaft furnace", "robotic deboning cell",
    ]  # fmt: skip


def test_acronym_definition_links_later_uses(nlp: Language) -> None:
    text = (
        "A metal–organic framework (MOF) adsorbs carbon dioxide. The MOF is stable in water, "
        "and MOFs can be printed."
    )
    terms = terms_of(text, nlp)
    mof = terms["metal organic framework"]
    assert mof.acronym == "MOF"
    assert mof.count == 3
    cleaned = prepare(text)
    assert [cleaned[start:end] for start, end in mof.spans] == [
        "metal-organic framework",
        "MOF",
        "MOFs",
    ]
    assert "MOF" not in terms


def test_variants_are_one_term(nlp: Language) -> None:
    text = (
        "Lithium-ion batteries are cheap. A lithium ion battery is charged. "
        "The colour filter and two color filters are tested."
    )
    terms = terms_of(text, nlp)
    assert terms["lithium ion battery"].count == 2
    assert terms["color filter"].count == 2


def test_title_case_titles_read_as_prose(nlp: Language) -> None:
    text = document_text("Testing Deep Learning Models: A First Comparative Study", "")
    assert set(terms_of(text, nlp)) == {"deep learning model"}


def test_configured_word_lists(nlp: Language) -> None:
    text = "The blade is made of steel. A graph neural network predicts wear of the blade."
    assert "steel" not in terms_of(text, nlp)
    extended = load_term_pipeline(
        stoplist_extra=["graph neural network"], vocabulary_extra=["steel"]
    )
    terms = terms_of(text, extended)
    assert "steel" in terms
    assert "graph neural network" not in terms


def test_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not installed"):
        load_term_pipeline("en_no_such_model")


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "<p></p>", "12 34 56.", "!!! ???"])
def test_nothing_in_nothing_out(nlp: Language, text: str) -> None:
    assert extract_terms([text], nlp) == [[]]


def test_a_one_megabyte_text_is_cut_and_read(nlp: Language) -> None:
    text = ("A perovskite solar cell with a graphene electrode was tested. " * 17_000)[:1_000_000]
    (hits,) = extract_terms([text], nlp, max_chars=20_000)
    terms = {hit.term: hit for hit in hits}
    assert {"perovskite solar cell", "graphene electrode"} <= set(terms)
    assert max(end for hit in hits for _, end in hit.spans) <= 20_000


def test_non_english_text_gives_no_terms(nlp: Language) -> None:
    german = (
        "Die vorliegende Erfindung betrifft neue Tetrahydrofuran-Derivate der allgemeinen "
        "Formel, Verfahren zu deren Herstellung und deren Verwendung als Herbizide. Insbesondere "
        "eignen sich die neuen Wirkstoffe zur selektiven Unkrautbekämpfung in Kulturen."
    )
    assert extract_terms([german], nlp) == [[]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Proton exchange membrane electrolysers produce green hydrogen from offshore wind "
            "power at industrial scale.",
            {"proton exchange membrane electrolyzer", "green hydrogen", "offshore wind power"},
        ),
        (
            "Cross-laminated timber enables multi-storey wooden buildings with low embodied "
            "carbon.",
            {"cross laminated timber"},
        ),
    ],
)
def test_terse_technical_english_yields_terms(nlp: Language, text: str, expected: set) -> None:
    # few stop words: the stop-word share once took such sentences for a foreign language
    assert expected <= set(terms_of(text, nlp))


def test_declared_language_decides_before_the_identifier(nlp: Language) -> None:
    english = "A graphene electrode for perovskite solar cells in tandem modules."
    portuguese = "O governo anunciou novas medidas para o setor de energia solar fotovoltaica."
    hits = extract_terms([english, english, portuguese], nlp, languages=["en-GB", "de", None])
    assert "graphene electrode" in {hit.term for hit in hits[0]}
    assert hits[1] == []  # declared German: not read, whatever it looks like
    assert hits[2] == []  # identified as Portuguese


def test_languages_must_match_the_texts(nlp: Language) -> None:
    with pytest.raises(ValueError, match="one declared language"):
        extract_terms(["a text", "another"], nlp, languages=["en"])


def test_html_control_characters_and_odd_unicode(nlp: Language) -> None:
    text = (
        '<div class="abstract"><p>A high-eﬃciency perovskite solar cell&nbsp;🚀 with '
        "\u202egraphene\u202c electrodes\x00\x07\ud800 and a ＬＥＤ driver\U000f0000.</p></div>"
    )
    terms = set(terms_of(text, nlp))
    assert "graphene electrode" in terms
    assert "LED driver" in terms
    assert any(term.endswith("perovskite solar cell") for term in terms)
    assert not any(word in term for term in terms for word in ("div", "class", "nbsp"))


def test_spans_point_into_the_cleaned_text(nlp: Language) -> None:
    text = "Spatial light modulators drive holographic displays."
    for hit in extract_terms([text], nlp)[0]:
        for start, end in hit.spans:
            assert text[start:end].lower().startswith(hit.term.split()[0][:4])


def test_automatic_workers_need_four_batches_each_and_a_core() -> None:
    cores = len(os.sched_getaffinity(0))
    assert worker_count(255, n_process=0, batch_size=64) == 1
    assert worker_count(256 * cores, n_process=0, batch_size=64) == cores
    assert worker_count(10**6, n_process=0, batch_size=64) == cores
    assert worker_count(10, n_process=3, batch_size=2) == 3
    assert worker_count(3, n_process=3, batch_size=2) == 2  # never more processes than batches
    assert worker_count(0, n_process=0, batch_size=64) == 1


def test_two_processes_give_the_same_terms(nlp: Language) -> None:
    texts = [ISSUE_TEXT, "A metal–organic framework (MOF) adsorbs CO2.", ""] * 3
    one = extract_terms(texts, nlp, n_process=1, batch_size=2)
    two = extract_terms(texts, nlp, n_process=2, batch_size=2)
    assert one == two
    assert one[1][0].term == "metal organic framework"
