"""``[emergence]`` in horizon.toml: the preset and thresholds that runs and backtests use."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel.errors import ConfigError
from pipelines.config import load_settings
from pipelines.stages.analysis import methodology


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "horizon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_configuration_is_the_mixed_preset() -> None:
    settings = load_settings(Path(__file__).resolve().parents[2] / "config" / "horizon.toml")
    assert settings.emergence.preset == "mixed"
    assert settings.emergence.params("week").min_research_docs == 3


def test_preset_thresholds_and_unit_tables(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        '[emergence]\npreset = "news"\nemerging_growth = 2.5\n[emergence.month]\nmin_z = 2\n',
    )
    emergence = load_settings(path).emergence
    assert emergence.params("week").min_research_docs == 0
    assert emergence.params("week").emerging_growth == 2.5
    assert emergence.params("month").min_z == 2.0
    assert emergence.params("year").min_z == 2.5  # the year's own default
    # the report's methodology lists the thresholds in force, not the defaults
    thresholds = methodology(load_settings(path)).thresholds
    assert thresholds["emergence.min_research_docs"] == 0
    assert thresholds["emergence.emerging_growth"] == 2.5


def test_the_environment_chooses_a_preset(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HORIZON_EMERGENCE__PRESET", "news")
    path = _config(tmp_path, "[emergence]\n")
    assert load_settings(path).emergence.params("week").min_research_docs == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[emergence]\nmin_reserch_docs = 1\n", "did you mean 'min_research_docs'"),
        ('[emergence]\npreset = "press"\n', "preset 'press' is not one of mixed, research, news"),
        ("[emergence.year]\nmin_z = -1\n", "cannot be negative"),
    ],
)
def test_bad_emergence_settings_are_one_line_errors(tmp_path: Path, text: str, message) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(_config(tmp_path, text))
