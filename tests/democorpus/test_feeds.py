"""The demo feeds parse like the real formats, and the ground truth accounts for every item."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import feedparser
import pytest
from defusedxml import ElementTree

from democorpus import DemoCorpus

WORD = re.compile(r"\S+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")


def split_bulk(data: bytes) -> list[Element]:
    """Split a USPTO weekly bulk file into its documents and parse each one safely."""
    parts = [part for part in re.split(rb"(?=<\?xml )", data) if part.strip()]
    return [ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", part)) for part in parts]


@cache
def parsed(feeds: Path, week: str) -> dict[str, Any]:
    folder = feeds / week
    return {
        "uspto": split_bulk((folder / "uspto.xml").read_bytes()),
        "arxiv": feedparser.parse((folder / "arxiv.atom").read_bytes()),
        "news-tech": feedparser.parse((folder / "news-tech.rss").read_bytes()),
        "news-industry": feedparser.parse((folder / "news-industry.rss").read_bytes()),
    }


def week_days(week: str) -> set[date]:
    monday = date.fromisoformat(f"{week}-1")
    return {monday + timedelta(days=n) for n in range(7)}


def test_a_week_parses_like_the_real_formats(demo_corpus: DemoCorpus) -> None:
    feeds = parsed(demo_corpus.feeds, "2025-W30")
    grant = feeds["uspto"][0]
    assert grant.tag == "us-patent-grant" and grant.get("dtd-version") == "v4.5 2014-04-03"
    biblio = grant.find("us-bibliographic-data-grant")
    assert biblio is not None
    document_id = biblio.find("publication-reference/document-id")
    assert [child.tag for child in document_id] == ["country", "doc-number", "kind", "date"]
    main_cpc = biblio.find("classifications-cpc/main-cpc/classification-cpc")
    assert re.fullmatch(r"[A-H]", main_cpc.findtext("section"))
    assert re.fullmatch(r"\d+", main_cpc.findtext("main-group"))
    assert biblio.find("classifications-ipcr/classification-ipcr") is not None
    assert biblio.findtext("assignees/assignee/addressbook/orgname")
    assert biblio.findtext("us-parties/inventors/inventor/addressbook/last-name")
    assert len(WORD.findall(grant.findtext("abstract/p"))) >= 60

    atom = feeds["arxiv"]
    assert not atom.bozo
    assert int(atom.feed["opensearch_totalresults"]) == len(atom.entries)
    assert atom.feed["opensearch_startindex"] == "0"
    entry = atom.entries[0]
    assert re.fullmatch(r"http://arxiv\.org/abs/\d{4}\.\d{5}v\d", entry.id)
    assert entry["arxiv_primary_category"]["term"] == entry.tags[0]["term"]
    assert entry.authors and entry["arxiv_affiliation"]
    assert {link["type"] for link in entry.links} == {"text/html", "application/pdf"}

    for name in ("news-tech", "news-industry"):
        rss = feeds[name]
        assert not rss.bozo and rss.version == "rss20"
        item = rss.entries[0]
        assert item.title and item.summary and item.author and item.published_parsed


ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_document_and_date_falls_in_its_week(
    demo_corpus: DemoCorpus, truth: dict[str, Any]
) -> None:
    """Collects each week's ids from the feeds themselves and checks them against the truth.

    All 52 weeks are read with defusedxml (fast); feedparser is exercised on sample weeks above.
    """
    truth_by_week: dict[str, set[str]] = {}
    for doc in truth["documents"]:
        truth_by_week.setdefault(doc["week"], set()).add(doc["external_id"])
    copies = {copy for dup in truth["duplicates"] for copy in dup["copies"]}
    for week in demo_corpus.weeks:
        folder = demo_corpus.week_dir(week)
        days = week_days(week)
        found: list[str] = []
        for grant in split_bulk((folder / "uspto.xml").read_bytes()):
            doc_id = grant.find("us-bibliographic-data-grant/publication-reference/document-id")
            found.append(f"US{doc_id.findtext('doc-number')}{doc_id.findtext('kind')}")
            assert date.fromisoformat(doc_id.findtext("date")) in days
        atom = ElementTree.fromstring((folder / "arxiv.atom").read_bytes())
        for entry in atom.iter(f"{ATOM}entry"):
            arxiv_id, version = entry.findtext(f"{ATOM}id").rsplit("/", 1)[1].split("v")
            published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
            updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
            assert arxiv_id[:4] == published.strftime("%y%m")
            assert updated.date() in days
            if version == "1":
                found.append(arxiv_id)
                assert published.date() in days
            else:
                assert f"{arxiv_id}v{version}" in copies
        for name in ("news-tech.rss", "news-industry.rss"):
            for item in ElementTree.fromstring((folder / name).read_bytes()).iter("item"):
                guid = item.find("guid")
                assert parsedate_to_datetime(item.findtext("pubDate")).date() in days
                if guid.get("isPermaLink") == "true":
                    assert guid.text == item.findtext("link")
                    found.append(guid.text)
                else:
                    assert guid.text in copies
        assert len(found) == len(set(found)) == len(truth_by_week[week])
        assert set(found) == truth_by_week[week]


def test_syndicated_news_copies_point_at_the_same_article(
    demo_corpus: DemoCorpus, truth: dict[str, Any]
) -> None:
    news = [dup for dup in truth["duplicates"] if dup["kind"] == "news"]
    n_news = sum(1 for doc in truth["documents"] if doc["kind"] == "news")
    assert 0.02 <= len(news) / n_news <= 0.045
    dup = news[0]
    items = [
        item
        for name in ("news-tech", "news-industry")
        for item in parsed(demo_corpus.feeds, dup["week"])[name].entries
    ]
    original = next(item for item in items if item.id == dup["external_id"])
    (copy,) = [item for item in items if item.id in dup["copies"]]
    assert copy.link.startswith(original.link + "?utm_source=")
    assert (copy.title, copy.summary) == (original.title, original.summary)
    assert original.link == dup["external_id"] != copy.id


def test_revised_arxiv_papers_reappear_as_v2(
    demo_corpus: DemoCorpus, truth: dict[str, Any]
) -> None:
    revised = [dup for dup in truth["duplicates"] if dup["kind"] == "publication"]
    assert len(revised) == 3
    first_week = {doc["external_id"]: doc["week"] for doc in truth["documents"]}
    for dup in revised:
        assert dup["copies"] == [dup["external_id"] + "v2"]
        assert first_week[dup["external_id"]] < dup["week"]
        entries = parsed(demo_corpus.feeds, dup["week"])["arxiv"].entries
        (entry,) = [e for e in entries if e.id.endswith(dup["copies"][0])]
        assert entry.published < entry.updated


@pytest.mark.parametrize("week", ["2025-W05", "2025-W27", "2025-W45"])
def test_text_is_varied_and_abstract_sized(demo_corpus: DemoCorpus, week: str) -> None:
    feeds = parsed(demo_corpus.feeds, week)
    texts = [grant.findtext("abstract/p") for grant in feeds["uspto"]]
    texts += [entry.summary for entry in feeds["arxiv"].entries if entry.id.endswith("v1")]
    texts += [
        item.summary
        for name in ("news-tech", "news-industry")
        for item in feeds[name].entries
        if item.id == item.link
    ]
    assert all(60 <= len(WORD.findall(text)) <= 160 for text in texts)
    sentences = Counter(sentence for text in texts for sentence in SENTENCE_END.split(text))
    repeated = sum(n - 1 for n in sentences.values())
    assert repeated / sum(sentences.values()) < 0.05
    assert not any("lorem" in text.lower() for text in texts)
