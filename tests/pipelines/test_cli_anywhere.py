"""``horizon`` from a folder without ``config/``: the packaged defaults, ``horizon init``, the
``HORIZON_CONFIG`` / ``HORIZON_SOURCES`` / ``HORIZON_DB`` variables, and commands that only
describe themselves (``--help``, ``--version``, shell completion) leaving the disk untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.overlap.regions import load_regions
from pipelines.config import PACKAGED, PACKAGED_FILES, load_settings, load_sources
from tests.pipelines.horizon_cli import ROOT, horizon, horizon_env, one_line_error
from warehouse.connection import open_warehouse


def _files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_the_package_ships_the_default_configuration() -> None:
    for name in PACKAGED_FILES:
        assert (PACKAGED / name).read_text(encoding="utf-8") == (ROOT / "config" / name).read_text(
            encoding="utf-8"
        )
    settings = load_settings(PACKAGED / "horizon.toml")
    assert load_sources(PACKAGED / "sources.toml")
    assert load_regions(PACKAGED / "regions.toml")
    assert settings.timezone == "Europe/Vienna"


def test_help_and_version_create_nothing(tmp_path: Path) -> None:
    for args in (["--help"], ["run", "--help"], ["--version"]):
        result = horizon(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert _files(tmp_path) == [], args
    version = horizon("--version", cwd=tmp_path).stdout.strip()
    assert version.startswith("horizon ") and len(version.split()) >= 2


def test_commands_that_run_no_flow_leave_prefect_alone(tmp_path: Path) -> None:
    """As for a user (no PREFECT_HOME set), describing and reading commands neither load Prefect
    (which warns about, or creates, its home under var/) nor write anything."""
    (tmp_path / "var").mkdir()
    env = {k: v for k, v in horizon_env().items() if k != "PREFECT_HOME"}
    for args in (["--help"], ["--version"], ["status"]):
        result = horizon(*args, cwd=tmp_path, env=env)
        assert "prefect" not in result.stderr.lower(), (args, result.stderr)
    assert _files(tmp_path) == [tmp_path / "var"]


def test_shell_completion(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("horizon")
    if not script.exists():
        pytest.skip("the horizon script is not installed next to this interpreter")
    env = {**horizon_env(), "_HORIZON_COMPLETE": "complete_bash"}
    for words, cword, expected in (("horizon sou", "1", "sources"), ("horizon sources ch", "2",
                                                                       "check")):  # fmt: skip
        result = subprocess.run(
            [str(script)],
            env={**env, "COMP_WORDS": words, "COMP_CWORD": cword},
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == [expected]
    assert _files(tmp_path) == []


def test_an_empty_folder_reads_the_packaged_defaults(tmp_path: Path) -> None:
    regions = horizon("regions", "list", cwd=tmp_path)
    assert regions.returncode == 0, regions.stderr
    assert "AT12" in regions.stdout
    shown = json.loads(horizon("config", "show", cwd=tmp_path).stdout)
    assert Path(shown["paths"]["regions"]) == PACKAGED / "regions.toml"
    listed = horizon("sources", "list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert _files(tmp_path) == []


def test_init_writes_an_editable_copy_that_commands_then_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = horizon("init", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in PACKAGED_FILES:
        assert (site / "config" / name).read_bytes() == (PACKAGED / name).read_bytes()
    again = horizon("init", str(site), cwd=tmp_path)
    assert one_line_error(again).endswith("already exist(s); edit them, or pass --force to replace")
    config = site / "config" / "horizon.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"Europe/Vienna"', '"UTC"', 1), encoding="utf-8"
    )
    shown = json.loads(horizon("config", "show", cwd=site).stdout)
    assert shown["timezone"] == "UTC"
    assert shown["paths"]["regions"] == "config/regions.toml"


def test_config_sources_and_db_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere.toml"
    config.write_text('timezone = "UTC"\n', encoding="utf-8")
    sources = tmp_path / "my-sources.toml"
    sources.write_text(
        '[[source]]\nid = "a"\nkind = "news"\nadapter = "rss"\nurl = "http://127.0.0.1:9/"\n'
        "enabeld = false\n",
        encoding="utf-8",
    )
    db = tmp_path / "data" / "h.duckdb"
    db.parent.mkdir()
    open_warehouse(db).close()
    env = horizon_env(HORIZON_CONFIG=str(config), HORIZON_SOURCES=str(sources), HORIZON_DB=str(db))
    work = tmp_path / "work"
    work.mkdir()
    shown = horizon("config", "show", cwd=work, env=env)
    assert json.loads(shown.stdout)["timezone"] == "UTC"
    listed = horizon("sources", "list", cwd=work, env=env)
    assert one_line_error(listed).startswith(f"{sources}, source #1 (a): unknown key 'enabeld'")
    status = horizon("status", "--json", cwd=work, env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["runs"] == []
    # an option still wins over its variable
    other = horizon("status", "--db", str(tmp_path / "none.duckdb"), cwd=work, env=env)
    assert one_line_error(other).startswith(f"no warehouse at {tmp_path / 'none.duckdb'}")
    assert _files(work) == []


@pytest.mark.parametrize("missing", ["sources", "model"])
def test_run_checks_each_file_before_the_first_stage(tmp_path: Path, missing: str) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nid = "a"\nkind = "news"\nadapter = "rss"\nurl = "http://127.0.0.1:9/"\n',
        encoding="utf-8",
    )
    config = tmp_path / "horizon.toml"
    config.write_text('[terms]\nmodel = "no_such_spacy_model"\n' if missing == "model" else "")
    if missing == "sources":
        sources = tmp_path / "not-there.toml"
    db = tmp_path / "h.duckdb"
    result = horizon("run", "--week", "2026-W02", "--config", str(config), "--sources",
                     str(sources), "--db", str(db), cwd=tmp_path)  # fmt: skip
    reason = one_line_error(result)
    expected = {
        "sources": f"{sources} not found; pass --config/--sources with an existing file",
        "model": "[terms] model 'no_such_spacy_model' is neither an installed spaCy pipeline",
    }[missing]
    assert reason.startswith(expected)
    assert not db.exists()
    assert not os.path.exists(tmp_path / "var")
