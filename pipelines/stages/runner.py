"""Running a weekly scan's stages so that a failed or killed run can resume.

A stage that completed is recorded in ``run_stages`` together with its counts; running the same
week again skips it. Stages are written so that re-doing an interrupted one is harmless (every
write is idempotent or replaces that run's rows), which is what makes resume safe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from kernel.clock import utc_now
from kernel.errors import ConfigError
from kernel.periods import iso_monday, split_week, week_of
from pipelines.stages.protocol import Stage, StageInputs, StageResult
from warehouse.connection import Warehouse
from warehouse.runs import completed_stages, finish_run, record_stage, run_status, start_run

log = logging.getLogger(__name__)
R = TypeVar("R", bound=StageResult)
STAGES = ("collect", "terms", "embed", "topics", "emergence", "overlap", "report")


def parse_week(label: str) -> date:
    """Monday of ISO week ``YYYY-Www``; ConfigError for anything else."""
    parts = split_week(label.strip())
    if parts is None:
        raise ConfigError(f"week {label!r} is not an ISO week like 2026-W07")
    monday = iso_monday(*parts)
    if monday is None:
        raise ConfigError(f"week {label!r} does not exist")
    return monday


def weeks_between(start: str, end: str) -> list[str]:
    first, last = parse_week(start), parse_week(end)
    if last < first:
        raise ConfigError(f"--end {end} is before --start {start}")
    return [week_of(first + timedelta(weeks=n)) for n in range((last - first).days // 7 + 1)]


def current_week() -> str:
    return week_of(utc_now().date())


def run_id_for(week: str) -> str:
    return f"weekly-{week}"


def _run_stage(stage: Stage[R], inputs: StageInputs) -> R:
    return stage.run(inputs)


def _as_task(stage: Stage[R], inputs: StageInputs, week: str) -> R:
    """``stage`` run as a task of the flow run, so the Prefect UI shows it with its state and
    duration. Never cached, retried or persisted, whatever Prefect's settings say: run_stages,
    not Prefect, records what is done, and a retry inside one attempt would send alerts twice.
    Prefect is imported here, by a run, so that the CLI's other commands start without it."""
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    as_task = task(
        name=stage.name,
        task_run_name=f"{stage.name} {week}",
        cache_policy=NO_CACHE,
        retries=0,
        persist_result=False,
    )(_run_stage)
    return as_task(stage, inputs)


@dataclass
class StageRun:
    """One run of the weekly scan: which stages are done, and what each counted."""

    wh: Warehouse
    week: str
    force: bool = False
    counts: dict[str, dict[str, object]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    attempt: int = 0

    @property
    def run_id(self) -> str:
        return run_id_for(self.week)

    def begin(self) -> None:
        """Open the run; a ``partial`` run (some sources failed) is redone from collect."""
        previous = run_status(self.wh.con, self.run_id)
        with self.wh.transaction() as con:
            self.attempt = start_run(
                con, self.run_id, flow="weekly-scan", period=self.week, at=utc_now()
            )
        redo = self.force or previous == "partial"
        self._done = set() if redo else completed_stages(self.wh.con, self.run_id)
        if self.attempt > 1 and self._done:
            log.info(
                "resuming %s (attempt %d): %s already done",
                self.run_id,
                self.attempt,
                ", ".join(sorted(self._done)),
            )

    def stage(self, stage: Stage[R], inputs: StageInputs, *, as_task: bool = True) -> R | None:
        """Run ``stage`` unless it already completed for this run (None); record its outcome
        either way it ends. ``as_task=False`` for a stage whose work is Prefect tasks already
        (collect): tasks submitted from inside a task carry its parameters, the open warehouse
        among them, to a Dask worker, which cannot take them."""
        name = stage.name
        if name in self._done:
            self.skipped.append(name)
            log.info("%s: %s skipped (completed in an earlier attempt)", self.run_id, name)
            return None
        log.info("%s: %s started", self.run_id, name)
        self._done = set()  # every later stage depends on this one: redo them all
        started = utc_now()
        try:
            result = _as_task(stage, inputs, self.week) if as_task else stage.run(inputs)
        except BaseException as exc:
            self._record(name, "failed", started, {"error": str(exc)[:500]})
            raise
        counts = dict(result.counts)
        self._record(name, "completed", started, counts)
        self.counts[name] = counts
        log.info("%s: %s completed", self.run_id, name)
        return result

    def _record(self, name: str, status: str, started: datetime, counts: dict[str, object]) -> None:
        with self.wh.transaction() as con:
            record_stage(
                con,
                self.run_id,
                name,
                status=status,
                started_at=started,
                finished_at=utc_now(),
                counts=counts,
            )

    def finish(self, *, status: str, message: str | None) -> None:
        with self.wh.transaction() as con:
            finish_run(con, self.run_id, status=status, message=message, at=utc_now())
        self.wh.checkpoint()
