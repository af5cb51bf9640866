"""The early-warning summary of one region, as Markdown, HTML and plain text.

A regional authority reads it on a phone between meetings, so it must fit one screen: at most
:data:`MAX_TOPICS` topics, each with one line of why, the region's industries it touches and
two or three evidence links; anything beyond is counted and left to the full report. A week
with nothing to raise still sends a summary that says so, so silence never means "broken".

A topic is raised for a region when the report flags it (``new`` or ``emerging``: the
``flagged`` list is exactly what an early warning raises) and its relevance to the region
reaches the region's own threshold (``Region.alert_threshold``, from the region's config).
Topics raised in earlier weeks that keep rising (the report's watch list) follow as one line
each under "Still rising", at the same threshold: an authority that heard of a topic once
should not read "nothing new" for months while it accelerates without a word about it.
All text is reduced to plain text first (:mod:`reports.sanitize`); Markdown escapes its active
characters, the HTML goes through Jinja2 autoescape, links are http(s) only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypedDict

from reports.render_html import content_security_policy, environment
from reports.sanitize import header_text, markdown_text, plain_text, safe_url
from reports.schema import FlaggedTopic, Region, RegionTopic, ReportData

MAX_TOPICS = 3
MAX_RISING = 3
MAX_LINKS = 3
TITLE_LIMIT = 48
WHY_LIMIT = 140


@dataclass(frozen=True)
class EvidenceLink:
    title: str
    url: str


@dataclass(frozen=True)
class AlertItem:
    """One topic raised for a region, already reduced to plain text."""

    topic_id: str
    label: str
    status: str
    relevance: float
    why: str
    industries: tuple[str, ...]
    cross_link: bool
    links: tuple[EvidenceLink, ...]


@dataclass(frozen=True)
class RisingItem:
    """A topic raised in an earlier week that still rises, already reduced to plain text."""

    topic_id: str
    label: str
    first_flagged: str
    relevance: float

    def line(self) -> str:
        return f"{self.label} (raised {self.first_flagged}, relevance {self.relevance:.0f})"


class AlertContext(TypedDict):
    """What the three formats of one region's summary are written from (the HTML template's
    variables too)."""

    region_id: str
    name: str
    week: str
    threshold: float
    items: list[AlertItem]
    more: int
    rising: tuple[RisingItem, ...]
    held: tuple[str, ...]
    failed: int
    sources: int
    report_url: str | None
    headline: str


@dataclass(frozen=True)
class RegionAlert:
    """A region's summary in the three formats, plus what a mail or chat message needs."""

    region_id: str
    name: str
    week: str
    threshold: float
    items: tuple[AlertItem, ...]
    more: int
    still_rising: tuple[RisingItem, ...]
    failed_sources: int
    subject: str
    markdown: str
    html: str
    text: str

    @property
    def nothing_new(self) -> bool:
        return not self.items


def alert_items(data: ReportData, region: Region) -> list[AlertItem]:
    """Every flagged topic at or above the region's threshold, most relevant first."""
    flagged = {f.topic_id: f for f in data.flagged}
    titles = {i.nace: i.title for i in region.industries}
    chosen = [
        t for t in region.topics if t.topic_id in flagged and t.relevance >= region.alert_threshold
    ]
    chosen.sort(key=lambda t: (-t.relevance, -flagged[t.topic_id].score, t.topic_id))
    return [_item(data, t, flagged[t.topic_id], titles) for t in chosen]


def rising_items(data: ReportData, region: Region) -> list[RisingItem]:
    """Topics of the watch list at or above the region's threshold, most relevant first."""
    watched = {w.topic_id: w for w in data.watch}
    return [
        RisingItem(
            topic_id=t.topic_id,
            label=plain_text(watched[t.topic_id].label, 80),
            first_flagged=plain_text(watched[t.topic_id].first_flagged, 10),
            relevance=t.relevance,
        )
        for t in _relevant(region, watched)
    ]


def held_items(data: ReportData, region: Region) -> list[str]:
    """Held-back topics at or above the region's threshold, as "label (would be emerging)"."""
    held = {h.topic_id: h for h in data.held_back}
    return [
        f"{plain_text(held[t.topic_id].label, 80)} (would be {held[t.topic_id].would_be}, "
        f"relevance {t.relevance:.0f})"
        for t in _relevant(region, held)
    ]


def _relevant(region: Region, topic_ids: Collection[str]) -> list[RegionTopic]:
    """The region's topics among ``topic_ids`` at or above its threshold, most relevant first,
    at most ``MAX_RISING``."""
    chosen = [
        t
        for t in region.topics
        if t.topic_id in topic_ids and t.relevance >= region.alert_threshold
    ]
    chosen.sort(key=lambda t: (-t.relevance, t.topic_id))
    return chosen[:MAX_RISING]


def _item(
    data: ReportData, topic: RegionTopic, flag: FlaggedTopic, titles: dict[str, str]
) -> AlertItem:
    card = data.card(topic.topic_id)
    links: list[EvidenceLink] = []
    for doc in card.evidence if card else []:
        url = safe_url(doc.url)
        if url is not None:
            title = plain_text(doc.title, TITLE_LIMIT) or plain_text(doc.external_id, TITLE_LIMIT)
            links.append(EvidenceLink(title=title, url=url))
        if len(links) == MAX_LINKS:
            break
    industries = tuple(
        plain_text(f"{code} {titles.get(code, '')}", 60).strip() for code in topic.industries
    )
    return AlertItem(
        topic_id=topic.topic_id,
        label=plain_text(flag.label, 80),
        status=plain_text(flag.status, 20),
        relevance=topic.relevance,
        why=plain_text(flag.why, WHY_LIMIT),
        industries=industries,
        cross_link=topic.cross_link,
        links=tuple(links),
    )


def render_alert(data: ReportData, region: Region, *, report_url: str | None = None) -> RegionAlert:
    """The region's summary for the report's week; ``report_url`` links the full report."""
    items = alert_items(data, region)
    shown, more = items[:MAX_TOPICS], max(0, len(items) - MAX_TOPICS)
    rising = tuple(rising_items(data, region))
    held = tuple(held_items(data, region))
    name = plain_text(region.name, 80)
    count = len(items)
    headline = (
        f"{count} new or emerging topic{'s' if count != 1 else ''}"
        if count
        else "nothing new this week"
    )
    context: AlertContext = {
        "region_id": region.region_id,
        "name": name,
        "week": data.week,
        "threshold": region.alert_threshold,
        "items": shown,
        "more": more,
        "rising": rising,
        "held": held,
        "failed": len(data.coverage.failed_sources),
        "sources": len(data.coverage.sources),
        "report_url": safe_url(report_url),
        "headline": headline,
    }
    return RegionAlert(
        region_id=region.region_id,
        name=name,
        week=data.week,
        threshold=region.alert_threshold,
        items=tuple(shown),
        more=more,
        still_rising=rising,
        failed_sources=context["failed"],
        subject=header_text(f"Horizon {data.week} · {name}: {headline}"),
        markdown=_markdown(context),
        html=environment()
        .get_template("alert.html.j2")
        .render(
            csp=content_security_policy(None),
            rising_heading=RISING_HEADING,
            held_heading=HELD_HEADING,
            **context,
        ),
        text=_text(context),
    )


def render_alerts(data: ReportData, *, report_url: str | None = None) -> dict[str, RegionAlert]:
    """Every region's summary, by region id, in the report's region order."""
    return {r.region_id: render_alert(data, r, report_url=report_url) for r in data.regions}


RISING_HEADING = "Still rising, raised in earlier weeks"
HELD_HEADING = (
    "Crossed the thresholds but held back by an evidence rule (too few publications or patents "
    "behind the rise so far)"
)


def _meta(item: AlertItem) -> str:
    parts = [item.status, f"relevance {item.relevance:.0f}"]
    if item.cross_link:
        parts.append("cross-link between your industries")
    return " · ".join(parts)


def _intro(ctx: AlertContext) -> str:
    if not ctx["items"]:
        return (
            f"Nothing new this week: no new or emerging topic reached relevance "
            f"{ctx['threshold']:.0f} for the industries of {ctx['name']}."
        )
    count = len(ctx["items"]) + ctx["more"]
    noun = "topic is" if count == 1 else "topics are"
    return (
        f"{count} new or emerging {noun} relevant to your industries "
        f"(relevance {ctx['threshold']:.0f} or more):"
    )


def _more(ctx: AlertContext) -> str:
    return f"{ctx['more']} more new or emerging topic{'s' if ctx['more'] != 1 else ''}"


def _coverage_note(ctx: AlertContext) -> str | None:
    if not ctx["failed"]:
        return None
    return f"Note: {ctx['failed']} of {ctx['sources']} sources failed this week; see the report."


def _markdown(ctx: AlertContext) -> str:
    lines = [f"## Horizon early warning · {markdown_text(ctx['name'])} · {ctx['week']}", ""]
    lines += [markdown_text(_intro(ctx)), ""]
    for number, item in enumerate(ctx["items"], start=1):
        lines.append(f"{number}. **{markdown_text(item.label)}** — {markdown_text(_meta(item))}  ")
        lines.append(f"   Why: {markdown_text(item.why)}  ")
        lines.append(f"   Industries: {markdown_text(', '.join(item.industries))}  ")
        if item.links:
            links = " · ".join(f"[{markdown_text(x.title)}](<{x.url}>)" for x in item.links)
            lines.append(f"   Evidence: {links}")
        lines.append("")
    if ctx["rising"]:
        lines.append(
            f"**{RISING_HEADING}:** " + "; ".join(markdown_text(r.line()) for r in ctx["rising"])
        )
        lines.append("")
    if ctx["held"]:
        lines.append(f"**{HELD_HEADING}:** " + "; ".join(markdown_text(h) for h in ctx["held"]))
        lines.append("")
    footer = []
    if ctx["more"]:
        footer.append(f"…and {_more(ctx)} in the full report.")
    if note := _coverage_note(ctx):
        footer.append(markdown_text(note))
    if ctx["report_url"]:
        footer.append(f"Full report: <{ctx['report_url']}>")
    return "\n".join([*lines, "  \n".join(footer), ""])


def _text(ctx: AlertContext) -> str:
    lines = [f"Horizon early warning - {ctx['name']} ({ctx['region_id']}), {ctx['week']}", ""]
    lines += [_intro(ctx), ""]
    for number, item in enumerate(ctx["items"], start=1):
        lines.append(f"{number}. {item.label}")
        lines.append(f"   {_meta(item)}")
        lines.append(f"   Why: {item.why}")
        lines.append(f"   Industries: {', '.join(item.industries)}")
        lines += [f"   - {link.title}: {link.url}" for link in item.links]
        lines.append("")
    if ctx["more"]:
        lines.append(f"...and {_more(ctx)} in the full report.")
    if ctx["rising"]:
        lines.append(f"{RISING_HEADING}: " + "; ".join(r.line() for r in ctx["rising"]))
    if ctx["held"]:
        lines.append(f"{HELD_HEADING}: " + "; ".join(ctx["held"]))
    if note := _coverage_note(ctx):
        lines.append(note)
    if ctx["report_url"]:
        lines.append(f"Full report: {ctx['report_url']}")
    return "\n".join([*lines, ""])
