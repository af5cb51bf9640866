"""Porter-style emergence score (EScore) of one record-count series.

The Search Technology / Georgia Tech group scores a term (or topic) as emergent from its record
counts over a ten-period window: three *base* periods followed by seven *active* periods.
Sources: S. Carley, N. Newman, A. Porter, J. Garner, "An indicator of technical emergence",
Scientometrics 115 (2018) 35-49; A. Porter, J. Garner, S. Carley, N. Newman, "Emergence scoring
to identify frontier R&D topics and key players", Technological Forecasting & Social Change 146
(2019) 628-643. The papers were implemented from memory; the formulas and the 15 %, 2x and
7-record thresholds agree with the open re-implementation in datasciencecampus/pygrams
(``scripts/algorithms/emergence.py``), which we read but did not copy.

Criteria (all must hold for ``eligible``):

- *novelty*: in the base periods the series holds less than ``max_base_share`` (15 %) of all
  records — a term everybody already uses is not emerging;
- *persistence*: at least ``min_records`` (7) records in the window, in at least
  ``min_active_periods`` (3) of the seven active periods (our reading of the papers'
  persistence attribute; pygrams checks only the record count) — one-off mentions are no trend;
- *growth*: the active-period share of records is at least ``min_growth`` (2) times the base
  share. Deviation: the papers and pygrams compare raw record counts (7 active against 3 base
  periods); we compare shares, because weekly volumes vary and a 7:3 count ratio passes a flat
  series. A series absent from the base periods passes (pygrams rejects it; for us it is the
  most novel case, since a new topic has no base records by construction);
- *community*: at least ``min_community`` (2) distinct organisations or sources, when known
  (pygrams leaves this criterion as always true).

Score, with ``A1..A7`` the active-period counts and ``T1..T7`` the total records of those
periods (dividing by square roots damps the growth of the whole data set)::

    active_trend = (A5+A6+A7)/(√T5+√T6+√T7) − (A1+A2+A3)/(√T1+√T2+√T3)
    recent_trend = 10 · [(A6+A7)/(√T6+√T7) − (A4+A5)/(√T4+√T5)]
    slope        = 10 · [A7/√T7 − A4/√T4] / 3
    EScore       = 2 · active_trend + recent_trend + slope

Porter et al. call a term emergent when it is eligible and its EScore exceeds a threshold
(1.77 in their later studies, chosen empirically); we report the EScore and eligibility and
leave the threshold to the caller. A quotient whose totals are all zero counts as 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class PorterParams:
    """Window and criteria of the EScore; defaults are the papers' values (see module doc)."""

    base_periods: int = 3
    active_periods: int = 7
    max_base_share: float = 0.15
    min_active_periods: int = 3
    min_records: int = 7
    min_growth: float = 2.0
    min_community: int = 2
    threshold: float = 1.77

    def __post_init__(self) -> None:
        if self.base_periods < 1 or self.active_periods < 4:
            raise ValueError("the EScore needs at least 1 base and 4 active periods")

    @property
    def window(self) -> int:
        return self.base_periods + self.active_periods


@dataclass(frozen=True)
class PorterResult:
    """EScore, its three parts, and which criteria failed (empty when ``eligible``)."""

    escore: float
    active_trend: float
    recent_trend: float
    slope: float
    growth: float
    failed: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.failed


def _ratio(counts: np.ndarray, totals: np.ndarray) -> float:
    root = float(np.sqrt(totals).sum())
    return float(counts.sum()) / root if root > 0 else 0.0


def porter_score(
    counts: Sequence[float] | np.ndarray,
    totals: Sequence[float] | np.ndarray,
    *,
    community: int | None = None,
    params: PorterParams | None = None,
) -> PorterResult:
    """EScore of the last ``params.window`` periods of ``counts`` among ``totals`` records.

    Shorter series are padded at the front with empty periods. ``community`` is the number of
    distinct organisations (or sources) behind the records; ``None`` means unknown and the
    community criterion is then not applied.
    """
    p = params or PorterParams()
    n = np.asarray(counts, dtype=float)[-p.window :]
    t = np.asarray(totals, dtype=float)[-p.window :]
    if n.shape != t.shape:
        raise ValueError("counts and totals must have the same length")
    pad = p.window - len(n)
    n, t = np.pad(n, (pad, 0)), np.pad(t, (pad, 0))
    base_n, base_t = n[: p.base_periods], t[: p.base_periods]
    a, ta = n[p.base_periods :], t[p.base_periods :]

    active_trend = _ratio(a[-3:], ta[-3:]) - _ratio(a[:3], ta[:3])
    recent_trend = 10 * (_ratio(a[-2:], ta[-2:]) - _ratio(a[-4:-2], ta[-4:-2]))
    slope = 10 * (_ratio(a[-1:], ta[-1:]) - _ratio(a[-4:-3], ta[-4:-3])) / 3
    escore = 2 * active_trend + recent_trend + slope

    base_share = base_n.sum() / base_t.sum() if base_t.sum() > 0 else 0.0
    active_share = a.sum() / ta.sum() if ta.sum() > 0 else 0.0
    growth = active_share / base_share if base_share > 0 else (math.inf if a.sum() else 0.0)

    failed = []
    if base_share >= p.max_base_share:
        failed.append(
            f"novelty: {base_share:.0%} of base-period records (limit {p.max_base_share:.0%})"
        )
    present = int((a > 0).sum())
    if present < p.min_active_periods or n.sum() < p.min_records:
        failed.append(
            f"persistence: {int(n.sum())} records in {present} active periods "
            f"(needs {p.min_records} in {p.min_active_periods})"
        )
    if growth < p.min_growth:
        failed.append(f"growth: active share {growth:.1f}x base (needs {p.min_growth:g}x)")
    if community is not None and community < p.min_community:
        failed.append(f"community: {community} organisation(s) (needs {p.min_community})")
    return PorterResult(escore, active_trend, recent_trend, slope, growth, failed)
