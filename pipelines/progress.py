"""Progress over the weeks of a demo or backfill, for whoever is watching.

A backfill of a year takes long enough that a person at a terminal wants to see how far it got
and how long is left; a log file or CI wants one plain line per week instead, because a live
progress bar there turns into pages of control characters.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pipelines.runtime import interactive

log = logging.getLogger(__name__)


def over_weeks(weeks: Sequence[str], *, title: str) -> Iterator[str]:
    """Yield ``weeks`` in order; a bar on a terminal, one log line per week otherwise."""
    if not interactive():
        for number, week in enumerate(weeks, start=1):
            log.info("%s: week %d of %d (%s)", title, number, len(weeks), week)
            yield week
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    with progress, _logs_above():
        bar = progress.add_task(title, total=len(weeks))
        for week in weeks:
            progress.update(bar, description=f"{title} {week}")
            yield week
            progress.advance(bar)
        progress.update(bar, description=title)


@contextmanager
def _logs_above() -> Iterator[None]:
    """Print log records above the bar instead of through it.

    While the bar is live, rich replaces ``sys.stderr`` with a proxy that prints above it; the
    root logger's handler still holds the real stream, so it is pointed at the proxy meanwhile.
    """
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and h.stream is sys.__stderr__
    ]
    for handler in handlers:
        handler.setStream(sys.stderr)
    try:
        yield
    finally:
        for handler in handlers:
            handler.setStream(sys.__stderr__)
