"""Fixtures shared by the extractor tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from tests.support.fetching import FEED, Route
from tests.support.httpserver import send


@pytest.fixture
def stalled() -> Iterator[Route]:
    """A route that sends nothing until the test ends, so the client's read times out."""
    release = threading.Event()

    def route(handler: BaseHTTPRequestHandler) -> None:
        release.wait(10)
        try:
            send(handler, 200, FEED)
        except OSError:
            return

    yield route
    release.set()
