"""The ``horizon`` command line. Each command is a thin shell over a plain function."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.runtime import prepare_environment

prepare_environment()

from kernel.errors import HorizonError  # noqa: E402
from kernel.paths import DEFAULT_DB, VAR  # noqa: E402
from pipelines.commands.ops import (  # noqa: E402
    backtest_command,
    config_app,
    init_command,
    serve_command,
)
from pipelines.commands.options import (  # noqa: E402
    ConfigOpt,
    DbOpt,
    JsonOpt,
    SourcesOpt,
)
from pipelines.commands.output import export_command, report_command  # noqa: E402
from pipelines.commands.reading import checked_week  # noqa: E402
from pipelines.commands.regions import regions_app, topics_command  # noqa: E402
from pipelines.commands.running import (  # noqa: E402
    INTERRUPTED_EXIT,
    Interrupted,
    check_run_inputs,
    marks_interrupted,
    prefect_home,
    quiet_flow_failures,
    system_reason,
)
from pipelines.commands.terms import terms_command  # noqa: E402
from pipelines.config import sources_file  # noqa: E402

if TYPE_CHECKING:
    from pipelines.flows import WeekSummary
    from warehouse.runs import StageSummary

app = typer.Typer(
    help="Horizon: weekly horizon scanning of patents, publications and news for regions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="List and check the configured sources.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(regions_app, name="regions")
app.add_typer(config_app, name="config")
app.command("terms")(terms_command)
app.command("topics")(topics_command)
app.command("report")(report_command)
app.command("export")(export_command)
app.command("backtest")(backtest_command)
app.command("serve")(serve_command)
app.command("init")(init_command)
out = Console(width=None if sys.stdout.isatty() else 200)

TaskRunnerOpt = Annotated[
    str,
    typer.Option(
        "--task-runner",
        help="where the collect tasks run: default (threads of this process) or dask",
    ),
]
DaskAddressOpt = Annotated[
    str | None,
    typer.Option(
        "--dask-address",
        help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
        "(implies --task-runner dask; default: a local cluster, one worker per core)",
    ),
]
PARTIAL_EXIT = 3  # run --strict: the week ran, but some sources failed


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"horizon {_version()}")
        raise typer.Exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("horizon-scan")
    except PackageNotFoundError:
        return "unknown (not installed; run from a checkout)"


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="print the version"),
    ] = False,
) -> None:
    """Horizon: weekly horizon scanning of patents, publications and news for regions."""


@app.command()
def run(
    week: Annotated[str | None, typer.Option(help="ISO week, e.g. 2026-W47 (default: now)")] = None,
    config: ConfigOpt = None,
    sources: SourcesOpt = None,
    db: DbOpt = DEFAULT_DB,
    force: Annotated[bool, typer.Option(help="redo stages that already completed")] = False,
    strict: Annotated[
        bool, typer.Option(help=f"exit {PARTIAL_EXIT} when a source failed (a partial week)")
    ] = False,
    task_runner: TaskRunnerOpt = "default",
    dask_address: DaskAddressOpt = None,
) -> None:
    """One weekly run of the configured sources."""
    from pipelines.stages.runner import current_week

    week = checked_week(week) or current_week()
    sources = sources_file(sources)
    check_run_inputs(config, sources, db)
    prefect_home()
    from pipelines.flows import weekly_scan_on
    from pipelines.workers import collect_runner

    quiet_flow_failures()
    with marks_interrupted(db, week), collect_runner(task_runner, address=dask_address) as runner:
        summary = weekly_scan_on(runner)(
            week=week,
            config=str(config) if config else None,
            sources=str(sources),
            db=str(db),
            force=force,
        )
    _print_week(summary)
    if strict and summary.status == "partial":
        failed = ", ".join(s.source_id for s in summary.failed_sources)
        _fail(f"{week} is partial: source(s) {failed} failed (--strict)", PARTIAL_EXIT)


@app.command()
def backfill(
    start: Annotated[str, typer.Option(help="first ISO week, e.g. 2026-W01")],
    end: Annotated[str, typer.Option(help="last ISO week, e.g. 2026-W47")],
    config: ConfigOpt = None,
    sources: SourcesOpt = None,
    db: DbOpt = DEFAULT_DB,
    task_runner: TaskRunnerOpt = "default",
    dask_address: DaskAddressOpt = None,
) -> None:
    """Run every week from START to END in order; weeks already completed are skipped."""
    from pipelines.stages.runner import weeks_between

    weeks = weeks_between(checked_week(start, "--start"), checked_week(end, "--end"))
    sources = sources_file(sources)
    check_run_inputs(config, sources, db)
    prefect_home()
    from pipelines.flows import week_is_complete, weekly_scan_on
    from pipelines.progress import over_weeks
    from pipelines.workers import collect_runner

    quiet_flow_failures()
    with collect_runner(task_runner, address=dask_address) as runner:
        flow = weekly_scan_on(runner)
        for week in over_weeks(weeks, title="backfill"):
            if week_is_complete(db, week):
                out.print(f"{week}: already completed, skipped")
                continue
            with marks_interrupted(db, week):
                summary = flow(
                    week=week,
                    config=str(config) if config else None,
                    sources=str(sources),
                    db=str(db),
                )
            _print_week(summary)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=".jsonl or .csv file", exists=True, dir_okay=False)],
    kind: Annotated[str | None, typer.Option(help="publication | patent | news")] = None,
    source: Annotated[str | None, typer.Option(help="source name to record")] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="FIELD=COLUMN, e.g. --map text=abstract_en (repeatable)"),
    ] = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Import documents from a JSONL or CSV file (bad records are reported and skipped)."""
    from pipelines.importing import import_file
    from warehouse.connection import open_warehouse

    mapping = _parse_mapping(map_ or [])
    with open_warehouse(db) as wh:
        summary = import_file(wh, file, kind=kind, source_id=source, mapping=mapping)
    for problem in summary.problems[:20]:
        out.print(f"[yellow]skipped[/] {file.name} {problem}", highlight=False)
    if len(summary.problems) > 20:
        out.print(f"… and {len(summary.problems) - 20} more skipped records")
    out.print(
        f"{file.name}: {summary.new} new, {summary.known} already stored, "
        f"{len(summary.problems)} skipped"
    )


@sources_app.command("list")
def sources_list(sources: SourcesOpt = None) -> None:
    """The configured sources."""
    from pipelines.config import load_sources
    from warehouse.secrets import redact_url

    table = Table("id", "kind", "adapter", "enabled", "url")
    for source in load_sources(sources):
        enabled = "yes" if source.enabled else "no"
        table.add_row(source.id, source.kind, source.adapter, enabled, redact_url(source.url))
    out.print(table)


@sources_app.command("check")
def sources_check(
    sources: SourcesOpt = None,
    config: ConfigOpt = None,
    all_: Annotated[bool, typer.Option("--all", help="also check disabled sources")] = False,
    json_: JsonOpt = False,
) -> None:
    """Try to reach every enabled source (one small request each) and say what happened.

    Exits 1 when a source is unreachable, so a deployment script can stop there."""
    from extractors.reachability import check_source
    from pipelines.config import load_settings, load_sources
    from pipelines.stages.runner import current_week

    settings = load_settings(config).fetch.settings()
    checked = [
        check_source(source, settings, week=current_week())
        for source in load_sources(sources)
        if source.enabled or all_
    ]
    if json_:
        typer.echo(json.dumps([dataclasses.asdict(result) for result in checked], indent=2))
    else:
        table = Table("id", "reachable", "detail", "url")
        for result in checked:
            mark = "[green]yes[/]" if result.reachable else "[red]no[/]"
            table.add_row(result.source_id, mark, result.detail, result.url)
        out.print(table)
    unreachable = sum(not result.reachable for result in checked)
    if unreachable:
        raise HorizonError(f"{unreachable} source(s) unreachable from this machine")


@app.command()
def status(db: DbOpt = DEFAULT_DB, limit: int = 10, json_: JsonOpt = False) -> None:
    """Recent runs (stages, durations, failures) and the last fetch of every source."""
    from warehouse.connection import lock_holder, open_warehouse
    from warehouse.fetchlog import last_fetch_per_source
    from warehouse.runs import recent_runs

    holder = lock_holder(db)
    if holder:
        if json_:
            typer.echo(json.dumps({"writing": holder, "runs": None, "sources": None}, indent=2))
            return
        out.print(f"A run is writing now: process {holder.get('pid')} since {holder.get('since')}")
        return
    with open_warehouse(db, read_only=True) as wh:
        runs = recent_runs(wh.con, limit)
        fetches = last_fetch_per_source(wh.con)
    if json_:
        listed = [{**r, "stages": _stages_json(r["stages"])} for r in runs]
        payload = {"writing": None, "runs": listed, "sources": fetches}
        typer.echo(json.dumps(payload, indent=2, default=_json_value))
        return
    table = Table("run", "status", "started", "stages (s)", "message", title="Recent runs")
    for r in runs:
        stages = ", ".join(
            f"{s['stage']} {s['seconds']:.1f}" + ("" if s["status"] == "completed" else " FAILED")
            for s in r["stages"] or []
        )
        table.add_row(
            r["run_id"],
            r["status"],
            f"{r['started_at']:%Y-%m-%d %H:%M}",
            stages,
            r["message"] or "",
        )
    out.print(table)
    table = Table(
        "source",
        "last status",
        "http",
        "when",
        "seen",
        "new",
        "rejected",
        "documents",
        "last success",
        "error",
        title="Sources",
    )
    for f in fetches:
        table.add_row(
            f["source_id"],
            f["status"],
            str(f["http_status"] or ""),
            f"{f['finished_at']:%Y-%m-%d %H:%M}",
            str(f["items_seen"]),
            str(f["items_new"]),
            str(f["items_rejected"]),
            str(f["documents"]),
            f"{f['last_success']:%Y-%m-%d %H:%M}" if f["last_success"] else "never",
            (f["error"] or "")[:80],
        )
    out.print(table)


def _stages_json(stages: list[StageSummary] | None) -> list[dict[str, object]] | None:
    """A run's stages for ``--json``, their stored counts parsed (no stage: null)."""
    if stages is None:
        return None
    return [{**s, "counts": json.loads(s["counts"]) if s["counts"] else {}} for s in stages]


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="seed of the generated corpus")] = 2025,
    weeks: Annotated[int, typer.Option(help="number of demo weeks (from 2025-W01)")] = 52,
    db: DbOpt = DEFAULT_DB,
    config: ConfigOpt = None,
    task_runner: TaskRunnerOpt = "default",
    dask_address: DaskAddressOpt = None,
) -> None:
    """Generate the embedded demo corpus, serve it on 127.0.0.1 and run every week of it."""
    prefect_home()
    from pipelines.demo_run import run_demo
    from pipelines.workers import collect_runner
    from warehouse.connection import ensure_writable

    ensure_writable(db)
    quiet_flow_failures()
    with marks_interrupted(db), collect_runner(task_runner, address=dask_address) as runner:
        result = run_demo(
            var_dir=VAR, seed=seed, weeks=weeks, db=db, config=config, task_runner=runner
        )
    out.print(
        f"demo: {result.weeks_run} week(s) run, {result.weeks_skipped} already done; "
        f"{result.documents} documents in {db}"
    )
    out.print(f"ground truth: {result.ground_truth}")
    out.print(f"report: {result.report}")
    out.print("early-warning summaries:")
    for region_id, path in result.summaries.items():
        out.print(f"  {region_id}: {path}")


def _print_week(summary: WeekSummary) -> None:
    if summary.skipped and not summary.stages:
        out.print(f"{summary.week}: already completed (use --force to redo)")
        return
    collect = summary.stages.get("collect", {})
    out.print(
        f"{summary.week}: {collect.get('documents_new', 0)} new documents from "
        f"{collect.get('sources', 0)} sources"
    )
    for failed in summary.failed_sources:
        out.print(f"[red]  source {failed.source_id} failed:[/] {failed.error}", highlight=False)


def _json_value(value: object) -> object:
    """Dates and times as ISO 8601, stage counts (stored as JSON text) as JSON."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _parse_mapping(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field or not column:
            raise HorizonError(f"--map {item!r}: write it as FIELD=COLUMN, e.g. text=abstract")
        mapping[field.strip()] = column.strip()
    return mapping


def main() -> None:
    """Entry point: a Horizon error becomes a one-line reason and exit status 1."""
    try:
        app()
    except Interrupted as exc:
        _fail(str(exc), INTERRUPTED_EXIT)
    except HorizonError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted (Ctrl-C)", INTERRUPTED_EXIT)
    except (duckdb.Error, OSError) as exc:
        # a damaged block only shows when it is read, long after the file opened fine; a full
        # disk or a read-only folder shows as an OSError or inside DuckDB's message
        _fail(system_reason(exc))


def _fail(message: str, code: int = 1) -> None:
    """Print the reason on one line (no wrapping, no markup from the message) and exit. The
    reason is the last line an operator reads: Prefect's background services, drained at exit,
    would otherwise log their warnings after it ("EventsWorker: Still processing items")."""
    logging.disable(logging.WARNING)
    Console(stderr=True, soft_wrap=True).print(f"[red]error:[/] {escape(message)}", highlight=False)
    sys.exit(code)
