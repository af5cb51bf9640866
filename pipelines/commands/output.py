"""``horizon report`` (re-render a week from the warehouse) and ``horizon export``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import typer
from rich.console import Console

from kernel.clock import utc_now
from kernel.errors import HorizonError
from kernel.paths import DEFAULT_DB, DEFAULT_EXPORT
from pipelines.commands.options import ConfigOpt, DbOpt
from pipelines.commands.reading import ReportedWeek, checked_week, reading, run_for_week
from pipelines.config import load_settings
from reports.write import report_dir, write_report
from warehouse.reporting import export_table

out = Console(width=200, soft_wrap=True)
EXPORTED = ("topics", "topic_scores", "topic_region", "term_scores")


def report_command(
    week: Annotated[str | None, typer.Option(help="ISO week (default: latest run)")] = None,
    config: ConfigOpt = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Re-render a week's report and regional summaries from the warehouse (no recomputing)."""
    from pipelines.stages.analysis import build_report

    week = checked_week(week)
    settings = load_settings(config)
    with reading(db) as wh:
        chosen = run_for_week(wh, week)
        label = chosen.week
        data = build_report(wh, settings, chosen.run_id, label, now=utc_now())
    if not data.ranking:
        raise HorizonError(f"{label} has no scored topics: run `horizon run --week {label}` first")
    _say_if_partial(chosen)
    paths = write_report(data, report_dir(settings.paths.reports, label))
    out.print(f"report: {paths.html}")
    for region_id, alert in sorted(paths.alerts.items()):
        out.print(f"  {region_id}: {alert.markdown}")


def export_command(
    format_: Annotated[str, typer.Option("--format", help="csv or parquet")] = "csv",
    week: Annotated[str | None, typer.Option(help="ISO week (default: latest run)")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="folder to write")] = DEFAULT_EXPORT,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Write a week's topics, scores and region overlaps as CSV or Parquet for BI tools."""
    if format_ not in ("csv", "parquet"):
        raise HorizonError(f"--format must be csv or parquet, not {format_!r}")
    week = checked_week(week)
    with reading(db) as wh:
        chosen = run_for_week(wh, week)
        tables = {name: export_table(wh.con, name, chosen.run_id) for name in EXPORTED}
    _say_if_partial(chosen)
    target = out_dir / chosen.week
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        path = target / f"{name}.{format_}"
        if format_ == "csv":
            pa_csv.write_csv(_flat(table), path)
        else:
            pq.write_table(table, path)
        out.print(f"{path}: {table.num_rows} rows")


def _say_if_partial(chosen: ReportedWeek) -> None:
    if chosen.note:
        Console(stderr=True, soft_wrap=True).print(f"note: {chosen.note}", highlight=False)


def _flat(table: pa.Table) -> pa.Table:
    """CSV has no lists: join list columns with '; '."""
    columns = []
    for column in table.columns:
        if pa.types.is_list(column.type):
            column = pc.binary_join(pc.cast(column, pa.list_(pa.string())), "; ")
        columns.append(column)
    return pa.table(columns, names=table.column_names)
