"""Text written by an attacker, end to end: through a real run into the report opened in
Chromium, and through the outbox into the messages a real SMTP server receives.

The hostile inputs are those of ``tests/reports/hostile.py`` (every field of a report) and the
attacker's feed ``tests/reports/data/hostile_feed.xml`` with a 1 MB title added, which the fault
run collects next to a server whose HTTP reason phrase is a ``<script>``. The renderers' own
checks (markup, Chromium) are in ``tests/reports/test_render_html.py``, ``test_alerts.py`` and
``test_browser.py``; this module adds the run and the wire.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from reports.outbox import build_messages, deliver_pending, enqueue
from reports.render_alerts import render_alerts
from tests.reliability.conftest import FaultRun
from tests.reports.hostile import hostile_report
from tests.reports.htmlpage import Page
from tests.support.browser import CHROMIUM
from tests.support.mail import Recorder, plain, smtp_server

NOW = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
# Nothing of these may reach a message: markup that acts, links that run, text that turns
# around or breaks a header.
ACTIVE = ("<script", "onerror", "onload", "javascript:", "vbscript:", "evil.example",
          "\u202e", "\u2067", "\u200f", "\u2028")  # fmt: skip
HREF_OK = re.compile(r"^(#|alerts/|https://)")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed")
def test_a_run_over_hostile_sources_writes_an_inert_report(fault_run: FaultRun, visit) -> None:
    assert fault_run.finished.returncode == 0, fault_run.finished.stderr[-3000:]
    seen = visit(fault_run.report / "index.html")
    seen.assert_inert()
    page = seen.page
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert [h for h in hrefs if not HREF_OK.match(h)] == []
    dangerous = "[onerror], [onload], [onclick], iframe, object, embed, base, form"
    dangerous += ", meta[http-equiv='refresh' i]"  # the page's own CSP is a meta http-equiv
    assert page.locator(dangerous).count() == 0
    text = page.evaluate("document.body.innerText")
    assert "hostile-502" in text and "hostile-feed" in text
    assert "\u202e" not in text and len(text) < 200_000
    alerts = sorted((fault_run.report / "alerts").glob("*.html"))
    assert alerts
    for alert in alerts:
        visit(alert, width=390, height=844).assert_inert()


def received(recorder: Recorder) -> list[Any]:
    return [message_from_bytes(e.content, policy=policy.default) for e in recorder.envelopes]


def test_hostile_alerts_reach_the_smtp_server_inert(tmp_path: Path) -> None:
    alerts = render_alerts(hostile_report(), report_url="javascript:alert(1)")
    recipients = {region: [f"analyst@{region.lower()}.example.org"] for region in alerts}
    outbox = tmp_path / "outbox"
    queued = enqueue(outbox, build_messages(alerts, recipients, now=NOW))
    recorder = Recorder()
    with smtp_server(recorder) as port:
        delivery = deliver_pending(outbox, smtp=plain(port), now=NOW, env={})
    assert delivery.ok and len(delivery.sent) == len(queued) == len(alerts)

    mails = received(recorder)
    assert len(mails) == len(alerts)
    bodies = []
    for mail in mails:
        assert mail["Bcc"] is None and mail["Cc"] is None
        for name, value in mail.items():
            assert not any(bad in value for bad in ACTIVE), (name, value)
            assert "\n" not in str(value).strip(), name
        text = mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        bodies.append(text)
        for body in (text, html):
            assert [bad for bad in ACTIVE if bad in body] == []
        page = Page(html)
        assert page.scripts == []
        assert [k for _, attrs in page.tags for k in attrs if k.lower().startswith("on")] == []
        assert [a["href"] for a in page.all("a") if not HREF_OK.match(a["href"] or "")] == []
        tags = {tag for tag, _ in page.tags}
        assert not {"iframe", "object", "embed", "base", "form", "style"} & tags
    # the hostile labels did reach the messages, as plain text
    assert any('Invoice gnp.exe batteries">' in body for body in bodies)
    assert any("Isolated marks Bcc: victim@example.org" in body for body in bodies)
    for stored in (outbox / "sent").glob("*.json"):
        assert [bad for bad in ACTIVE if bad in stored.read_text(encoding="utf-8")] == []
