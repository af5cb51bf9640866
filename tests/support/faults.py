"""Routes for :class:`tests.support.httpserver.LoopbackServer` that misbehave the way real
servers do: too slow, resetting, failing, looping, bombing, lying about what they send.

Each factory returns a route (a function of the request handler). Everything goes over a real
socket on 127.0.0.1, so the client meets the fault exactly as it would on the internet.
"""

from __future__ import annotations

import io
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler

from tests.support.httpserver import send

Route = Callable[[BaseHTTPRequestHandler], None]
MIB = 1024 * 1024


def status(code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Route:
    """Always answer ``code`` (500, 503 with Retry-After, 429, …)."""
    return lambda handler: send(handler, code, body, "text/plain", headers)


def body(content: bytes, content_type: str = "application/rss+xml") -> Route:
    """Always answer 200 with ``content`` labelled ``content_type`` (which may be a lie)."""
    return lambda handler: send(handler, 200, content, content_type)


def redirect(location: str) -> Route:
    return lambda handler: send(handler, 302, b"", "text/plain", {"Location": location})


def stalled(release: threading.Event) -> Route:
    """Send nothing until ``release`` is set (the client's read timeout fires first)."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        release.wait(60)
        try:
            send(handler, 200, b"<rss/>")
        except OSError:
            return

    return route


def reset() -> Route:
    """Read the request, then drop the connection with a TCP RST instead of an answer."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        # the handler flushes and closes its streams afterwards: give it harmless ones
        handler.wfile, handler.rfile = io.BytesIO(), io.BytesIO()
        handler.close_connection = True

    return route


def cut_off(content: bytes) -> Route:
    """Promise ``content`` in Content-Length, send half of it, then hang up."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        handler.wfile.write(content[: len(content) // 2])
        handler.close_connection = True

    return route


def endless(total_bytes: int) -> Route:
    """Stream ``total_bytes`` of feed-looking bytes with no Content-Length until the client
    hangs up: only the client's own size cap can stop it."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        block = b"<item><title>" + b"x" * (MIB - 29) + b"</title></item>\n"
        try:
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(total_bytes // MIB):
                handler.wfile.write(block)
        except OSError:
            return

    return route


@cache
def gzip_bomb_bytes(inflated_mib: int) -> bytes:
    """A gzip body of ``inflated_mib`` MiB of zeros, about a thousandth of that on the wire.

    Built as repeated gzip members of 16 MiB each (a valid gzip stream, RFC 1952 §2.2), so
    making a 1 GiB bomb costs one small compression instead of a gigabyte's.
    """
    member = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    one = member.compress(bytes(16 * MIB)) + member.flush()
    return one * (inflated_mib // 16)


def gzip_bomb(inflated_mib: int) -> Route:
    wire = gzip_bomb_bytes(inflated_mib)

    def route(handler: BaseHTTPRequestHandler) -> None:
        try:
            send(handler, 200, wire, "application/rss+xml", {"Content-Encoding": "gzip"})
        except OSError:
            return

    return route
