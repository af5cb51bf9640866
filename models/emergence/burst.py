"""Kleinberg's two-state burst detection for a stream that arrives in batches.

A topic's weekly counts are a stream of batches: in period ``t`` there are ``d[t]`` documents
of which ``r[t]`` belong to the topic. Kleinberg's automaton explains the stream by a hidden
state per period, a *base* state emitting topic documents at the overall rate ``p0`` and a
*burst* state emitting them at ``p1 = s * p0``; the cheapest state sequence (binomial cost of
the counts plus a penalty ``gamma * ln(n)`` for every step up) marks the bursts. The optimum is
found exactly by dynamic programming (Viterbi), unlike greedy variants; the PyPI package
``burst_detection`` is both greedy and broken on NumPy 2, hence this implementation.

Source: J. Kleinberg, "Bursty and Hierarchical Structure in Streams", KDD 2002 and Data Mining
and Knowledge Discovery 7(4), 2003, section 2.2 ("enumerating bursts" for batched arrivals:
cost sigma(i, r_t, d_t) = -ln[C(d_t, r_t) p_i^r_t (1 - p_i)^(d_t - r_t)], transition cost
tau(i, j) = (j - i) gamma ln n for j > i and 0 otherwise, weight of a burst = the cost saved by
the burst state over its interval).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# p1 must stay below 1 or the burst state could not emit a non-topic document at all.
_MAX_P1 = 0.9999


@dataclass(frozen=True)
class Burst:
    """One maximal run of burst state: periods ``start``..``end`` (indices, both included)."""

    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class BurstResult:
    """The optimal state per period (0 base, 1 burst), its bursts and its total cost."""

    states: np.ndarray
    bursts: list[Burst]
    cost: float
    p0: float
    p1: float


def _as_counts(
    r: Sequence[float] | np.ndarray, d: Sequence[float] | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r_arr = np.asarray(r, dtype=float)
    d_arr = np.asarray(d, dtype=float)
    if r_arr.shape != d_arr.shape or r_arr.ndim != 1:
        raise ValueError("r and d must be one-dimensional and of the same length")
    if (r_arr < 0).any() or (r_arr > d_arr).any():
        raise ValueError("every batch needs 0 <= r[t] <= d[t]")
    return r_arr, d_arr


def _rates(r: np.ndarray, d: np.ndarray, s: float, p0: float | None) -> tuple[float, float]:
    if s <= 1:
        raise ValueError("the burst scale s must be greater than 1")
    base = float(r.sum() / d.sum()) if p0 is None and d.sum() > 0 else (p0 or 0.0)
    base = min(base, _MAX_P1)
    return base, min(s * base, _MAX_P1)


def state_costs(r: np.ndarray, d: np.ndarray, p0: float, p1: float) -> np.ndarray:
    """Binomial cost -ln P(r_t | d_t, p_i) of each period in each state, shape (n, 2)."""
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    log_choose = lgamma(d + 1) - lgamma(r + 1) - lgamma(d - r + 1) if len(r) else np.zeros(0)
    costs = np.empty((len(r), 2))
    for state, p in enumerate((p0, p1)):
        costs[:, state] = -(log_choose + r * math.log(p) + (d - r) * math.log1p(-p))
    return costs


def sequence_cost(
    states: Sequence[int] | np.ndarray,
    r: Sequence[float] | np.ndarray,
    d: Sequence[float] | np.ndarray,
    *,
    s: float = 2.0,
    gamma: float = 1.0,
    p0: float | None = None,
) -> float:
    """Total cost of one given state sequence; the automaton starts in the base state."""
    r_arr, d_arr = _as_counts(r, d)
    base, p1 = _rates(r_arr, d_arr, s, p0)
    path = np.asarray(states, dtype=int)
    ups = int((np.diff(np.concatenate(([0], path))) > 0).sum())
    step_up = gamma * math.log(len(r_arr)) if len(r_arr) else 0.0
    if base <= 0:  # no topic documents: every period is certain in either state
        return step_up * ups
    costs = state_costs(r_arr, d_arr, base, p1)
    return float(costs[np.arange(len(path)), path].sum() + step_up * ups)


def detect_bursts(
    r: Sequence[float] | np.ndarray,
    d: Sequence[float] | np.ndarray,
    *,
    s: float = 2.0,
    gamma: float = 1.0,
    p0: float | None = None,
) -> BurstResult:
    """The minimum-cost state sequence of Kleinberg's two-state batched automaton.

    ``r[t]`` topic documents among ``d[t]`` documents in period ``t``; ``s`` is how many times
    the base rate the burst state emits; ``gamma`` scales the cost of entering a burst (higher:
    fewer, stronger bursts); ``p0`` is the base rate (default: the stream's overall proportion).
    A stream with no topic documents has no burst.
    """
    r_arr, d_arr = _as_counts(r, d)
    n = len(r_arr)
    base, p1 = _rates(r_arr, d_arr, s, p0)
    if n == 0 or base <= 0:
        return BurstResult(np.zeros(n, dtype=np.int8), [], 0.0, base, p1)
    costs = state_costs(r_arr, d_arr, base, p1)
    step_up = gamma * math.log(n)
    best = np.empty((n, 2))
    came_from = np.zeros((n, 2), dtype=np.int8)
    best[0] = costs[0] + (0.0, step_up)
    for t in range(1, n):
        # Into the base state: from base, or down from burst at no cost; ties stay in base.
        came_from[t, 0] = 0 if best[t - 1, 0] <= best[t - 1, 1] else 1
        best[t, 0] = costs[t, 0] + best[t - 1, came_from[t, 0]]
        up = best[t - 1, 0] + step_up
        came_from[t, 1] = 0 if up < best[t - 1, 1] else 1
        best[t, 1] = costs[t, 1] + min(up, best[t - 1, 1])
    states = np.zeros(n, dtype=np.int8)
    states[-1] = 0 if best[-1, 0] <= best[-1, 1] else 1
    for t in range(n - 1, 0, -1):
        states[t - 1] = came_from[t, states[t]]
    saving = costs[:, 0] - costs[:, 1]
    return BurstResult(states, _runs(states, saving), float(best[-1].min()), base, p1)


def _runs(states: np.ndarray, saving: np.ndarray) -> list[Burst]:
    bursts: list[Burst] = []
    start: int | None = None
    for t, state in enumerate([*states.tolist(), 0]):
        if state and start is None:
            start = t
        elif not state and start is not None:
            bursts.append(Burst(start, t - 1, float(saving[start:t].sum())))
            start = None
    return bursts
