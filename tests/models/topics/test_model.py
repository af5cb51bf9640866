"""The topic model's parts on real MiniLM vectors of the test corpus, and on tiny hand-made data."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from models.embeddings import DEFAULT_MODEL_NAME
from models.topics.model import (
    OUTLIER,
    TermMatrix,
    TopicParams,
    assign_nearest,
    discover_clusters,
    fit_clusters,
    label_of,
    selection_method,
    term_matrix,
    top_terms,
    topic_centroids,
    word_matrix,
)
from models.topics.placement import (
    Placement,
    discover,
    merge_similar,
    protect_known,
    term_profiles,
)
from tests.models.topics.topic_corpus import (
    NEW_TOPIC,
    SMALL_PARAMS,
    STABLE,
    planted_topics,
    template,
)
from warehouse.connection import open_warehouse
from warehouse.terms import terms_of_document
from warehouse.terms import top_terms as top_terms_of_corpus
from warehouse.topics import WindowDocuments, window_documents, window_term_counts


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.getbasetemp() / "topic-corpus"
    folder.mkdir(exist_ok=True)
    return template(folder)


def top_terms_table(wh) -> list[str]:
    """Every admitted term of the corpus vocabulary."""
    return [row.term for row in top_terms_of_corpus(wh.con, limit=100_000)]


@pytest.fixture(scope="module")
def corpus(templates: dict[str, Path]) -> tuple[WindowDocuments, TermMatrix, list]:
    """All 136 test documents with their vectors, term counts and planted topic."""
    with open_warehouse(templates["full"], read_only=True) as wh:
        docs = window_documents(
            wh.con, DEFAULT_MODEL_NAME, start=date(2024, 12, 1), end=date(2025, 2, 1)
        )
        terms = term_matrix(len(docs), window_term_counts(wh.con, docs.doc_ids, min_df=2))
        external = dict(wh.con.execute("SELECT doc_id, external_id FROM documents").fetchall())
    truth = planted_topics()
    return docs, terms, [truth[external[d]] for d in docs.doc_ids]


def toy_terms(rows: list[dict[str, int]]) -> TermMatrix:
    vocabulary = sorted({term for row in rows for term in row})
    matrix = sp.lil_matrix((len(rows), len(vocabulary)))
    for i, row in enumerate(rows):
        for term, count in row.items():
            matrix[i, vocabulary.index(term)] = count
    return TermMatrix(matrix.tocsr(), vocabulary, True)


def test_term_matrix_holds_the_admitted_terms_used_by_enough_documents(corpus, templates):
    docs, terms, _ = corpus
    assert terms.from_terms
    assert terms.vocabulary == sorted(terms.vocabulary)
    df = np.asarray((terms.counts > 0).sum(axis=0)).ravel()
    assert df.min() >= 2
    with open_warehouse(templates["full"], read_only=True) as wh:
        stored = dict(terms_of_document(wh.con, docs.doc_ids[0]))
        admitted = set(top_terms_table(wh))
        few = window_term_counts(wh.con, docs.doc_ids[:3], min_df=4)
    row = terms.counts[0].toarray().ravel()
    expected = {t: c for t, c in stored.items() if t in terms.vocabulary}
    assert {terms.vocabulary[j]: row[j] for j in np.flatnonzero(row)} == expected
    assert set(terms.vocabulary) <= admitted
    assert few.vocabulary == [] and term_matrix(3, few) is None


def test_word_matrix_is_the_fallback_without_terms():
    matrix = word_matrix(["The wind turbine blade.", "A wind turbine tower.", "Cheese."], min_df=2)
    assert matrix.from_terms is False
    assert matrix.vocabulary == ["turbine", "wind", "wind turbine"]
    assert word_matrix(["the", "a"], min_df=1).vocabulary == []


def test_top_terms_rank_what_sets_a_topic_apart():
    terms = toy_terms(
        [
            {"wind turbine": 2, "steel": 1, "rotor": 1, "blade": 1},
            {"wind turbine": 2, "steel": 1, "rotor": 1, "blade": 1},
            {"cheese vat": 2, "steel": 1},
            {"cheese vat": 2, "whey": 2, "steel": 1},
            {"steel": 3},
        ]
    )
    labels = np.array([0, 0, 1, 1, OUTLIER])
    ranked = top_terms(terms, labels, 2, 3)
    # Equal weights are ordered by name; a topic's own terms rank before the term used
    # everywhere; a term a topic never uses is never among its terms.
    assert ranked[0] == ["blade", "rotor", "wind turbine"]
    assert sorted(ranked[1][:2]) == ["cheese vat", "whey"]
    assert ranked[1][2] == "steel"
    assert top_terms(terms, labels, 2, 10)[1] == [*ranked[1]]
    assert label_of(ranked[0], 2) == "blade, rotor"
    assert label_of([], 3) == "(no terms)"


def scattered(n: int, axis: int, seed: int) -> np.ndarray:
    """``n`` unit vectors close to one axis of a 16-d space."""
    rng = np.random.default_rng(seed)
    vectors = rng.normal(0, 0.05, (n, 16))
    vectors[:, axis] += 1.0
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_centroids_are_unit_means_and_assignment_respects_the_threshold():
    vectors = np.array([[1, 0], [0.8, 0.6], [0, 1], [0.6, 0.8]], dtype=np.float32)
    centroids = topic_centroids(vectors, np.array([0, 0, 1, OUTLIER]), 2)
    np.testing.assert_allclose(np.linalg.norm(centroids, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(centroids[1], [0, 1])
    found, score = assign_nearest(np.array([[0.6, 0.8], [-1, 0]], np.float32), centroids, 0.5)
    assert found.tolist() == [0, OUTLIER]
    assert score[0] == pytest.approx(float(np.dot([0.6, 0.8], centroids[0])))


def test_refit_separates_the_planted_topics_the_same_way_every_time(corpus):
    docs, terms, truth = corpus
    first = fit_clusters(docs.vectors, terms, SMALL_PARAMS)
    second = fit_clusters(docs.vectors, terms, SMALL_PARAMS)
    assert first.tolist() == second.tolist()
    # A planted topic may come out as two clusters (its patents and its papers read
    # differently, and the fitted clusters depend on the CPU's floating-point paths), but
    # every cluster holding it is about it alone, and few of its documents are left out.
    for slug in STABLE:
        found = Counter(first[[t == slug for t in truth]].tolist())
        clustered = sum(n for cluster, n in found.items() if cluster != OUTLIER)
        assert clustered >= 0.8 * sum(found.values()), (slug, found)
        assert len(found.keys() - {OUTLIER}) <= 2, (slug, found)
        for cluster in found.keys() - {OUTLIER}:
            members = [truth[i] for i in np.flatnonzero(first == cluster)]
            assert members.count(slug) >= 0.9 * len(members), (slug, Counter(members))


def test_discovery_finds_the_new_technology_among_outliers(corpus):
    docs, _, truth = corpus
    pool = np.array([t == NEW_TOPIC for t in truth]) | (np.arange(len(truth)) % 9 == 0)
    found = discover_clusters(docs.vectors[pool], SMALL_PARAMS)
    planted = np.array(truth)[pool]
    new_clusters = Counter(found[planted == NEW_TOPIC].tolist())
    cluster, n = new_clusters.most_common(1)[0]
    assert cluster != OUTLIER and n >= 8
    assert set(planted[found == cluster]) == {NEW_TOPIC}


def test_discovered_group_with_known_terms_joins_the_known_topic():
    # Five stray documents about wind turbines, far from the wind topic's centroid.
    vectors = np.vstack([scattered(6, 0, 1), scattered(10, 2, 3), scattered(5, 1, 2)])
    terms = toy_terms(
        [{"wind turbine": 2, "monopile": 1}] * 6
        + [{"cheese vat": 1}] * 10
        + [{"wind turbine": 1, "blade": 1}] * 5
    )
    placement = Placement(np.array([0] * 6 + [1] * 10 + [OUTLIER] * 5), 2)
    result = discover(vectors, np.ones(21, bool), placement, terms, SMALL_PARAMS)
    assert result.labels.tolist() == [0] * 6 + [1] * 10 + [0] * 5
    assert result.n_topics == 2


def test_discovered_group_with_new_terms_is_a_new_topic():
    vectors = np.vstack([scattered(6, 0, 1), scattered(5, 1, 2)])
    terms = toy_terms([{"wind turbine": 2}] * 6 + [{"solid state battery": 2}] * 5)
    placement = Placement(np.array([0] * 6 + [OUTLIER] * 5), 1)
    result = discover(vectors, np.ones(11, bool), placement, terms, SMALL_PARAMS)
    assert result.labels.tolist() == [0] * 6 + [1] * 5
    assert result.n_topics == 2


def test_only_recent_outliers_can_found_a_topic():
    vectors = np.vstack([scattered(6, 0, 1), scattered(5, 1, 2)])
    terms = toy_terms([{"wind turbine": 2}] * 6 + [{"solid state battery": 2}] * 5)
    placement = Placement(np.array([0] * 6 + [OUTLIER] * 5), 1)
    old = np.array([True] * 6 + [False] * 5)
    assert discover(vectors, old, placement, terms, SMALL_PARAMS) == placement


def test_refit_gives_back_a_small_topic_it_swallowed():
    terms = toy_terms([{"blast furnace": 2}] * 20 + [{"solid state battery": 2}] * 6)
    previous = Placement(np.array([0] * 20 + [1] * 6), 2)
    swallowed = Placement(np.zeros(26, dtype=np.int64), 1)
    kept = protect_known(swallowed, previous, terms, SMALL_PARAMS)
    assert kept.labels.tolist() == [0] * 20 + [1] * 6


def test_refit_may_split_a_topic_that_mixed_two_subjects():
    terms = toy_terms([{"cheese vat": 2}] * 10 + [{"tablet press": 2}] * 10)
    previous = Placement(np.zeros(20, dtype=np.int64), 1)
    split = Placement(np.array([0] * 10 + [1] * 10), 2)
    assert protect_known(split, previous, terms, SMALL_PARAMS).labels.tolist() == (
        split.labels.tolist()
    )


def test_clusters_with_the_same_terms_are_merged():
    terms = toy_terms(
        [{"wind turbine": 2, "monopile": 1}] * 4
        + [{"wind turbine": 1, "monopile": 1, "offshore": 1}] * 4
        + [{"cheese vat": 1}] * 4
    )
    placement = Placement(np.repeat([0, 1, 2], 4), 3)
    merged = merge_similar(placement, terms, 0.35)
    assert merged.labels.tolist() == [0] * 8 + [1] * 4
    profiles = term_profiles(terms, merged.labels, merged.n_topics)
    assert profiles.shape == (2, 4)


def test_a_large_window_is_clustered_on_a_sample_and_the_rest_joins_it(corpus):
    docs, terms, truth = corpus
    sampled = fit_clusters(docs.vectors, terms, replace(SMALL_PARAMS, max_refit_docs=70))
    assert (
        sampled.tolist()
        == fit_clusters(docs.vectors, terms, replace(SMALL_PARAMS, max_refit_docs=70)).tolist()
    )
    for slug in STABLE:
        found = Counter(sampled[[t == slug for t in truth]].tolist())
        assert found.most_common(1)[0][1] >= 0.8 * sum(found.values()), (slug, found)


def test_leaf_clusters_only_where_eom_is_degenerate_for_a_large_window():
    params = TopicParams(leaf_from_docs=100)
    sound = np.repeat(np.arange(10), 20)  # ten clusters of 10 %
    one_big = np.concatenate([np.zeros(100, dtype=int), np.repeat(np.arange(1, 11), 10)])
    mostly_out = np.concatenate([np.full(120, OUTLIER), np.repeat(np.arange(8), 10)])
    assert selection_method(None, params) == "eom"  # the first fit
    assert selection_method(sound, params) == "eom"
    assert selection_method(one_big, params) == "leaf"  # half the window in one cluster
    assert selection_method(mostly_out, params) == "leaf"  # 60 % outliers
    assert selection_method(one_big[:90], params) == "eom"  # too few documents to judge
    assert selection_method(sound, replace(params, cluster_selection="leaf")) == "leaf"
