"""The topic model's parts: BERTopic refits, centroid assignment, discovery, c-TF-IDF labels.

Fitting BERTopic on the whole two-year window every week would cost the same whether one or
ten thousand documents arrived, so a run does one of two things (see :mod:`models.topics.stage`):

- a **refit** clusters the window with BERTopic over the cached embeddings: PCA (not UMAP)
  reduces them to 50 dimensions, HDBSCAN clusters them, taking the finest clusters of its tree
  ("leaf") where the usual choice ("eom") is degenerate for a large window
  (:func:`selection_method` has the measurements on a real single-field corpus, where eom put
  half of the window into one topic). On the 52-week demo corpus (9,574 documents, 23 planted
  topics) PCA-50 + HDBSCAN recovered the planted topics with an adjusted Rand index of 0.94–0.96
  (0.99 after the term-based merge and outlier placement of :mod:`models.topics.placement`);
  UMAP to 5 dimensions scored 0.18–0.29 there and takes 5-7 times as long; PCA is also
  exact, so no seed is needed to reproduce it (``random_state`` is passed all the same);
- an **assign** run keeps the previous run's topics and places each unplaced document in the
  topic whose centroid is most similar, if at least ``assign_similarity``.

Both then look for new topics among the *recent outliers* with HDBSCAN (``discover``): an
emerging technology starts with one or two documents a week, far too few to win a cluster in
a refit of ten thousand documents, but five similar documents among a few hundred recent
outliers stand out. Outlier policy: a document that is not similar enough to any topic stays an
outlier (topic -1, stored as NULL), is re-tested against the centroids in every later run (the
"embeddings" strategy of BERTopic's ``reduce_outliers`` with a threshold), and while recent
feeds discovery; the outlier share is recorded per run and a high share forces a refit.

Topic terms are c-TF-IDF (BERTopic's ``ClassTfidfTransformer``) over a vocabulary restricted
to the technology terms extracted from the documents, so labels read as technology names;
without extracted terms the vocabulary falls back to English words and bigrams.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import HDBSCAN
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import CountVectorizer

from models.topics.identity import IdentityParams
from warehouse.topics import TermCounts

if TYPE_CHECKING:
    from umap import UMAP

OUTLIER = -1


@dataclass(frozen=True)
class TopicParams:
    """Everything that decides a run's topics; stored with the run (``topic_runs.params``).

    A change to any of them forces a refit, because assignments made under other settings are
    not comparable.
    """

    window_weeks: int = 104
    refit_every: int = 13
    refit_outlier_share: float = 0.35
    refit_growth: float = 1.5
    reducer: str = "pca"  # or "umap"
    reducer_components: int = 50
    # HDBSCAN's cluster_selection_method: "eom", "leaf", or "auto" = eom unless its clusters
    # are degenerate for a window of ``leaf_from_docs`` or more (see :func:`selection_method`).
    cluster_selection: str = "auto"
    leaf_from_docs: int = 2_000
    max_topic_share: float = 0.15
    max_outlier_share: float = 0.5
    max_refit_docs: int = 10_000
    min_cluster_size: int = 15
    min_samples: int = 3
    assign_similarity: float = 0.55
    discovery_weeks: int = 8
    discovery_min_size: int = 5
    discovery_min_samples: int = 3
    discovery_min_cohesion: float = 0.55
    novel_term_similarity: float = 0.2
    # Topics seeded by rising terms (models/topics/term_seeds.py); seed_growth 0 switches it off.
    seed_recent_share: float = 0.125
    seed_min_docs: int = 15
    seed_growth: float = 5.0
    seed_min_z: float = 5.0
    seed_link: float = 0.2
    seed_max_share: float = 0.1
    seed_covered: float = 0.6
    seed_max_topics: int = 10
    # Documents of at most this many words, title and text together (headlines), also use the
    # terms they mention (models/topics/term_mentions.py); 0 switches that off.
    seed_mention_words: int = 20
    merge_term_similarity: float = 0.35
    min_term_df: int = 2
    n_terms: int = 10
    label_terms: int = 3
    random_state: int = 42
    identity: IdentityParams = field(default_factory=IdentityParams)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class TermMatrix:
    """Document × vocabulary counts (rows in window order) and the vocabulary (columns)."""

    counts: sp.csr_matrix
    vocabulary: list[str]
    from_terms: bool


def term_matrix(n_docs: int, counts: TermCounts) -> TermMatrix | None:
    """The window's technology-term counts as a matrix; None when no term qualified."""
    if not counts.vocabulary:
        return None
    matrix = sp.csr_matrix(
        (counts.counts, (counts.rows, counts.columns)), shape=(n_docs, len(counts.vocabulary))
    )
    return TermMatrix(matrix, list(counts.vocabulary), True)


def word_matrix(texts: Sequence[str], *, min_df: int) -> TermMatrix:
    """The fallback: English words and bigrams (stop words removed) when no terms exist."""
    vectorizer = CountVectorizer(
        stop_words="english", ngram_range=(1, 2), min_df=min(min_df, max(len(texts), 1))
    )
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return TermMatrix(sp.csr_matrix((len(texts), 0)), [], False)
    return TermMatrix(counts.tocsr(), list(vectorizer.get_feature_names_out()), False)


def fit_clusters(vectors: np.ndarray, terms: TermMatrix, params: TopicParams) -> np.ndarray:
    """BERTopic over the window's cached embeddings: a cluster number per document, -1 outlier.

    HDBSCAN's cost grows with the square of the documents, so beyond ``max_refit_docs`` it
    clusters an evenly spaced sample (in doc_id order, so the same window gives the same
    sample) and every other document joins the nearest cluster if close enough.
    """
    n = len(vectors)
    if n < 2 * params.min_cluster_size:
        return np.full(n, OUTLIER, dtype=np.int64)
    sample = np.unique(np.linspace(0, n - 1, min(n, params.max_refit_docs)).round().astype(int))
    labels = np.full(n, OUTLIER, dtype=np.int64)
    sample_terms = _rows(terms, sample)
    found = _bertopic(vectors[sample], sample_terms, params, selection_method(None, params))
    if params.cluster_selection == "auto" and selection_method(found, params) == "leaf":
        found = _bertopic(vectors[sample], sample_terms, params, "leaf")
    labels[sample] = found
    rest = np.setdiff1d(np.arange(n), sample)
    if rest.size and labels.max() >= 0:
        centroids = topic_centroids(vectors, labels, int(labels.max()) + 1)
        labels[rest], _ = assign_nearest(vectors[rest], centroids, params.assign_similarity)
    return labels


def _bertopic(
    vectors: np.ndarray, terms: TermMatrix, params: TopicParams, selection: str
) -> np.ndarray:
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer

    model = BERTopic(
        umap_model=_reducer(len(vectors), vectors.shape[1], params),
        hdbscan_model=HDBSCAN(
            min_cluster_size=params.min_cluster_size,
            min_samples=params.min_samples,
            cluster_selection_method=selection,
            copy=True,
        ),
        vectorizer_model=_vectorizer(terms),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=params.n_terms,
        calculate_probabilities=False,
        verbose=False,
    )
    labels, _ = model.fit_transform(_documents(terms), embeddings=vectors)
    return np.asarray(labels, dtype=np.int64)


def selection_method(labels: np.ndarray | None, params: TopicParams) -> str:
    """HDBSCAN's choice among its cluster tree: "eom" keeps the most persistent clusters,
    "leaf" the finest ones. With "auto", eom first (``labels`` None); then leaf when eom's
    ``labels`` of a window of ``leaf_from_docs`` documents or more are degenerate: one cluster
    holding more than ``max_topic_share`` of the documents, or more than
    ``max_outlier_share`` left out.

    Measured on a real single-field window (ACL Anthology abstracts 2021-2022, 9,163
    documents, PCA-50, min_cluster_size 15): eom found 3 clusters, the largest holding 47.5 %
    of the window and 52 % outliers (69 % in one topic after outlier placement); leaf found 50
    clusters, the largest 5.5 % after placement, 16.5 % outliers (2018-2019: 38 topics, 8.5 %,
    18 %; 2023-2024: 54 topics, 6.4 %, 14 %). UMAP-5 with eom gave 148 topics with 2 %
    outliers at 5-7 times the time. Where eom's clusters are sound — the demo's well separated
    subjects, a few hundred documents of a handful of subjects — leaf only cuts subjects into
    pieces (on the demo it split two planted topics in their last weeks), so eom stays.
    """
    if params.cluster_selection != "auto":
        return params.cluster_selection
    if labels is None or len(labels) < params.leaf_from_docs:
        return "eom"
    clustered = labels[labels >= 0]
    largest = np.bincount(clustered).max() if clustered.size else len(labels)
    degenerate = (
        largest > params.max_topic_share * len(labels)
        or (labels < 0).mean() > params.max_outlier_share
    )
    return "leaf" if degenerate else "eom"


def _reducer(n_docs: int, dimensions: int, params: TopicParams) -> PCA | UMAP:
    """PCA from the covariance matrix (exact, and fast when documents far outnumber the 384
    dimensions) or UMAP (BERTopic's default; seeded, so single-threaded and reproducible)."""
    components = min(params.reducer_components, n_docs - 1, dimensions)
    if params.reducer == "umap":
        from umap import UMAP

        return UMAP(
            n_components=min(components, 5),
            n_neighbors=min(15, n_docs - 1),
            min_dist=0.0,
            metric="cosine",
            random_state=params.random_state,
        )
    return PCA(
        n_components=components, svd_solver="covariance_eigh", random_state=params.random_state
    )


def _rows(terms: TermMatrix, rows: np.ndarray) -> TermMatrix:
    """The given documents, with only the terms they use (c-TF-IDF divides by frequency)."""
    counts = terms.counts[rows]
    used = np.flatnonzero(np.asarray(counts.sum(axis=0)).ravel() > 0)
    return TermMatrix(
        counts[:, used].tocsr(), [terms.vocabulary[j] for j in used], terms.from_terms
    )


def discover_clusters(vectors: np.ndarray, params: TopicParams) -> np.ndarray:
    """Dense groups among outlier documents (HDBSCAN on the unit vectors), -1 elsewhere.

    A group counts only when its documents lie close to their mean (cohesion), so a handful of
    unrelated leftovers does not become a topic.
    """
    n = len(vectors)
    labels = np.full(n, OUTLIER, dtype=np.int64)
    if n < params.discovery_min_size:
        return labels
    found = _hdbscan(vectors, params, single=False)
    if found.max(initial=OUTLIER) < 0:
        # HDBSCAN never returns the whole pool as one cluster unless told it may: when the
        # recent outliers are all one new technology, that is exactly the answer.
        found = _hdbscan(vectors, params, single=True)
    kept = 0
    for cluster in range(found.max() + 1):
        members = np.flatnonzero(found == cluster)
        centroid = _unit_rows(vectors[members].mean(axis=0, keepdims=True))[0]
        if float((vectors[members] @ centroid).mean()) >= params.discovery_min_cohesion:
            labels[members] = kept
            kept += 1
    return labels


def _hdbscan(vectors: np.ndarray, params: TopicParams, *, single: bool) -> np.ndarray:
    return HDBSCAN(
        min_cluster_size=params.discovery_min_size,
        min_samples=min(params.discovery_min_samples, params.discovery_min_size),
        allow_single_cluster=single,
        copy=True,
    ).fit_predict(vectors.astype(np.float64))


def assign_nearest(
    vectors: np.ndarray, centroids: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """Most similar centroid of each vector (-1 below ``threshold``) and that similarity."""
    if len(vectors) == 0 or len(centroids) == 0:
        return np.full(len(vectors), OUTLIER, dtype=np.int64), np.zeros(len(vectors))
    similarity = vectors @ centroids.T
    best = similarity.argmax(axis=1)
    score = similarity[np.arange(len(vectors)), best].astype(np.float64)
    return np.where(score >= threshold, best, OUTLIER).astype(np.int64), score


def topic_centroids(vectors: np.ndarray, labels: np.ndarray, n_topics: int) -> np.ndarray:
    """Unit-length mean vector of each topic's documents (zeros for an empty topic)."""
    inside = labels >= 0
    members = sp.csr_matrix(
        (np.ones(int(inside.sum())), (labels[inside], np.flatnonzero(inside))),
        shape=(n_topics, len(vectors)),
    )
    return _unit_rows(np.asarray(members @ vectors.astype(np.float64))).astype(np.float32)


def top_terms(terms: TermMatrix, labels: np.ndarray, n_topics: int, n: int) -> list[list[str]]:
    """The ``n`` highest c-TF-IDF terms of each topic (ties broken alphabetically).

    The outliers form one more class, so a term spread over the whole window ranks low
    everywhere, as it does in BERTopic.
    """
    if not terms.vocabulary or n_topics == 0:
        return [[] for _ in range(n_topics)]
    from bertopic.vectorizers import ClassTfidfTransformer

    classes = np.where(labels >= 0, labels, n_topics)
    membership = sp.csr_matrix(
        (np.ones(len(labels)), (classes, np.arange(len(labels)))),
        shape=(n_topics + 1, len(labels)),
    )
    per_class = (membership @ terms.counts).tocsr()
    transformer = ClassTfidfTransformer(reduce_frequent_words=True)
    weights = transformer.fit_transform(per_class).toarray()[:n_topics]
    vocabulary = np.array(terms.vocabulary, dtype=object)
    order = np.lexsort((np.broadcast_to(np.arange(len(vocabulary)), weights.shape), -weights))
    result = []
    for topic in range(n_topics):
        ranked = [int(j) for j in order[topic] if weights[topic, j] > 0][:n]
        result.append([str(vocabulary[j]) for j in ranked])
    return result


def label_of(terms: Sequence[str], n: int) -> str:
    return ", ".join(terms[:n]) if terms else "(no terms)"


def _documents(terms: TermMatrix) -> list[str]:
    """One string per document that :func:`_vectorizer` turns back into its term counts.

    BERTopic strips everything but letters, digits and spaces from documents before counting,
    which would break multi-word and hyphenated terms, so each term travels as the token
    ``w<column>``. With no vocabulary at all every document is the same single word: the
    clusters do not depend on it, and labels are computed elsewhere.
    """
    if not terms.vocabulary:
        return ["document"] * terms.counts.shape[0]
    matrix = terms.counts.tocsr()
    documents = []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        documents.append(
            " ".join(
                f"w{j}"
                for j, c in zip(matrix.indices[start:end], matrix.data[start:end], strict=True)
                for _ in range(int(c))
            )
        )
    return documents


def _vectorizer(terms: TermMatrix) -> CountVectorizer:
    """Counts exactly the window's vocabulary from the strings made by :func:`_documents`."""
    if not terms.vocabulary:
        return CountVectorizer()
    return CountVectorizer(vocabulary=[f"w{j}" for j in range(len(terms.vocabulary))])


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
