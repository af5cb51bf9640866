#!/usr/bin/env python3
"""Build the `hn` corpus from a snapshot of tamnd/hn-daily-index.

That repository holds one JSON file per day (data/YYYY/MM/DD.json): the day's top 10
Hacker News stories, each with the HN item id, title, url, score, comment count,
author and submission time. Days up to 2026-04-01 were backfilled from Colin Percival's
"Hacker News Daily" archive (daemonology.net/hn-daily) and enriched from the HN API;
later days are written by a daily GitHub Action. This script reads the files straight
from git (no work tree needed), keeps the stories of the chosen window and writes one
JSON record per story.

    python -m benchmarks.corpora.hn.build --repo <git dir> \
        --out benchmarks/corpora/hn/docs.jsonl.gz

It was written for commit 7666b7943c10c19afd40a4d0ddd537330ec45e2b (the default --rev
is HEAD; pass --rev to pin). stdlib only; the output is deterministic (sorted, gzip
mtime=0). Dates 2021-2022 and stories linking to TechCrunch are left out: both are
reserved for independent evaluation.
"""

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from benchmarks.corpora.extract import first_of_each, write_extract

FILE_RE = re.compile(r"^data/(\d{4})/(\d\d)/(\d\d)\.json$")
RESERVED = ("2021-01", "2022-12")  # evaluation-only years: never in this corpus
# Stories linking to TechCrunch are dropped: TechCrunch is reserved for independent evaluation.
EXCLUDED_SITES = ("techcrunch.com", "tcrn.ch")
MIN_TITLE = 8  # HN titles are terse: "Deno 1.0", "Apple M1" are stories, not noise


def git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def domain(url: object) -> str:
    host = (urlsplit(str(url or "")).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def make_record(day: str, story: dict[str, Any]) -> dict[str, str] | None:
    title = re.sub(r"\s+", " ", str(story.get("title") or "")).strip()
    if len(title) < MIN_TITLE:
        return None
    site = domain(story.get("url")) or "news.ycombinator.com"
    if any(site == x or site.endswith("." + x) for x in EXCLUDED_SITES):
        return None
    if story.get("id"):
        rid = f"hn:{int(story['id'])}"
    else:
        rid = "hn:" + hashlib.sha1(f"{day}|{title}".encode()).hexdigest()[:16]
    return {
        "id": rid,
        "title": title,
        "text": "",
        "date": day,
        "kind": "news",
        "source": f"Hacker News top 10 / {site}",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", required=True, help="git dir of tamnd/hn-daily-index")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--out", required=True)
    ap.add_argument("--start", default="2016-01", help="first month (YYYY-MM)")
    ap.add_argument("--end", default="2020-12", help="last month (YYYY-MM)")
    ap.add_argument(
        "--max-items",
        type=int,
        default=40000,
        help="deterministic hash sampling above this many records",
    )
    a = ap.parse_args()
    if not (a.end < RESERVED[0] or a.start > RESERVED[1]):
        sys.exit("refusing: the window may not touch 2021-2022 (reserved for evaluation)")

    names = git(a.repo, "ls-tree", "-r", "--name-only", a.rev, "data").decode().split("\n")
    days: list[tuple[str, str]] = []
    for name in names:
        m = FILE_RE.match(name)
        if m and a.start <= f"{m.group(1)}-{m.group(2)}" <= a.end:
            days.append((f"{m.group(1)}-{m.group(2)}-{m.group(3)}", name))

    def stories() -> Iterator[dict[str, str] | None]:
        for day, name in sorted(days):
            found = json.loads(git(a.repo, "show", f"{a.rev}:{name}").decode("utf-8"))
            for story in sorted(found, key=lambda s: s.get("rank") or 0):
                yield make_record(day, story)

    recs = write_extract(first_of_each(stories()), a.out, max_items=a.max_items)
    first, last = (recs[0]["date"], recs[-1]["date"]) if recs else ("-", "-")
    print(f"days {len(days)}, records {len(recs)}, {first} .. {last} -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
