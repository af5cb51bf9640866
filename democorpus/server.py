"""A real HTTP server on the loopback interface for the demo feeds.

The demo must exercise the production fetch path (httpx, conditional GET, content types), so its
feeds are served over HTTP rather than read from disk. The server listens on 127.0.0.1 only, on a
port the operating system picks, answers GET and HEAD for files under one directory, sends an
ETag and a Last-Modified for every file and honours ``If-None-Match`` / ``If-Modified-Since`` with
304, so a second collection of the same week transfers nothing.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".toml": "application/toml; charset=utf-8",
}


def content_type(path: Path) -> str:
    """The Content-Type the demo server sends for ``path``."""
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    class FeedHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "HorizonDemo/1.0"

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the demo's own progress output is what the user reads."""

        def do_GET(self) -> None:
            self._serve(with_body=True)

        def do_HEAD(self) -> None:
            self._serve(with_body=False)

        def _serve(self, *, with_body: bool) -> None:
            target = self._resolve()
            if target is None:
                self._reply(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain", {}, with_body)
                return
            body = target.read_bytes()
            mtime = int(target.stat().st_mtime)
            headers = {
                "ETag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
                "Last-Modified": formatdate(mtime, usegmt=True),
                "Cache-Control": "no-cache",
            }
            if self._not_modified(headers["ETag"], mtime):
                self._reply(HTTPStatus.NOT_MODIFIED, b"", None, headers, with_body=False)
                return
            self._reply(HTTPStatus.OK, body, content_type(target), headers, with_body)

        def _resolve(self) -> Path | None:
            relative = unquote(urlsplit(self.path).path).lstrip("/")
            target = (root / relative).resolve()
            if target.is_file() and root in target.parents:
                return target
            return None

        def _not_modified(self, etag: str, mtime: int) -> bool:
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                tags = {tag.strip() for tag in if_none_match.split(",")}
                return etag in tags or "*" in tags
            since = self.headers.get("If-Modified-Since")
            if since is None:
                return False
            try:
                return mtime <= int(parsedate_to_datetime(since).timestamp())
            except (TypeError, ValueError):
                return False

        def _reply(
            self,
            status: HTTPStatus,
            body: bytes,
            ctype: str | None,
            headers: dict[str, str],
            with_body: bool,
        ) -> None:
            self.send_response(status)
            if ctype is not None:
                self.send_header("Content-Type", ctype)
            if status != HTTPStatus.NOT_MODIFIED:
                self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

    return FeedHandler


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve the files under ``root`` on 127.0.0.1 until the block ends; yields the base URL."""
    resolved = root.resolve()
    if not resolved.is_dir():
        raise NotADirectoryError(f"cannot serve {root}: not a directory")
    host = "127.0.0.1"
    httpd = ThreadingHTTPServer((host, 0), _handler_for(resolved))
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.1},
        name="demo-feed-server",
        daemon=True,
    )
    thread.start()
    port = httpd.server_address[1]
    try:
        yield f"http://{host}:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
