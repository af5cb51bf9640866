"""Keeping credentials out of everything Horizon stores, logs or shows.

A source URL may carry a password (``http://user:PW@host/``) or an API key in its query string,
and a server may echo either back in a redirect or an error. Every URL that is written to the
warehouse, a log line, a report or a Prefect record passes through :func:`redact_url` (or, for
free text such as error messages, :func:`redact_text`), so there is one rule for what a secret
looks like. The rule lives here, at the bottom layer, because the warehouse is the last place
that can refuse to store one and every other package may import it.

Configuration never needs to hold a secret either: ``env:NAME`` stands for the value of the
environment variable ``NAME`` (alert recipients, source URLs and headers), and is replaced only
at the moment of use by :func:`expand_env`, so the stored and shown form keeps ``env:NAME``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from kernel.errors import ConfigError

MASK = "***"
ENV_PREFIX = "env:"
# a parameter whose name is, or ends in, one of these holds a credential (access_token, X-Api-Key)
SECRET_NAME = re.compile(r"(key|token|secret|password|passwd|sig|signature)$", re.IGNORECASE)
# ``env:NAME`` not glued to a word or host name before it (``dev.env:8080`` is a port)
ENV_REFERENCE = re.compile(r"(?<![\w.-])env:([A-Za-z_][A-Za-z0-9_]*)")
URL_IN_TEXT = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`]+")


def is_secret_name(name: str) -> bool:
    """Whether a query parameter or header called ``name`` carries a credential."""
    return SECRET_NAME.search(name.strip()) is not None


def redact_url(url: str) -> str:
    """``url`` with its user-info and the values of secret-looking parameters masked.

    Idempotent, and an ``env:NAME`` value is left as written: it names a variable, not a secret.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url) if "://" in url else url
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if at and ENV_REFERENCE.sub("", userinfo) not in ("", ":"):
        netloc = f"{MASK}@{host}"
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(_masked(name, value) for name, value in pairs):
        masked = [(name, MASK if _masked(name, value) else value) for name, value in pairs]
        query = urlencode(masked, safe="*:/,{}")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def redact_text(text: str) -> str:
    """``text`` (an error message, a note) with each URL in it passed through :func:`redact_url`."""
    if "://" not in text:
        return text
    return URL_IN_TEXT.sub(_redact_match, text)


def env_names(text: str) -> list[str]:
    """The variables ``text`` refers to as ``env:NAME``, in order."""
    return ENV_REFERENCE.findall(text)


def expand_env(
    text: str,
    env: Mapping[str, str],
    *,
    what: str,
    encode: Callable[[str], str] | None = None,
) -> str:
    """``text`` with each ``env:NAME`` replaced by that variable's value.

    ``encode`` is applied to values that land inside ``text`` (for a URL: percent-encoding, so a
    key with ``&`` or ``/`` cannot change the URL's shape); a reference that starts ``text``
    stands for its beginning (a whole URL, a webhook) and is inserted as it is. A variable that
    is unset or empty raises :class:`ConfigError` naming it and ``what`` referred to it.
    """

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = env.get(name, "")
        if not found:
            raise ConfigError(
                f"environment variable {name} ({what}) is not set; export it before the run "
                "or write the value into the configuration"
            )
        return found if encode is None or match.start() == 0 else encode(found)

    return ENV_REFERENCE.sub(value, text)


def quote_url_part(value: str) -> str:
    """Percent-encode a value put inside a URL (user-info, path segment or query value)."""
    return quote(value, safe="")


def _redact_match(match: re.Match[str]) -> str:
    """A URL found in prose, without the sentence punctuation the pattern swallowed."""
    found = match.group(0)
    url = found.rstrip(".,;:!?)]'")
    return redact_url(url) + found[len(url) :]


def _masked(name: str, value: str) -> bool:
    return is_secret_name(name) and value != MASK and not value.startswith(ENV_PREFIX)
