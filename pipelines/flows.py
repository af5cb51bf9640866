"""Prefect flows. They only orchestrate: each step is a stage object (``pipelines.stages``)
whose work lives in plain functions tested on their own.

Workers (tasks) fetch and parse and return data; only the flow's process opens the warehouse
for writing, because DuckDB allows one writing process. Where the collect tasks run (threads of
this process or a Dask cluster) is chosen with :func:`weekly_scan_on`; see ``pipelines.workers``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import Flow, flow
from prefect.task_runners import TaskRunner

from kernel.clock import utc_now
from kernel.errors import HorizonError, WarehouseError
from kernel.paths import DEFAULT_DB, DEFAULT_SOURCES
from pipelines.artifacts import publish_artifacts
from pipelines.config import HorizonSettings, load_settings, load_sources
from pipelines.runtime import set_horizon_log_level
from pipelines.stages.analysis import ReportResult, analysis_stages
from pipelines.stages.collect import CollectResult, CollectStage, SourceSummary
from pipelines.stages.protocol import StageInputs
from pipelines.stages.runner import StageRun, current_week, parse_week, run_id_for
from reports.notices import RunNotice, notify_operators
from warehouse.connection import Warehouse, open_warehouse
from warehouse.runs import run_status

log = logging.getLogger(__name__)


@dataclass
class WeekSummary:
    """What one weekly run did, for the CLI and the operator."""

    week: str
    run_id: str
    status: str
    sources: list[SourceSummary] = field(default_factory=list)
    stages: dict[str, dict[str, object]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[SourceSummary]:
        return [s for s in self.sources if s.status == "failed"]


@flow(name="weekly-scan", log_prints=True)
def weekly_scan(
    week: str | None = None,
    config: str | None = None,
    sources: str = str(DEFAULT_SOURCES),
    db: str = str(DEFAULT_DB),
    force: bool = False,
) -> WeekSummary:
    """One weekly run: collect → terms → embed → topics → emergence → overlap → report.

    Stages that completed in an earlier attempt of the same week are skipped, so a failed or
    killed run resumes where it stopped.
    """
    set_horizon_log_level()
    settings = load_settings(Path(config) if config else None)
    week = week or current_week()
    parse_week(week)
    collect = CollectStage(tuple(load_sources(Path(sources))), settings)
    with open_warehouse(db) as wh:
        run = StageRun(wh, week, force=force)
        run.begin()
        inputs = StageInputs(wh, run.run_id, week)
        collected: CollectResult | None = None
        reported: ReportResult | None = None
        try:
            # collect's work is one task per source, which may run on Dask: not wrapped
            collected = run.stage(collect, inputs, as_task=False)
            for stage in analysis_stages(settings):
                result = run.stage(stage, inputs)
                if isinstance(result, ReportResult):
                    reported = result
        except Exception as exc:
            reason = f"{type(exc).__name__}: {exc}"[:500]
            run.finish(status="failed", message=reason)
            _notify_operators(settings, run, "failed", reason)
            raise
        summaries = list(collected.sources) if collected else []
        failed = [s.source_id for s in summaries if s.status == "failed"]
        message = f"{len(failed)} source(s) failed: {', '.join(failed)}" if failed else None
        # A week with failed sources is "partial": backfill and demo run it again, and a re-run
        # collects every source again (storing is idempotent) and redoes the later stages.
        run.finish(status="partial" if failed else "completed", message=message)
        _write_snapshot(wh)
        if failed:
            _notify_operators(settings, run, "partial", message or "")
    if reported:
        publish_artifacts(reported.data, week, reported.path)
    status = "partial" if failed else "completed"
    return WeekSummary(week, run.run_id, status, summaries, run.counts, run.skipped)


def weekly_scan_on(task_runner: TaskRunner[Any] | None) -> Flow[..., WeekSummary]:
    """The weekly-scan flow with its collect tasks on ``task_runner`` (None: Prefect's default)."""
    if task_runner is None:
        return weekly_scan
    return weekly_scan.with_options(task_runner=task_runner)


def _notify_operators(settings: HorizonSettings, run: StageRun, status: str, reason: str) -> None:
    """Tell ``[operators] recipients`` that the run failed or is partial. Never raises: a notice
    that cannot be queued or sent is logged, and the run's own outcome stands."""
    recipients = settings.operators.recipients
    if not recipients:
        return
    written = run.counts.get("report", {}).get("report")
    notice = RunNotice(
        week=run.week,
        run_id=run.run_id,
        status=status,
        attempt=run.attempt,
        message=reason,
        report=Path(str(written)) if written else None,
    )
    try:
        delivery = notify_operators(
            settings.paths.outbox, notice, recipients, smtp=settings.smtp, now=utc_now()
        )
    except (HorizonError, OSError) as exc:
        log.warning("could not queue the operators' notice of %s: %s", run.run_id, exc)
        return
    for message_id, why in delivery.failed.items():
        log.warning("message %s not delivered (stays in the outbox): %s", message_id, why)


def _write_snapshot(wh: Warehouse) -> None:
    """Refresh the analysts' read-only copy. Failing to is told, not fatal: the run is saved."""
    try:
        path = wh.write_snapshot()
    except WarehouseError as exc:
        log.warning("%s", exc)
        return
    log.info("analysts' snapshot written: %s", path)


def week_is_complete(db: str | Path, week: str) -> bool:
    if not Path(db).exists():
        return False
    with open_warehouse(db, read_only=True) as wh:
        return run_status(wh.con, run_id_for(week)) == "completed"
