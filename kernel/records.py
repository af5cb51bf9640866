"""Typed rows that cross layers: the extractors and the import build them, the warehouse stores
them. They live beneath both so that neither the warehouse knows adapter types nor an adapter
needs the warehouse to describe a document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class DocumentRecord:
    """A normalised document ready to store.

    ``keys`` are every identity the document is known by (see ``extractors/normalize.py``); two
    records sharing any key are the same work. ``doc_id`` is derived from the strongest key, so
    the same input always gets the same id.
    """

    doc_id: str
    external_id: str
    kind: str
    title: str
    text: str
    published: date | None
    period: str
    keys: list[str]
    url: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FetchLogRow:
    """One HTTP attempt (or, for imports, one file) as recorded in ``fetch_log``."""

    run_id: str
    source_id: str
    attempt: int
    url: str | None
    started_at: datetime
    finished_at: datetime
    status: str
    http_status: int | None = None
    bytes: int = 0
    items_seen: int = 0
    items_new: int = 0
    items_rejected: int = 0
    error: str | None = None
    notes: str | None = None
