"""Helpers shared by the two JSON APIs, Crossref and OpenAlex.

Both answer some errors with bodies that are not JSON at all (Crossref's 404 is the text
"Resource not found."), so a decoding failure must say which source sent it and what to check,
instead of surfacing as a bare ``JSONDecodeError``. Both also take a comma-separated ``filter``
parameter, which is where ``since`` goes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from warehouse.errors import ParseError


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
