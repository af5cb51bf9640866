"""What every corpus build shares: one record per story, and a deterministic file.

A build script reads its source and yields records in ``horizon import`` format; these two
functions drop the repeats and write ``docs.jsonl.gz`` so that the same source always gives
the same bytes (the sha1 in each ``SOURCE.md`` can be checked). Run the scripts from the
repository root as modules (``python -m benchmarks.corpora.hn.build …``). stdlib only.
"""

import gzip
import hashlib
import io
import json
from collections.abc import Iterable


def first_of_each(records: Iterable[dict[str, str] | None]) -> list[dict[str, str]]:
    """The records in order, without a second one of an id (a story seen again on a later
    day keeps its first day) or of the same lower-cased title on the same day; ``None``
    (a record the build rejected) is skipped."""
    kept: list[dict[str, str]] = []
    seen_id: set[str] = set()
    seen_title: set[tuple[str, str]] = set()
    for record in records:
        if record is None or record["id"] in seen_id:
            continue
        title_key = (record["date"], record["title"].lower())
        if title_key in seen_title:
            continue
        seen_id.add(record["id"])
        seen_title.add(title_key)
        kept.append(record)
    return kept


def write_extract(
    records: list[dict[str, str]], out: str, *, max_items: int
) -> list[dict[str, str]]:
    """Write ``records`` to ``out`` sorted by date and id, gzip mtime 0; above ``max_items``
    a deterministic sample (the smallest sha1 of the id). Returns what was written."""
    if len(records) > max_items:
        records = sorted(records, key=lambda r: hashlib.sha1(r["id"].encode()).hexdigest())
        records = records[:max_items]
    records = sorted(records, key=lambda r: (r["date"], r["id"]))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for record in records:
            line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            gz.write(line.encode("utf-8"))
    with open(out, "wb") as handle:
        handle.write(buffer.getvalue())
    return records
