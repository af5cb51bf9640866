"""``horizon serve`` against a real Prefect server: the deployment, its schedule, one run of it.

Both processes are real: ``prefect server start`` on a free port of 127.0.0.1 with its own
``PREFECT_HOME``, and ``horizon serve`` pointed at it with ``PREFECT_API_URL``. The deployment
is read and triggered through the Prefect API, and the run is checked in the warehouse.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings

from democorpus.generator import demo_sources_toml, generate_demo
from democorpus.server import serve_directory
from tests.operations.conftest import SEED
from tests.support.httpserver import free_port
from tests.support.prefect import (
    CRON,
    DEPLOYMENT,
    PrefectServer,
    background,
    flow_run_logs,
    server_healthy,
    wait_until,
)
from warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow
WEEK = "2025-W01"
TIMEZONE = "Europe/Stockholm"  # not the default, so the test sees horizon.toml's value arrive
DATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


async def read_deployment():
    async with get_client() as client:
        try:
            return await client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            return None


async def scheduled_starts(deployment_id: UUID) -> list:
    """When the runs that the server's scheduler created for the deployment are due."""
    async with get_client() as client:
        runs = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
            ),
        )
    return [run.expected_start_time for run in runs]


def test_serve_registers_the_schedule_and_runs_a_week(tmp_path: Path, write_config) -> None:
    corpus = generate_demo(tmp_path / "demo", seed=SEED, weeks=1)
    truth = json.loads(corpus.ground_truth.read_text())
    config = write_config(tmp_path, timezone=TIMEZONE)
    db = tmp_path / "horizon.duckdb"
    prefect_server = PrefectServer(tmp_path, free_port())
    api = prefect_server.api
    serve_env = prefect_server.client_env("prefect-serve", HORIZON_LOG_LEVEL="INFO")
    serve_command = [sys.executable, "-m", "pipelines", "serve", "--cron", CRON]
    serve_command += ["--config", str(config), "--db", str(db)]

    with (
        serve_directory(corpus.feeds) as base_url,
        background(
            prefect_server.command,
            cwd=tmp_path,
            env=prefect_server.env,
            log=tmp_path / "server.log",
        ) as server,
    ):
        wait_until(lambda: server_healthy(api), server, tmp_path / "server.log", "server start")
        sources = tmp_path / "sources.toml"
        sources.write_text(demo_sources_toml(base_url))
        with (
            background(
                [*serve_command, "--sources", str(sources)],
                cwd=tmp_path,
                env=serve_env,
                log=tmp_path / "serve.log",
            ) as serving,
            temporary_settings(updates={PREFECT_API_URL: api}),
        ):
            deployment = wait_until(
                lambda: asyncio.run(read_deployment()),
                serving,
                tmp_path / "serve.log",
                "registering the deployment",
            )
            starts = wait_until(
                lambda: asyncio.run(scheduled_starts(deployment.id)),
                server,
                tmp_path / "server.log",
                "scheduling the deployment's runs",
            )
            flow_run = run_deployment(
                DEPLOYMENT, parameters={"week": WEEK}, timeout=600, poll_interval=2
            )
            logs = flow_run_logs(flow_run.id, until=f"weekly-{WEEK}: report completed")

    assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in deployment.schedules] == [
        (CRON, TIMEZONE, True)
    ]
    local = [start.astimezone(ZoneInfo(TIMEZONE)) for start in starts]
    assert all((t.isoweekday(), t.hour, t.minute) == (1, 6, 0) for t in local), local
    assert deployment.parameters == {
        "config": str(config.resolve()),
        "sources": str(sources.resolve()),
        "db": str(db.resolve()),
    }
    assert flow_run.state.is_completed(), (tmp_path / "serve.log").read_text()[-3000:]
    assert flow_run.parameters["week"] == WEEK
    # The stage lines of the served run reach the UI, and its log carries the date.
    assert ("pipelines.stages.runner", f"weekly-{WEEK}: collect started") in logs
    served = (tmp_path / "serve.log").read_text().splitlines()
    stage_lines = [line for line in served if f"weekly-{WEEK}: collect started" in line]
    assert stage_lines and all(DATED.match(line) for line in stage_lines), served[-20:]
    with open_warehouse(db, read_only=True) as wh:
        documents = wh.con.execute("SELECT count(*) FROM documents").fetchone()[0]
        run = wh.con.execute("SELECT run_id, status FROM runs").fetchall()
    assert documents == truth["weekly"][WEEK]["total"] == 214
    assert run == [(f"weekly-{WEEK}", "completed")]
