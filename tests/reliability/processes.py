"""Running the real ``horizon`` command in a child process and measuring what it used.

Peak memory is the child's own high-water mark (``VmHWM`` in ``/proc/<pid>/status``), read
ten times a second while it runs. Not ``ru_maxrss`` from ``wait4``: Linux carries the
resident size of the forked image over ``exec``, so a child of a test process that already
holds the models and a demo warehouse would report the parent's size, not its own. The child
gets its own process group so that a kill also reaches Prefect's temporary server, which the
run starts as a child of its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# A safety net against a hung child, not a timing assertion.
TIMEOUT_SECONDS = 1800


@dataclass
class Finished:
    """A child that ended: exit status (negative: killed by that signal), output, peak RSS."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mib: float
    seconds: float
    lines: list[str] = field(default_factory=list)


def horizon_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment of a child run: its own Prefect home, stage logs at INFO, and this
    checkout importable (for :mod:`tests.reliability.killpoint`) from any working folder."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "HORIZON_LOG_LEVEL": "INFO", "PREFECT_HOME": str(root / "prefect")}
    env["PYTHONPATH"] = path
    env.update(extra)
    return env


def run_horizon(
    args: Sequence[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    on_line: Callable[[str], None] | None = None,
    prefix: Sequence[str] = ("-m", "pipelines"),
) -> Finished:
    """Run ``python PREFIX ARGS`` (default: the ``horizon`` command) to its end; ``on_line``
    sees each line of its stderr as it comes."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, *prefix, *args],
        cwd=cwd,
        env=env or horizon_env(cwd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    stdout: list[str] = []
    drain = threading.Thread(target=lambda: stdout.extend(process.stdout), daemon=True)
    drain.start()
    ended: list[tuple[int, int, Any]] = []

    def reap() -> None:
        # once the child is gone, so are its leftovers, which would hold its pipes open
        ended.append(os.wait4(process.pid, 0))
        _kill_group(process.pid)

    reaper = threading.Thread(target=reap, daemon=True)
    reaper.start()
    peak_kib = [0]
    sampler = threading.Thread(
        target=_sample_hwm, args=(process.pid, reaper, peak_kib), daemon=True
    )
    sampler.start()
    watchdog = threading.Timer(TIMEOUT_SECONDS, _kill_group, [process.pid])
    watchdog.start()
    lines: list[str] = []
    try:
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            if on_line is not None:
                on_line(line)
        reaper.join()
    finally:
        watchdog.cancel()
    sampler.join()
    _, status, _ = ended[0]
    process.returncode = os.waitstatus_to_exitcode(status)
    drain.join(timeout=60)
    return Finished(
        returncode=process.returncode,
        stdout="".join(stdout),
        stderr="\n".join(lines),
        peak_rss_mib=peak_kib[0] / 1024,
        seconds=time.monotonic() - started,
        lines=lines,
    )


def _sample_hwm(pid: int, reaper: threading.Thread, peak_kib: list[int]) -> None:
    """Keep in ``peak_kib[0]`` the highest ``VmHWM`` of ``pid`` seen until ``reaper`` ends."""
    status = Path(f"/proc/{pid}/status")
    while reaper.is_alive():
        with contextlib.suppress(OSError):
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kib[0] = max(peak_kib[0], int(line.split()[1]))
        time.sleep(0.1)


def _kill_group(pid: int) -> None:
    """Whatever the child left behind (Prefect's temporary server) goes with it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
