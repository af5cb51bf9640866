"""The options every command shares. ``--config``, ``--sources`` and ``--db`` may also come
from ``HORIZON_CONFIG``, ``HORIZON_SOURCES`` and ``HORIZON_DB``, so a deployment sets them once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="HORIZON_CONFIG",
        help="horizon.toml (default: config/horizon.toml here, else the packaged defaults)",
    ),
]
SourcesOpt = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        envvar="HORIZON_SOURCES",
        help="sources.toml (default: config/sources.toml here, else the packaged list)",
    ),
]
DbOpt = Annotated[Path, typer.Option("--db", envvar="HORIZON_DB", help="DuckDB warehouse file")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON instead of tables")]

__all__ = ["ConfigOpt", "DbOpt", "JsonOpt", "SourcesOpt"]
