"""``horizon demo``: the embedded demo end to end, on this machine alone.

The corpus is generated into ``var/demo`` (deterministic from the seed), served from a real
HTTP server on 127.0.0.1, and collected week by week through the same weekly flow an operator
runs against real sources. Weeks already completed in the warehouse are skipped, so running the
demo twice adds nothing. With a Dask task runner the collect tasks run on its workers; the
feeds are then served on 127.0.0.1, so the workers must run on this machine (a LocalCluster).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from prefect.task_runners import TaskRunner

from democorpus.generator import demo_sources_toml, generate_demo
from democorpus.server import serve_directory
from kernel.periods import week_of
from pipelines.config import load_settings
from pipelines.flows import week_is_complete, weekly_scan_on
from pipelines.progress import over_weeks
from reports.write import report_dir
from warehouse.connection import open_warehouse
from warehouse.documents import count_documents

log = logging.getLogger(__name__)
FIRST_DEMO_MONDAY = date(2024, 12, 30)  # Monday of ISO week 2025-W01


@dataclass(frozen=True)
class DemoResult:
    weeks_run: int
    weeks_skipped: int
    documents: int
    ground_truth: Path
    sources: Path
    report: Path  # the last week's trend report
    summaries: dict[str, Path]  # region id -> the last week's early-warning summary (Markdown)


def demo_weeks(weeks: int) -> list[str]:
    return [week_of(FIRST_DEMO_MONDAY + timedelta(weeks=n)) for n in range(weeks)]


def run_demo(
    *,
    var_dir: Path,
    seed: int,
    weeks: int,
    db: Path,
    config: Path | None = None,
    task_runner: TaskRunner | None = None,
) -> DemoResult:
    """Generate, serve and run every demo week; returns what was done.

    ``task_runner`` runs the collect tasks (None: Prefect's default, threads of this process).
    """
    demo_dir = var_dir / "demo"
    generate_demo(demo_dir, seed=seed, weeks=weeks)
    sources = demo_dir / "sources.toml"
    run, skipped = 0, 0
    flow = weekly_scan_on(task_runner)
    with serve_directory(demo_dir / "feeds") as base_url:
        sources.write_text(demo_sources_toml(base_url), encoding="utf-8")
        for week in over_weeks(demo_weeks(weeks), title="demo"):
            if week_is_complete(db, week):
                skipped += 1
                continue
            summary = flow(
                week=week,
                config=str(config) if config else None,
                sources=str(sources),
                db=str(db),
            )
            collect = summary.stages.get("collect", {})
            log.info("%s: %s new documents", week, collect.get("documents_new", 0))
            run += 1
    with open_warehouse(db, read_only=True) as wh:
        documents = count_documents(wh.con)
    folder = report_dir(load_settings(config).paths.reports, demo_weeks(weeks)[-1])
    summaries = {path.stem: path for path in sorted((folder / "alerts").glob("*.md"))}
    return DemoResult(
        weeks_run=run,
        weeks_skipped=skipped,
        documents=documents,
        ground_truth=demo_dir / "ground_truth.json",
        sources=sources,
        report=folder / "index.html",
        summaries=summaries,
    )
