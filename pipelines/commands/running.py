"""What ``horizon run`` and ``horizon backfill`` do around the weekly flow: check every input
before Prefect starts, and leave a clear record when the operator stops a run with Ctrl-C."""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

from kernel.clock import utc_now
from kernel.errors import ConfigError, HorizonError
from models.embeddings import default_model_path
from models.overlap.regions import load_regions
from pipelines.config import HorizonSettings, load_settings, load_sources
from pipelines.stages.runner import STAGES, run_id_for
from warehouse.connection import ensure_writable, open_warehouse
from warehouse.runs import StageRecord, finish_run, recent_runs, run_status, stage_records

INTERRUPTED_EXIT = 130  # the shell's code for a process ended by SIGINT


class Interrupted(HorizonError):
    """The operator stopped a run (Ctrl-C); the run is recorded as ``interrupted``."""


def check_run_inputs(config: Path | None, sources: Path, db: Path) -> None:
    """Read every file a run needs and open the warehouse for writing, before the first stage.

    Without this a missing regions file or a typo in sources.toml would surface only after
    collect, terms and embed had run, and inside Prefect's own output.
    """
    settings = load_settings(config)
    load_sources(sources)
    load_regions(settings.paths.regions)
    _check_models(settings)
    ensure_writable(db)


def _check_models(settings: HorizonSettings) -> None:
    """The spaCy pipeline and the embedding model exist (loading them is the stages' work)."""
    name = settings.terms.model
    try:
        installed = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        installed = False
    if not installed and not Path(name).is_dir():
        raise ConfigError(
            f"[terms] model {name!r} is neither an installed spaCy pipeline nor a folder; "
            "install it or set [terms] model in horizon.toml"
        )
    path = settings.embeddings.model_path
    folder = Path(path) if path else default_model_path()
    if not ((folder / "modules.json").is_file() or (folder / "config.json").is_file()):
        raise ConfigError(
            f"no sentence-transformers model at {folder}: set [embeddings] model_path to a "
            "local model folder"
        )


def prefect_home() -> None:
    """Create ``PREFECT_HOME`` (``var/prefect``) before Prefect is imported.

    Prefect makes its home without parent folders, so in a fresh folder its server could not
    open its database. Only commands that start Prefect call this: ``--help`` writes nothing.
    """
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)


def quiet_flow_failures() -> None:
    """Keep Prefect's report of a failed flow or task run (its traceback) off the console.

    Call after Prefect is imported (it configures logging then). The command ends with its own
    one-line reason, or Python's traceback for a bug, and Prefect's API handler still gets the
    records, so the UI shows the failure in full.
    """
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, _NoRunFailures) for f in handler.filters):
            handler.addFilter(_NoRunFailures())


class _NoRunFailures(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from_runs = record.name.startswith(("prefect.flow_runs", "prefect.task_runs"))
        return not (from_runs and record.levelno >= logging.ERROR)


@contextlib.contextmanager
def marks_interrupted(db: Path, week: str | None = None) -> Iterator[None]:
    """Turn Ctrl-C during a week's run into an :class:`Interrupted` naming the week and stage,
    with the run marked ``interrupted`` (it would otherwise read ``running`` forever).

    Without ``week`` (the demo, which chooses its weeks itself) the run still marked
    ``running`` is the one: holding the write lock, no other process can be running one.
    """
    try:
        yield
    except KeyboardInterrupt:
        if not Path(db).exists():
            raise Interrupted("interrupted (Ctrl-C) before any week's run started") from None
        week, stage = _mark_interrupted(db, week)
        if week is None:
            raise Interrupted(
                "interrupted (Ctrl-C) between weeks; nothing was left half-done"
            ) from None
        where = f"during its {stage} stage" if stage else "before its first stage"
        raise Interrupted(
            f"interrupted: the run of {week} stopped {where}; completed stages are kept and "
            f"`horizon run --week {week}` resumes from there"
        ) from None


def _mark_interrupted(db: Path, week: str | None) -> tuple[str | None, str | None]:
    """Record the run as interrupted; returns its week and the stage that was running."""
    with open_warehouse(db) as wh:
        if week is None:
            running = [
                r for r in recent_runs(wh.con, 20)
                if r["status"] == "running" and r["flow"] == "weekly-scan"
            ]  # fmt: skip
            if not running:
                return None, None
            week = str(running[0]["period"])
        run_id = run_id_for(week)
        if run_status(wh.con, run_id) != "running":
            return week, None
        stage = _running_stage(stage_records(wh.con, run_id))
        with wh.transaction() as con:
            finish_run(
                con,
                run_id,
                status="interrupted",
                message=f"interrupted (Ctrl-C) during {stage or 'start-up'}",
                at=utc_now(),
            )
    return week, stage


def _running_stage(records: list[StageRecord]) -> str | None:
    """The stage a run was in: the one recorded unfinished, else the first not completed (an
    interrupt that lands inside a DuckDB statement can stop the stage being recorded at all)."""
    unfinished = [r["stage"] for r in records if r["status"] != "completed"]
    if unfinished:
        return unfinished[-1]
    completed = {r["stage"] for r in records}
    return next((stage for stage in STAGES if stage not in completed), None)


def system_reason(exc: BaseException) -> str:
    """One line for an operating-system or DuckDB failure, saying what to do next.

    A full disk makes DuckDB invalidate the open database; the error then reads like damage,
    but the file holds everything committed before, so the advice is to free space, not rebuild.
    """
    chain = _chain(exc)
    if any(_is_disk_full(e) for e in chain):
        return "no space left on device; free space and run again (nothing stored is lost)"
    for e in chain:
        if isinstance(e, OSError) and e.errno == errno.EROFS:
            return (
                f"{e.filename}: read-only file system; point --db (or [paths] in horizon.toml) "
                "at a writable folder"
            )
        if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM):
            return f"{e.filename}: permission denied; choose a folder this user may write"
    if isinstance(exc, OSError):
        return f"{exc.filename or 'file'}: {exc.strerror or exc}"
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, duckdb.Error) and "read-only file system" in reason.lower():
        return f"the warehouse is on a read-only file system ({reason}); point --db elsewhere"
    return (
        f"the warehouse could not be read or written ({reason}). If the file is damaged, "
        "move it aside and rebuild it with `horizon backfill`."
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return "no space left on device" in str(exc).lower()
