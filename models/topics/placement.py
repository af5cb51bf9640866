"""Which topic each document of the window belongs to: the steps of a run, as pure functions.

A placement is one topic number per window document (-1 for an outlier). A run builds it in
steps (:mod:`models.topics.stage` chains them):

1. start from the previous run's topics (:func:`carry_over`) or from a BERTopic refit;
2. after a refit, :func:`protect_known` gives back to every topic of the previous run that the
   refit lost (left in noise, or swallowed by a cluster with other vocabulary) its documents —
   a young topic of a dozen documents is below what HDBSCAN can see in ten thousand, and losing
   it would break its id and its history — and :func:`merge_similar` joins clusters that use
   the same technology terms (HDBSCAN often splits a topic's news from its patents, which
   would hide the cross-kind signal the emergence scoring looks for);
3. :func:`place_outliers` puts each unplaced document in the nearest topic, if near enough;
4. :func:`discover` finds new topics among the recent outliers. A group counts as new only if
   its terms are unlike every existing topic's: on the demo corpus a new technology's first
   five documents had term-profile cosine 0.01–0.11 to the nearest topic, while groups of
   stray documents of an existing topic scored 0.23–0.64 — those join that topic instead.

Term profiles are the idf-weighted term counts of a topic's documents, normalised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from models.topics.model import (
    OUTLIER,
    TermMatrix,
    TopicParams,
    assign_nearest,
    discover_clusters,
    topic_centroids,
)

# A new topic's centroid settles within a few rounds of letting close outliers join.
_MAX_GROWTH_ROUNDS = 5


@dataclass(frozen=True)
class Placement:
    """Topic number of every window document (-1 outlier) and the number of topics."""

    labels: np.ndarray
    n_topics: int

    def size(self, topic: int) -> int:
        return int((self.labels == topic).sum())


def from_labels(labels: np.ndarray) -> Placement:
    return Placement(labels.astype(np.int64), int(labels.max(initial=OUTLIER)) + 1)


def carry_over(
    doc_ids: Sequence[str], topic_ids: Sequence[str], placed: dict[str, str | None]
) -> Placement:
    """The previous run's topics (numbered in ``topic_ids`` order) with their documents."""
    number = {topic: k for k, topic in enumerate(topic_ids)}
    labels = np.array([number.get(placed.get(d) or "", OUTLIER) for d in doc_ids], np.int64)
    return Placement(labels, len(topic_ids))


def term_profiles(terms: TermMatrix, labels: np.ndarray, n_topics: int) -> np.ndarray:
    """Unnormalised idf-weighted term counts per topic, ``(n_topics, vocabulary)``."""
    if n_topics == 0 or not terms.vocabulary:
        return np.zeros((n_topics, len(terms.vocabulary)))
    n_docs = terms.counts.shape[0]
    df = np.asarray((terms.counts > 0).sum(axis=0)).ravel()
    idf = np.log((1.0 + n_docs) / (1.0 + df))
    inside = labels >= 0
    membership = sp.csr_matrix(
        (np.ones(int(inside.sum())), (labels[inside], np.flatnonzero(inside))),
        shape=(n_topics, n_docs),
    )
    return np.asarray((membership @ terms.counts).todense()) * idf


def profile_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine between the rows of two profile matrices (0 where a profile is empty)."""
    return _unit(a) @ _unit(b).T


def protect_known(
    refit: Placement, previous: Placement, terms: TermMatrix, params: TopicParams
) -> Placement:
    """Give every previous topic the refit lost its documents back, as a topic of its own.

    A previous topic is kept by the refit when at least half of its documents sit in clusters
    that are mostly its own documents or whose other documents use terms like its own (a
    legitimate merge, or the split of a topic that mixed two subjects). Otherwise (left in
    noise, or swallowed by clusters about something else) and if it still has
    ``discovery_min_size`` documents, its documents become a cluster again.
    """
    labels = refit.labels.copy()
    n_topics = refit.n_topics
    hosts = term_profiles(terms, labels, n_topics)
    sizes = np.bincount(labels[labels >= 0], minlength=n_topics)
    for topic in range(previous.n_topics):
        members = np.flatnonzero(previous.labels == topic)
        if len(members) < params.discovery_min_size:
            continue
        own = term_profiles(terms, _scatter(len(labels), members, 0), 1)
        kept = 0
        for host in np.unique(labels[members]):
            if host == OUTLIER:
                continue
            inside = members[labels[members] == host]
            rest = hosts[host] - term_profiles(terms, _scatter(len(labels), inside, 0), 1)[0]
            if (
                len(inside) * 2 >= sizes[host]
                or profile_similarity(own, rest[None, :])[0, 0] >= params.merge_term_similarity
            ):
                kept += len(inside)
        if kept * 2 < len(members):
            labels[members] = n_topics
            n_topics += 1
    return Placement(labels, n_topics)


def merge_similar(placement: Placement, terms: TermMatrix, threshold: float) -> Placement:
    """Join topics whose term profiles are at least ``threshold`` alike, most alike first."""
    labels = placement.labels.copy()
    profiles = term_profiles(terms, labels, placement.n_topics)
    alive = np.ones(placement.n_topics, dtype=bool)
    while alive.sum() > 1:
        similarity = profile_similarity(profiles, profiles)
        similarity[~alive, :] = -1.0
        similarity[:, ~alive] = -1.0
        np.fill_diagonal(similarity, -1.0)
        i, j = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if similarity[i, j] < threshold:
            break
        keep, gone = min(i, j), max(i, j)
        labels[labels == gone] = keep
        profiles[keep] += profiles[gone]
        profiles[gone] = 0.0
        alive[gone] = False
    return drop_empty(Placement(labels, placement.n_topics))


def place_outliers(vectors: np.ndarray, placement: Placement, threshold: float) -> Placement:
    """Every unplaced document joins the topic with the most similar centroid, if close enough
    (BERTopic's ``reduce_outliers`` "embeddings" strategy with a threshold)."""
    labels = placement.labels.copy()
    loose = np.flatnonzero(labels == OUTLIER)
    centroids = topic_centroids(vectors, labels, placement.n_topics)
    found, _ = assign_nearest(vectors[loose], centroids, threshold)
    labels[loose] = found
    return Placement(labels, placement.n_topics)


def discover(
    vectors: np.ndarray,
    recent: np.ndarray,
    placement: Placement,
    terms: TermMatrix,
    params: TopicParams,
) -> Placement:
    """New topics among the recent outliers; groups with known vocabulary join that topic.

    Other outliers (older ones too) close enough to a new topic's centroid join it, repeated
    while the centroid moves, so its history starts with its first documents rather than with
    the week it was found.
    """
    labels = placement.labels.copy()
    pool = np.flatnonzero((labels == OUTLIER) & recent)
    found = discover_clusters(vectors[pool], params)
    n_found = int(found.max(initial=OUTLIER)) + 1
    if n_found == 0:
        return placement
    candidates = term_profiles(terms, _scatter(len(labels), pool, found), n_found)
    existing = term_profiles(terms, labels, placement.n_topics)
    similarity = (
        profile_similarity(candidates, existing) if placement.n_topics else np.zeros((n_found, 0))
    )
    n_topics = placement.n_topics
    new_topics = []
    for group in range(n_found):
        members = pool[found == group]
        if not candidates[group].any():
            continue
        best = int(np.argmax(similarity[group])) if similarity.shape[1] else -1
        if best >= 0 and similarity[group, best] >= params.novel_term_similarity:
            labels[members] = best
            continue
        labels[members] = n_topics
        new_topics.append(n_topics)
        n_topics += 1
    for _ in range(_MAX_GROWTH_ROUNDS if new_topics else 0):
        rest = np.flatnonzero(labels == OUTLIER)
        centroids = topic_centroids(vectors, labels, n_topics)[new_topics]
        joined, _ = assign_nearest(vectors[rest], centroids, params.assign_similarity)
        if not (joined >= 0).any():
            break
        labels[rest] = np.where(joined >= 0, np.asarray(new_topics)[joined], OUTLIER)
    return Placement(labels, n_topics)


def drop_empty(placement: Placement) -> Placement:
    """Renumber topics 0..k-1 in order, leaving out topics without documents."""
    sizes = np.bincount(placement.labels[placement.labels >= 0], minlength=placement.n_topics)
    kept = np.flatnonzero(sizes > 0)
    renumber = np.full(placement.n_topics + 1, OUTLIER, dtype=np.int64)
    renumber[kept] = np.arange(len(kept))
    return Placement(renumber[placement.labels], len(kept))


def _scatter(n: int, rows: np.ndarray, values: np.ndarray | int) -> np.ndarray:
    labels = np.full(n, OUTLIER, dtype=np.int64)
    labels[rows] = values
    return labels


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
