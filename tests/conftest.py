"""Shared fixtures: the reference data folder, a real loopback HTTP server, configuration
files, and a headless Chromium for the report."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipelines.runtime import horizon_environment
from tests.support.browser import ARGS, CHROMIUM, Visit
from tests.support.httpserver import LoopbackServer

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("HORIZON_SHARED_DATA", ROOT.parent / "shared" / "data"))

if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="horizon-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
for key, value in horizon_environment().items():  # what `horizon` sets before Prefect loads
    os.environ.setdefault(key, value)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip in a user's clone, which has none."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA} (only CI and developers have it)")
    return SHARED_DATA


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 with no files; add ``routes`` or set ``root``."""
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture
def serve_dir() -> Iterator:
    """Factory: serve a directory on 127.0.0.1 for the test's duration."""
    servers: list[LoopbackServer] = []

    def start(root: Path) -> LoopbackServer:
        server = LoopbackServer(root=root)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def small_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first region of ``config/regions.toml`` alone.

    The overlap stage embeds every industry description of every region once per process; one
    region keeps that short in the processes these tests start, and changes nothing that the
    operations under test touch.
    """
    text = (ROOT / "config" / "regions.toml").read_text(encoding="utf-8")
    first = text.index("[[regions]]")
    second = text.index("[[regions]]", first + 1)
    path = tmp_path_factory.mktemp("regions") / "regions.toml"
    path.write_text(text[:second], encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def write_config(small_regions: Path):
    """Factory: a ``horizon.toml`` whose reports and outbox live under ``root``, followed by the
    tables in ``extra``."""

    def write(root: Path, *, timezone: str = "Europe/Vienna", extra: str = "") -> Path:
        root.mkdir(parents=True, exist_ok=True)
        path = root / "horizon.toml"
        path.write_text(
            f'timezone = "{timezone}"\n\n[paths]\nreports = "{root / "reports"}"\n'
            f'outbox = "{root / "outbox"}"\nregions = "{small_regions}"\n{extra}',
            encoding="utf-8",
        )
        return path

    return write


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, one per test module; skips when Playwright is not installed."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    """Factory: open a file in a fresh browser context and record what the page did."""
    contexts: list[Any] = []

    def open_file(path: Path, width: int = 1366, height: int = 768) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page=page, url=path.as_uri())
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: seen.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("requestfailed", lambda r: seen.failed.append((r.url, r.failure or "")))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(seen.url, wait_until="load")
        return seen

    yield open_file
    for context in contexts:
        context.close()
