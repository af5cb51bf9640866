"""Emergence status of topics and rising terms, from counts per period (pure functions).

An analyst acts on the status, so it must be right on tiny numbers: a planted topic starts
at one document a week. This module turns the long count frames of the warehouse into one
series per topic (counts of all kinds, normalised by each period's total of all kinds) and
hands it to :mod:`models.emergence.status`, which holds the status rules and the score; the
indicators themselves live in :mod:`models.emergence.signals`, :mod:`models.emergence.burst`
(Kleinberg) and :mod:`models.emergence.porter` (EScore). No I/O, no clock: the current period is
the last of ``periods``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kernel.periods import ordinal, unit_of
from models.emergence.continuation import Continuation
from models.emergence.params import EmergenceParams
from models.emergence.porter import porter_score
from models.emergence.signals import kinds_order
from models.emergence.status import (
    PROGRESSION,
    RESEARCH_KINDS,
    ago,
    combined_score,
    continuation_evidence,
    indicators,
    research_evidence,
    status_of,
    supporting_reasons,
    term_evidence,
)

STATUSES = ("new", "emerging", "burst", "growing", "declining", "stable")
FLAGGED_STATUSES = ("new", "emerging")


def _check(frame: pd.DataFrame, columns: set[str], name: str) -> None:
    missing = columns - set(frame.columns)
    if missing:
        raise ValueError(f"{name} lacks column(s) {sorted(missing)}")


@dataclass(frozen=True)
class _Window:
    """Counts reshaped for scoring: one row per key over the window's periods."""

    matrix: pd.DataFrame  # key x period, documents
    total: np.ndarray  # all documents per period
    age: pd.Series  # periods since each key's first document (up to the current period)
    first_by_kind: dict[object, dict[str, str]]  # key -> kind -> period of its first document
    # key -> publications and patents in the last ``recent`` periods (empty: kinds unknown)
    research_recent: dict[object, int]


def _window(
    counts: pd.DataFrame, totals: pd.DataFrame, key: str, periods: list[str], recent: int = 1
) -> _Window:
    if not periods:
        raise ValueError("periods must hold at least the current period")
    unit, now = unit_of(periods[-1]), ordinal(periods[-1])
    found = {p: unit_of(p) for p in {*periods, *pd.unique(counts["period"])}}
    if set(found.values()) != {unit}:
        raise ValueError(f"periods of several units {sorted(set(found.values()))}; use one unit")
    if [ordinal(p) for p in periods] != list(range(now - len(periods) + 1, now + 1)):
        raise ValueError("periods must be consecutive and in order (see kernel.periods)")
    labels = {ordinal(p): p for p in pd.unique(counts["period"])}
    order = counts["period"].map({p: o for o, p in labels.items()}).astype("int64")
    keep = (counts["n"] > 0) & (order <= now)
    seen = counts.loc[keep].assign(_ord=order[keep])
    first = seen.groupby(key)["_ord"].min()
    matrix = (
        seen[seen["period"].isin(periods)]
        .groupby([key, "period"])["n"]
        .sum()
        .unstack(fill_value=0)
        .reindex(index=first.index, columns=periods, fill_value=0)
    )
    by_kind: dict[object, dict[str, str]] = {}
    research: dict[object, int] = {}
    if "kind" in seen.columns:
        first_of_kind = seen.groupby([key, "kind"])["_ord"].min()
        for (item, kind), o in zip(first_of_kind.index, first_of_kind, strict=True):
            by_kind.setdefault(item, {})[str(kind)] = labels[o]
        latest = seen[seen["period"].isin(periods[-recent:]) & seen["kind"].isin(RESEARCH_KINDS)]
        research = {item: 0 for item in first.index}
        research.update(latest.groupby(key)["n"].sum().astype(int).to_dict())
    total = totals.groupby("period")["n"].sum().reindex(periods, fill_value=0)
    return _Window(matrix, total.to_numpy(dtype=float), now - first, by_kind, research)


def score_topics(
    counts: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    periods: list[str],
    breadth: pd.DataFrame | None = None,
    term_novelty: pd.DataFrame | None = None,
    origins: dict[str, str] | None = None,
    rising: dict[str, list[str]] | None = None,
    continues: Mapping[str, Continuation] | None = None,
    params: EmergenceParams,
) -> pd.DataFrame:
    """Status, score and reasons of every topic with documents up to the current period.

    ``counts``: columns ``topic_id, period, n`` (documents of the topic in the period) and
    optionally ``kind``; rows after the current period (``periods[-1]``) are ignored, rows
    before the window only date the topic's first document. ``totals``: ``period, n`` (all
    documents of the period, any ``kind`` column is summed). ``periods``: the ordered window,
    last = current. ``breadth``: ``topic_id, n_sources, n_orgs, n_countries``.
    ``term_novelty``: ``topic_id, new_term_share``. ``origins``: topic_id → how a topic not
    found by the clustering was found (``terms: a, b``). ``rising``: topic_id → the rising terms
    its run found in it. ``continues``: topic_id → the earlier flag it continues
    (:func:`models.emergence.continuation.continuations`). One row per topic, best score first.
    """
    _check(counts, {"topic_id", "period", "n"}, "counts")
    _check(totals, {"period", "n"}, "totals")
    window = _window(counts, totals, "topic_id", periods, params.recent_periods)
    extra = _extras(breadth, term_novelty)
    for topic, origin in (origins or {}).items():
        extra.setdefault(topic, {})["origin"] = origin
    for topic, found in (rising or {}).items():
        extra.setdefault(topic, {})["rising_terms"] = list(found)
    for topic, continued in (continues or {}).items():
        extra.setdefault(topic, {})["continues"] = continued
    rows = [
        _score_one(
            topic,
            n,
            window.total,
            int(window.age[topic]),
            periods,
            window.first_by_kind.get(topic, {}),
            window.research_recent.get(topic),
            extra.get(topic, {}),
            params,
        )
        for topic, n in zip(window.matrix.index, window.matrix.to_numpy(dtype=float), strict=True)
    ]
    frame = pd.DataFrame(rows, columns=_COLUMNS)
    return frame.sort_values(["score", "topic_id"], ascending=[False, True], ignore_index=True)


_COLUMNS = [
    "topic_id", "status", "score", "share_recent", "share_base", "growth", "sustained_growth",
    "z", "trend", "trend_z", "age", "first_period", "burst", "burst_since", "burst_weight",
    "porter", "porter_eligible", "n_sources", "n_orgs", "n_countries", "new_term_share",
    "kinds_order", "held_back", "continues", "reasons",
]  # fmt: skip


def _extras(breadth: pd.DataFrame | None, novelty: pd.DataFrame | None) -> dict[object, dict]:
    """Per topic: breadth counts (int) and new-term share (float); missing values left out."""
    out: dict[object, dict] = {}
    parts = (
        (breadth, "breadth", {"n_sources": int, "n_orgs": int, "n_countries": int}),
        (novelty, "term_novelty", {"new_term_share": float}),
    )
    for frame, name, casts in parts:
        if frame is None:
            continue
        _check(frame, {"topic_id", *casts}, name)
        for rec in frame[["topic_id", *casts]].to_dict("records"):
            values = {k: cast(rec[k]) for k, cast in casts.items() if not pd.isna(rec[k])}
            out.setdefault(rec["topic_id"], {}).update(values)
    return out


def _score_one(
    topic: object,
    n: np.ndarray,
    total: np.ndarray,
    age: int,
    periods: list[str],
    first_kinds: dict[str, str],
    research: int | None,
    extra: dict,
    p: EmergenceParams,
) -> dict:
    """Indicators, status, score and reasons of one topic's window counts."""
    community = max(int(extra.get("n_orgs") or 0), int(extra.get("n_sources") or 0)) or None
    ind = indicators(n, total, age, community, p)
    order = kinds_order({k: ordinal(v) for k, v in first_kinds.items()}, PROGRESSION)
    sources = extra.get("n_sources")
    crossed, reason = term_evidence(*status_of(ind, n, total, periods, p, sources), extra, p)
    before = crossed
    crossed, reason = continuation_evidence(crossed, reason, extra)
    continues = extra["continues"].topic_id if crossed != before else None
    status, lead = research_evidence(crossed, reason, research, p)
    bursts = ind.bursts
    shown = bursts.bursts[-1] if bursts.states[-1] else ind.recent_burst
    return {
        "topic_id": topic,
        "status": status,
        "score": round(combined_score(ind, status, order, extra, p), 6),
        "share_recent": ind.growth.share_recent,
        "share_base": ind.growth.share_base,
        "growth": ind.growth.growth,
        "sustained_growth": ind.growth.sustained_growth,
        "z": ind.growth.sustained_z,
        "trend": ind.trend_change,
        "trend_z": ind.trend_z,
        "age": age,
        "first_period": periods[ind.start] if age < len(periods) else None,
        "burst": bool(bursts.states[-1]),
        "burst_since": periods[shown.start] if shown else None,
        "burst_weight": shown.weight if shown else 0.0,
        "porter": ind.porter.escore,
        "porter_eligible": ind.porter.eligible,
        **{k: extra.get(k) for k in ("n_sources", "n_orgs", "n_countries", "new_term_share")},
        "kinds_order": "→".join(order),
        "held_back": crossed if status != crossed else None,
        "continues": continues,
        "reasons": [lead, *supporting_reasons(ind, periods, first_kinds, order, extra, p)],
    }


def flagged(scores: pd.DataFrame, *, top: int) -> pd.DataFrame:
    """What an early warning raises: ``new`` and ``emerging`` topics, best score first.

    Bursts are left out on purpose: a spike that fades is news, not an emerging technology
    (the report lists bursts separately from the scores frame).
    """
    chosen = scores[scores["status"].isin(FLAGGED_STATUSES)]
    return (
        chosen.sort_values("score", ascending=False, kind="stable").head(top).reset_index(drop=True)
    )


def score_terms(
    counts: pd.DataFrame, totals: pd.DataFrame, *, periods: list[str], params: EmergenceParams
) -> pd.DataFrame:
    """Porter EScore of every term, listed beside the topics as *rising terms*.

    ``counts``: ``term, period, n`` (documents containing the term); ``totals``: ``period, n``.
    The EScore window is the last ``params.porter.window`` periods. Eligible terms first, then
    by EScore; the community criterion is not applied (terms carry no organisations).
    """
    _check(counts, {"term", "period", "n"}, "counts")
    _check(totals, {"period", "n"}, "totals")
    window = _window(counts, totals, "term", periods)
    total = window.total
    rows = []
    for term, n in zip(window.matrix.index, window.matrix.to_numpy(dtype=float), strict=True):
        result = porter_score(n, total, params=params.porter)
        growth = _active_growth(n, total, params)
        age = int(window.age[term])
        first_period = periods[-1 - age] if age < len(periods) else None
        reasons = [
            f"Porter EScore {result.escore:.2f} (emergent above {params.porter.threshold:g})",
            f"active-period share {growth:.1f}x the base period",
            f"first seen {ago(age, params.unit)}" + (f" ({first_period})" if first_period else ""),
            *(f"not eligible: {why}" for why in result.failed),
        ]
        rows.append((term, result.escore, result.eligible, growth, first_period, reasons))
    frame = pd.DataFrame(
        rows, columns=["term", "porter", "eligible", "growth", "first_period", "reasons"]
    )
    return frame.sort_values(
        ["eligible", "porter", "term"], ascending=[False, False, True], ignore_index=True
    )


def _active_growth(n: np.ndarray, total: np.ndarray, params: EmergenceParams) -> float:
    """Smoothed share of the EScore's active periods over its base periods (finite for 0 base)."""
    n, total = n[-params.porter.window :], total[-params.porter.window :]
    k = max(0, len(n) - params.porter.active_periods)
    if total[:k].sum() <= 0 or total[k:].sum() <= 0:
        return math.nan
    active = (n[k:].sum() + params.alpha) / total[k:].sum()
    return float(active / ((n[:k].sum() + params.alpha) / total[:k].sum()))
