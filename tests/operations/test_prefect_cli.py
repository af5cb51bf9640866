"""The Prefect CLI against Horizon's Prefect server, with the pinned fastapi / pydantic stack.

An operator drives a served Horizon with Prefect's own commands: list the deployments, inspect
``weekly-scan/weekly``, trigger a week, list the flow runs. With a web stack Prefect was not
tested with, the server answered these commands' requests with ``422 Unprocessable Entity``
(``'limit': Input should be a valid integer``). The server and ``horizon serve`` are real
processes, as in ``test_serve.py``; ``horizon serve`` is stopped once the deployment is
registered, so the triggered run stays scheduled and no week is scanned here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.httpserver import free_port
from tests.support.prefect import (
    CRON,
    DEPLOYMENT,
    PrefectServer,
    background,
    server_healthy,
    wait_until,
)

pytestmark = pytest.mark.slow
WEEK = "2025-W01"
CLI_TIMEOUT = 300  # a safety net against a hung command, not a timing assertion


def prefect(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """One ``prefect`` command, as an operator types it."""
    result = subprocess.run(
        [sys.executable, "-m", "prefect", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )
    assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}{result.stderr}"
    # the old stack's answer; a bare "422" also turns up inside run ids
    assert "Unprocessable" not in result.stdout + result.stderr
    return result


def registered(api: str) -> bool:
    try:
        return httpx.get(f"{api}/deployments/name/{DEPLOYMENT}", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def test_prefect_cli_lists_inspects_and_runs_the_weekly_deployment(
    tmp_path: Path, write_config
) -> None:
    config = write_config(tmp_path)
    sources = tmp_path / "sources.toml"
    sources.write_text("")
    db = tmp_path / "horizon.duckdb"
    prefect_server = PrefectServer(tmp_path, free_port())
    api = prefect_server.api
    client_env = prefect_server.client_env("prefect-client", COLUMNS="250")  # whole names
    serve_command = [sys.executable, "-m", "pipelines", "serve", "--cron", CRON]
    serve_command += ["--config", str(config), "--db", str(db), "--sources", str(sources)]

    with background(
        prefect_server.command, cwd=tmp_path, env=prefect_server.env, log=tmp_path / "server.log"
    ) as server:
        wait_until(lambda: server_healthy(api), server, tmp_path / "server.log", "server start")
        with background(
            serve_command, cwd=tmp_path, env=client_env, log=tmp_path / "serve.log"
        ) as serving:
            wait_until(lambda: registered(api), serving, tmp_path / "serve.log", "registering")

        listed = prefect("deployment", "ls", env=client_env, cwd=tmp_path)
        inspected = prefect(
            "deployment", "inspect", DEPLOYMENT, "-o", "json", env=client_env, cwd=tmp_path
        )
        started = prefect(
            "deployment", "run", DEPLOYMENT, "--param", f"week={WEEK}",
            env=client_env, cwd=tmp_path,
        )  # fmt: skip
        runs = prefect("flow-run", "ls", "-o", "json", env=client_env, cwd=tmp_path)
        table = prefect("flow-run", "ls", env=client_env, cwd=tmp_path)

    assert DEPLOYMENT in listed.stdout
    deployment = json.loads(inspected.stdout)
    assert deployment["name"] == "weekly" and deployment["tags"] == ["horizon"]
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [CRON]
    assert deployment["parameters"]["db"] == str(db.resolve())
    match = re.search(r"UUID: ([0-9a-f-]{36})", started.stdout)
    assert match, started.stdout
    (run,) = [r for r in json.loads(runs.stdout) if r["id"] == match.group(1)]
    assert run["deployment_id"] == deployment["id"]
    assert run["parameters"] == {**deployment["parameters"], "week": WEEK}
    assert run["state"]["type"] == "SCHEDULED", run["state"]
    assert run["name"] in table.stdout
