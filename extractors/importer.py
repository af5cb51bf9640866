"""Reading ``horizon import`` files: JSONL (one record a line) or CSV (a header row).

Fields follow the DESIGN.md contract: ``id``, ``title``, ``text`` (or ``abstract`` /
``summary``), ``date``, optional ``url``, ``kind``, ``source``, ``authors``, ``orgs``,
``countries``, ``classes``; anything else is kept as metadata. Common export column names are
recognised too (``patent_number``, ``patent_title``, ``patent_abstract``, ``patent_date`` as in
the PatentsView/BigQuery exports), and ``mapping`` renames any other column. A bad record is
returned as an :class:`ImportProblem` with its line number; it never stops the file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.base import KINDS, RawDocument
from extractors.normalize import normalize_doi, parse_date
from extractors.patent_numbers import parse_patent_number
from kernel.errors import ImportFileError

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "external_id", "patent_number", "publication_number", "doi", "pmid", "guid"),
    "title": ("title", "patent_title", "invention_title", "headline"),
    "text": ("text", "abstract", "summary", "patent_abstract", "description", "body"),
    "date": (
        "date",
        "published",
        "publication_date",
        "patent_date",
        "grant_date",
        "pubdate",
        "publication date",
        "grant date",
    ),
    "url": ("url", "link", "result link"),
}
LIST_FIELDS = ("authors", "orgs", "countries", "classes")
# What database and dataframe exports write for a missing value. The neural-network patent
# corpus (../shared/data/corpora) has "NULL" for a missing abstract up to 2003 and "None"
# from 2004: read as text, the two made the same design patents two topics a year apart.
MISSING = frozenset({"null", "none", "nan", "nil", "n/a", "#n/a"})
CSV_FIELD_LIMIT = 10 * 1024 * 1024


@dataclass(frozen=True)
class ImportProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


def read_import_file(
    path: Path,
    *,
    kind: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[tuple[int, RawDocument | ImportProblem]]:
    """Yield ``(line number, document or problem)`` for every record of a .jsonl or .csv file."""
    if kind is not None and kind not in KINDS:
        raise ImportFileError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        raise ImportFileError(f"{path}: expected a .jsonl or .csv file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from None
    text = _decode(raw, path)
    if not text.strip():
        raise ImportFileError(f"{path} is empty")
    rows = _jsonl_rows(text) if suffix != ".csv" else _csv_rows(text, path)
    for line, row in rows:
        if isinstance(row, ImportProblem):
            yield line, row
            continue
        yield line, _to_document(line, row, kind=kind, mapping=mapping or {})


def _decode(raw: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"{path} is neither UTF-8 nor Windows-1252 text; re-save it as UTF-8")


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
    # Only "\n" ends a line: str.splitlines() also splits at U+2028 / U+0085, which JSON allows
    # raw inside strings, and would break a good record in two and shift every line number.
    for line, content in enumerate(text.split("\n"), start=1):
        if not content.strip():
            continue
        try:
            value = json.loads(content)
        except json.JSONDecodeError as exc:
            yield line, ImportProblem(line, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield line, ImportProblem(line, "a JSON object is expected on each line")
            continue
        yield line, value


def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any] | ImportProblem]]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    lines = text.splitlines(keepends=True)
    skip = 1 if lines and lines[0].lower().startswith(("search url", "http")) else 0
    reader = csv.reader(io.StringIO("".join(lines[skip:])))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportFileError(f"{path} is empty") from None
    except csv.Error as exc:
        raise ImportFileError(f"{path}: unreadable CSV header ({exc})") from None
    start = reader.line_num + skip
    while True:
        line = reader.line_num + skip + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, ImportProblem(line, f"malformed CSV ({exc})")
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield (
                line,
                ImportProblem(
                    line, f"{len(values)} columns where the header (line {start}) has {len(header)}"
                ),
            )
            continue
        yield line, dict(zip(header, values, strict=True))


def _to_document(
    line: int, row: dict[str, Any], *, kind: str | None, mapping: Mapping[str, str]
) -> RawDocument | ImportProblem:
    row = {str(k).strip().lower(): v for k, v in row.items()}
    for target, column in mapping.items():
        if column.lower() in row:
            row[target] = row.pop(column.lower())
    fields = {name: _first(row, names) for name, names in ALIASES.items()}
    used = {alias for names in ALIASES.values() for alias in names} | set(LIST_FIELDS)
    used |= {"kind", "source", "language"}
    # PatentsView-style columns (patent_number, patent_date, …) mean a file of patents
    default_kind = "patent" if any(name.startswith("patent_") for name in row) else "publication"
    doc_kind = kind or str(row.get("kind") or default_kind).strip().lower()
    if doc_kind not in KINDS:
        return ImportProblem(line, f"kind {doc_kind!r} is not one of {', '.join(KINDS)}")
    external_id = _unquote(fields["id"])
    if not external_id:
        return ImportProblem(line, "no id (give an `id` field)")
    title, text = _unquote(fields["title"]), _unquote(fields["text"])
    if not title and not text:
        return ImportProblem(line, "no title and no text")
    date_text = _unquote(fields["date"])
    published = parse_date(date_text)
    if published is None:
        reason = f"date {date_text!r} is not" if date_text else "no date; use"
        return ImportProblem(line, f"{reason} YYYY, YYYY-MM, YYYY-MM-DD or an ISO-8601 date-time")
    ids: dict[str, str] = {}
    if doi := normalize_doi(str(row.get("doi") or "")):
        ids["doi"] = doi
    # PatentsView's patent_number is a bare US grant number ("5535303"); a patent key, unlike
    # the file-scoped ext key, finds the same grant again in a renamed or corrected file
    country = "US" if "patent_number" in row else None
    if doc_kind == "patent" and (number := parse_patent_number(external_id, country)):
        ids["patent"] = number
    return RawDocument(
        kind=doc_kind,
        external_id=external_id,
        title=title,
        text=text,
        published=published,
        url=_unquote(fields["url"]) or None,
        ids=ids,
        language=str(row.get("language") or "") or None,
        authors=_as_list(row.get("authors")),
        orgs=_as_list(row.get("orgs")),
        countries=_as_list(row.get("countries")),
        classes=_as_list(row.get("classes")),
        metadata=_metadata(row, used),
    )


def _metadata(row: Mapping[str, Any], used: set[str]) -> dict[str, Any]:
    """Fields Horizon has no column for; a record's ``source`` (the journal, conference,
    publisher or section it appeared in) is its ``venue``, as the publication adapters store it,
    so that breadth counts the venues a topic is spread over, not the one file they came in."""
    metadata = {k: v for k, v in row.items() if k not in used and v not in ("", None)}
    if (venue := _unquote(row.get("source"))) and "venue" not in metadata:
        metadata["venue"] = venue
    return metadata


def _first(row: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    return next((row[name] for name in names if _unquote(row.get(name))), None)


def _unquote(value: Any) -> str:
    """Text of a field, "" for a missing one (also when an export wrote ``NULL`` or ``None``);
    undoes the doubled quoting some exports apply twice (``""x""``)."""
    if value is None:
        return ""
    text = str(value).strip()
    inner = text[1:-1]
    # a CSV-quoted value: quoted at both ends, every quote inside doubled
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in inner.replace('""', ""):
        text = inner.replace('""', '"').strip()
    return "" if text.lower() in MISSING else text


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if _unquote(v)]
    return [part.strip() for part in _unquote(value).split(";") if part.strip()]
