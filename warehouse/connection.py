"""Opening the DuckDB warehouse: one writing process at a time, schema always up to date.

DuckDB allows a single writing process per file. Rather than let a second writer block or fail
with an opaque I/O error, the writer takes an advisory ``flock`` on ``<db>.lock`` and records who
it is there; a second writer fails at once with a message naming that process. The kernel drops
the lock when the holder dies, so a killed run never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import duckdb

from kernel.errors import WarehouseCorrupt, WarehouseError, WarehouseLocked
from warehouse.migrate import apply_migrations


class Warehouse:
    """An open warehouse: a DuckDB connection plus, for writers, the process lock."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, lock: IO[str] | None) -> None:
        self.path = path
        self.con = con
        self._lock = lock

    @property
    def read_only(self) -> bool:
        return self._lock is None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block atomically: committed on success, rolled back on any exception."""
        self.con.begin()
        try:
            yield self.con
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (end of a run)."""
        self.con.execute("CHECKPOINT")

    def write_snapshot(self) -> Path:
        """Copy the committed warehouse to :func:`snapshot_path` for analysts; returns that path.

        DuckDB lets no other process open a file while one writes it, so analysts query this
        copy while the next run writes. It is taken after ``CHECKPOINT`` (the file then holds
        every commit), written under a temporary name and renamed into place, so a reader that
        has the previous snapshot open keeps reading it whole. It is made read-only on disk.

        The copy runs in a child process: closing any descriptor of a file drops every POSIX
        lock this process holds on it, DuckDB's own lock included, and a copy made here would
        let other processes open the file while this one goes on writing.
        """
        if self.read_only:
            raise WarehouseError(f"{self.path} is open read-only; only its writer takes snapshots")
        self.checkpoint()
        target = snapshot_path(self.path)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            copied = subprocess.run(
                ["cp", "--", str(self.path), str(partial)], capture_output=True, text=True
            )
            if copied.returncode != 0:
                raise OSError(copied.stderr.strip() or f"cp exited with {copied.returncode}")
            partial.chmod(0o444)
            with open(partial, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise WarehouseError(
                f"cannot write the analysts' snapshot {target} ({exc}); the run itself is saved "
                f"in {self.path}. Free space or fix the folder's permissions; the next run "
                "writes the snapshot again."
            ) from exc
        return target

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self.con.close()
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_warehouse(path: Path | str, *, read_only: bool = False) -> Warehouse:
    """Open (creating if needed) the warehouse at ``path`` and bring its schema up to date.

    A writer takes the process lock first; a reader opens DuckDB read-only and so sees the last
    committed state. Raises :class:`WarehouseLocked` or :class:`WarehouseCorrupt` with a message
    that says what to do.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(
            f"no warehouse at {path}: run `horizon run` or `horizon demo` first, "
            "or point --db at an existing file"
        )
    lock = None if read_only else _acquire_lock(path)
    try:
        con = _connect(path, read_only=read_only)
    except BaseException:
        if lock is not None:
            lock.close()
        raise
    warehouse = Warehouse(path, con, lock)
    if not read_only:
        try:
            apply_migrations(con)
        except BaseException:
            warehouse.close()
            raise
    return warehouse


def snapshot_path(path: Path | str) -> Path:
    """The analysts' copy of ``path``: ``horizon.duckdb`` → ``horizon.snapshot.duckdb``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.snapshot{path.suffix}")


def lock_holder(path: Path | str) -> dict[str, object] | None:
    """Who holds the write lock of ``path`` (pid, host, command, since), or None if free."""
    lock_path = _lock_path(Path(path))
    if not lock_path.exists():
        return None
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            return _parse_holder(handle.read())
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


def ensure_writable(path: Path | str) -> None:
    """Fail fast, before any work starts, if another process is writing ``path`` or the file
    is damaged (a damaged block may only show when the schema is read). Raised later, inside a
    Prefect flow, the same error would come with the flow engine's traceback."""
    open_warehouse(path).close()


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _acquire_lock(path: Path) -> IO[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(_lock_path(path), "a+")  # noqa: SIM115 - held open for the warehouse's lifetime
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = _parse_holder(handle.read())
        handle.close()
        raise WarehouseLocked(_locked_message(path, holder)) from None
    handle.seek(0)
    handle.truncate()
    handle.write(
        json.dumps(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "command": " ".join(Path(sys.argv[0]).name.split() + sys.argv[1:])[:200],
                "since": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
    )
    handle.flush()
    return handle


def _parse_holder(text: str) -> dict[str, object] | None:
    try:
        holder = json.loads(text)
    except json.JSONDecodeError:
        return None
    return holder if isinstance(holder, dict) else None


def _locked_message(path: Path, holder: dict[str, object] | None) -> str:
    who = "another process"
    if holder:
        who = (
            f"process {holder.get('pid')} on {holder.get('host')} "
            f"(`{holder.get('command')}`, since {holder.get('since')})"
        )
    return (
        f"{path} is being written by {who}; only one run can write at a time. "
        "Wait for it to finish (see `horizon status`) or stop that process, then try again."
    )


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise WarehouseLocked(
                f"{path} is held by another process ({text.splitlines()[0]}). "
                "Wait for the running job to finish, then try again."
            ) from None
        raise WarehouseCorrupt(_corrupt_message(path, text)) from None
    except duckdb.Error as exc:
        raise WarehouseCorrupt(_corrupt_message(path, str(exc))) from None


def _corrupt_message(path: Path, detail: str) -> str:
    first = detail.splitlines()[0] if detail else "unknown error"
    return (
        f"cannot open {path} as a DuckDB warehouse ({first}). If the file is damaged, move it "
        "aside and rebuild with `horizon backfill`; documents are re-collected from the sources."
    )
