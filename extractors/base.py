"""What every source adapter produces and receives.

Adapters are small: they turn one source's responses into :class:`RawDocument` objects and know
nothing about the warehouse, retries or logging. A :class:`SourceContext` gives them HTTP access
and a place to report rejected items, so a bad entry is data (counted in ``fetch_log``), not a
crash.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["patent", "publication", "news"]
KINDS: tuple[str, ...] = ("patent", "publication", "news")
ADAPTER_NAMES: tuple[str, ...] = (
    "rss",
    "arxiv",
    "crossref",
    "openalex",
    "pubmed",
    "uspto",
    "epo",
)


class SourceConfig(BaseModel):
    """One ``[[source]]`` entry of ``sources.toml``; adapter-specific keys are kept as extras."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    kind: Kind
    adapter: str
    url: str
    enabled: bool = True
    name: str | None = None

    def option(self, key: str, default: Any = None) -> Any:
        """An adapter-specific key from the source entry."""
        return (self.model_extra or {}).get(key, default)


@dataclass
class RawDocument:
    """A document as one adapter found it, before normalisation and dedup.

    ``ids`` holds every identifier the source gave, by scheme (``doi``, ``arxiv``, ``patent``,
    ``pmid``, ``openalex``, ``guid``); ``external_id`` is the one kept verbatim as the document's
    public id. ``published`` may be a date, a datetime or a string to be parsed.
    """

    kind: str
    external_id: str
    title: str
    text: str = ""
    published: date | datetime | str | None = None
    url: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """A completed HTTP (or file://) response, body fully read and size-checked."""

    url: str
    status: int
    content: bytes
    headers: Mapping[str, str]

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class SourceContext(Protocol):
    """What an adapter may do besides parsing: fetch, and report what it had to skip."""

    def fetch(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        conditional: bool = False,
    ) -> Response:
        """GET ``url``; raises :class:`kernel.errors.FetchError` on failure.

        With ``conditional=True`` the stored ETag / Last-Modified are sent and a 304 comes back
        as a response whose ``not_modified`` is true.
        """
        ...

    def reject(self, reason: str) -> None:
        """Record one item that was seen but could not be turned into a document."""
        ...

    def warn(self, message: str) -> None:
        """Record a problem with the response that did not stop parsing (e.g. a bozo feed)."""
        ...


class Adapter(Protocol):
    def collect(
        self, source: SourceConfig, ctx: SourceContext, *, since: date | None
    ) -> Iterator[RawDocument]: ...
