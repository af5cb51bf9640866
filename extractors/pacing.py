"""Per-host spacing of requests, shared by every source and every process on this machine.

arXiv asks for 3 s between calls and NCBI E-utilities for at most 3 (10 with an API key) a
second, per client, not per source; collect tasks run in threads or in Dask worker processes at
once, so the spacing must hold across all of them. Each host has a small state file (when the
last request went out, and a not-before time a server set with Retry-After) guarded by an
exclusive ``flock``: a waiter holds the lock while it sleeps, so requests leave one at a time,
in turn, however many processes ask. The files live in a per-user folder under the system's
temporary directory, because every Horizon process of the user on this machine shares the
same network address and so the same limits; nothing of it is in the warehouse.

Requests to this machine itself (loopback: the demo, a local mirror, tests) are spaced only when
the source asks for it with its own ``min_interval``: there is no one else's server to spare.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

# seconds between two requests to one host, by adapter; "default" for the others
DEFAULT_MIN_INTERVAL: Mapping[str, float] = {
    "default": 0.5,
    "arxiv": 3.0,
    "pubmed": 0.34,
    "pubmed_with_api_key": 0.1,
}
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def min_interval(
    intervals: Mapping[str, float],
    *,
    adapter: str,
    source_interval: float | None,
    host: str,
    with_api_key: bool,
) -> float:
    """The spacing one request of ``adapter`` to ``host`` must keep, in seconds.

    A source's own ``min_interval`` wins; then ``<adapter>_with_api_key`` when the request
    carries an ``api_key`` parameter, the adapter's own value, and ``default``. Loopback hosts
    get only a source's own value.
    """
    if source_interval is not None:
        return float(source_interval)
    if host.lower() in LOOPBACK_HOSTS or host.startswith("127."):
        return 0.0
    keyed = intervals.get(f"{adapter}_with_api_key") if with_api_key else None
    if keyed is not None:
        return keyed
    return intervals.get(adapter, intervals.get("default", 0.0))


class HostPacer:
    """Spaces requests per host across threads and processes through lock files in ``folder``."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = folder
        self.sleep = sleep
        self.clock = clock

    def wait(self, host: str, interval: float) -> float:
        """Block until a request to ``host`` may go out, and record that it does; returns the
        seconds waited. Holding the lock while sleeping keeps waiters in turn. A host without
        an interval is not recorded at all (the demo's and tests' loopback servers)."""
        if interval <= 0:
            return 0.0
        with self._state(host) as (last, not_before, save):
            now = self.clock()
            due = max(last + interval, not_before)
            waited = max(0.0, due - now)
            if waited > 0:
                self.sleep(waited)
            save(self.clock(), not_before)
        return waited

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` from anyone before ``seconds`` from now (a Retry-After)."""
        with self._state(host) as (last, not_before, save):
            save(last, max(not_before, self.clock() + seconds))

    @contextlib.contextmanager
    def _state(self, host: str) -> Iterator[tuple[float, float, Callable[[float, float], None]]]:
        path = self._folder() / f"{_file_name(host)}.pace"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            last, not_before = _parse(os.pread(fd, 64, 0))

            def save(new_last: float, new_not_before: float) -> None:
                # fixed width, so it overwrites the last record whole (truncating is slow)
                os.pwrite(fd, f"{new_last:20.6f} {new_not_before:20.6f}".encode(), 0)

            yield last, not_before, save
        finally:
            os.close(fd)  # releases the lock

    def _folder(self) -> Path:
        if self.folder is None:
            self.folder = shared_folder()
        return self.folder


def shared_folder() -> Path:
    """``<tmp>/horizon-pace-<uid>``, private to this user; a private temporary folder instead
    if someone else owns that name (spacing then holds within this process only)."""
    folder = Path(tempfile.gettempdir()) / f"horizon-pace-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = folder.lstat()
    if folder.is_symlink() or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return Path(tempfile.mkdtemp(prefix="horizon-pace-"))
    return folder


def _file_name(host: str) -> str:
    return re.sub(r"[^a-z0-9.-]", "_", host.lower()) or "_"


def _parse(data: bytes) -> tuple[float, float]:
    try:
        last, not_before = data.decode().split()
        return float(last), float(not_before)
    except ValueError:
        return 0.0, 0.0
