"""Routes for the loopback server that the fetch, collect, pacing and guard tests share, and a
``sleep`` that records instead of waiting."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

from tests.support.httpserver import send

MIB = 1024 * 1024
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

Route = Callable[[BaseHTTPRequestHandler], None]


class Sleeps(list[float]):
    """A ``sleep`` that remembers what it was asked to wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sequence_route(*responses: tuple[int, bytes, dict[str, str]]) -> Route:
    """Answer each request with the next response in turn; the last one repeats."""
    served = iter(responses)
    last: list[tuple[int, bytes, dict[str, str]]] = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        current = next(served, None)
        if current is not None:
            last[:] = [current]
        status, body, headers = last[0]
        send(handler, status, body, "application/xml", headers)

    return route


def stream_route(total_bytes: int, *, declare_length: bool = False) -> Route:
    """Stream ``total_bytes`` in 1 MiB writes until the client hangs up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/xml")
        if declare_length:
            handler.send_header("Content-Length", str(total_bytes))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        block = b"<x>" + b"y" * (MIB - 7) + b"</x>"
        try:
            for _ in range(total_bytes // MIB):
                handler.wfile.write(block)
        except OSError:
            return

    return route
