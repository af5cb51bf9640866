"""The methods compared in ``benchmarks/baselines.py``: Horizon and three baselines.

All of them read the same warehouse and answer, period by period and without look-ahead,
which topics an early warning would raise:

- **horizon**: the ``new`` and ``emerging`` statuses of Horizon's own scoring, as stored by
  the weekly runs (demo) or written by ``horizon backtest`` (patents);
- **share-growth** (a): Horizon's topics, flagged when their share of the recent periods is at
  least ``emerging_growth`` times their share of the base periods, nothing else;
- **kleinberg** (b): Horizon's topics, flagged when Kleinberg's automaton puts the current
  period in a burst state (:func:`models.emergence.burst.detect_bursts`, same ``s`` and ``gamma``);
- **bertopic** (c): plain BERTopic (its defaults: UMAP, HDBSCAN, CountVectorizer) refitted on
  the topic window's documents and cached embeddings, ``topics_over_time`` per period, and the
  share-growth rule of (a) on those frequencies.

The baselines use Horizon's thresholds (``EmergenceParams.for_unit``: recent and base periods,
growth ratio, smoothing) and the same floor of ``min_recent_docs`` documents in the recent
periods, so that what differs is the rule, not the tuning. Each rule needs
``min_base_periods`` base periods with documents, as Horizon does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from benchmarks.detection_truth import Flag
from kernel.periods import ordinal, period_end, period_of, period_start, shift
from models.emergence.burst import detect_bursts
from models.emergence.params import EmergenceParams
from models.emergence.stage import scoring_periods
from warehouse.connection import Warehouse
from warehouse.reporting import topic_external_ids
from warehouse.scores import period_totals, topic_period_counts, topic_scores_for_run
from warehouse.topics import run_topics

HORIZON_STATUSES = ("new", "emerging")


@dataclass(frozen=True)
class Corpus:
    """Every document of a benchmark corpus, as the warehouse holds it, in doc_id order."""

    external_ids: list[str]
    published: list[date]
    texts: list[str]
    vectors: np.ndarray


def horizon_flags(wh: Warehouse, run_id: str, period: str) -> list[Flag]:
    """Horizon's ``new`` and ``emerging`` topics of a stored run."""
    scores = topic_scores_for_run(wh.con, run_id)
    chosen = list(scores.loc[scores["status"].isin(HORIZON_STATUSES), "topic_id"])
    return _stored_flags(wh, run_id, period, chosen)


def _stored_flags(wh: Warehouse, run_id: str, period: str, chosen: list[str]) -> list[Flag]:
    docs = topic_external_ids(wh.con, run_id, chosen, until=period_end(period))
    labels = {t.topic_id: t.label for t in run_topics(wh.con, run_id)}
    return [Flag(period, t, tuple(docs.get(t, [])), labels.get(t, "")) for t in chosen]


def run_series(
    wh: Warehouse, run_id: str, period: str, unit: str, window_periods: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """Documents per topic (rows) and period (columns) of a stored run, and all documents."""
    end = period_end(period)
    start = period_start(shift(period, -(window_periods - 1)))
    totals = period_totals(wh.con, unit=unit, start=start, end=end)
    periods = scoring_periods(totals, period, window_periods)
    counts = topic_period_counts(wh.con, run_id, unit=unit, end=end)
    matrix = (
        counts.groupby(["topic_id", "period"])["n"]
        .sum()
        .unstack(fill_value=0)
        .reindex(columns=periods, fill_value=0)
    )
    total = totals.groupby("period")["n"].sum().reindex(periods, fill_value=0)
    return matrix, total.to_numpy(dtype=float)


def growth_rule(n: np.ndarray, total: np.ndarray, p: EmergenceParams) -> bool:
    """Share growth alone: recent share at least ``emerging_growth`` times the base share."""
    counts, totals = _split(n, p), _split(total, p)
    if counts is None or totals is None:
        return False
    (n_base, n_recent), (t_base, t_recent) = counts, totals
    if t_recent.sum() <= 0 or np.count_nonzero(t_base) < p.min_base_periods:
        return False
    if n_recent.sum() < p.min_recent_docs:
        return False
    share_recent = (n_recent.sum() + p.alpha) / t_recent.sum()
    share_base = (n_base.sum() + p.alpha) / t_base.sum()
    return share_recent >= p.emerging_growth * share_base


def burst_rule(n: np.ndarray, total: np.ndarray, p: EmergenceParams) -> bool:
    """Kleinberg alone: the current period is in the burst state."""
    split = _split(n, p)
    if split is None or split[1].sum() < p.min_recent_docs:
        return False
    if np.count_nonzero(total[: -p.recent_periods]) < p.min_base_periods:
        return False
    return bool(detect_bursts(n, total, s=p.burst_s, gamma=p.burst_gamma).states[-1])


def _split(values: np.ndarray, p: EmergenceParams) -> tuple[np.ndarray, np.ndarray] | None:
    """(base, recent) slices of a window series; None when it is too short to have a base."""
    if len(values) <= p.recent_periods:
        return None
    recent = values[-p.recent_periods :]
    base = values[-p.recent_periods - p.base_periods : -p.recent_periods]
    return base, recent


def rule_flags(
    wh: Warehouse,
    run_id: str,
    period: str,
    matrix: pd.DataFrame,
    total: np.ndarray,
    rule: Callable[[np.ndarray, np.ndarray, EmergenceParams], bool],
    p: EmergenceParams,
) -> list[Flag]:
    """The topics of a stored run that ``rule`` flags, with their documents."""
    chosen = [
        str(topic)
        for topic, n in zip(matrix.index, matrix.to_numpy(dtype=float), strict=True)
        if rule(n, total, p)
    ]
    return _stored_flags(wh, run_id, period, chosen)


def bertopic_flags(
    corpus: Corpus,
    period: str,
    *,
    unit: str,
    window_weeks: int,
    window_periods: int,
    params: EmergenceParams,
    random_state: int = 42,
) -> list[Flag]:
    """Plain BERTopic refitted on the window ending with ``period``, flagged by share growth."""
    from bertopic import BERTopic
    from umap import UMAP

    end = period_end(period)
    start = end - timedelta(weeks=window_weeks)
    inside = [i for i, day in enumerate(corpus.published) if start < day <= end]
    if len(inside) < 50:
        return []
    labels = [period_of(corpus.published[i], unit) for i in inside]
    texts = [corpus.texts[i] for i in inside]
    # BERTopic's own default UMAP settings, with a seed so that a re-run gives the same topics.
    model = BERTopic(
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=random_state
        ),
        calculate_probabilities=False,
    )
    topics, _ = model.fit_transform(texts, embeddings=corpus.vectors[inside])
    found = np.asarray(topics)
    over_time = model.topics_over_time(texts, [ordinal(label) for label in labels])
    periods = [shift(period, -k) for k in range(window_periods - 1, -1, -1)]
    position = {ordinal(label): j for j, label in enumerate(periods)}
    total = np.zeros(len(periods))
    for label in labels:
        if ordinal(label) in position:
            total[position[ordinal(label)]] += 1
    flags = []
    for topic, rows in over_time[over_time["Topic"] >= 0].groupby("Topic"):
        n = np.zeros(len(periods))
        for stamp, frequency in zip(rows["Timestamp"], rows["Frequency"], strict=True):
            if int(stamp) in position:
                n[position[int(stamp)]] = frequency
        if growth_rule(n, total, params):
            members = tuple(corpus.external_ids[inside[k]] for k in np.flatnonzero(found == topic))
            words = ", ".join(word for word, _ in model.get_topic(topic)[:4])
            flags.append(Flag(period, f"B{int(topic)}", members, words))
    return flags
