"""Operator commands: ``horizon init``, ``serve``, ``backtest``, ``config show``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kernel.errors import ConfigError
from kernel.paths import DEFAULT_DB
from kernel.periods import UNITS
from pipelines.commands.options import ConfigOpt, DbOpt, SourcesOpt
from pipelines.config import PACKAGED, PACKAGED_FILES, load_settings, sources_file

out = Console(width=200, soft_wrap=True)
config_app = typer.Typer(help="Show the effective configuration.", no_args_is_help=True)
# a key is secret when one of its words is one of these: "max_tokens" is not, "api_key" is
SECRET_WORDS = frozenset({"password", "passwd", "secret", "token", "key", "apikey"})


def init_command(
    directory: Annotated[
        Path, typer.Argument(help="folder to set up (default: this one)", file_okay=False)
    ] = Path("."),
    force: Annotated[bool, typer.Option(help="overwrite existing configuration files")] = False,
) -> None:
    """Write an editable copy of the default configuration to DIRECTORY/config.

    Commands run in DIRECTORY then read it instead of the packaged defaults.
    """
    target = directory / "config"
    existing = [target / name for name in PACKAGED_FILES if (target / name).exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise ConfigError(f"{names} already exist(s); edit them, or pass --force to replace")
    target.mkdir(parents=True, exist_ok=True)
    for name in PACKAGED_FILES:
        (target / name).write_text((PACKAGED / name).read_text(encoding="utf-8"), encoding="utf-8")
        out.print(f"wrote {target / name}", highlight=False)
    out.print(
        f"next: add sources to {target / 'sources.toml'}, then `horizon sources check` and "
        f"`horizon run` in {directory}",
        highlight=False,
    )


def serve_command(
    cron: Annotated[str | None, typer.Option(help="cron (default: horizon.toml)")] = None,
    timezone: Annotated[str | None, typer.Option(help="timezone of the schedule")] = None,
    config: ConfigOpt = None,
    sources: SourcesOpt = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Register weekly-scan with its schedule on the Prefect server and run it when due."""
    from pipelines.commands.running import prefect_home

    prefect_home()
    from prefect.schedules import Cron

    from pipelines.flows import weekly_scan

    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError(
            "horizon serve needs a Prefect server: start one with `prefect server start` and "
            "set PREFECT_API_URL=http://127.0.0.1:4200/api (see the README)"
        )
    settings = load_settings(config)
    schedule = Cron(cron or settings.schedule, timezone=timezone or settings.timezone)
    weekly_scan.serve(
        name="weekly",
        schedules=[schedule],
        parameters={
            "config": str(config.resolve()) if config else None,
            "sources": str(sources_file(sources).resolve()),
            "db": str(db.resolve()),
        },
        description="Horizon weekly scan of the configured sources",
        tags=["horizon"],
    )


def backtest_command(
    period: Annotated[str, typer.Option(help="year, month or week")],
    start: Annotated[str, typer.Option(help="first period, e.g. 2008")],
    end: Annotated[str, typer.Option(help="last period, e.g. 2018")],
    out_file: Annotated[Path, typer.Option("--out", help="JSON file to write")],
    top: Annotated[int, typer.Option(help="most flagged topics per period")] = 20,
    config: ConfigOpt = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Replay detection for every period using only documents up to its end (no look-ahead)."""
    from pipelines.backtest import run_backtest, write_backtest
    from warehouse.connection import open_warehouse

    unit = next((u for u in UNITS if u == period), None)
    if unit is None:
        raise ConfigError(f"--period must be year, month or week, not {period!r}")
    settings = load_settings(config)
    with open_warehouse(db) as wh:
        result = run_backtest(wh, settings, unit=unit, start=start, end=end, top=top)
    write_backtest(result, out_file)
    for entry in result["periods"]:
        labels = "; ".join(str(f["label"]) for f in entry["flagged"][:3])
        out.print(f"{entry['period']}: {len(entry['flagged'])} flagged {labels}", highlight=False)
    out.print(f"backtest written to {out_file}")


@config_app.command("show")
def config_show(
    config: ConfigOpt = None,
) -> None:
    """The effective configuration (file + HORIZON_* environment), secrets masked."""
    settings = load_settings(config)
    typer.echo(json.dumps(_masked(settings.model_dump(mode="json")), indent=2))


def _masked(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _masked(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, key) for v in value]
    words = key.lower().split("_")
    if value and words[-1] != "env" and SECRET_WORDS.intersection(words):
        return "***"
    return value
