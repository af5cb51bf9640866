"""The trend report page, its JSON twin and the text sanitising behind both."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.charts import nice_ticks, stacked_bars
from reports.render_html import render_report_html, sort_script
from reports.sanitize import markdown_text, plain_text, safe_url
from reports.schema import HeldBackTopic, RankedTopic, ReportData
from reports.write import report_dir, write_report
from tests.reports.hostile import UNSAFE_LINKS, hostile_report
from tests.reports.htmlpage import Page
from tests.reports.sample import WEEK, sample_report


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_report_html(sample_report())


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_report_html(hostile_report())


def test_page_has_every_section_in_order(page_html: str) -> None:
    page = Page(page_html)
    sections = [a["id"] for a in page.all("section")]
    assert sections == [
        "headline", "ranking", "landscape", "heatmap", "topics", "regions", "terms",
        "coverage", "methodology",
    ]  # fmt: skip
    headline = page_html.split('id="headline"')[1].split("</section>")[0]
    # Flagged topics, best score first, each with its one-line why.
    flagged, _, watch = headline.partition("Still rising")
    order = re.findall(r'href="#topic-(T\d+)"', flagged)
    assert order == ["T0042", "T0017", "T0103", "T0088", "T0121"]
    assert "share up 4.2x vs base period (0.6 % → 2.5 %)" in headline
    # Topics flagged in earlier weeks that keep growing stay on watch, saying since when.
    assert re.findall(r'href="#topic-(T\d+)"', watch) == ["T0009", "T0031", "T0095"]
    assert "first flagged 2026-W22" in watch


def test_ranking_lists_every_topic_with_sort_keys(page_html: str) -> None:
    table = page_html.split('id="ranking-table"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].count("<tr>")
    assert rows == 15
    headers = re.findall(r'<th data-type="(\w+)"', table)
    numbers = ["number"] * 5
    assert headers == ["text", *numbers, "text", "number", "number"]
    # A topic without a base period has no growth: shown as a dash and sorted last.
    llm_row = next(r for r in table.split("<tr>") if "T0103" in r)
    assert '<td class="num" data-sort="">–</td>' in llm_row


def test_cards_charts_regions_and_coverage(page_html: str) -> None:
    page = Page(page_html)
    cards = [a["id"] for a in page.all("article") if (a.get("id") or "").startswith("topic-")]
    assert len(cards) == 15 and cards[:5] == [
        "topic-T0042", "topic-T0017", "topic-T0103", "topic-T0088", "topic-T0121",
    ]  # fmt: skip
    regions = [a["id"] for a in page.all("article") if (a.get("id") or "").startswith("region-")]
    assert len(regions) == 11 and regions[0] == "region-AT12"
    charts = [a for a in page.all("svg") if a.get("class") == "chart"]
    assert len(charts) == 15 + 2  # one per card, the landscape, documents per week
    assert len(page.all("circle")) == 15
    text = " ".join(page.text)
    assert "12 of 14 sources were fetched this week" in text
    assert "epo-bulletin (patent): failed, HTTP 503" in text
    assert "Nothing new this week" not in text


def test_content_security_policy_pins_the_only_script(page_html: str) -> None:
    page = Page(page_html)
    (meta,) = [m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    policy = meta["content"] or ""
    assert policy.startswith("default-src 'none'; img-src data:; style-src 'unsafe-inline'; ")
    assert page.scripts == [sort_script()]
    digest = base64.b64encode(hashlib.sha256(sort_script().encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    assert page.all("script") == [{}]  # inline only, no src


def test_page_references_nothing_outside_itself(page_html: str) -> None:
    page = Page(page_html)
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "xlink:href", "data", "action", "poster"):
            assert name not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is None or tag == "a":
            continue
        assert (tag, href) == ("link", "data:,")  # the favicon, so none is requested
    assert "@import" not in page_html and "url(" not in page_html
    external = [
        a["href"] for a in page.all("a") if not (a["href"] or "").startswith(("#", "alerts/"))
    ]
    assert external and all(h and h.startswith("https://") for h in external)


def test_hostile_text_is_inert(hostile_html: str) -> None:
    page = Page(hostile_html)
    assert page.scripts == [sort_script()]
    handlers = [(t, k) for t, attrs in page.tags for k in attrs if k.lower().startswith("on")]
    assert handlers == []
    for attrs in page.all("a"):
        href = attrs["href"] or ""
        assert href.startswith(("#", "alerts/", "https://")), href
    assert "evil.example" not in hostile_html
    assert "\u202e" not in hostile_html and "\u202c" not in hostile_html
    assert len(hostile_html) < len(render_report_html(sample_report())) + 20_000
    text = " ".join(page.text)
    # The stripped text stays readable; bad links are shown as text, not followed.
    assert "Invoice gnp.exe batteries" in text
    assert text.count("link withheld: not a web address") == len(UNSAFE_LINKS)
    assert "Graphene" in text and "styled" in text and "css expression" in text


def test_empty_week_says_nothing_new() -> None:
    empty = ReportData(week=WEEK, generated_at=datetime(2026, 11, 23, tzinfo=UTC))
    page = Page(render_report_html(empty))
    text = " ".join(page.text)
    assert "Nothing new this week" in text
    assert "No topic was scored against any region this week." in text


def test_write_report_files_and_json_twin(tmp_path: Path) -> None:
    data = sample_report()
    paths = write_report(data, report_dir(tmp_path / "reports", data.week))
    assert paths.directory == tmp_path / "reports" / "2026-W47"
    assert paths.html.read_text(encoding="utf-8") == render_report_html(data)
    twin = json.loads(paths.json.read_text(encoding="utf-8"))
    assert twin["week"] == "2026-W47"
    first = twin["flagged"][0]
    assert {"topic_id", "label", "status", "score", "terms", "doc_ids", "reasons"} <= set(first)
    assert (first["topic_id"], first["status"], first["score"]) == ("T0042", "emerging", 4.62)
    assert first["doc_ids"] == ["10.5555/hz.420", "US20260000421A1", "news-422", "10.5555/hz.423"]
    region = twin["regions"][5]
    assert (region["region_id"], region["name"]) == (
        "CZ08",
        "Moravskoslezský kraj (Moravia-Silesia)",
    )
    topic = next(t for t in region["topics"] if t["topic_id"] == "T0042")
    assert {"topic_id", "relevance", "industries", "cross_link", "partners", "evidence"} <= set(
        topic
    )
    assert (topic["relevance"], topic["industries"], topic["cross_link"]) == (
        82.0,
        ["C29", "C27"],
        True,
    )
    assert twin["heatmap"]["region_ids"][:3] == ["AT12", "ITH1", "HU22"]
    assert ReportData.model_validate(twin) == data  # the twin reads back to the same report
    names = sorted(p.name for p in (paths.directory / "alerts").iterdir())
    assert len(names) == 33 and names[:3] == ["AT12.html", "AT12.md", "AT12.txt"]
    assert "Nothing new this week" in (paths.directory / "alerts" / "RO21.txt").read_text()


def test_non_finite_numbers_never_reach_json() -> None:
    topic = RankedTopic(
        topic_id="T1", label="x", status="new", score=1.0, growth=float("nan"), share=float("inf")
    )
    assert (topic.growth, topic.share) == (None, 0.0)
    with pytest.raises(ValueError, match="finite"):
        RankedTopic(topic_id="T1", label="x", status="new", score=float("nan"))
    with pytest.raises(ValueError, match="pattern"):
        RankedTopic(topic_id='T1"><script>', label="x", status="new", score=1.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>alert(1)</script>Hello", "Hello"),
        ("<img src=x onerror=alert(1)>Title", "Title"),
        ("a\u202eevil\u202c b", "aevil b"),
        ("A < B & C > D", "A < B & C > D"),
        ("<b>graphene</b> &amp; co", "graphene & co"),
        ("line\none\x00\x1b[31m two", "line one [31m two"),
        ("word " * 40, ("word " * 10).strip() + "…"),
        ("wordy " * 40, ("wordy " * 8).strip() + "…"),
    ],
)
def test_plain_text(raw: str, expected: str) -> None:
    assert plain_text(raw, 50) == expected
    assert len(plain_text(raw, 50)) <= 50


def test_plain_text_cuts_a_megabyte() -> None:
    assert plain_text("x" * 1_000_000, 10) == "x" * 9 + "…"
    unlimited = plain_text("<p>" + "x" * 1_000_000)
    assert len(unlimited) == 20_000 - 3 and unlimited.endswith("x…")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://doi.org/10.5555/hz.420", True),
        ("http://arxiv.example.org/abs/2401.00001v2?x=1#y", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https://user:pass@bank.example.org", False),
        ('https://x.example.org/"onmouseover="alert(1)', False),
        ("https://x.example.org/\u202eexe", False),
        ("http://[::1", False),
    ],
)
def test_safe_url(url: str, kept: bool) -> None:
    assert (safe_url(url) == url.strip()) is kept
    assert kept or safe_url(url) is None


def test_markdown_text_escapes_link_syntax() -> None:
    assert (
        markdown_text("[x](javascript:alert(1)) *b* a|b")
        == r"\[x\](javascript:alert(1)) \*b\* a\|b"
    )


def test_chart_axes_and_bars() -> None:
    assert nice_ticks(31) == [0, 10, 20, 30, 40]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0.0, 1.0]
    svg = str(
        stacked_bars({"2026-W46": {"patent": 3, "news": 0}, "2026-W47": {"patent": 5}}, title="t")
    )
    assert svg.count("<rect x=") == 2 + 1  # two bars, one legend swatch (news has no documents)
    assert ">W46</text>" in svg and ">2026</text>" in svg


def test_a_week_with_only_held_back_topics_says_so() -> None:
    data = ReportData(
        week=WEEK,
        generated_at=datetime(2026, 11, 23, tzinfo=UTC),
        held_back=[
            HeldBackTopic(
                topic_id="T0007",
                label="smart speaker, voice assistant",
                would_be="emerging",
                status="growing",
                score=2.5,
                terms=["smart speaker", "voice assistant"],
                why="growing: share 4.1x the base period; only news so far, no publication or "
                "patent, so not flagged as emerging",
            )
        ],
    )
    text = " ".join(Page(render_report_html(data)).text)
    assert "Nothing flagged this week: 1 topic crossed the thresholds" in text
    assert "was held back by an evidence rule" in text
    assert "smart speaker, voice assistant" in text and "would be emerging" in text
    assert "Nothing new this week" not in text
