"""Helpers for the tests that start real Prefect servers and workers: background processes in
their own process group, waiting for them to come up, and reading a flow run's logs back."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.client.schemas.sorting import LogSort

CRON = "0 6 * * 1"
DEPLOYMENT = "weekly-scan/weekly"
STARTUP_LIMIT = 180.0  # seconds a process may take to come up before the test gives up
LOG_WAIT = 60.0  # seconds to wait for the batched log lines to reach the API (a safety net)


@dataclass(frozen=True)
class PrefectServer:
    """A Prefect server to start on ``port`` with its own home under ``root``, and the
    environment of the processes that talk to it (none inherits the caller's API settings)."""

    root: Path
    port: int

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def command(self) -> list[str]:
        return [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                "--port", str(self.port), "--no-ui"]  # fmt: skip

    @property
    def env(self) -> dict[str, str]:
        return {**_base_env(), "PREFECT_HOME": str(self.root / "prefect-server")}

    def client_env(self, home: str, **extra: str) -> dict[str, str]:
        """A client's environment: its own Prefect home ``root/home``, pointed at this API."""
        return {**_base_env(), "PREFECT_HOME": str(self.root / home), "PREFECT_API_URL": self.api,
                **extra}  # fmt: skip


def _base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}


@contextlib.contextmanager
def background(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Iterator:
    """Run ``command`` in its own process group; stop the whole group when the block ends."""
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # children it left behind


def wait_until(ready, process: subprocess.Popen, log: Path, what: str):
    """Poll ``ready()`` until it returns something; fail with the process's log if it dies or
    the wait exceeds STARTUP_LIMIT."""
    deadline = time.monotonic() + STARTUP_LIMIT
    while not (result := ready()):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what} never happened; {log.name} ends:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)
    return result


def server_healthy(api: str) -> bool:
    try:
        return httpx.get(f"{api}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def flow_run_logs(flow_run_id: UUID, until: str) -> list[tuple[str, str]]:
    """(logger name, message) of a flow run as the Prefect API holds them, once a line
    containing ``until`` has arrived (lines are sent in batches, in the background)."""

    async def read() -> list[tuple[str, str]]:
        async with get_client() as client:
            logs = await client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])),
                limit=200,
                sort=LogSort.TIMESTAMP_ASC,
            )
        return [(log.name, log.message) for log in logs]

    deadline = time.monotonic() + LOG_WAIT
    while True:
        lines = asyncio.run(read())
        if any(until in message for _, message in lines):
            return lines
        assert time.monotonic() < deadline, f"no log line with {until!r} in {lines}"
        time.sleep(0.5)


def flow_run_task_states(flow_run_id: UUID, until: set[str]) -> dict[str, str]:
    """Task run name -> final state name of a flow run's task runs, once every name in
    ``until`` has arrived in a final state (task runs reach the API as events, in the
    background)."""

    async def read() -> dict[str, str]:
        async with get_client() as client:
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
                limit=200,
            )
        return {run.name: run.state.name for run in runs if run.state and run.state.is_final()}

    deadline = time.monotonic() + LOG_WAIT
    while True:
        states = asyncio.run(read())
        if until <= set(states):
            return states
        assert time.monotonic() < deadline, f"no final state for {until - set(states)}: {states}"
        time.sleep(0.5)
