"""Kleinberg two-state burst detection: known bursts, no false bursts, and a proven optimum."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from models.emergence.burst import detect_bursts, sequence_cost


def test_a_planted_burst_is_found_exactly() -> None:
    r = [2, 1, 2, 2, 1, 2, 12, 15, 11, 2, 1, 2, 2, 1]
    d = [100] * len(r)
    result = detect_bursts(r, d, s=2.0, gamma=1.0)
    assert result.states.tolist() == [0] * 6 + [1, 1, 1] + [0] * 5
    [burst] = result.bursts
    assert (burst.start, burst.end) == (6, 8)
    # The weight is the cost the burst state saves over its interval (Kleinberg 2003).
    p0 = sum(r) / sum(d)
    p1 = 2 * p0
    saved = sum(
        k * math.log(p1 / p0) + (100 - k) * math.log((1 - p1) / (1 - p0)) for k in (12, 15, 11)
    )
    assert burst.weight == pytest.approx(saved)
    assert result.p0 == pytest.approx(p0)


def test_a_constant_stream_has_no_burst() -> None:
    result = detect_bursts([5] * 30, [100] * 30)
    assert not result.states.any()
    assert result.bursts == []


def test_volume_changes_alone_are_not_bursts() -> None:
    # The topic keeps a 5 % share while the weekly volume triples: no burst.
    d = [100, 100, 300, 300, 100, 100, 300, 100]
    result = detect_bursts([x // 20 for x in d], d)
    assert result.bursts == []


def test_a_stream_without_topic_documents_has_no_burst() -> None:
    result = detect_bursts([0, 0, 0], [10, 0, 7])
    assert result.bursts == [] and result.cost == 0.0


def test_the_entry_cost_suppresses_short_weak_bursts() -> None:
    r = [1, 1, 1, 4, 1, 1, 1, 1]
    d = [50] * len(r)
    assert detect_bursts(r, d, gamma=0.1).bursts != []
    assert detect_bursts(r, d, gamma=3.0).bursts == []


@pytest.mark.parametrize("seed", range(4))
def test_dynamic_programming_matches_the_brute_force_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(25):
        n = int(rng.integers(1, 9))
        d = rng.integers(0, 40, n)
        r = rng.binomial(d, rng.uniform(0.02, 0.5, n))
        s, gamma = float(rng.uniform(1.5, 4)), float(rng.uniform(0.2, 2))
        best = min(
            sequence_cost(states, r, d, s=s, gamma=gamma)
            for states in itertools.product([0, 1], repeat=n)
        )
        result = detect_bursts(r, d, s=s, gamma=gamma)
        assert result.cost == pytest.approx(best, rel=1e-9, abs=1e-9)
        assert sequence_cost(result.states, r, d, s=s, gamma=gamma) == pytest.approx(result.cost)


def test_impossible_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="r\\[t\\] <= d\\[t\\]"):
        detect_bursts([3], [2])
    with pytest.raises(ValueError, match="greater than 1"):
        detect_bursts([1], [2], s=1.0)
