"""Misspelt keys, out-of-range values and bad overrides fail with a reason naming the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kernel.errors import ConfigError
from models.overlap.regions import load_regions
from pipelines.config import load_settings, load_sources
from tests.pipelines.horizon_cli import ROOT, horizon, horizon_env, one_line_error

SOURCE = '[[source]]\nid = "news"\nkind = "news"\nadapter = "rss"\nurl = "http://127.0.0.1/f"\n'


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('timezon = "UTC"\n', "unknown key 'timezon'; did you mean 'timezone'?"),
        ("[fetch]\nread_timout = 5\n", "[fetch]: unknown key 'read_timout'; did you mean 'read_"),
        ("[smtp]\nstarttsl = false\n", "[smtp]: unknown key 'starttsl'; did you mean 'starttls'?"),
        ("[fetsh]\nretries = 1\n", "unknown key 'fetsh'; did you mean 'fetch'?"),
        ("[fetch]\nread_timeout = -1\n", "field fetch.read_timeout: Input should be greater than"),
        ("[fetch]\nretries = -2\n", "field fetch.retries: Input should be greater than or equal"),
        ('timezone = "Europe/Vienn"\n', "unknown timezone 'Europe/Vienn'"),
        ('schedule = "61 6 * * 1"\n', "minute field '61' is not valid"),
        ('schedule = "0 6 * * mon-fry"\n', "weekday field 'mon-fry' is not valid"),
        ('schedule = "every monday"\n', "needs 5 fields"),
        ('schedule = "*/0 * * * *"\n', "minute field '*/0' is not valid"),
    ],
)  # fmt: skip
def test_horizon_toml_mistakes(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "horizon.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}")
    assert message in str(caught.value)


@pytest.mark.parametrize("cron", ["0 6 * * 1", "*/15 0-6,22 1 jan-mar MON", "0 0 * * 7"])
def test_valid_schedules_load(tmp_path: Path, cron: str) -> None:
    assert (
        load_settings(_write(tmp_path, "horizon.toml", f'schedule = "{cron}"\n')).schedule == cron
    )


def test_the_shipped_configuration_loads() -> None:
    load_settings(ROOT / "config" / "horizon.toml")
    assert load_sources(ROOT / "config" / "sources.toml")


def test_a_misspelt_source_key_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "sources.toml", SOURCE + "enabeld = false\n")
    with pytest.raises(
        ConfigError, match=r"source #1 \(news\): unknown key 'enabeld'; did you mean 'enabled'\?"
    ):
        load_sources(path)  # fmt: skip


def test_a_misspelt_required_key_is_named_as_a_typo(tmp_path: Path) -> None:
    path = _write(tmp_path, "sources.toml", SOURCE.replace("adapter =", "adaptor ="))
    with pytest.raises(ConfigError, match="unknown key 'adaptor'; did you mean 'adapter'"):
        load_sources(path)


def test_adapter_options_are_known_per_adapter(tmp_path: Path) -> None:
    arxiv = SOURCE.replace('"rss"', '"arxiv"') + 'query = "cat:cs.RO"\nmax_results = 10\n'
    assert load_sources(_write(tmp_path, "ok.toml", arxiv))[0].option("max_results") == 10
    typo = SOURCE.replace('"rss"', '"arxiv"') + 'qeury = "cat:cs.RO"\n'
    with pytest.raises(ConfigError, match="unknown key 'qeury'; did you mean 'query'"):
        load_sources(_write(tmp_path, "typo.toml", typo))
    # an option of another adapter is no option of this one
    with pytest.raises(ConfigError, match="unknown key 'retmax'"):
        load_sources(_write(tmp_path, "other.toml", SOURCE + "retmax = 5\n"))


def test_every_option_an_adapter_reads_is_a_known_key() -> None:
    """The lists of known keys follow the code: a new ``source.option("x")`` must be listed."""
    from pipelines.config import ADAPTER_KEYS, COMMON_SOURCE_KEYS

    known = set(COMMON_SOURCE_KEYS).union(*ADAPTER_KEYS.values())
    read = set()
    for folder in ("extractors", "pipelines"):
        for file in (ROOT / folder).rglob("*.py"):
            text = file.read_text(encoding="utf-8")
            read.update(_quoted_after(text, 'option("'))
    assert read <= known, sorted(read - known)


def _quoted_after(text: str, marker: str) -> list[str]:
    parts = text.split(marker)[1:]
    return [part.split('"', 1)[0] for part in parts]


def test_a_misspelt_region_key_names_the_nearest(tmp_path: Path) -> None:
    text = (ROOT / "config" / "regions.toml").read_text(encoding="utf-8")
    path = _write(tmp_path, "regions.toml", text.replace("\ncountry = ", "\ncuntry = ", 1))
    with pytest.raises(ConfigError, match="field 'cuntry': unknown key; did you mean 'country'"):
        load_regions(path)
    path = _write(tmp_path, "regions.toml", text.replace("\nkeywords = ", "\nkeyword = ", 1))
    with pytest.raises(
        ConfigError, match=r"industries\[C24\].keyword': unknown key; did you mean 'keywords'"
    ):
        load_regions(path)  # fmt: skip


def test_a_bad_environment_override_names_the_variable(tmp_path: Path) -> None:
    env = horizon_env(HORIZON_FETCH__READ_TIMEOUT="-5")
    reason = one_line_error(horizon("config", "show", cwd=tmp_path, env=env))
    assert reason.startswith("environment variable HORIZON_FETCH__READ_TIMEOUT: field")
    assert "config/horizon.toml" not in reason
    env = horizon_env(HORIZON_FETCH__READ_TIMOUT="5")
    reason = one_line_error(horizon("config", "show", cwd=tmp_path, env=env))
    assert reason == (
        "environment variable HORIZON_FETCH__READ_TIMOUT: unknown key 'read_timout'; "
        "did you mean 'read_timeout'?"
    )


def test_config_show_masks_secrets_only(tmp_path: Path) -> None:
    config = _write(tmp_path, "horizon.toml", '[smtp]\nusername_env = "MY_USER"\n')
    result = horizon("config", "show", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["embeddings"]["max_tokens"] == 128
    assert shown["smtp"]["username_env"] == "MY_USER"


def test_misspelt_source_key_fails_the_cli_in_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "sources.toml", SOURCE + "enabeld = false\n")
    reason = one_line_error(horizon("sources", "list", "--sources", str(path), cwd=tmp_path))
    assert reason.endswith("unknown key 'enabeld'; did you mean 'enabled'?")


def test_a_variable_may_set_an_entry_of_a_table(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HORIZON_FETCH__MIN_INTERVAL__ARXIV", "4")
    settings = load_settings(_write(tmp_path, "horizon.toml", ""))
    assert settings.fetch.min_interval["arxiv"] == 4.0
    monkeypatch.setenv("HORIZON_FETCH__MIN_INTERVL__ARXIV", "4")
    with pytest.raises(ConfigError, match="HORIZON_FETCH__MIN_INTERVL__ARXIV: unknown key"):
        load_settings(_write(tmp_path, "horizon.toml", ""))
