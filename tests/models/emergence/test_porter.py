"""Porter-style EScore: the formula on a hand-computed series, and each eligibility criterion."""

from __future__ import annotations

import pytest

from models.emergence.porter import PorterParams, porter_score

TOTALS = [100] * 10  # sqrt = 10 in every period keeps the arithmetic checkable by hand
RISING = [0, 0, 1, 1, 1, 2, 3, 4, 6, 8]  # 3 base periods, then 7 active ones


def test_a_series_meeting_every_criterion_scores_by_the_formula() -> None:
    result = porter_score(RISING, TOTALS, community=4)
    # active trend (4+6+8)/30 - (1+1+2)/30; recent trend 10*((6+8)/20 - (3+4)/20);
    # slope 10*(8/10 - 3/10)/3
    assert result.active_trend == pytest.approx(14 / 30)
    assert result.recent_trend == pytest.approx(3.5)
    assert result.slope == pytest.approx(5 / 3)
    assert result.escore == pytest.approx(2 * 14 / 30 + 3.5 + 5 / 3)
    assert result.escore > PorterParams().threshold
    assert result.growth == pytest.approx((25 / 700) / (1 / 300))
    assert result.eligible and result.failed == []


def test_a_series_common_in_the_base_period_fails_novelty() -> None:
    common = [20, 20, 20, 20, 22, 25, 30, 35, 40, 45]
    result = porter_score(common, TOTALS)
    assert result.escore > 0
    assert not result.eligible
    assert [why.split(":")[0] for why in result.failed] == ["novelty", "growth"]
    assert "20% of base-period records" in result.failed[0]


def test_a_flat_series_fails_growth_and_scores_zero() -> None:
    result = porter_score([5] * 10, TOTALS)
    assert result.escore == pytest.approx(0.0)
    assert [why.split(":")[0] for why in result.failed] == ["growth"]


def test_one_off_mentions_fail_persistence() -> None:
    result = porter_score([0, 0, 0, 0, 0, 0, 0, 0, 3, 5], TOTALS)
    assert [why.split(":")[0] for why in result.failed] == ["persistence"]


def test_a_single_organisation_fails_community_and_unknown_is_not_held_against() -> None:
    assert porter_score(RISING, TOTALS, community=1).failed[0].startswith("community")
    assert porter_score(RISING, TOTALS, community=None).eligible


def test_a_series_absent_from_the_base_period_is_the_most_novel() -> None:
    result = porter_score([0, 0, 0, 1, 1, 2, 3, 4, 6, 8], TOTALS)
    assert result.eligible and result.growth == float("inf")


def test_short_series_are_padded_with_empty_periods_and_long_ones_cut() -> None:
    assert porter_score(RISING[3:], TOTALS[3:]).escore == pytest.approx(
        porter_score([0, 0, 0, *RISING[3:]], TOTALS).escore
    )
    assert porter_score([50, 50, *RISING], [100, 100, *TOTALS]).escore == pytest.approx(
        porter_score(RISING, TOTALS).escore
    )


def test_totals_normalise_the_counts() -> None:
    # Four times the documents with the same counts: the square roots halve the score.
    assert porter_score(RISING, [400] * 10).escore == pytest.approx(
        porter_score(RISING, TOTALS).escore / 2
    )
