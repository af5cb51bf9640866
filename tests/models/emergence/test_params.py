"""Emergence thresholds per deployment: presets, overrides, and clear errors for bad ones."""

from __future__ import annotations

import pytest

from models.emergence.params import DEPLOYMENTS, EmergenceParams, resolve_params


def test_presets_start_from_the_unit_defaults() -> None:
    for unit in ("week", "month", "year"):
        assert resolve_params(unit) == EmergenceParams.for_unit(unit)
    assert resolve_params("month", preset="news").min_research_docs == 0
    assert resolve_params("month", preset="news").recent_periods == 3  # the month's window
    assert set(DEPLOYMENTS) == {"mixed", "research", "news"}


def test_overrides_apply_to_every_unit_and_unit_tables_to_one() -> None:
    params = {
        unit: resolve_params(
            unit,
            preset="news",
            overrides={"emerging_growth": 2, "min_research_docs": 1},
            unit_overrides={"year": {"min_z": 2}},
        )
        for unit in ("week", "year")
    }
    assert params["week"].emerging_growth == 2.0 and isinstance(
        params["week"].emerging_growth, float
    )
    assert params["week"].min_research_docs == 1  # an override wins over the preset
    assert params["year"].min_z == 2.0
    assert params["week"].min_z == EmergenceParams.for_unit("week").min_z


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_reserch_docs": 1}, "did you mean 'min_research_docs'"),
        ({"emerging_growth": "high"}, "needs a number"),
        ({"min_recent_docs": 2.5}, "whole number"),
        ({"emerging_growth": -1}, "cannot be negative"),
        ({"spikes_can_emerge": 1}, "true or false"),
        ({"unit": "year"}, "unknown emergence threshold 'unit'"),
    ],
)
def test_bad_thresholds_are_named(overrides: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_params("week", overrides=overrides)


def test_unknown_preset() -> None:
    with pytest.raises(ValueError, match="use one of mixed, research, news"):
        resolve_params("week", preset="press")
