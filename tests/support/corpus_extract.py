"""The dated part of a committed benchmark corpus, written as an import file for a test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


def extract_dated(corpus: Path, out: Path, first: str, last: str) -> dict[str, dict[str, Any]]:
    """Write the records of ``corpus`` (gzipped JSON lines) dated ``first``..``last`` to ``out``
    unchanged; returns them by id."""
    records: dict[str, dict[str, Any]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as source, out.open("w") as target:
        for line in source:
            record = json.loads(line)
            if first <= record["date"] <= last:
                target.write(line)
                records[record["id"]] = record
    return records
