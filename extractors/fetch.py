"""HTTP (and file://) access for source adapters, with every attempt kept as data.

Retries live here rather than in Prefect because each attempt has to come back to the flow as a
``fetch_log`` row: only the flow's process may write to DuckDB, so workers return what happened
instead of logging it. Bodies are streamed and decompressed by our own bounded decoder, so a
50 MiB answer or a gzip bomb is refused after reading at most the cap plus one 64 KiB chunk.
"""

from __future__ import annotations

import contextlib
import email.utils
import mimetypes
import os
import random
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import httpx

from extractors.base import Response, SourceConfig
from extractors.guard import AddressGuard, AddressRefused, guarded_client
from extractors.pacing import DEFAULT_MIN_INTERVAL, HostPacer, min_interval
from kernel.errors import ConfigError, FetchError, ResponseTooLarge
from warehouse.secrets import MASK, env_names, expand_env, quote_url_part, redact_text, redact_url

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchSettings:
    """The ``[fetch]`` table of ``horizon.toml``; one value object shared by every source."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = (
        "Horizon/0.1 (horizon-scanning for regional innovation policy; "
        "+https://github.com/horizon-scan/horizon)"
    )
    retries: int = 3
    backoff_seconds: float = 2.0
    max_retry_after: float = 120.0
    min_interval: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MIN_INTERVAL))
    contact: str = ""
    pace_dir: str | None = None

    @property
    def agent(self) -> str:
        """The User-Agent, with the operator's contact address when one is configured (the
        polite pools of OpenAlex and Crossref, and any server's operator, look for it)."""
        if not self.contact:
            return self.user_agent
        mailto = f"mailto:{self.contact}"
        if self.user_agent.endswith(")"):
            return f"{self.user_agent[:-1]}; {mailto})"
        return f"{self.user_agent} ({mailto})"


@dataclass(frozen=True)
class FetchState:
    """What a source's server told us last time, so the next conditional GET can get a 304."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchAttempt:
    """One request as it went (one ``fetch_log`` row); ``status`` is one of :data:`STATUSES`."""

    url: str
    attempt: int
    started_at: datetime
    finished_at: datetime
    status: str
    http_status: int | None
    bytes: int
    error: str | None


STATUSES = (
    "ok",
    "not_modified",
    "http_error",
    "timeout",
    "too_large",
    "network_error",
    "parse_error",
    "refused",
)


@dataclass
class _AttemptFailed(Exception):
    """One failed attempt; turned into a user-facing FetchError once retries are spent."""

    status: str
    summary: str
    hint: str = ""
    http_status: int | None = None
    retryable: bool = False
    retry_after: float | None = None
    bytes_read: int = 0

    def to_error(self, attempts: int) -> FetchError:
        message = self.summary + (f" after {attempts} attempts" if attempts > 1 else "")
        if self.retry_after is not None:
            message += f"; the server asked to retry after {self.retry_after:g} s"
        if self.hint:
            message += f"; {self.hint}"
        error_class = ResponseTooLarge if self.status == "too_large" else FetchError
        return error_class(
            message,
            status=self.http_status,
            retryable=self.retryable,
            retry_after=self.retry_after,
        )


class HttpSourceContext:
    """The :class:`extractors.base.SourceContext` of one source during one collection.

    Use it as a context manager (or call :meth:`close`) so the connection pool is released.
    ``attempts``, ``rejected``, ``warnings`` and ``new_state`` are what the flow logs and keeps.
    """

    def __init__(
        self,
        source: SourceConfig,
        settings: FetchSettings,
        *,
        state: FetchState | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.source = source
        self.settings = settings
        self.state = state
        self.sleep = sleep
        self.attempts: list[FetchAttempt] = []
        self.rejected: list[str] = []
        self.warnings: list[str] = []
        self.new_state: FetchState = state or FetchState()
        self._client: httpx.Client | None = None
        self._guard = AddressGuard()
        self._pacer = HostPacer(Path(settings.pace_dir) if settings.pace_dir else None, sleep=sleep)
        self._secrets: set[str] = set()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def reject(self, reason: str) -> None:
        self.rejected.append(self.scrub(reason))

    def warn(self, message: str) -> None:
        self.warnings.append(self.scrub(message))

    def scrub(self, text: str) -> str:
        """``text`` without any secret this source used: every value taken from the environment
        (a server may echo it back anywhere) and whatever :func:`redact_text` recognises."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return redact_text(text)

    def fetch(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        conditional: bool = False,
    ) -> Response:
        """GET ``url``, retrying timeouts, 408, 429 and 5xx with backoff; see the module doc.

        With ``conditional=True`` the stored validators are sent, and the validators of a 200
        become :attr:`new_state` (the caller persists them only if the whole source succeeded).
        """
        shown_url = redact_url(str(httpx.URL(url, params=params)) if params else url)
        headers = {**self._source_headers(), **(self._validators() if conditional else {})}
        url, params = self._resolve(url, params)
        attempt = 1
        while True:
            started = datetime.now(UTC)
            try:
                response = self._get_once(url, params, headers)
            except _AttemptFailed as failure:
                failure.summary = self.scrub(failure.summary)
                self._record(
                    shown_url,
                    attempt,
                    started,
                    failure.status,
                    failure.http_status,
                    failure.bytes_read,
                    failure.summary,
                )
                if failure.retry_after is not None:
                    self._defer_host(url, min(failure.retry_after, self.settings.max_retry_after))
                if not failure.retryable or attempt > self.settings.retries:
                    raise failure.to_error(attempt) from None
                self.sleep(self._delay(attempt, failure.retry_after))
                attempt += 1
                continue
            status = "not_modified" if response.not_modified else "ok"
            self._record(
                shown_url, attempt, started, status, response.status, len(response.content), None
            )
            if conditional and not response.not_modified:
                self.new_state = FetchState(
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
            return response

    def _record(
        self,
        url: str,
        attempt: int,
        started: datetime,
        status: str,
        http_status: int | None,
        size: int,
        error: str | None,
    ) -> None:
        self.attempts.append(
            FetchAttempt(url, attempt, started, datetime.now(UTC), status, http_status, size, error)
        )

    def _resolve(
        self, url: str, params: Mapping[str, Any] | None
    ) -> tuple[str, Mapping[str, Any] | None]:
        """The url and parameters with ``env:NAME`` replaced, at the last moment, so that only
        the request itself ever holds the secret (see :mod:`warehouse.secrets`)."""
        of_source = f"source {self.source.id!r}"
        self._remember_env_values(url)
        url = expand_env(
            url, os.environ, what=f"named in the url of {of_source}", encode=quote_url_part
        )
        if not params:
            return url, params
        resolved: dict[str, Any] = {}
        for name, value in params.items():
            if isinstance(value, str):
                self._remember_env_values(value)
                value = expand_env(value, os.environ, what=f"parameter {name} of {of_source}")
            resolved[name] = value
        return url, resolved

    def _remember_env_values(self, text: str) -> None:
        """Keep the values ``text`` takes from the environment, for :meth:`scrub`; values
        under four characters are left alone rather than masked all over a message."""
        for name in env_names(text):
            value = os.environ.get(name, "")
            if len(value) >= 4:
                self._secrets.update((value, quote_url_part(value)))

    def _source_headers(self) -> dict[str, str]:
        """The source's own ``headers`` table, ``env:NAME`` values resolved."""
        configured = self.source.option("headers") or {}
        if not isinstance(configured, Mapping) or not all(
            isinstance(value, str) for value in configured.values()
        ):
            raise ConfigError(
                f"source {self.source.id!r}: headers must be a table of names to text values, "
                'e.g. headers = { Authorization = "Bearer env:FEED_TOKEN" }'
            )
        headers: dict[str, str] = {}
        for name, value in configured.items():
            what = f"header {name} of source {self.source.id!r}"
            self._remember_env_values(value)
            headers[str(name)] = expand_env(value, os.environ, what=what)
        return headers

    def _validators(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.state is not None and self.state.etag:
            headers["If-None-Match"] = self.state.etag
        if self.state is not None and self.state.last_modified:
            headers["If-Modified-Since"] = self.state.last_modified
        return headers

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """The server's Retry-After up to ``max_retry_after``; otherwise exponential backoff with
        "equal jitter" (half fixed, half random), so that sources that failed together on one
        host do not come back in lockstep."""
        if retry_after is not None:
            return min(retry_after, self.settings.max_retry_after)
        base = self.settings.backoff_seconds * 2 ** (attempt - 1)
        return base / 2 + random.uniform(0, base / 2)

    def _interval(self, url: httpx.URL) -> float:
        return min_interval(
            self.settings.min_interval,
            adapter=self.source.adapter,
            source_interval=source_interval(self.source),
            host=url.host,
            with_api_key="api_key" in url.params,
        )

    def _pace(self, url: httpx.URL) -> None:
        """Wait for this host's turn (see :mod:`extractors.pacing`)."""
        if url.host:  # a javascript: or other host-less target fails without a request
            self._pacer.wait(url.host, self._interval(url))

    def _defer_host(self, url: str, seconds: float) -> None:
        """A Retry-After holds for every source on the host, not only this one."""
        target = httpx.URL(url)
        if self._interval(target) > 0:
            self._pacer.defer(target.host, seconds)

    def _get_once(
        self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str]
    ) -> Response:
        if urlsplit(url).scheme.lower() == "file":
            return _read_file(url, headers, self.settings.max_bytes)
        try:
            return self._get_http(url, params, headers)
        except httpx.TimeoutException as exc:
            which = "connect" if isinstance(exc, httpx.ConnectTimeout) else "read"
            limit = getattr(self.settings, f"{which}_timeout")
            raise _AttemptFailed(
                "timeout",
                f"timed out ({which} timeout {limit:g} s) fetching {redact_url(url)}",
                hint=f"the server is slow or down; try later or raise fetch.{which}_timeout",
                retryable=True,
            ) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise _AttemptFailed(
                "network_error",
                f"cannot fetch {redact_url(url)}: {exc}",
                hint="check the source's url",
            ) from exc
        except httpx.TransportError as exc:
            raise _AttemptFailed(
                "network_error",
                f"network error fetching {redact_url(url)}: {exc or type(exc).__name__}",
                hint="check the host name and this machine's network access",
                retryable=True,
            ) from exc

    def _get_http(
        self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str]
    ) -> Response:
        client = self._http_client()
        request = client.build_request("GET", url, params=params, headers=headers)
        seen = [str(request.url)]
        self._guard.start()
        while True:
            self._pace(request.url)
            try:
                response = client.send(request, stream=True)
            except AddressRefused as refused:
                raise _refused(refused, seen[-2] if len(seen) > 1 else None) from None
            try:
                next_request = response.next_request if response.is_redirect else None
                if next_request is None:
                    return self._complete(response)
            finally:
                response.close()
            target = str(next_request.url)
            if target in seen:
                raise _AttemptFailed(
                    "http_error",
                    f"redirect loop: {redact_url(seen[-1])} redirects back to {redact_url(target)}",
                    hint="the server redirects in a circle; check the source's url in a browser",
                    http_status=response.status_code,
                )
            if len(seen) > self.settings.max_redirects:
                raise _AttemptFailed(
                    "http_error",
                    f"more than {self.settings.max_redirects} redirects starting at "
                    f"{redact_url(seen[0])}",
                    hint="set the source's url to the final address",
                    http_status=response.status_code,
                )
            seen.append(target)
            request = next_request

    def _complete(self, response: httpx.Response) -> Response:
        """Turn a non-redirect response into a Response or a classified failure."""
        code = response.status_code
        url = str(response.url)
        if code == 304:
            return Response(url=url, status=304, content=b"", headers=_plain(response.headers))
        if not 200 <= code < 300:
            failure = _http_failure(response)
            _drain(response)
            raise failure
        limit = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        identity = response.headers.get("content-encoding", "identity").lower() == "identity"
        if identity and declared.isdigit() and int(declared) > limit:
            raise _too_large(url, limit, f" (Content-Length {int(declared)} bytes)")
        decoder = _BodyDecoder(response.headers.get("content-encoding", ""), url)
        body = bytearray()
        for chunk in decoder.decode(response.iter_raw(CHUNK_BYTES)):
            body += chunk
            if len(body) > limit:
                raise _too_large(url, limit, "", bytes_read=len(body))
        return Response(url=url, status=code, content=bytes(body), headers=_plain(response.headers))

    def _http_client(self) -> httpx.Client:
        if self._client is None:
            settings = self.settings
            self._client = guarded_client(
                self._guard,
                timeout=httpx.Timeout(
                    settings.read_timeout,
                    connect=settings.connect_timeout,
                    read=settings.read_timeout,
                ),
                headers={"User-Agent": settings.agent, "Accept-Encoding": "gzip, deflate"},
                follow_redirects=False,
            )
        return self._client


def source_interval(source: SourceConfig) -> float | None:
    """The source's own ``min_interval``, if it sets one."""
    own = source.option("min_interval")
    if own is None:
        return None
    if isinstance(own, bool) or not isinstance(own, int | float) or own < 0:
        raise ConfigError(
            f"source {source.id!r}: min_interval must be a number of seconds (0 or more), "
            f"not {own!r}"
        )
    return float(own)


class _BodyDecoder:
    """Undoes gzip / deflate at most one chunk of output at a time.

    httpx's own decoders inflate a whole network chunk at once (up to ~1000x its size); here
    each call to zlib is bounded by ``max_length``, so the caller can stop a gzip bomb at the
    cap while holding no more than the cap plus one chunk.
    """

    def __init__(self, content_encoding: str, url: str) -> None:
        self.encoding = content_encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise _AttemptFailed(
                "network_error",
                f"{redact_url(url)} answered with unsupported Content-Encoding {self.encoding!r}",
                hint="the server ignored Horizon's Accept-Encoding: gzip, deflate",
            )
        self.url = url
        self.produced = 0
        self._inflater: Any = None

    def decode(self, raw_chunks: Iterator[bytes]) -> Iterator[bytes]:
        for raw in raw_chunks:
            if self.encoding in ("", "identity"):
                yield raw
                continue
            try:
                yield from self._inflate(raw)
            except zlib.error as exc:
                raise _AttemptFailed(
                    "network_error",
                    f"the {self.encoding} body from {redact_url(self.url)} is corrupt: {exc}",
                    hint="the server sent a broken compressed response; try later",
                    retryable=True,
                    bytes_read=self.produced,
                ) from exc

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        """Everything ``data`` inflates to, including output zlib was still holding back, and
        the next gzip member when one ends inside ``data``."""
        while True:
            if self._inflater is None:
                self._inflater = zlib.decompressobj(self._wbits(data))
            out = self._inflater.decompress(data, CHUNK_BYTES)
            self.produced += len(out)
            yield out
            if self._inflater.eof:
                data = self._inflater.unused_data
                self._inflater = None
                if not data:
                    return
            elif self._inflater.unconsumed_tail or len(out) == CHUNK_BYTES:
                data = self._inflater.unconsumed_tail
            else:
                return

    def _wbits(self, first: bytes) -> int:
        if self.encoding != "deflate":
            return zlib.MAX_WBITS | 16
        zlib_wrapped = (
            len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        )
        return zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS


def _http_failure(response: httpx.Response) -> _AttemptFailed:
    code = response.status_code
    reason = f" {response.reason_phrase}" if response.reason_phrase else ""
    summary = f"HTTP {code}{reason} from {redact_url(str(response.url))}"
    if code == 429:
        hint, retryable = "the server is rate-limiting Horizon; lower the request rate", True
    elif code == 408 or code >= 500:
        hint, retryable = "the server is failing; try again later", True
    elif code in (401, 403):
        hint, retryable = "access was refused; check this source's credentials or API key", False
    elif code in (404, 410):
        hint, retryable = "the address does not exist; check the source's url", False
    else:
        hint, retryable = "the server rejected the request; check the source's url", False
    return _AttemptFailed(
        "http_error",
        summary,
        hint=hint,
        http_status=code,
        retryable=retryable,
        retry_after=_retry_after(response.headers.get("retry-after")) if retryable else None,
    )


def _refused(refused: AddressRefused, redirected_from: str | None) -> _AttemptFailed:
    where = f" (redirected from {redact_url(redirected_from)})" if redirected_from else ""
    return _AttemptFailed(
        "refused",
        f"refused to fetch {redact_url(refused.url)}{where}: {refused.reason}",
        hint="a feed may not lead Horizon to internal addresses; "
        "configure the source on that address directly if it is yours",
    )


def _drain(response: httpx.Response) -> None:
    """Read (at most one chunk of) an error body before closing: closing a connection with
    unread data resets it, and a drained one can be reused by the retry."""
    with contextlib.suppress(httpx.HTTPError):
        for _ in response.iter_raw(CHUNK_BYTES):
            break


def _too_large(url: str, limit: int, detail: str, *, bytes_read: int = 0) -> _AttemptFailed:
    return _AttemptFailed(
        "too_large",
        f"response exceeded the {limit / 2**20:g} MiB cap at {redact_url(url)}{detail}",
        hint="raise fetch.max_bytes if this source is legitimate",
        bytes_read=bytes_read,
    )


def _read_file(url: str, headers: Mapping[str, str], limit: int) -> Response:
    """Read a ``file://`` URL under the same cap; its mtime stands in for Last-Modified."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise _AttemptFailed(
            "network_error",
            f"{url} names host {parts.netloc!r}; file URLs must be local",
            hint="use file:///absolute/path",
        )
    path = Path(url2pathname(unquote(parts.path)))
    try:
        stat = path.stat()
        if stat.st_size > limit:
            raise _too_large(url, limit, f" ({stat.st_size} bytes on disk)")
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        file_headers = {"last-modified": last_modified, "content-length": str(stat.st_size)}
        content_type = mimetypes.guess_type(path.name)[0]
        if content_type:
            file_headers["content-type"] = content_type
        if headers.get("If-Modified-Since") == last_modified:
            return Response(url=url, status=304, content=b"", headers=file_headers)
        with path.open("rb") as handle:
            content = handle.read(limit + 1)
    except OSError as exc:
        raise _AttemptFailed(
            "network_error",
            f"cannot read {path}: {exc.strerror or exc}",
            hint="check the source's url and the file's permissions",
        ) from exc
    if len(content) > limit:
        raise _too_large(url, limit, "", bytes_read=len(content))
    return Response(url=url, status=200, content=content, headers=file_headers)


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds, from either of its two forms (delta-seconds or HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _plain(headers: httpx.Headers) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}
