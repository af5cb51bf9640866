"""Regional early-warning summaries: what is raised, how short it stays, and that it is inert."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes, policy

from reports.delivery import email_message
from reports.render_alerts import MAX_TOPICS, render_alert, render_alerts
from reports.schema import HeldBackTopic
from tests.reports.hostile import hostile_report
from tests.reports.htmlpage import Page
from tests.reports.sample import sample_report

NOW = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)


def test_raises_flagged_topics_above_the_region_threshold() -> None:
    alerts = render_alerts(sample_report())
    cz = alerts["CZ08"]
    assert [(i.topic_id, i.relevance) for i in cz.items] == [
        ("T0042", 82.0),
        ("T0088", 70.0),
        ("T0017", 67.5),
    ]
    first = cz.items[0]
    assert first.why == "share up 4.2x vs base period (0.6 % → 2.5 %)"
    assert first.cross_link is True
    assert first.industries[1] == "C27 Manufacture of electrical equipment"
    assert [link.url for link in first.links] == [
        "https://doi.org/10.5555/hz.420",
        "https://patents.example.org/US20260000421A1",
        "https://news.example.org/2026/11/422",
    ]
    assert cz.subject == (
        "Horizon 2026-W47 · Moravskoslezský kraj (Moravia-Silesia): 3 new or emerging topics"
    )
    # Growing, stable and burst topics are relevant to CZ08 too, but not raised.
    assert {t.topic_id for t in sample_report().regions[5].topics} > {"T0009", "T0054", "T0023"}


def test_threshold_is_per_region() -> None:
    data = sample_report()
    region = data.regions[5]
    region.alert_threshold = 75.0
    assert [i.topic_id for i in render_alert(data, region).items] == ["T0042"]
    region.alert_threshold = 95.0
    assert render_alert(data, region).nothing_new


def test_nothing_new_is_said_in_every_format() -> None:
    ro = render_alerts(sample_report())["RO21"]
    assert ro.nothing_new and ro.subject.endswith(": nothing new this week")
    for body in (ro.text, ro.markdown, " ".join(Page(ro.html).text)):
        assert "Nothing new this week" in body
        assert "relevance 50 for the industries of Nord-Est (North-East Romania)" in body
    assert "Note: 2 of 14 sources failed this week; see the report." in ro.text


def test_topics_raised_earlier_that_still_rise_get_one_line() -> None:
    data = sample_report()
    alerts = render_alerts(data)
    # RO21 has nothing new, but a topic raised in W21 still rises and is relevant to it.
    ro = alerts["RO21"]
    assert ro.nothing_new and ro.subject.endswith(": nothing new this week")
    assert [(r.topic_id, r.first_flagged, r.relevance) for r in ro.still_rising] == [
        ("T0031", "2026-W21", 67.5)
    ]
    line = "Timber-concrete composite construction (raised 2026-W21, relevance 68)"
    assert f"Still rising, raised in earlier weeks: {line}" in ro.text
    assert f"**Still rising, raised in earlier weeks:** {line}" in ro.markdown
    assert f"Still rising, raised in earlier weeks: {line}" in "".join(Page(ro.html).text)
    # most relevant first, at most three; below the region's threshold, not mentioned
    assert [r.topic_id for r in alerts["DK03"].still_rising] == ["T0095", "T0031", "T0009"]
    assert alerts["RO32"].still_rising == () and "Still rising" not in alerts["RO32"].text
    region = data.regions[10]
    region.alert_threshold = 66.0
    assert render_alert(data, region).still_rising == ()


def test_long_lists_are_cut_to_fit_one_screen() -> None:
    alerts = render_alerts(sample_report(), report_url="https://reports.example.org/2026-W47/")
    de = alerts["DE12"]
    assert len(de.items) == MAX_TOPICS and de.more == 2
    assert "5 new or emerging topics are relevant to your industries" in de.text
    assert "...and 2 more new or emerging topics in the full report." in de.text
    assert "Full report: https://reports.example.org/2026-W47/" in de.text
    for alert in alerts.values():
        assert len(alert.text.splitlines()) <= 32, alert.region_id
        assert len(alert.markdown.splitlines()) <= 24, alert.region_id
        assert all(1 <= len(item.links) <= 3 for item in alert.items)


def test_markdown_links_are_well_formed() -> None:
    md = render_alerts(sample_report())["CZ08"].markdown
    links = re.findall(r"\]\(<([^>]*)>\)", md)
    assert len(links) == 9 and all(u.startswith("https://") for u in links)
    assert md.startswith("## Horizon early warning · Moravskoslezský kraj (Moravia-Silesia) · ")


def test_hostile_text_is_inert_in_every_format() -> None:
    alerts = render_alerts(hostile_report(), report_url="javascript:alert(1)")
    for alert in alerts.values():
        page = Page(alert.html)
        assert page.all("script") == []
        assert [k for _, attrs in page.tags for k in attrs if k.startswith("on")] == []
        assert all((a["href"] or "").startswith("https://") for a in page.all("a"))
        for body in (alert.text, alert.markdown, alert.html, alert.subject):
            assert "<script" not in body and "onerror" not in body
            assert "javascript:" not in body and "evil.example" not in body
            assert "\u202e" not in body
        assert re.findall(r"\]\((?!<https://)", alert.markdown) == []
    de = alerts["DE12"]
    assert de.items[0].label == 'Invoice gnp.exe batteries">'
    assert de.items[0].why == "share up 4x"
    assert '1. **Invoice gnp.exe batteries"\\>**' in de.markdown
    assert alerts["AT12"].name == "Lower Austria"


def test_email_headers_cannot_be_injected() -> None:
    data = sample_report()
    region = data.regions[0]
    region.name = "Lower Austria\r\nBcc: victim@example.org"
    alert = render_alert(data, region)
    mail = email_message(
        message_id="2026-W47-AT12-email-0123456789abcdef",
        sender="horizon@agency.example.org",
        to="analyst@agency.example.org",
        subject=alert.subject,
        text=alert.text,
        html=alert.html,
        now=NOW,
    )
    parsed = message_from_bytes(mail.as_bytes(), policy=policy.default)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == (
        "Horizon 2026-W47 · Lower Austria Bcc: victim@example.org: 1 new or emerging topic"
    )
    assert parsed["Message-ID"] == "<2026-W47-AT12-email-0123456789abcdef@agency.example.org>"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]


def test_a_megabyte_label_stays_one_short_line() -> None:
    data = hostile_report()
    data.flagged[0].label = "Battery " * 131_072
    alert = render_alerts(data)["DE12"]
    assert len(alert.subject) < 120
    assert alert.items[0].label == ("Battery " * 10).strip() + "…"
    assert max(len(line) for line in alert.text.splitlines()) < 200
    assert len(alert.html) < 20_000 and len(alert.markdown) < 5_000


def test_topics_held_back_by_an_evidence_rule_are_named() -> None:
    data = sample_report()
    data.held_back = [
        HeldBackTopic(
            topic_id="T0031",
            label="Timber-concrete composite construction",
            would_be="emerging",
            status="growing",
            score=1.61,
            why="growing: share 3.4x the base period; only news so far, no publication or patent",
        )
    ]
    ro = render_alerts(data)["RO21"]
    assert ro.nothing_new  # held back is not raised...
    line = "Timber-concrete composite construction (would be emerging, relevance 68)"
    # ...but said, in every format, so "nothing new" never hides what crossed the thresholds
    heading = "held back by an evidence rule (too few publications or patents behind the rise"
    assert f"{heading} so far): {line}" in ro.text
    assert line in ro.markdown and line in " ".join(Page(ro.html).text)
    assert "would be" not in render_alerts(data)["RO32"].text  # not relevant to RO32
