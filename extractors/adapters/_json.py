"""Helpers shared by the two JSON APIs, Crossref and OpenAlex.

Both answer some errors with bodies that are not JSON at all (Crossref's 404 is the text
"Resource not found."), so a decoding failure must say which source sent it and what to check,
instead of surfacing as a bare ``JSONDecodeError``. Both also take a comma-separated ``filter``
parameter, which is where ``since`` goes, and both page with a deep-paging ``cursor`` that starts
at ``*``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from extractors.adapters._pages import ParsedPage
from extractors.base import RawDocument, SourceConfig, SourceContext
from kernel.errors import ParseError

DEFAULT_MAX_PAGES = 10


@dataclass
class CursorPage(ParsedPage):
    """One parsed response: its works, the unusable ones, and the paging state."""

    next_cursor: str | None = None
    total: int = 0
    items: int = 0


def load_object(content: bytes, *, what: str) -> dict[str, Any]:
    """``content`` decoded as a JSON object; anything else raises :class:`ParseError`."""
    try:
        value = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        preview = content[:80].decode("utf-8", "replace").strip()
        raise ParseError(
            f"{what} is not JSON ({exc.__class__.__name__}; starts with {preview!r}); "
            "check that the source URL points at the API"
        ) from exc
    if not isinstance(value, dict):
        raise ParseError(f"{what} is JSON but not an object (got {type(value).__name__})")
    return value


def clean_text(value: object) -> str:
    """A string field with runs of whitespace collapsed; non-strings become ``""``."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def filter_param(configured: object, since_filter: str, since: date | None) -> str:
    """The ``filter`` value: the configured filters (a string or a table) plus the ``since`` one."""
    if isinstance(configured, Mapping):
        parts = [f"{name}:{value}" for name, value in configured.items()]
    else:
        parts = [part.strip() for part in str(configured or "").split(",") if part.strip()]
    if since is not None:
        parts.append(f"{since_filter}:{since.isoformat()}")
    return ",".join(parts)


@dataclass(frozen=True)
class CursorApi:
    """How one cursor-paged works API is queried."""

    what: str  # "Crossref works", for messages
    size: tuple[str, int, int]  # the page size's parameter name, default and cap
    passed: tuple[str, ...]  # source options sent as they are when set
    since_filter: str  # the filter that ``since`` sets unless the source names another
    stop_at_total: bool  # end once the response's total was seen (the cursor may never run out)


def add_works(
    page: CursorPage, items: list[Any], parse: Callable[[Any], RawDocument | str], *, item: str
) -> CursorPage:
    """``page`` with every item parsed; an item that is not an object is rejected as such."""
    page.items = len(items)
    for entry in items:
        page.add(parse(entry) if isinstance(entry, dict) else f"{item} is not an object")
    return page


def follow_cursor(
    api: CursorApi,
    source: SourceConfig,
    ctx: SourceContext,
    parse: Callable[[bytes], CursorPage],
    *,
    since: date | None,
) -> Iterator[RawDocument]:
    """Fetch page after page until one is empty, the cursor runs out, the total was seen (where
    ``api.stop_at_total``: Crossref's cursor often stays the same from page to page) or
    ``max_pages`` pages were read."""
    name, default, cap = api.size
    params: dict[str, Any] = {name: min(int(source.option(name, default)), cap)}
    max_pages = int(source.option("max_pages", DEFAULT_MAX_PAGES))
    for key in api.passed:
        if source.option(key):
            params[key] = source.option(key)
    filters = filter_param(
        source.option("filter"), source.option("since_filter", api.since_filter), since
    )
    if filters:
        params["filter"] = filters
    cursor = "*"
    seen = 0
    total = 0
    for _ in range(max_pages):
        response = ctx.fetch(source.url, params={**params, "cursor": cursor})
        page = parse(response.content)
        for reason in page.rejections:
            ctx.reject(reason)
        yield from page.documents
        seen += page.items
        total = page.total
        if not page.items or not page.next_cursor or (api.stop_at_total and seen >= total):
            return
        cursor = page.next_cursor
    ctx.warn(
        f"stopped after max_pages={max_pages} ({seen} of {total} {api.what}); "
        "raise max_pages or narrow the filter to collect the rest"
    )
