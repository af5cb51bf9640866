"""From what an adapter found to what the warehouse stores: clean text, dates, periods, keys.

Dedup keys (a document is stored once if it shares ANY key with a stored one):

- ``doi:<doi>`` — DOI lower-cased, resolver prefixes removed. Links Crossref, OpenAlex, PubMed
  and an arXiv entry that names its journal DOI.
- ``arxiv:<id>`` — arXiv id without version (``2501.01234v2`` → ``2501.01234``).
- ``patent:<number>`` — publication number normalised as ``US10803124B2`` / ``EP1234567A1``.
- ``pmid:<n>``, ``openalex:<W…>`` — the registry's own ids.
- ``url:<canonical>`` — the link without scheme, ``www.``, fragment, default port, trailing
  slash and tracking parameters (utm_*, fbclid, …), remaining query sorted: the same news story
  re-posted with a new GUID or shared with tracking parameters is the same document.
- ``guid:<source>:<guid>`` — a feed's entry id, scoped to its source because GUIDs are often
  only unique within one feed.
- ``title:<kind>:<normalised title>`` — publications only, and only for titles of at least five
  words: the same paper from two registries with no shared id. Patents are excluded (many
  distinct patents share a title such as "Neural network").
- ``ext:<kind>:<source>:<external id>`` — the source's own id for the document, so the same
  source (a feed, a re-imported file) adds nothing twice. Scoped to its source like a GUID:
  ids such as ``1``, ``2`` in two import files or two feeds are different documents.

The ``doc_id`` is a hash of the first key in that order of strength, so the same input always
gets the same id.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from extractors.base import KINDS, RawDocument
from extractors.patent_numbers import parse_patent_number
from kernel.periods import week_of
from kernel.records import DocumentRecord

MAX_TITLE_CHARS = 1_000
MAX_TEXT_CHARS = 100_000
# A document without a title is listed under the start of its text.
DERIVED_TITLE_CHARS = 120
_KEY_ORDER = ("doi", "arxiv", "patent", "pmid", "openalex", "url", "guid", "title", "ext")
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref|ref_src|"
    r"cmpid|campaign|ocid|s_cid|wt\.mc_id|at_medium|at_campaign|rss|feed)$",
    re.IGNORECASE,
)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV = re.compile(
    r"(?:arxiv:|arxiv\.org/(?:abs|pdf)/)?((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[a-z]{2})?/\d{7}))(?:v\d+)?",
    re.IGNORECASE,
)


def clean_text(value: str | None, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Plain text: tags stripped, entities decoded, control and bidi characters removed."""
    if not value:
        return ""
    text = html.unescape(_TAG.sub(" ", value[: limit * 2]))
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    return cut_at_word(_SPACE.sub(" ", text).strip(), limit)


def cut_at_word(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending at a word boundary when the text is longer: a word
    cut in half ("training imag") would become a term of its own downstream."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = head.rfind(" ")
    return head[:space].rstrip() if space > limit // 2 else text[:limit]


def normalize_doi(value: str | None) -> str | None:
    """``https://doi.org/10.1000/ABC`` → ``10.1000/abc``; None if it is not a DOI."""
    if not value:
        return None
    match = _DOI.search(value.strip())
    if not match:
        return None
    doi = match.group(0).rstrip(".,;").lower()
    # "10.1234/." has no suffix once the punctuation goes; as a key it would join unrelated works
    return doi if doi.partition("/")[2] else None


def normalize_arxiv_id(value: str | None) -> str | None:
    """``http://arxiv.org/abs/1605.08386v2`` → ``1605.08386``; old style keeps its archive."""
    if not value:
        return None
    match = _ARXIV.search(value.strip())
    return match.group(1).lower() if match else None


def canonical_url(value: str | None) -> str | None:
    """The comparable form of a link (see the module docstring); None if it is not http(s)."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = re.sub(r"^(?:www\.)+", "", parts.hostname.lower())
    if not host:
        return None
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets, so the form parses back
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    # trailing slashes and whitespace go together: the input is stripped before parsing
    path = re.sub(r"[/\s]+$", "", re.sub(r"/{2,}", "/", parts.path)) or "/"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    return urlunsplit(("", host, path, urlencode(query), "")).lstrip("/")


def normalize_title(value: str) -> str:
    """Title folded for comparison: accents, case, punctuation and spacing removed."""
    folded = unicodedata.normalize("NFKD", value.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", folded))


def parse_date(value: date | datetime | str | None) -> date | None:
    """A date from ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ISO date-times, RFC 822 or objects.

    Year-only and month-only values resolve to the first day; anything unparseable or outside
    1790–2100 is None (the caller decides what an undated document means).
    """
    if value is None:
        return None
    result: date | None
    if isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        result = _parse_date_text(str(value).strip())
    if result is None or not 1790 <= result.year <= 2100:
        return None
    return result


def _parse_date_text(text: str) -> date | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    try:
        if match:
            year, month, day = match.groups()
            return date(int(year), int(month or 1), int(day or 1))
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            return parsedate_to_datetime(text).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def dedup_keys(raw: RawDocument, *, source_id: str) -> list[str]:
    """Every key of a document, strongest first (see the module docstring)."""
    ids = {scheme.lower(): value for scheme, value in raw.ids.items() if value}
    found: dict[str, str] = {}
    if doi := normalize_doi(ids.get("doi")):
        found["doi"] = doi
    if arxiv := normalize_arxiv_id(ids.get("arxiv")):
        found["arxiv"] = arxiv
    if ids.get("patent") and (number := parse_patent_number(ids["patent"])):
        found["patent"] = number
    if pmid := str(ids.get("pmid", "")).strip():
        found["pmid"] = pmid
    if openalex := str(ids.get("openalex", "")).strip().rsplit("/", 1)[-1].upper():
        found["openalex"] = openalex
    if url := canonical_url(raw.url or ids.get("url")):
        found["url"] = url
    if guid := str(ids.get("guid", "")).strip():
        found["guid"] = f"{source_id}:{guid}"
    title = normalize_title(raw.title or "")
    if raw.kind == "publication" and len(title.split()) >= 5:
        found["title"] = f"{raw.kind}:{title}"
    found["ext"] = f"{raw.kind}:{source_id}:{raw.external_id.strip()}"
    return [f"{scheme}:{found[scheme]}" for scheme in _KEY_ORDER if scheme in found]


def to_record(raw: RawDocument, *, source_id: str, fallback_period: str) -> DocumentRecord:
    """Normalise one adapter document; raises ValueError with a reason if it is unusable."""
    if raw.kind not in KINDS:
        raise ValueError(f"kind {raw.kind!r} is not one of {', '.join(KINDS)}")
    external_id = clean_text(raw.external_id, limit=500)
    if not external_id:
        raise ValueError("no id")
    title = clean_text(raw.title, limit=MAX_TITLE_CHARS)
    text = clean_text(raw.text)
    if not title and not text:
        raise ValueError("no title and no text")
    published = parse_date(raw.published)
    metadata = dict(raw.metadata)
    if raw.title and len(raw.title) > MAX_TITLE_CHARS:
        metadata["title_truncated_from"] = len(raw.title)
    if published is None and raw.published:
        metadata["unparsed_date"] = str(raw.published)[:100]
    # keys come from the cleaned title: one registry's "Deep &amp; <i>wide</i> nets" is
    # another's "Deep & wide nets", and a stored document must key as it did when it came
    keys = dedup_keys(replace(raw, external_id=external_id, title=title), source_id=source_id)
    return DocumentRecord(
        doc_id="D" + hashlib.sha1(keys[0].encode()).hexdigest()[:15],
        external_id=external_id,
        kind=raw.kind,
        title=title or cut_at_word(text, DERIVED_TITLE_CHARS),
        text=text,
        published=published,
        period=week_of(published) if published else fallback_period,
        keys=keys,
        url=raw.url.strip() if raw.url else None,
        language=(raw.language or None) and raw.language.strip().lower()[:12],
        authors=_clean_list(raw.authors),
        orgs=_clean_list(raw.orgs),
        countries=list(dict.fromkeys(c.upper() for c in _clean_list(raw.countries))),
        classes=_clean_list(raw.classes),
        metadata=metadata,
    )


def _clean_list(values: list[str] | None) -> list[str]:
    cleaned = (clean_text(str(v), limit=300) for v in values or [])
    return list(dict.fromkeys(v for v in cleaned if v))
