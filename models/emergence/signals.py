"""Indicators of one topic's share series, the building blocks of the emergence status.

Every function takes a topic's document counts ``n[t]`` and the total documents ``N[t]`` of the
same periods (the share is ``n/N``, so a busy week does not look like growth) and is robust to
the tiny counts of a topic that has only just appeared: shares are smoothed by adding ``alpha``
documents, comparisons carry a significance (a signed-root likelihood-ratio statistic, which
stays meaningful with zero counts), and growth can leave out the strongest recent periods so
that a one-week spike cannot pass for sustained growth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class WindowGrowth:
    """Recent window against the base window before it (shares are raw, growth smoothed)."""

    share_recent: float
    share_base: float
    growth: float
    z: float
    sustained_growth: float
    sustained_z: float
    sustained_docs: int
    present: int
    base_periods: int  # base periods that hold any documents at all


def signed_root_z(x: float, m: float, p: float) -> float:
    """Signed root of the binomial likelihood ratio for ``x`` of ``m`` events at rate ``p``.

    Given that a topic has ``m`` documents in the recent and base windows together, under
    "no change" each falls in the recent window with probability ``p`` (its share of all
    documents); the statistic is about N(0, 1) under that null, positive for growth.
    """
    if m <= 0 or not 0 < p < 1:
        return 0.0
    expected = m * p

    def term(obs: float, exp: float) -> float:
        return obs * math.log(obs / exp) if obs > 0 else 0.0

    g = 2 * (term(x, expected) + term(m - x, m - expected))
    return math.copysign(math.sqrt(max(g, 0.0)), x - expected)


def _smoothed(n: float, total: float, alpha: float) -> float:
    return (n + alpha) / total if total > 0 else math.nan


def window_growth(
    n: np.ndarray, totals: np.ndarray, *, recent: int, base: int, drop: int, alpha: float
) -> WindowGrowth:
    """Share of the last ``recent`` periods against the ``base`` periods before them.

    ``sustained_*`` repeat the comparison without the ``drop`` recent periods of highest share:
    growth that survives losing its best week is growth that persisted.
    """
    rn, rt = n[-recent:], totals[-recent:]
    bn, bt = n[-recent - base : -recent], totals[-recent - base : -recent]
    keep = np.argsort(-(rn / np.where(rt > 0, rt, 1)), kind="stable")[drop:]
    sn, st = rn[keep], rt[keep]
    base_share = _smoothed(bn.sum(), bt.sum(), alpha)

    def z(x: np.ndarray, t: np.ndarray) -> float:
        both = t.sum() + bt.sum()
        return signed_root_z(x.sum(), x.sum() + bn.sum(), t.sum() / both) if both > 0 else 0.0

    return WindowGrowth(
        share_recent=float(rn.sum() / rt.sum()) if rt.sum() > 0 else 0.0,
        share_base=float(bn.sum() / bt.sum()) if bt.sum() > 0 else math.nan,
        growth=_smoothed(rn.sum(), rt.sum(), alpha) / base_share,
        z=z(rn, rt),
        sustained_growth=_smoothed(sn.sum(), st.sum(), alpha) / base_share,
        sustained_z=z(sn, st),
        sustained_docs=int(sn.sum()),
        present=int((rn > 0).sum()),
        base_periods=int((bt > 0).sum()),
    )


def log_linear_trend(n: np.ndarray, totals: np.ndarray) -> tuple[float, float]:
    """Slope of log share per period and its z, by Poisson regression with offset log N.

    Fitted by Newton steps (iteratively reweighted least squares) on ``log E[n_t] = log N_t +
    a + b t``; the standard error is inflated by the Pearson dispersion when counts vary more
    than Poisson (the weekly volume noise of real feeds). Periods without documents at all are
    skipped; fewer than four usable periods give no trend.
    """
    t = np.flatnonzero(totals > 0).astype(float)
    y, offset = n[totals > 0].astype(float), np.log(totals[totals > 0])
    if len(y) < 4 or y.sum() == 0:
        return 0.0, 0.0
    x = np.column_stack([np.ones_like(t), t - t.mean()])
    beta = np.array([math.log(y.sum() / np.exp(offset).sum()), 0.0])
    for _ in range(50):
        mu = np.exp(offset + x @ beta)
        info = x.T @ (x * mu[:, None])
        step = np.linalg.solve(info + 1e-9 * np.eye(2), x.T @ (y - mu))
        step *= min(1.0, 1.0 / np.abs(step).max()) if np.abs(step).max() > 0 else 1.0
        beta += step
        if np.abs(step).max() < 1e-9:
            break
    mu = np.exp(offset + x @ beta)
    info = x.T @ (x * mu[:, None])
    dispersion = max(1.0, float(((y - mu) ** 2 / mu).sum()) / (len(y) - 2))
    variance = np.linalg.inv(info + 1e-9 * np.eye(2))[1, 1] * dispersion
    return float(beta[1]), float(beta[1] / math.sqrt(variance))


@dataclass(frozen=True)
class Spike:
    """The peak period, its share over its neighbours' smoothed share, and the z of that."""

    peak: int
    ratio: float
    z: float


def spike(
    n: np.ndarray, totals: np.ndarray, *, alpha: float, width: int = 2, at: int | None = None
) -> Spike:
    """How far period ``at`` (default: the highest share) towers over the periods around it.

    The neighbours are the ``width`` periods on each side. A news burst towers over the weeks
    around it; a topic that grows week by week stays within 2-3 times its neighbours. The z
    (peak against neighbours, see :func:`signed_root_z`) keeps 6 documents after a week of 1
    from counting as a spike as surely as 15 after a week of none.
    """
    share = n / np.where(totals > 0, totals, 1)
    peak = int(np.argmax(share)) if at is None else at
    around = np.r_[max(0, peak - width) : peak, peak + 1 : min(len(n), peak + width + 1)]
    near_n, near_t = n[around].sum(), totals[around].sum()
    if near_t <= 0:
        return Spike(peak, math.inf, math.inf)
    ratio = float(share[peak] / _smoothed(near_n, near_t, alpha))
    z = signed_root_z(n[peak], n[peak] + near_n, totals[peak] / (totals[peak] + near_t))
    return Spike(peak, ratio, z)


def kinds_order(first_by_kind: dict[str, int], canonical: tuple[str, ...]) -> list[str]:
    """Kinds by the period of their first document; ties keep the canonical order."""
    rank = {kind: i for i, kind in enumerate(canonical)}
    return sorted(first_by_kind, key=lambda k: (first_by_kind[k], rank.get(k, len(rank)), k))
