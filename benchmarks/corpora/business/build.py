#!/usr/bin/env python3
"""Rebuild the news extract (stdlib only).

Source: the Guardian Business + CNBC headline files of the Kaggle dataset
"notlucasp/financial-news-headlines", as committed in the GitHub repository
deepakjoshi2k/Financial_News_Sentiment_Analysis (guardian_headlines.csv,
cnbc_headlines.csv; reuters_headlines.csv is > 4 MiB and not used).

    python benchmarks/corpora/business/build.py --repo <git dir> \
        --out benchmarks/corpora/business/docs.jsonl.gz

Records: id, title, text, date (YYYY-MM-DD), kind="news", source.
"""

import argparse
import csv
import gzip
import hashlib
import io
import json
import subprocess
import sys
from datetime import datetime

FILES = {"guardian_headlines.csv": "guardian/business", "cnbc_headlines.csv": "cnbc"}
MAX_DATE = "2020-12-31"  # no 2021/2022 general-news dates, by design


def git_show(repo, path, rev):
    return subprocess.run(
        ["git", "-C", repo, "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8")


def parse_date(s):
    s = " ".join(s.replace("ET", " ").split())
    # CNBC: "7:51 PM Fri, 17 July 2020"  -> keep the part after the comma
    if "," in s:
        s = s.split(",", 1)[1].strip()
    s = s.replace("Sept ", "Sep ")
    for fmt in ("%d-%b-%y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%B %d %Y"):
        try:
            return datetime.strptime(s, fmt).strftime("%Y-%m-%d")
        except ValueError:
            pass
    return None


def clean(s):
    return " ".join((s or "").split())


def split_guardian(raw):
    # Some Guardian headlines carry a series kicker on a first line
    # ("Nils Pratley on finance  \n\n\n  Title"); keep the last line as title.
    lines = [x.strip() for x in raw.replace("\r", "").split("\n") if x.strip()]
    if not lines:
        return "", ""
    return clean(lines[-1]), clean(" ".join(lines[:-1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repo", required=True, help="git dir of the fetched repository")
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()

    recs, seen_id, seen_td, bad = [], set(), set(), 0
    for path, source in FILES.items():
        for row in csv.DictReader(io.StringIO(git_show(a.repo, path, a.rev))):
            date = parse_date(row.get("Time") or "")
            if not date or date > MAX_DATE:
                bad += 1
                continue
            if source.startswith("guardian"):
                title, _kicker = split_guardian(row.get("Headlines") or "")
                text, src = "", source  # Guardian Business has no preview text
            else:
                title, text, src = (
                    clean(row.get("Headlines")),
                    clean(row.get("Description")),
                    source,
                )
            if not title:
                bad += 1
                continue
            rid = (
                source.split("/")[0]
                + ":"
                + hashlib.sha1((date + "|" + title).encode("utf-8")).hexdigest()[:16]
            )
            td = (date, title.lower())
            if rid in seen_id or td in seen_td:
                continue
            seen_id.add(rid)
            seen_td.add(td)
            recs.append(
                {
                    "id": rid,
                    "title": title,
                    "text": text,
                    "date": date,
                    "kind": "news",
                    "source": src,
                }
            )
    recs.sort(key=lambda r: (r["date"], r["id"]))
    with (
        open(a.out, "wb") as fh,
        gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0) as gz,
    ):
        for r in recs:
            gz.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    print(
        f"wrote {len(recs)} records ({bad} rows skipped) "
        f"{recs[0]['date']}..{recs[-1]['date']} -> {a.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
