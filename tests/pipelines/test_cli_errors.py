"""Failures an operator meets, each a one-line reason and no traceback: a read-only or full
disk under the warehouse, a missing input of a run, and Ctrl-C during a real run.

The disk tests mount a small tmpfs, which needs root; they skip with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.pipelines.horizon_cli import (
    INTERRUPTIBLE_HORIZON,
    horizon,
    horizon_env,
    one_line_error,
)
from tests.support.httpserver import LoopbackServer, send
from warehouse.connection import open_warehouse
from warehouse.documents import count_documents
from warehouse.runs import run_message, run_status

SAFETY_SECONDS = 300  # a safety net against a hung child, not a timing assertion


def _mount_tmpfs(target: Path, options: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip() or 'not root'})")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB file system of its own."""
    target = tmp_path / "disk"
    _mount_tmpfs(target, "size=4m")
    yield target
    subprocess.run(["umount", "-l", str(target)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "ro"
    _mount_tmpfs(target, "size=1m,ro")
    yield target
    subprocess.run(["umount", "-l", str(target)], check=False)


def _documents(path: Path, count: int, *, words: int, prefix: str) -> Path:
    vocabulary = ["battery", "electrolyte", "robot", "sensor", "photonic", "graphene", "laser"]
    with open(path, "w", encoding="utf-8") as handle:
        for n in range(count):
            text = " ".join(vocabulary[(n + i) % len(vocabulary)] for i in range(words))
            record = {"id": f"{prefix}{n}", "title": f"{prefix} {n}", "text": f"{text} {n}",
                      "date": "2026-01-05", "kind": "news"}  # fmt: skip
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize("command", ["run", "import", "status"])
def test_a_warehouse_on_a_read_only_file_system(
    command: str, read_only_disk: Path, tmp_path: Path, write_config
) -> None:
    db = str(read_only_disk / "horizon.duckdb")
    args = {
        "run": ["run", "--week", "2026-W02", "--config", str(write_config(tmp_path / "c")),
                "--sources", str(_sources(tmp_path)), "--db", db],
        "import": ["import", str(_documents(tmp_path / "d.jsonl", 1, words=3, prefix="a")),
                   "--db", db],
        "status": ["status", "--db", db],
    }[command]  # fmt: skip
    reason = one_line_error(horizon(*args, cwd=tmp_path))
    if command == "status":
        assert reason.startswith(f"no warehouse at {db}")
    else:
        assert reason == (
            f"{db}.lock: read-only file system; point --db (or [paths] in horizon.toml) "
            "at a writable folder"
        )


def test_a_failure_inside_the_flow_is_one_line(
    read_only_disk: Path, tmp_path: Path, write_config
) -> None:
    """The report stage cannot write its folder: Prefect's own account of the failed flow run
    (with the traceback) stays off the console; the reason is the last line."""
    config = write_config(tmp_path / "c")
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(f'reports = "{tmp_path / "c" / "reports"}"',
                     f'reports = "{read_only_disk / "reports"}"'),
        encoding="utf-8",
    )  # fmt: skip
    sources, db = str(_sources(tmp_path)), str(tmp_path / "h.duckdb")
    result = horizon("run", "--week", "2026-W02", "--config", str(config), "--sources", sources,
                     "--db", db, cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: {read_only_disk / 'reports'}: read-only file system; point --db (or [paths] in "
        "horizon.toml) at a writable folder"
    )


def test_a_full_disk_says_so_and_loses_nothing(small_disk: Path, tmp_path: Path) -> None:
    db = small_disk / "horizon.duckdb"
    first = _documents(tmp_path / "first.jsonl", 200, words=80, prefix="first")
    result = horizon("import", str(first), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    too_much = _documents(tmp_path / "more.jsonl", 20000, words=200, prefix="more")
    reason = one_line_error(horizon("import", str(too_much), "--db", str(db), cwd=tmp_path))
    assert reason == "no space left on device; free space and run again (nothing stored is lost)"
    # freeing space (here: growing the file system) and running again finishes the job
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    with open_warehouse(db, read_only=True) as wh:
        assert count_documents(wh.con) == 200
    again = horizon("import", str(too_much), "--db", str(db), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    with open_warehouse(db, read_only=True) as wh:
        assert count_documents(wh.con) == 20200


def test_run_checks_every_input_before_prefect_starts(tmp_path: Path) -> None:
    config = tmp_path / "horizon.toml"
    config.write_text(f'[paths]\nregions = "{tmp_path / "no-regions.toml"}"\n', encoding="utf-8")
    db = tmp_path / "horizon.duckdb"
    sources = str(_sources(tmp_path))
    result = horizon("run", "--week", "2026-W02", "--config", str(config),
                     "--sources", sources, "--db", str(db), cwd=tmp_path)  # fmt: skip
    assert one_line_error(result) == (
        f"{tmp_path / 'no-regions.toml'}: region profiles not found; "
        "pass a regions.toml file or folder"
    )
    assert not db.exists()  # nothing started


def _sources(tmp_path: Path, url: str = "http://127.0.0.1:9/feed.xml") -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[source]]\nid = "feed"\nkind = "news"\nadapter = "rss"\nurl = "{url}"\n',
        encoding="utf-8",
    )
    return path


def test_ctrl_c_marks_the_run_interrupted(tmp_path: Path, write_config) -> None:
    asked = threading.Event()
    release = threading.Event()

    def hang(handler: BaseHTTPRequestHandler) -> None:
        asked.set()
        release.wait(SAFETY_SECONDS)
        send(handler, 503, b"bye", "text/plain")

    server = LoopbackServer(routes={"/feed.xml": hang})
    try:
        config = write_config(tmp_path / "c", extra="[fetch]\nread_timeout = 5.0\nretries = 0\n")
        db = tmp_path / "horizon.duckdb"
        child = subprocess.Popen(
            [*INTERRUPTIBLE_HORIZON, "run", "--week", "2026-W02",
             "--config", str(config), "--sources", str(_sources(tmp_path, server.url("feed.xml"))),
             "--db", str(db)],
            cwd=tmp_path, env=horizon_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        assert asked.wait(SAFETY_SECONDS), "the run never asked for the feed"
        os.kill(child.pid, signal.SIGINT)
        _, stderr = child.communicate(timeout=SAFETY_SECONDS)
    finally:
        release.set()
        server.close()
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    assert stderr.strip().splitlines()[-1] == (
        "error: interrupted: the run of 2026-W02 stopped during its collect stage; completed "
        "stages are kept and `horizon run --week 2026-W02` resumes from there"
    )
    with open_warehouse(db, read_only=True) as wh:
        assert run_status(wh.con, "weekly-2026-W02") == "interrupted"
        assert run_message(wh.con, "weekly-2026-W02") == "interrupted (Ctrl-C) during collect"


def test_ctrl_c_during_the_demo_marks_its_week_interrupted(tmp_path: Path, write_config) -> None:
    """The demo picks its weeks itself; the run left ``running`` is the one marked."""
    config = write_config(tmp_path / "c")
    db = tmp_path / "horizon.duckdb"
    child = subprocess.Popen(
        [*INTERRUPTIBLE_HORIZON, "demo", "--weeks", "1", "--config", str(config),
         "--db", str(db)],
        cwd=tmp_path, env=horizon_env(HORIZON_LOG_LEVEL="INFO"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    for line in child.stderr:
        lines.append(line)
        if "weekly-2025-W01: terms started" in line:
            os.kill(child.pid, signal.SIGINT)
            break
    _, rest = child.communicate(timeout=SAFETY_SECONDS)
    stderr = "".join(lines) + rest
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("error: interrupted: the run of 2025-W01 stopped during its "), last
    with open_warehouse(db, read_only=True) as wh:
        assert run_status(wh.con, "weekly-2025-W01") == "interrupted"
