"""The work of a weekly run that may leave the flow's process, and the runner that sends it away.

Only collecting parallelises across processes and machines: each source is fetched, parsed and
normalised on its own and comes back as plain, picklable data (:class:`SourceResult`). Storing
that data and every later stage (terms, embeddings, topics, scores, report) stay in the flow's
process, because DuckDB allows one writing process. A Dask cluster therefore pays off for many
sources or large bulk files (a weekly USPTO or EPO XML file takes minutes to parse), not for
the model stages.

This module imports nothing heavier than the extractors, so that a Dask worker which unpickles
:func:`collect_task` does not load torch or BERTopic.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from prefect import task
from prefect.task_runners import TaskRunner

from extractors.base import SourceConfig
from extractors.collect import SourceResult, collect_source
from extractors.fetch import FetchSettings, FetchState
from kernel.errors import ConfigError

log = logging.getLogger(__name__)
TASK_RUNNERS = ("default", "dask")


@task(name="collect-source", task_run_name="collect-{source.id}")
def collect_task(
    source: SourceConfig,
    since: date | None,
    settings: FetchSettings,
    state: FetchState,
    week: str,
) -> SourceResult:
    return collect_source(source, since=since, settings=settings, state=state, week=week)


@contextmanager
def collect_runner(
    kind: str = "default", *, address: str | None = None, workers: int | None = None
) -> Iterator[TaskRunner | None]:
    """The task runner for the collect tasks of a series of weekly runs.

    ``None`` stands for Prefect's default runner (a thread pool in this process). ``dask`` with
    an ``address`` connects to the scheduler of an existing cluster; without one, a
    ``LocalCluster`` of ``workers`` single-threaded processes (default: one per core) is started
    here and shared by every week run inside the block, rather than one cluster per week.
    An address alone implies ``dask``.
    """
    if kind not in TASK_RUNNERS:
        raise ConfigError(f"--task-runner must be one of {', '.join(TASK_RUNNERS)}, not {kind!r}")
    if kind == "default" and not address:
        yield None
        return
    from distributed import LocalCluster
    from prefect_dask import DaskTaskRunner

    # distributed sets its logger to INFO on import: a page of cluster chatter per command
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if address:
        log.info("collect tasks run on the Dask cluster at %s", address)
        if not _configured_api_url():
            log.warning(
                "PREFECT_API_URL is not set: the cluster's workers will record their task runs "
                "in temporary Prefect servers of their own. Set it to a Prefect server that this "
                "machine and the workers can reach to see every task run in one place."
            )
        yield DaskTaskRunner(address=address)
        return
    with LocalCluster(
        n_workers=workers,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        env={"PREFECT_API_URL": _prefect_api_url()},
    ) as cluster:
        log.info(
            "collect tasks run on a local Dask cluster of %d worker processes at %s",
            len(cluster.workers),
            cluster.scheduler_address,
        )
        yield DaskTaskRunner(address=cluster.scheduler_address)


def _prefect_api_url() -> str:
    """The Prefect API this process reports to, for the local workers to report to as well.

    Without ``PREFECT_API_URL`` this process uses Prefect's temporary local server; it is started
    here (it is one per process, the same one the flow will use) so that the workers record
    their task runs in it instead of each starting a temporary server of its own.
    """
    from prefect.server.api.server import SubprocessASGIServer

    configured = _configured_api_url()
    if configured:
        return configured
    server = SubprocessASGIServer()
    server.start()
    return server.api_url


def _configured_api_url() -> str | None:
    """``PREFECT_API_URL`` from the environment or the active Prefect profile, if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None
