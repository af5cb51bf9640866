"""Typed results the warehouse hands back to its callers.

The rows that come in from other layers (documents, fetch-log rows) are :mod:`kernel.records`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UpsertResult:
    """What storing a batch did: ids of new documents and of known ones seen again."""

    new: list[str]
    known: list[str]

    @property
    def n_new(self) -> int:
        return len(self.new)
