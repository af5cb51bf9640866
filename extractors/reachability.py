"""`horizon sources check`: can each configured endpoint be reached from this machine?

Reported honestly: a DNS failure or refused connection is shown as such, never as "ok".
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from extractors.base import SourceConfig
from extractors.collect import expand_week
from extractors.fetch import FetchSettings, source_interval
from extractors.guard import AddressGuard, AddressRefused, guarded_client
from extractors.pacing import HostPacer, min_interval
from kernel.errors import ConfigError
from warehouse.secrets import expand_env, quote_url_part, redact_text, redact_url


@dataclass(frozen=True)
class Reachability:
    source_id: str
    url: str
    reachable: bool
    detail: str


def check_source(source: SourceConfig, settings: FetchSettings, *, week: str) -> Reachability:
    """One small GET (first bytes only) to the source's url for ``week``; the url it reports is
    redacted, and ``env:NAME`` in it is resolved only for the request."""
    shown = redact_url(source.url)
    try:
        shown = redact_url(expand_week(source.url, week))
        url = expand_env(
            expand_week(source.url, week),
            os.environ,
            what=f"named in the url of source {source.id!r}",
            encode=quote_url_part,
        )
        if url.startswith("file://"):
            return Reachability(source.id, shown, True, "local file")
        host = httpx.URL(url).host
        interval = min_interval(
            settings.min_interval,
            adapter=source.adapter,
            source_interval=source_interval(source),
            host=host,
            with_api_key=False,
        )
    except ConfigError as exc:
        return Reachability(source.id, shown, False, redact_text(str(exc)))
    HostPacer(Path(settings.pace_dir) if settings.pace_dir else None).wait(host, interval)
    started = time.monotonic()
    try:
        with (
            guarded_client(
                AddressGuard(),
                timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
                headers={"User-Agent": settings.agent},
                follow_redirects=True,
                max_redirects=settings.max_redirects,
            ) as client,
            client.stream("GET", url) as response,
        ):
            elapsed = time.monotonic() - started
            ok = response.status_code < 400
            return Reachability(
                source.id, shown, ok, f"HTTP {response.status_code} in {elapsed:.1f} s"
            )
    except AddressRefused as refused:
        return Reachability(source.id, shown, False, f"refused: {redact_text(refused.reason)}")
    except httpx.ConnectError as exc:
        return Reachability(source.id, shown, False, f"cannot connect ({_reason(exc)})")
    except httpx.TimeoutException:
        return Reachability(source.id, shown, False, "timed out")
    except httpx.HTTPError as exc:
        return Reachability(source.id, shown, False, f"{type(exc).__name__}: {_reason(exc)}")


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "Name or service not known" in text or "Temporary failure in name resolution" in text:
        return "DNS lookup failed: no internet access from this machine?"
    return redact_text(text.splitlines()[0][:200])
