"""The environment a ``horizon`` process sets up: log lines with the date, Horizon's loggers
routed to the Prefect API, usage reporting off. Checked in a fresh interpreter, because all of
it must be in place before Prefect is first imported."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from pipelines.runtime import HORIZON_LOGGERS, horizon_environment

SUBPROCESS_TIMEOUT = 300  # a safety net against a hung child, not a timing assertion
DATED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")

CHILD = """
import json, logging, sys
from pathlib import Path
from pipelines.runtime import prepare_environment
prepare_environment(Path(sys.argv[1]))
from prefect import flow  # noqa: F401  (configures Prefect's logging, as pipelines.flows does)
from prefect.logging.handlers import APILogHandler
from prefect.settings import get_current_settings
from prefect._internal.analytics.enabled import is_telemetry_enabled
logging.getLogger("pipelines.stages.runner").info("weekly-2026-W05: collect started")
logging.getLogger("prefect.flow_runs").warning("a line of Prefect's own")
settings = get_current_settings()
print(json.dumps({
    "api": {name: any(isinstance(h, APILogHandler) for h in logging.getLogger(name).handlers)
            for name in sys.argv[2:]},
    "server_analytics": settings.server.analytics_enabled,
    "cloud_telemetry": settings.cloud.enable_orchestration_telemetry,
    "sdk_telemetry": is_telemetry_enabled(),
}))
"""


def test_log_lines_carry_the_date_and_reach_the_prefect_api(tmp_path: Path) -> None:
    prepared = set(horizon_environment())
    env = {k: v for k, v in os.environ.items() if k not in prepared and k != "DO_NOT_TRACK"}
    env["HORIZON_LOG_LEVEL"] = "INFO"
    (tmp_path / "var").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "var"), *HORIZON_LOGGERS],
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    ours = [line for line in lines if "collect started" in line]
    theirs = [line for line in lines if "a line of Prefect's own" in line]
    assert len(ours) == 1 and DATED.match(ours[0]), lines
    assert len(theirs) == 1 and DATED.match(theirs[0]), lines
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr
    seen = json.loads(result.stdout)
    assert seen == {
        "api": dict.fromkeys(HORIZON_LOGGERS, True),
        "server_analytics": False,
        "cloud_telemetry": False,
        "sdk_telemetry": False,
    }
