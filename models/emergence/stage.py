"""The emergence stage: a run's topic counts from the warehouse, scored, written back.

Scoring itself is pure (:mod:`models.emergence.scoring`); this module only gathers its inputs —
counts per topic, period and kind over the window, the volume of every period, breadth, the
novelty of each topic's terms and the topics flagged in earlier periods — and stores the result
in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kernel.periods import Unit, period_end, period_range, period_start, shift
from models.emergence.continuation import EarlierFlag, continuations
from models.emergence.params import EmergenceParams
from models.emergence.scoring import score_terms, score_topics
from warehouse.connection import Warehouse
from warehouse.scores import (
    earlier_flags,
    period_totals,
    replace_scores,
    term_period_counts,
    topic_breadth,
    topic_period_counts,
    topic_term_first_seen,
)
from warehouse.topics import run_topics


@dataclass(frozen=True)
class EmergenceSettings:
    """How far back scoring looks, and how many rising terms are kept."""

    window_periods: int = 52
    top_terms: int = 100
    term_min_df: int = 3


def scoring_periods(con_totals: pd.DataFrame, period: str, window_periods: int) -> list[str]:
    """The window ending at ``period``, starting no earlier than the first period with data."""
    periods = period_range(shift(period, -(window_periods - 1)), period)
    present = set(con_totals["period"]) if len(con_totals) else set()
    first = next((p for p in periods if p in present), period)
    return periods[periods.index(first) :]


def run_emergence_stage(
    wh: Warehouse,
    *,
    run_id: str,
    period: str,
    unit: Unit = "week",
    params: EmergenceParams | None = None,
    settings: EmergenceSettings | None = None,
) -> dict[str, object]:
    """Score every topic of ``run_id`` as of ``period``; returns counts for the run record."""
    params = params or EmergenceParams.for_unit(unit)
    settings = settings or EmergenceSettings()
    con = wh.con
    end = period_end(period)
    start = period_start(shift(period, -(settings.window_periods - 1)))
    totals = period_totals(con, unit=unit, start=start, end=end)
    periods = scoring_periods(totals, period, settings.window_periods)
    counts = topic_period_counts(con, run_id, unit=unit, end=end)
    topics = pd.DataFrame()
    if len(counts):
        stored = run_topics(con, run_id)
        topics = score_topics(
            counts,
            totals,
            periods=periods,
            breadth=topic_breadth(con, run_id),
            term_novelty=_term_novelty(topic_term_first_seen(con, run_id), period, params),
            origins={t.topic_id: t.origin for t in stored if t.origin},
            rising={t.topic_id: t.rising_terms for t in stored if t.rising_terms},
            continues=continuations(
                {t.topic_id: t.centroid for t in stored},
                {
                    t: EarlierFlag(p, c, via)
                    for t, p, c, via in earlier_flags(con, run_id, since=start)
                },
                min_similarity=params.continuation_min_similarity,
                min_z=params.continuation_min_z,
            ),
            params=params,
        )
    term_counts = term_period_counts(
        con, unit=unit, start=start, end=end, min_df=settings.term_min_df
    )
    terms = pd.DataFrame()
    if len(term_counts):
        terms = score_terms(term_counts, totals, periods=periods, params=params)
        terms = terms.head(settings.top_terms)
    with wh.transaction() as tx:
        replace_scores(tx, run_id, period, topics, terms)
    statuses = (
        {str(s): n for s, n in topics["status"].value_counts().to_dict().items()}
        if len(topics)
        else {}
    )
    held = int(topics["held_back"].notna().sum()) if len(topics) else 0
    return {
        "topics": len(topics),
        "rising_terms": len(terms),
        **statuses,
        "held_back": held,
        "empty_periods": empty_periods(totals, periods),
    }


def empty_periods(totals: pd.DataFrame, periods: list[str]) -> list[str]:
    """Periods of the scoring window without a single document: scored as zero, they read as a
    collapse of every topic, so callers must say so (a feed outage, a gap in an import)."""
    present = set(totals.loc[totals["n"] > 0, "period"]) if len(totals) else set()
    return [p for p in periods if p not in present]


def _term_novelty(
    first_seen: pd.DataFrame, period: str, params: EmergenceParams
) -> pd.DataFrame | None:
    """Share of each topic's label terms first seen within the recent periods (weeks only)."""
    if params.unit != "week" or first_seen.empty:
        return None
    recent_start = shift(period, -(params.recent_periods + params.new_max_age))
    fresh = first_seen["first_seen"].fillna("").astype(str) >= recent_start
    share = fresh.groupby(first_seen["topic_id"]).mean()
    return pd.DataFrame({"topic_id": share.index, "new_term_share": share.to_numpy()})
