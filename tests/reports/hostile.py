"""The sample report with attacker-written text in every field that comes from a feed.

Script tags, event handlers, ``javascript:``/``data:`` links, CSS that fetches or evaluates,
bidi overrides and a 1 MB title: the report, the alerts and the e-mails must show all of it as
inert text (the tests check the markup; ``test_browser.py`` checks it in Chromium).
"""

from __future__ import annotations

from reports.schema import EvidenceDocument, ReportData
from tests.reports.sample import sample_report

HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>Graphene'
HOSTILE_SNIPPET = (
    "<img src=x onerror=alert(2)><svg onload=alert(3)></svg>"
    '<a href="javascript:alert(4)">click</a>'
    '<div style="background:url(http://evil.example/x.png)">styled</div>'
    '<p style="width:expression(alert(5))">css expression</p>'
    "<iframe src=http://evil.example/frame></iframe>"
    "<link rel=stylesheet href=http://evil.example/x.css>"
)
BIDI_LABEL = "Invoice \u202egnp.exe\u202c batteries"


def hostile_report() -> ReportData:
    """:func:`sample_report` with attacker-written text in every field that comes from a feed."""
    data = sample_report()
    card = data.topics[0]
    megabyte = "A" * 1_000_000
    card.label = BIDI_LABEL + '"><script>alert(6)</script>'
    card.terms = ["<b onmouseover=alert(7)>term</b>", *card.terms]
    card.reasons = ["share up <img src=x onerror=alert(8)> 4x", *card.reasons]
    card.evidence = [
        EvidenceDocument(external_id="hostile-1", title=HOSTILE_TITLE,
                         url="javascript:alert(9)", kind="news", snippet=HOSTILE_SNIPPET),
        EvidenceDocument(external_id="hostile-2", title="Data URL " + megabyte,
                         url="data:text/html,<script>alert(10)</script>", kind="news",
                         snippet="<style>body{background:url(http://evil.example/bg)}</style>x"),
        EvidenceDocument(external_id="hostile-3", title="Spaced javascript link",
                         url=" JaVaScRiPt:alert(11)", kind="publication",
                         snippet="\u202eevil reversed text\u202c and <script>fetch('http://evil.example/')</script>"),
        *card.evidence,
    ]  # fmt: skip
    data.flagged[0].label = card.label
    data.flagged[0].why = "<img src=x onerror=alert(12)>share up 4x"
    data.ranking[0].label = megabyte
    data.landscape[0].label = "<script>alert(13)</script>"
    data.regions[0].name = (
        "Lower Austria<script>alert(14)</script>"
        '<style>*{background:url("http://evil.example/r")}</style>'
    )
    data.coverage.sources[6].error = "<img src=http://evil.example/e.png onerror=alert(15)>"
    data.rising_terms[0].term = "javascript:alert(16)"
    return data
