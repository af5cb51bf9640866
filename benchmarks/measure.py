"""Timing a command in its own process and the peak memory of each stage of the run it makes.

A weekly run is measured as an operator runs it: ``horizon run`` in a process of its own. While it
runs, a thread here samples the resident memory of that process and of its children (spaCy
workers, Prefect's temporary server) ten times a second; afterwards the run's ``run_stages`` rows
say when each stage started and finished, and the samples inside that interval give the stage's
peak. tracemalloc would see neither torch's native allocations nor the child processes, and would
slow the run down several times.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

from kernel.clock import utc_now
from kernel.errors import HorizonError
from warehouse.connection import open_warehouse
from warehouse.runs import stage_records

MIB = 1024 * 1024
SAMPLE_SECONDS = 0.1


class BenchmarkError(HorizonError):
    """A measured command failed; the message names its log."""


@dataclass(frozen=True)
class Sample:
    at: datetime  # naive UTC, like the run_stages times
    rss: int  # the measured process
    tree: int  # the process and all its descendants


@dataclass
class Measured:
    """A finished command: its wall-clock seconds and the memory samples taken while it ran."""

    seconds: float
    samples: list[Sample] = field(default_factory=list)

    def peak(self, start: datetime | None = None, end: datetime | None = None) -> dict[str, float]:
        """Peak and starting memory (MiB) between ``start`` and ``end`` (default: the whole run)."""
        inside = [
            s
            for s in self.samples
            if (start is None or s.at >= start) and (end is None or s.at <= end)
        ]
        if not inside:
            return {}
        return {
            "peak_rss_mib": round(max(s.rss for s in inside) / MIB, 1),
            "start_rss_mib": round(inside[0].rss / MIB, 1),
            "peak_tree_mib": round(max(s.tree for s in inside) / MIB, 1),
        }


def run_measured(
    command: Sequence[str], *, cwd: Path, log: Path, env: dict[str, str] | None = None
) -> Measured:
    """Run ``command`` (output to ``log``), sampling its memory; BenchmarkError if it fails."""
    cwd.mkdir(parents=True, exist_ok=True)
    samples: list[Sample] = []
    stop = threading.Event()
    with open(log, "ab") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env or dict(os.environ), stdout=out, stderr=out
        )
        sampler = threading.Thread(target=_sample, args=(process.pid, samples, stop), daemon=True)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise BenchmarkError(
            f"`{' '.join(command)}` exited with status {code}; see {log}:\n" + "\n".join(tail)
        )
    return Measured(seconds=round(seconds, 2), samples=samples)


def stage_profile(db: Path, run_id: str, measured: Measured) -> dict[str, dict[str, object]]:
    """Seconds, counts and peak memory of every stage of ``run_id`` that ran in ``measured``."""
    with open_warehouse(db, read_only=True) as wh:
        stages = stage_records(wh.con, run_id)
    return {
        str(stage["stage"]): {
            "seconds": round(float(stage["seconds"]), 2),
            "counts": stage["counts"],
            **measured.peak(stage["started_at"], stage["finished_at"]),
        }
        for stage in stages
        if stage["status"] == "completed"
    }


def _sample(pid: int, samples: list[Sample], stop: threading.Event) -> None:
    try:
        process = psutil.Process(pid)
        while not stop.is_set():
            rss = process.memory_info().rss
            tree = rss
            for child in process.children(recursive=True):
                try:
                    tree += child.memory_info().rss
                except psutil.Error:
                    continue  # a child that ended between listing and reading
            samples.append(Sample(utc_now(), rss, tree))
            stop.wait(SAMPLE_SECONDS)
    except psutil.Error:
        return  # the process has ended
