"""The report in a real headless Chromium: it renders, sorts, fetches nothing and runs nothing
it should not, even when the feeds were written by an attacker.

Chromium is Debian's ``chromium`` package driven by Playwright (``executable_path``), because
Playwright's own browser download cannot reach its host here. Every page is opened from
``file://``; the only request allowed is the page itself. Screenshots go to
``var/screenshots/`` (or the test's temporary folder when ``var/`` does not exist) for a human
to look at.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from extractors.adapters.rss import parse_feed
from reports.render_html import content_security_policy, sort_script
from reports.schema import EvidenceDocument, ReportData
from reports.write import ReportPaths, write_report
from tests.reports.hostile import hostile_report
from tests.reports.sample import sample_report
from tests.support.browser import CHROMIUM, screenshot_dir

FEED = Path(__file__).parent / "data" / "hostile_feed.xml"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium not installed (apt-get install -y chromium; .ci/run does this)",
)


def first_column(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#ranking-table tbody tr",
        "rows => rows.map(r => r.cells[0].querySelector('.muted').textContent)",
    )


def test_demo_report_renders_sorts_and_stays_offline(visit: Any, tmp_path: Path) -> None:
    paths = write_report(sample_report(), tmp_path / "2026-W47")
    seen = visit(paths.html)
    page = seen.page
    assert page.locator("svg.chart").count() == 17
    assert page.locator("#landscape circle").count() == 15
    bars = page.eval_on_selector_all("#topic-T0042 svg.chart rect", "els => els.length")
    assert bars > 26 * 2  # two or three kinds stacked in each of 26 weeks, plus the legend
    size = page.eval_on_selector("#landscape svg.chart", "e => e.getBoundingClientRect().width")
    assert size > 900
    # Sorting by clicking the headers.
    assert first_column(page)[:2] == ["T0042", "T0017"]
    page.click("#ranking-table th:nth-child(3) button")  # Score, now ascending
    assert first_column(page)[:2] == ["T0004", "T0012"]
    page.click("#ranking-table th:nth-child(2) button")  # Status: new first
    statuses = page.eval_on_selector_all(
        "#ranking-table tbody tr", "rows => rows.map(r => r.cells[1].textContent.trim())"
    )
    assert (
        statuses
        == ["new"] * 2
        + ["emerging"] * 3
        + ["burst"] * 2
        + ["growing"] * 3
        + ["stable"] * 3
        + ["declining"] * 2
    )
    assert first_column(page)[:2] == ["T0121", "T0103"]  # a stable sort: by score before
    page.click("#ranking-table th:nth-child(4) button")  # Growth: lowest first, none last
    assert first_column(page)[0] == "T0012" and first_column(page)[-2:] == ["T0121", "T0103"]
    page.click("#ranking-table th:nth-child(1) button")  # Topic: alphabetical
    assert first_column(page)[0] == "T0095"  # Agrivoltaics
    page.click("#ranking-table th:nth-child(1) button")  # and back
    assert first_column(page)[0] == "T0023"  # Vibration-based predictive maintenance
    seen.assert_inert()
    assert_clean_layout(page)
    folder = screenshot_dir(tmp_path)
    page.click("#ranking-table th:nth-child(3) button")
    page.click("#ranking-table th:nth-child(3) button")  # back to best score first
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / "report.png"))
    page.screenshot(path=str(folder / "report-full.png"), full_page=True)
    assert (folder / "report.png").stat().st_size > 20_000


def assert_clean_layout(page: Any) -> None:
    """Nothing sticks out sideways, and the landscape's labels neither overlap nor leave it."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    boxes = page.eval_on_selector_all(
        "#landscape svg.chart text.label",
        "els => els.map(e => e.getBBox()).map(b => [b.x, b.y, b.x + b.width, b.y + b.height])",
    )
    width, height = page.eval_on_selector(
        "#landscape svg.chart", "e => [e.viewBox.baseVal.width, e.viewBox.baseVal.height]"
    )
    assert len(boxes) >= 10
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= width and a[3] <= height, a
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def hostile_data() -> ReportData:
    """The hostile sample plus the documents of a hostile feed, parsed as a weekly run would."""
    data = hostile_report()
    feed = FEED.read_bytes().replace(
        b"</channel>",
        b"<item><title>" + b"Megabyte " * 116_000 + b"</title><guid>hostile-feed-4</guid>"
        b"<link>https://feed.example.org/long</link></item></channel>",
    )
    parsed = parse_feed(
        feed, kind="news", source_id="hostile-feed", url="https://feed.example.org/rss"
    )
    assert len(parsed.documents) == 4 and len(parsed.documents[-1].title) > 1_000_000
    collected = [
        EvidenceDocument(
            external_id=doc.external_id,
            title=doc.title,
            url=doc.url,
            kind=doc.kind,
            published=doc.published.date() if isinstance(doc.published, datetime) else None,
            source_id="hostile-feed",
            snippet=doc.text,
        )
        for doc in parsed.documents
    ]
    card = data.topics[1]
    card.evidence = collected + card.evidence
    return data


def test_hostile_content_is_inert_in_the_browser(visit: Any, tmp_path: Path) -> None:
    paths: ReportPaths = write_report(hostile_data(), tmp_path / "2026-W47")
    seen = visit(paths.html)
    page = seen.page
    seen.assert_inert()
    # The page's own script still works: only that one script runs.
    page.click("#ranking-table th:nth-child(3) button")
    assert first_column(page)[0] == "T0004"
    # The attacker's text shows as text, their links are not links.
    card = page.locator("#topic-T0017")
    assert card.get_by_text("Solid-state battery breakthrough", exact=False).count() == 1
    assert card.locator("a[href^='javascript'], a[href^='data'], a[href^=' ']").count() == 0
    assert page.locator("[onerror], [onload], [onclick], iframe, object, embed").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert all(re.match(r"^(#|alerts/|https://)", h) for h in hrefs), hrefs
    long_title = card.get_by_text("Megabyte Megabyte", exact=False)
    assert long_title.count() == 1 and len(long_title.inner_text()) <= 240
    assert page.evaluate("document.body.innerText.length") < 200_000
    assert_clean_layout(page)
    folder = screenshot_dir(tmp_path)
    page.locator("#topic-T0017").scroll_into_view_if_needed()
    page.screenshot(path=str(folder / "report-hostile.png"))
    for region in ("AT12", "DE12"):
        alert = visit(paths.alerts[region].html, width=390, height=844)
        alert.assert_inert()


def test_alert_fits_one_phone_screen(visit: Any, tmp_path: Path) -> None:
    paths = write_report(sample_report(), tmp_path / "2026-W47")
    folder = screenshot_dir(tmp_path)
    for region in ("DE12", "RO21"):
        seen = visit(paths.alerts[region].html, width=390, height=844)
        seen.assert_inert()
        height = seen.page.evaluate("document.documentElement.scrollHeight")
        assert height <= 844 * 1.1, (region, height)
        assert seen.page.evaluate("document.documentElement.scrollWidth") <= 390
        seen.page.screenshot(path=str(folder / f"alert-{region}.png"), full_page=True)


def test_the_watchers_and_the_policy_work(visit: Any, tmp_path: Path) -> None:
    """Control: a page that does run a script and fetch is caught, and our CSP stops both."""
    payload = '<script>alert("ran")</script><img src="http://127.0.0.1:9/pixel.gif">'
    unsafe = tmp_path / "unsafe.html"
    unsafe.write_text(f"<!doctype html><title>x</title>{payload}", encoding="utf-8")
    seen = visit(unsafe)
    assert seen.dialogs == ["ran"]
    assert "http://127.0.0.1:9/pixel.gif" in seen.requests
    policy = content_security_policy(sort_script())
    guarded = tmp_path / "guarded.html"
    guarded.write_text(
        f'<!doctype html><meta http-equiv="Content-Security-Policy" content="{policy}">'
        f"<title>x</title>{payload}",
        encoding="utf-8",
    )
    seen = visit(guarded)
    assert seen.dialogs == []
    # Chromium reports a request it then refuses; the report tests allow not even that.
    assert seen.failed == [("http://127.0.0.1:9/pixel.gif", "csp")]
    refused = [text for kind, text in seen.console if kind == "error"]
    assert len(refused) == 2 and all("Content Security Policy" in text for text in refused)
