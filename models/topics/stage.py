"""The topics stage: one run's topics over the rolling window, with ids stable across runs.

A run continues the previous run of its series (the latest with an earlier period end). Unless
a refit is due it only places the documents not placed yet and looks for new topics among the
recent outliers (see :mod:`models.topics.model` and :mod:`models.topics.placement`), so the
clustering work follows what is new; reading the window's vectors and writing its assignments
still grows with the window (on two cores: 0.35 s at 10k documents, 3 s at 96k). A refit
clusters the window afresh; it is due on the first run, every ``refit_every`` runs, when the
window has grown ``refit_growth`` times since the last refit (so early weeks, when every week
adds a lot, refit often), when the previous run left more than ``refit_outlier_share`` of the
window unplaced, and when the parameters or the embedding model changed. Either way the run's
topics are matched to the previous run's (:mod:`models.topics.identity`), so ids, histories and
lineage carry on, and everything is written in one transaction.

Everything is a function of the stored documents, embeddings, terms and the previous run:
documents in doc_id order, PCA and HDBSCAN without randomness, births numbered in a fixed
order. Re-running a period therefore reproduces the same topics, ids and assignments.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, timedelta
from typing import TypedDict

import numpy as np
import pyarrow as pa

from kernel.clock import utc_now
from kernel.periods import period_end as end_of_period
from kernel.periods import week_of
from models.embeddings import DEFAULT_MODEL_NAME
from models.topics.identity import Cluster, KnownTopic, match_topics
from models.topics.model import (
    OUTLIER,
    TermMatrix,
    TopicParams,
    fit_clusters,
    label_of,
    term_matrix,
    top_terms,
    topic_centroids,
    word_matrix,
)
from models.topics.placement import (
    Placement,
    carry_over,
    discover,
    drop_empty,
    from_labels,
    merge_similar,
    place_outliers,
    protect_known,
)
from models.topics.term_mentions import with_mentions
from models.topics.term_seeds import Seed, seed_first, seed_from_terms
from warehouse.connection import Warehouse
from warehouse.topics import (
    LineageRecord,
    StoredTopicRun,
    TopicRecord,
    TopicRunRecord,
    WindowDocuments,
    count_window_documents,
    document_texts,
    previous_topic_run,
    run_assignments,
    run_topics,
    save_topic_run,
    window_documents,
    window_term_counts,
)

log = logging.getLogger(__name__)


class TopicsCounts(TypedDict):
    """What a topics run reports to the run record (``mode``: refit or assign)."""

    mode: str
    documents: int
    new_documents: int
    without_embedding: int
    topics: int
    born: int
    seeded_by_terms: int
    outliers: int
    outlier_share: float
    vocabulary: str


def run_topics_stage(
    wh: Warehouse,
    *,
    run_id: str,
    period: str,
    period_end: date | None = None,
    params: TopicParams | None = None,
    embedder_name: str = DEFAULT_MODEL_NAME,
    series: str = "weekly",
) -> TopicsCounts:
    """Compute and store the topics of ``run_id`` for ``period``; returns counts for the run.

    The window holds documents dated after ``period_end - window_weeks`` up to ``period_end``
    (default: the last day of ``period``; backtests pass their own and their own ``series``).
    """
    params = params or TopicParams()
    end = period_end or end_of_period(period)
    start = end - timedelta(weeks=params.window_weeks)
    docs = window_documents(wh.con, embedder_name, start=start, end=end)
    missing = count_window_documents(wh.con, start=start, end=end) - len(docs)
    previous = previous_topic_run(wh.con, series=series, period_end=end, run_id=run_id)
    known = run_topics(wh.con, previous["run_id"]) if previous else []
    placed = run_assignments(wh.con, previous["run_id"]) if previous else {}
    same_space = previous is not None and previous["embed_model"] == embedder_name
    terms = _terms(wh, docs, params)
    refit = not same_space or _refit_due(previous, len(docs), params)

    carried = carry_over(docs.doc_ids, [t.topic_id for t in known], placed)
    placement = _place(docs, terms, carried, refit=refit, end=end, params=params)
    placement, seeds, held = seed_from_terms(
        placement,
        _term_uses(wh, docs, terms, params),
        _recent(docs, end, max(1, round(params.window_weeks * params.seed_recent_share))),
        params,
    )
    seeded = {seed.topic: seed for seed in seeds}

    centroids = topic_centroids(docs.vectors, placement.labels, placement.n_topics)
    topic_terms = top_terms(terms, placement.labels, placement.n_topics, params.n_terms)
    for k, seed in seeded.items():
        topic_terms[k] = seed_first(seed.terms, topic_terms[k], params.n_terms)
    firsts = _firsts(docs, placement)
    identity = match_topics(
        [KnownTopic(t.topic_id, t.centroid, tuple(t.terms)) for t in known],
        [
            Cluster(firsts[k][0], centroids[k], tuple(topic_terms[k]))
            for k in range(placement.n_topics)
        ],
        next_number=previous["next_topic_number"] if previous else 1,
        # Centroids from another embedding model live in another space: match on terms.
        params=params.identity if same_space else replace(params.identity, centroid_weight=0.0),
    )
    before = {t.topic_id: t for t in known}
    topics = [
        TopicRecord(
            topic_id=tid,
            label=label_of(topic_terms[k], params.label_terms),
            terms=topic_terms[k],
            size=placement.size(k),
            centroid=centroids[k],
            first_period=before[tid].first_period if tid in before else firsts[k][1],
            born_run=before[tid].born_run if tid in before else run_id,
            origin=_origin(seeded.get(k), before.get(tid)),
            rising_terms=list(held.get(k, ())),
        )
        for k, tid in enumerate(identity.ids)
    ]
    lineage = [
        LineageRecord(r.topic_id, r.relation, r.other_topic_id, r.similarity)
        for r in identity.lineage
    ]
    lineage += [
        LineageRecord(identity.ids[k], "split_from", identity.ids[seed.parent], None)
        for k, seed in seeded.items()
        if seed.parent is not None and identity.ids[k] in identity.born
    ]
    record = TopicRunRecord(
        run_id=run_id,
        series=series,
        period=period,
        period_end=end,
        window_start=start,
        model_kind="refit" if refit else "assign",
        embed_model=embedder_name,
        previous_run_id=previous["run_id"] if previous else None,
        n_docs=len(docs),
        n_new_docs=sum(doc_id not in placed for doc_id in docs.doc_ids),
        n_outliers=placement.size(OUTLIER),
        n_topics=len(topics),
        n_born=len(identity.born),
        next_topic_number=identity.next_number,
        runs_since_refit=0 if refit or previous is None else previous["runs_since_refit"] + 1,
        docs_at_refit=len(docs) if refit or previous is None else previous["docs_at_refit"],
        params=params.as_dict(),
    )
    save_topic_run(
        wh,
        record,
        sorted(topics, key=lambda t: t.topic_id),
        _assignments(docs, placement.labels, centroids, identity.ids),
        lineage,
        at=utc_now(),
    )
    counts: TopicsCounts = {
        "mode": record.model_kind,
        "documents": record.n_docs,
        "new_documents": record.n_new_docs,
        "without_embedding": missing,
        "topics": record.n_topics,
        "born": record.n_born,
        "seeded_by_terms": len(seeds),
        "outliers": record.n_outliers,
        "outlier_share": round(record.outlier_share, 4),
        "vocabulary": "terms" if terms.from_terms else "words",
    }
    log.info("topics %s: %s", run_id, counts)
    return counts


def _place(
    docs: WindowDocuments,
    terms: TermMatrix,
    carried: Placement,
    *,
    refit: bool,
    end: date,
    params: TopicParams,
) -> Placement:
    """This run's topic of every window document (the steps of :mod:`models.topics.placement`)."""
    if refit:
        placement = from_labels(fit_clusters(docs.vectors, terms, params))
        placement = protect_known(placement, carried, terms, params)
        placement = merge_similar(placement, terms, params.merge_term_similarity)
    else:
        placement = carried
    placement = place_outliers(docs.vectors, placement, params.assign_similarity)
    recent = _recent(docs, end, params.discovery_weeks)
    return drop_empty(discover(docs.vectors, recent, placement, terms, params))


def _origin(seed: Seed | None, before: TopicRecord | None) -> str | None:
    """How the topic was found: the rising terms that seeded it (kept while it lives)."""
    if seed is not None:
        return "terms: " + ", ".join(seed.terms[:5])
    return before.origin if before is not None else None


def _refit_due(previous: StoredTopicRun | None, n_docs: int, params: TopicParams) -> bool:
    if previous is None:
        return True
    return (
        previous["runs_since_refit"] + 1 >= params.refit_every
        or n_docs >= params.refit_growth * max(previous["docs_at_refit"], 1)
        or previous["outlier_share"] > params.refit_outlier_share
        or previous["params"] != params.as_dict()
    )


def _terms(wh: Warehouse, docs: WindowDocuments, params: TopicParams) -> TermMatrix:
    matrix = term_matrix(
        len(docs), window_term_counts(wh.con, docs.doc_ids, min_df=params.min_term_df)
    )
    if matrix is not None:
        return matrix
    texts = document_texts(wh.con, docs.doc_ids)
    return word_matrix([texts[d] for d in docs.doc_ids], min_df=params.min_term_df)


def _term_uses(
    wh: Warehouse, docs: WindowDocuments, terms: TermMatrix, params: TopicParams
) -> TermMatrix:
    """The terms each document uses for seeding: extracted, or mentioned in a headline
    (:mod:`models.topics.term_mentions`); the word fallback already comes from the text."""
    if params.seed_growth <= 0 or params.seed_mention_words <= 0 or not terms.from_terms:
        return terms
    texts = document_texts(wh.con, docs.doc_ids)
    return with_mentions(
        terms, [texts[d] for d in docs.doc_ids], max_words=params.seed_mention_words
    )


def _recent(docs: WindowDocuments, end: date, weeks: int) -> np.ndarray:
    """Documents of the last ``weeks`` ISO weeks up to ``end`` (week labels sort in time)."""
    first = week_of(end - timedelta(weeks=weeks) + timedelta(days=1))
    return np.array([period >= first for period in docs.periods], dtype=bool)


def _firsts(docs: WindowDocuments, placement: Placement) -> list[tuple[str, str]]:
    """(first doc id, earliest period) of every topic; documents come in doc_id order."""
    firsts: list[tuple[str, str] | None] = [None] * placement.n_topics
    for i, topic in enumerate(placement.labels):
        if topic < 0:
            continue
        seen = firsts[topic]
        if seen is None:
            firsts[topic] = (docs.doc_ids[i], docs.periods[i])
        elif docs.periods[i] < seen[1]:
            firsts[topic] = (seen[0], docs.periods[i])
    return [first or ("", "") for first in firsts]


def _assignments(
    docs: WindowDocuments, labels: np.ndarray, centroids: np.ndarray, ids: list[str]
) -> pa.Table:
    inside = labels >= 0
    similarity = np.full(len(labels), np.nan)
    if inside.any():
        similarity[inside] = np.einsum(
            "ij,ij->i", docs.vectors[inside], centroids[labels[inside]]
        ).round(6)
    topic_ids = [ids[k] if k >= 0 else None for k in labels]
    return pa.table(
        {
            "doc_id": pa.array(docs.doc_ids, pa.string()),
            "topic_id": pa.array(topic_ids, pa.string()),
            "probability": pa.array(similarity, pa.float64(), mask=~inside),
        }
    )
