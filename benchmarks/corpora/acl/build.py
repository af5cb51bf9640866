"""Rebuild the ACL Anthology publication extract (stdlib only).

    python benchmarks/corpora/acl/build.py --repo <git dir> \
        --out benchmarks/corpora/acl/docs.jsonl.gz

``--repo`` is a git directory (bare, or a work tree's ``.git``) holding the history of
``acl-org/acl-anthology``. The XML files under ``data/xml/`` are read from ``--commit`` with
``git cat-file --batch``, so no work tree is needed. Every paper that

- sits in a volume whose ``<publisher>`` is the Association for Computational Linguistics
  (the "ACL materials" the Anthology's licence covers; see SOURCE.md),
- is not a Findings volume (``--exclude-venues``; the 2023/2024 Findings files are missing from
  the snapshot, and a venue present in some years only would distort yearly shares),
- is dated ``--start-year`` .. ``--end-year``,
- has an abstract of at least ``--min-words`` words and is not retracted or removed,

becomes one JSON line ``{id, title, text, date, kind, source}``. When more papers qualify than
``--max-docs``, one fraction (the same for every year) is kept: the papers whose id's SHA-1
falls lowest, so the sample is deterministic and a smaller sample is contained in a larger one.
``--stats`` prints papers per year before and after each filter instead of writing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

DEFAULT_COMMIT = "65709310e964ab8ea5231ada1bf1fabfec66d704"
ACL_PUBLISHER = re.compile(r"^\s*association\s+for\s+computational\s+linguistics\s*$", re.I)
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
OLD_STYLE = re.compile(r"^[A-Z]\d\d$")
SPACE = re.compile(r"\s+")


def text_of(elem: ET.Element | None) -> str:
    """Plain text of an element: markup (<fixed-case>, <tex-math>, <url> …) dropped, whitespace
    collapsed."""
    if elem is None:
        return ""
    return SPACE.sub(" ", "".join(elem.itertext())).strip()


def month_of(raw: str) -> int | None:
    """The first month named in ``raw`` ("July", "June-July", "7"), or None."""
    raw = raw.strip().lower()
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    for word in re.findall(r"[a-z]+", raw):
        if word in MONTHS:
            return MONTHS[word]
    return None


def anthology_id(collection: str, volume: str, paper: str) -> str:
    """The Anthology id built from collection, volume and paper ids (used when <url> is absent)."""
    if not OLD_STYLE.match(collection):
        return f"{collection}-{volume}.{paper}"
    if collection[0] == "W" or collection == "C69" or (collection == "D19" and int(volume) >= 5):
        return f"{collection}-{int(volume):02d}{int(paper):02d}"
    return f"{collection}-{int(volume)}{int(paper):03d}"


def xml_blobs(repo: str, commit: str):
    """Yield (path, bytes or None) for every data/xml/*.xml file at ``commit``."""
    listing = subprocess.run(
        ["git", "-C", repo, "ls-tree", "-r", commit, "data/xml/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    entries = []
    for line in listing.splitlines():
        meta, path = line.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob" and path.endswith(".xml"):
            entries.append((path, sha))
    proc = subprocess.Popen(
        ["git", "-C", repo, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin and proc.stdout
    try:
        for path, sha in sorted(entries):
            proc.stdin.write(sha.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) < 3 or header[1] == b"missing":
                yield path, None
                continue
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # trailing newline
            yield path, data
    finally:
        proc.stdin.close()
        proc.wait()


def papers(repo: str, commit: str, missing: list[str]):
    """Yield one dict per paper, with volume metadata and the filter facts."""
    for path, data in xml_blobs(repo, commit):
        if data is None:
            missing.append(path)
            continue
        root = ET.fromstring(data)
        collection = root.get("id", "")
        for volume in root.iter("volume"):
            meta = volume.find("meta")
            if meta is None:
                continue
            year = text_of(meta.find("year"))
            month = month_of(text_of(meta.find("month")))
            venues = [text_of(v).lower() for v in meta.findall("venue")]
            if not venues:
                venues = [collection.split(".", 1)[1] if "." in collection else collection]
            publisher = text_of(meta.find("publisher"))
            for paper in volume.findall("paper"):
                url = text_of(paper.find("url"))
                pid = (
                    url
                    if url and "://" not in url
                    else anthology_id(collection, volume.get("id", ""), paper.get("id", ""))
                )
                yield {
                    "id": pid,
                    "title": text_of(paper.find("title")),
                    "text": text_of(paper.find("abstract")),
                    "year": year,
                    "month": month,
                    "venues": venues,
                    "publisher": publisher,
                    "dead": paper.find("retracted") is not None
                    or paper.find("removed") is not None
                    or paper.get("type") in ("retracted", "removed"),
                }


def keep_hash(pid: str) -> float:
    return int(hashlib.sha1(pid.encode("utf-8")).hexdigest()[:12], 16) / float(1 << 48)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--repo",
        required=True,
        help="git directory of acl-org/acl-anthology (or a fork holding its history)",
    )
    ap.add_argument(
        "--commit", default=DEFAULT_COMMIT, help="upstream commit to read (default: %(default)s)"
    )
    ap.add_argument("--out", default="benchmarks/corpora/acl/docs.jsonl.gz")
    ap.add_argument("--start-year", type=int, default=2017)
    ap.add_argument("--end-year", type=int, default=2024)
    ap.add_argument("--min-words", type=int, default=30)
    ap.add_argument(
        "--max-docs",
        type=int,
        default=40000,
        help="sample one fraction of every year down to about this many",
    )
    ap.add_argument("--exclude-venues", default="findings")
    ap.add_argument(
        "--any-publisher",
        action="store_true",
        help="keep volumes of every publisher, not only ACL's",
    )
    ap.add_argument("--stats", action="store_true", help="print per-year counts and write nothing")
    args = ap.parse_args(argv)

    excluded = {v.strip().lower() for v in args.exclude_venues.split(",") if v.strip()}
    missing: list[str] = []
    steps = defaultdict(Counter)  # year -> filter step -> papers
    kept: dict[str, dict] = {}
    for p in papers(args.repo, args.commit, missing):
        if not p["year"].isdigit():
            continue
        year = int(p["year"])
        if not args.start_year <= year <= args.end_year:
            continue
        steps[year]["all"] += 1
        if not args.any_publisher and not ACL_PUBLISHER.match(p["publisher"]):
            continue
        steps[year]["acl_publisher"] += 1
        if excluded.intersection(p["venues"]):
            continue
        steps[year]["venue_ok"] += 1
        if p["dead"] or not p["title"] or len(p["text"].split()) < args.min_words:
            continue
        steps[year]["abstract"] += 1
        if p["id"] in kept:
            continue
        date = f"{year:04d}-{p['month']:02d}" if p["month"] else f"{year:04d}"
        kept[p["id"]] = {
            "id": p["id"],
            "title": p["title"],
            "text": p["text"],
            "date": date,
            "kind": "publication",
            "source": f"acl-anthology/{p['venues'][0]}",
        }
    if missing:
        print(f"missing from the snapshot (skipped): {', '.join(missing)}", file=sys.stderr)

    fraction = min(1.0, args.max_docs / max(1, len(kept)))
    chosen = sorted(
        (r for r in kept.values() if keep_hash(r["id"]) < fraction),
        key=lambda r: (r["date"], r["id"]),
    )
    per_year = Counter(r["date"][:4] for r in chosen)
    print(
        f"fraction kept: {fraction:.4f}; papers with abstracts (deduplicated): {len(kept)}; "
        f"written: {len(chosen)}",
        file=sys.stderr,
    )
    print("year\tall\tacl_pub\tvenue_ok\tabstract\tsampled", file=sys.stderr)
    for year in sorted(steps):
        s = steps[year]
        print(
            f"{year}\t{s['all']}\t{s['acl_publisher']}\t{s['venue_ok']}\t{s['abstract']}\t{per_year[str(year)]}",
            file=sys.stderr,
        )
    if args.stats:
        return 0
    # no file name and mtime 0 in the gzip header: the same input gives byte-identical output
    with (
        open(args.out, "wb") as fh,
        gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as raw,
    ):
        for r in chosen:
            raw.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
