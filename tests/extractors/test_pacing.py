"""Polite fetching (issue 15, item 3): per-host spacing shared across processes, Retry-After
shared across sources, backoff with jitter, and the operator's contact address.

Spacing is checked on the request times a real loopback server records, with generous lower
bounds only: the requests span at least 0.9 of the intervals between them, and no gap is under
half an interval (a request that leaves its turn late on a busy machine shortens the gap to
the next; unpaced, every gap is milliseconds). That is behaviour, not speed.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from extractors.base import SourceConfig
from extractors.collect import collect_source
from extractors.fetch import FetchSettings, HttpSourceContext
from extractors.pacing import DEFAULT_MIN_INTERVAL, HostPacer, min_interval
from kernel.errors import FetchError
from tests.support.fetching import FEED, Sleeps, sequence_route
from tests.support.httpserver import LoopbackServer, send

INTERVAL = 0.5
REQUESTS_PER_PROCESS = 3
EMPTY_PAGE = json.dumps({"meta": {"count": 0, "next_cursor": None}, "results": []}).encode()


class Recorder:
    """A route that answers with a feed and remembers when and what it was asked."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.queries: list[dict[str, list[str]]] = []
        self.agents: list[str] = []

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        self.times.append(time.monotonic())
        self.queries.append(parse_qs(urlsplit(handler.path).query))
        self.agents.append(handler.headers.get("User-Agent", ""))
        send(handler, 200, EMPTY_PAGE if "cursor" in handler.path else FEED, "application/json")


@pytest.fixture
def recorded() -> Iterator[tuple[LoopbackServer, Recorder]]:
    recorder = Recorder()
    server = LoopbackServer(routes={"/feed": recorder})
    yield server, recorder
    server.close()


def paced_source(url: str, source_id: str = "paced") -> SourceConfig:
    return SourceConfig(id=source_id, kind="news", adapter="rss", url=url, min_interval=INTERVAL)


def fetch_several(url: str, pace_dir: str, source_id: str, start: Any) -> None:
    """One worker process: a source of its own on the shared host, fetched a few times, from
    the moment every worker is ready (so that their requests would collide unpaced)."""
    settings = FetchSettings(retries=0, pace_dir=pace_dir)
    start.wait()
    with HttpSourceContext(paced_source(url, source_id), settings) as ctx:
        for _ in range(REQUESTS_PER_PROCESS):
            ctx.fetch(url)


def assert_spaced(times: list[float]) -> None:
    """The requests kept the interval, by the server's clock (generous lower bounds only)."""
    ordered = sorted(times)
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    assert ordered[-1] - ordered[0] >= 0.9 * INTERVAL * len(gaps), gaps
    assert min(gaps) >= 0.5 * INTERVAL, gaps


@pytest.mark.parametrize(
    ("adapter", "host", "with_key", "expected"),
    [
        ("arxiv", "export.arxiv.org", False, 3.0),
        ("pubmed", "eutils.ncbi.nlm.nih.gov", False, 0.34),
        ("pubmed", "eutils.ncbi.nlm.nih.gov", True, 0.1),
        ("rss", "feeds.example.org", False, DEFAULT_MIN_INTERVAL["default"]),
        ("crossref", "api.crossref.org", True, DEFAULT_MIN_INTERVAL["default"]),
        ("arxiv", "127.0.0.1", False, 0.0),  # this machine: the demo, a local mirror
    ],
)
def test_interval_by_adapter(adapter: str, host: str, with_key: bool, expected: float) -> None:
    chosen = min_interval(
        DEFAULT_MIN_INTERVAL,
        adapter=adapter,
        source_interval=None,
        host=host,
        with_api_key=with_key,
    )
    assert chosen == expected


def test_a_source_of_its_own_interval_wins_even_on_loopback() -> None:
    chosen = min_interval(
        DEFAULT_MIN_INTERVAL,
        adapter="arxiv",
        source_interval=1.5,
        host="127.0.0.1",
        with_api_key=False,
    )
    assert chosen == 1.5


def test_two_processes_share_one_host_interval(
    recorded: tuple[LoopbackServer, Recorder], tmp_path: Path
) -> None:
    server, recorder = recorded
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Barrier(2)
    workers = [
        spawn.Process(
            target=fetch_several, args=(server.url("feed"), str(tmp_path), f"w{n}", start)
        )
        for n in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)  # a safety net against a hung child, not a timing assertion
    assert [worker.exitcode for worker in workers] == [0, 0]

    assert len(recorder.times) == 2 * REQUESTS_PER_PROCESS
    assert_spaced(recorder.times)


def test_threads_of_one_process_share_it_too(
    recorded: tuple[LoopbackServer, Recorder], tmp_path: Path
) -> None:
    server, recorder = recorded
    settings = FetchSettings(retries=0, pace_dir=str(tmp_path))
    sources = [paced_source(server.url("feed"), f"s{n}") for n in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda s: collect_source(s, since=None, settings=settings), sources)
        )
    assert [r.status for r in results] == ["ok"] * 4
    assert_spaced(recorder.times)


def test_a_retry_after_holds_for_every_source_on_the_host(
    recorded: tuple[LoopbackServer, Recorder], tmp_path: Path
) -> None:
    server, recorder = recorded
    server.routes["/busy"] = sequence_route((429, b"slow down", {"Retry-After": "1"}))
    settings = FetchSettings(retries=0, pace_dir=str(tmp_path), max_retry_after=30)
    with HttpSourceContext(paced_source(server.url("busy"), "first"), settings) as first:
        asked_at = time.monotonic()
        with pytest.raises(FetchError):
            first.fetch(server.url("busy"))
    with HttpSourceContext(paced_source(server.url("feed"), "second"), settings) as second:
        second.fetch(server.url("feed"))
    assert recorder.times[0] - asked_at >= 0.9 * 1.0


def test_backoff_is_jittered_below_the_doubling_schedule(http_server: LoopbackServer) -> None:
    http_server.routes["/down"] = sequence_route((500, b"down", {}))
    sleeps = Sleeps()
    settings = FetchSettings(retries=4, backoff_seconds=1.0)
    source = SourceConfig(id="down", kind="news", adapter="rss", url=http_server.url("down"))
    with HttpSourceContext(source, settings, sleep=sleeps) as ctx, pytest.raises(FetchError):
        ctx.fetch(http_server.url("down"))
    nominal = [1.0, 2.0, 4.0, 8.0]
    assert len(sleeps) == 4
    assert all(n / 2 <= s <= n for s, n in zip(sleeps, nominal, strict=True))
    assert sleeps != nominal


@pytest.mark.parametrize("adapter", ["openalex", "crossref"])
def test_the_contact_address_goes_into_user_agent_and_mailto(
    recorded: tuple[LoopbackServer, Recorder], adapter: str
) -> None:
    server, recorder = recorded
    settings = FetchSettings(retries=0, contact="horizon-ops@agency.example")
    source = SourceConfig(id=adapter, kind="publication", adapter=adapter, url=server.url("feed"))
    collect_source(source, since=None, settings=settings)
    assert recorder.queries[0]["mailto"] == ["horizon-ops@agency.example"]
    assert recorder.agents[0].endswith("; mailto:horizon-ops@agency.example)")


def test_a_source_of_its_own_mailto_is_kept(recorded: tuple[LoopbackServer, Recorder]) -> None:
    server, recorder = recorded
    settings = FetchSettings(retries=0, contact="horizon-ops@agency.example")
    source = SourceConfig(
        id="own", kind="publication", adapter="openalex", url=server.url("feed"), mailto="me@x.eu"
    )
    collect_source(source, since=None, settings=settings)
    assert recorder.queries[0]["mailto"] == ["me@x.eu"]


def test_no_contact_leaves_the_user_agent_as_it_was() -> None:
    assert FetchSettings().agent == FetchSettings().user_agent


def test_pacer_state_survives_a_damaged_file(tmp_path: Path) -> None:
    (tmp_path / "feeds.example.org.pace").write_bytes(b"not numbers")
    waited = HostPacer(tmp_path, sleep=lambda s: None).wait("feeds.example.org", 0.5)
    assert waited == 0.0
