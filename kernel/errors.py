"""The one exception tree of Horizon.

Every error a user can meet derives from :class:`HorizonError`; its message says what went wrong
and what to do next, so the CLI can print it as a one-line reason and exit non-zero. The tree
lives in ``kernel`` because every layer may import it: a fetch or delivery error is no warehouse
error.
"""

from __future__ import annotations


class HorizonError(Exception):
    """Base of every error Horizon reports to a user."""


class ConfigError(HorizonError):
    """A configuration file or value is missing or invalid."""


class WarehouseError(HorizonError):
    """The DuckDB warehouse cannot be used."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse for writing."""


class WarehouseCorrupt(WarehouseError):
    """The database file is unreadable or not a DuckDB file."""


class FetchError(HorizonError):
    """A source could not be fetched.

    ``status`` is the HTTP status when there was one; ``retryable`` says whether trying again
    later may help (timeouts, 5xx, 429); ``retry_after`` is the server's Retry-After in seconds.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


class ResponseTooLarge(FetchError):
    """The response exceeded the configured size cap."""


class ParseError(HorizonError):
    """A fetched response or file is not in the expected format at all."""


class ImportFileError(HorizonError):
    """An import file cannot be read (the whole file, not one bad record)."""


class DeliveryError(HorizonError):
    """A message could not be delivered; it stays in the outbox."""
