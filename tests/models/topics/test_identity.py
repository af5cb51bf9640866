"""Matching a run's topics to the previous run's: kept ids, births, merges, splits."""

from __future__ import annotations

import numpy as np

from models.topics.identity import (
    Cluster,
    IdentityParams,
    KnownTopic,
    Relation,
    jaccard,
    match_topics,
    similarity_matrix,
    topic_id,
)

DIM = 8


def axis(*weights: float) -> np.ndarray:
    """A unit vector in an 8-d space with the given leading coordinates."""
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


A, B, C, D = axis(1), axis(0, 1), axis(0, 0, 1), axis(0, 0, 0, 1)
TERMS_A = ("wind turbine", "monopile", "blade")
TERMS_B = ("cheese vat", "whey", "curd")
TERMS_C = ("solid state battery", "electrolyte", "cathode")


def known(tid: str, centroid: np.ndarray, terms: tuple[str, ...]) -> KnownTopic:
    return KnownTopic(tid, centroid, terms)


def test_topic_ids_are_numbered_with_four_digits():
    assert topic_id(1) == "T0001"
    assert topic_id(42) == "T0042"


def test_jaccard_of_term_lists():
    assert jaccard(["a", "b"], ["b", "c"]) == 1 / 3
    assert jaccard([], []) == 0.0


def test_similarity_mixes_centroid_cosine_and_term_overlap():
    sim = similarity_matrix(
        [known("T0001", A, TERMS_A)],
        [Cluster("x", A, TERMS_A), Cluster("y", A, TERMS_B), Cluster("z", B, TERMS_A)],
        centroid_weight=0.7,
    )
    assert sim.tolist() == [[1.0, 0.7, 0.3]]


def test_first_run_numbers_topics_in_key_order():
    identity = match_topics(
        [], [Cluster("doc-b", A, TERMS_A), Cluster("doc-a", B, TERMS_B)], next_number=1
    )
    assert identity.ids == ["T0002", "T0001"]
    assert identity.born == ["T0001", "T0002"]
    assert identity.next_number == 3
    assert identity.lineage == [
        Relation("T0001", "born", None, None),
        Relation("T0002", "born", None, None),
    ]


def test_matching_keeps_ids_whatever_the_cluster_order():
    previous = [known("T0007", A, TERMS_A), known("T0009", B, TERMS_B)]
    current = [Cluster("k1", axis(0.1, 1), TERMS_B), Cluster("k2", axis(1, 0.1), TERMS_A)]
    identity = match_topics(previous, current, next_number=12)
    assert identity.ids == ["T0009", "T0007"]
    assert identity.born == []
    assert identity.next_number == 12
    assert [r.relation for r in identity.lineage] == ["continued", "continued"]
    assert all(r.similarity > 0.99 for r in identity.lineage)


def test_an_unseen_topic_is_born_with_the_next_free_number():
    previous = [known("T0001", A, TERMS_A), known("T0004", B, TERMS_B)]
    current = [Cluster("a", A, TERMS_A), Cluster("b", B, TERMS_B), Cluster("c", C, TERMS_C)]
    identity = match_topics(previous, current, next_number=5)
    assert identity.ids == ["T0001", "T0004", "T0005"]
    assert identity.born == ["T0005"]
    assert Relation("T0005", "born", None, None) in identity.lineage
    assert identity.next_number == 6


def test_a_previous_topic_absorbed_by_another_is_a_merge():
    # Two previous topics about the same thing; this run found one topic between them.
    previous = [known("T0001", axis(1, 0.3), TERMS_A), known("T0002", axis(1, -0.3), TERMS_A)]
    current = [Cluster("a", A, TERMS_A), Cluster("b", B, TERMS_B)]
    identity = match_topics(previous, current, next_number=3)
    assert identity.ids == ["T0001", "T0003"]
    merged = [r for r in identity.lineage if r.relation == "merged_from"]
    assert merged == [Relation("T0001", "merged_from", "T0002", merged[0].similarity)]
    assert merged[0].similarity > 0.9


def test_a_topic_carved_out_of_a_previous_one_is_a_split():
    previous = [known("T0003", A, TERMS_A)]
    current = [
        Cluster("big", axis(1, 0.2), TERMS_A),
        Cluster("small", axis(1, -0.6), ("wind turbine", "monopile", "cable")),
    ]
    identity = match_topics(previous, current, next_number=10)
    assert identity.ids == ["T0003", "T0010"]
    assert identity.born == ["T0010"]
    split = [r for r in identity.lineage if r.relation == "split_from"]
    assert [(r.topic_id, r.other_topic_id) for r in split] == [("T0010", "T0003")]
    assert not any(r.relation == "born" for r in identity.lineage)


def test_too_little_alike_is_no_match():
    previous = [known("T0001", A, TERMS_A)]
    current = [Cluster("x", axis(1, 1.2), TERMS_B)]
    strict = IdentityParams(min_similarity=0.55, relation_similarity=0.55)
    identity = match_topics(previous, current, next_number=2, params=strict)
    assert identity.ids == ["T0002"]
    assert identity.lineage == [Relation("T0002", "born", None, None)]


def test_a_vanished_topic_leaves_no_lineage_and_its_id_is_not_reused():
    previous = [known("T0001", A, TERMS_A), known("T0002", D, TERMS_C)]
    identity = match_topics(previous, [Cluster("a", A, TERMS_A)], next_number=3)
    assert identity.ids == ["T0001"]
    assert [r.relation for r in identity.lineage] == ["continued"]
    assert identity.next_number == 3


def test_same_inputs_same_identity():
    previous = [known("T0001", A, TERMS_A), known("T0002", B, TERMS_B)]
    current = [Cluster("c", C, TERMS_C), Cluster("a", axis(1, 0.1), TERMS_A)]
    first = match_topics(previous, current, next_number=3)
    second = match_topics(previous, current, next_number=3)
    assert first == second
