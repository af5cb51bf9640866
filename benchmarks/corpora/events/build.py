#!/usr/bin/env python3
"""Build the `events` corpus from a snapshot of ianrastall/current-events-context.

That repository holds one YAML file per day (YYYY/MM/YYYY-MM-DD.yaml).  Each file is
a scrape of the English Wikipedia "Portal:Current events/<date>" page: a mapping
``Intelligence_Payload`` of portal section -> list of bullet texts.  This script
reads the files straight from git (no work tree needed), keeps the dated event
bullets of the chosen window and writes one JSON record per event.

    python -m benchmarks.corpora.events.build --repo <git dir> \
        --out benchmarks/corpora/events/docs.jsonl.gz

stdlib only; the output is deterministic (sorted, gzip mtime=0).
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys

from benchmarks.corpora.extract import first_of_each, write_extract

# Section names differ slightly across years; fold the spelling variants.
SECTION_ALIASES = {
    "armed conflict and attacks": "Armed conflicts and attacks",
    "armed attacks and conflicts": "Armed conflicts and attacks",
    "sport": "Sports",
    "business and economics": "Business and economy",
    "politics and election": "Politics and elections",
    "art and culture": "Arts and culture",
    "international relations": "International relations",
    "law and crime": "Law and crime",
}

FILE_RE = re.compile(r"^(\d{4})/(\d\d)/(\d{4}-\d\d-\d\d)\.yaml$")
# Trailing citation groups such as " (Reuters) (BBC News)".
SOURCES_RE = re.compile(r"(?:\s*\((?:[^()]|\([^()]*\))*\))+\s*$")
SENT_END_RE = re.compile(r"(?<=[a-z0-9\)\"'%”’])[.!?](?=\s+[A-Z\"“‘'(])")


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def unquote(s):
    """Plain or single-quoted YAML scalar, already folded onto one line."""
    s = s.strip()
    if len(s) >= 2 and s[0] == "'" and s[-1] == "'":
        return s[1:-1].replace("''", "'")
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        return json.loads(s)  # not seen in the data; JSON covers simple escapes
    return s


def parse_day(text):
    """Return [(section, item_text)] from one daily YAML file (restricted schema)."""
    out, section, cur = [], None, None
    in_payload = False

    def flush():
        if cur is not None and section is not None:
            out.append((section, unquote(" ".join(cur))))

    for line in text.split("\n"):
        if not line.strip():
            continue
        if not line.startswith(" "):  # top-level key
            flush()
            cur = None
            in_payload = line.startswith("Intelligence_Payload:")
            section = None
            continue
        if not in_payload:
            continue
        if line.startswith("  - "):  # new list item
            flush()
            cur = [line[4:].strip()]
        elif line.startswith("    ") and cur is not None:  # continuation
            cur.append(line.strip())
        elif line.startswith("  ") and line.rstrip().endswith(":"):
            flush()
            cur = None
            name = unquote(line.strip()[:-1])
            section = SECTION_ALIASES.get(name.lower(), name)
        else:
            raise ValueError(f"unexpected line: {line!r}")
    flush()
    return out


def cut(s, n):
    if len(s) <= n:
        return s
    s = s[: n + 1]
    i = s.rfind(" ")
    s = s[:i] if i > n // 2 else s[:n]
    return s.rstrip(" ,;:-–—") + "…"


def make_record(date, section, raw):
    raw = re.sub(r"\s+", " ", raw).strip()
    m = SOURCES_RE.search(raw)
    body = raw[: m.start()].strip() if m else raw
    cited = raw[m.start() :].strip() if m else ""
    # Bullets without a citation and without a final full stop are story
    # headers ("COVID-19 pandemic in Italy"), not events: skip them.
    if not cited and not body.endswith((".", "!", "?")):
        return None
    if len(body) < 25:
        return None
    sm = SENT_END_RE.search(body)
    title = body[: sm.start() + 1] if sm and sm.start() >= 30 else body
    title = cut(title, 200)
    text = cut(body, 600)
    h = hashlib.sha1((f"{date}|{body}").encode()).hexdigest()[:16]
    return {
        "id": f"wikipedia-current-events:{date}:{h}",
        "title": title,
        "text": text,
        "date": date,
        "kind": "news",
        "source": "Wikipedia Current Events Portal / " + section,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True, help="git dir of ianrastall/current-events-context")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--out", required=True)
    ap.add_argument("--start", default="2017-01", help="first month (YYYY-MM)")
    ap.add_argument("--end", default="2020-12", help="last month (YYYY-MM), must be <= 2020-12")
    ap.add_argument(
        "--max-items",
        type=int,
        default=40000,
        help="deterministic hash sampling above this many records",
    )
    a = ap.parse_args()
    if a.end > "2020-12":
        sys.exit("refusing: no general-news dates after 2020 may enter this corpus")

    names = git(a.repo, "ls-tree", "-r", "--name-only", a.rev).decode().split("\n")
    nfiles = 0

    def events():
        nonlocal nfiles
        for name in sorted(names):
            m = FILE_RE.match(name)
            if not m or not (a.start <= m.group(3)[:7] <= a.end):
                continue
            nfiles += 1
            text = git(a.repo, "show", f"{a.rev}:{name}").decode("utf-8")
            for section, item in parse_day(text):
                yield make_record(m.group(3), section, item)

    recs = write_extract(first_of_each(events()), a.out, max_items=a.max_items)
    first, last = (recs[0]["date"], recs[-1]["date"]) if recs else ("-", "-")
    print(f"files {nfiles}, records {len(recs)}, {first} .. {last} -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
