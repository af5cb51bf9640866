"""The real ``horizon`` command in a child process, from any working folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 600  # a safety net against a hung child, not a timing assertion
# ``horizon`` as Ctrl-C reaches it from a terminal. A shell without job control (a CI script
# run in the background, cron) starts its children with SIGINT ignored, and Python then never
# raises KeyboardInterrupt; the Ctrl-C tests give the child a terminal's handler back.
INTERRUPTIBLE_HORIZON = [
    sys.executable,
    "-c",
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('pipelines', run_name='__main__', alter_sys=True)",
]


def horizon_env(**extra: str) -> dict[str, str]:
    """This checkout importable from any folder; no HORIZON_* setting of the caller leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HORIZON_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def horizon(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``horizon ARGS`` in ``cwd`` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines", *args],
        cwd=cwd,
        env=env or horizon_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The child's reason, asserting it failed with exactly one line and no traceback."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    return lines[0].removeprefix("error: ")
