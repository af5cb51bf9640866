"""The weekly trend report as one self-contained HTML page.

The page is forwarded, archived and opened offline, and it displays text written by strangers,
so three layers keep it inert: (1) every value goes through Jinja2 with autoescape on, after
:mod:`reports.sanitize` has reduced it to plain text and vetted its links; (2) charts are SVG
drawn here, with no library, font, stylesheet or image fetched from anywhere; (3) a
Content-Security-Policy meta tag allows no source at all except inline styles, ``data:`` images
and the one inline sort script, pinned by its SHA-256, so even a missed escape could neither run
code nor make a request.
"""

from __future__ import annotations

import base64
import hashlib
import math
from functools import cache
from importlib import resources

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports import charts
from reports.sanitize import plain_text, safe_url
from reports.schema import (
    STATUS_ORDER,
    FlaggedTopic,
    HeldBackTopic,
    ReportData,
    TopicCard,
    WatchedTopic,
)

TEMPLATES = resources.files("reports").joinpath("templates")
# Display limits: the JSON twin keeps everything, the page stays readable.
TITLE_LIMIT = 240
LABEL_LIMIT = 90
SNIPPET_LIMIT = 320
EVIDENCE_PER_TOPIC = 5
LANDSCAPE_LABELS = 12


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        text=plain_text,
        url=safe_url,
        status_colour=charts.status_colour,
        pct=_pct,
        num=_num,
        growth=_growth,
        heat=_heat_colour,
    )
    return env


@cache
def sort_script() -> str:
    """The inline script that makes tables sortable (the only script the page runs)."""
    return TEMPLATES.joinpath("sort.js").read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source expression that allows exactly ``script`` and nothing else."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(script: str | None) -> str:
    """No fetch of any kind; inline styles; the given inline script only (None: no script)."""
    policy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    if script is not None:
        policy += f"script-src {script_hash(script)}; "
    return policy + "base-uri 'none'; form-action 'none'"


def render_report_html(data: ReportData) -> str:
    """The complete ``index.html`` of a weekly report."""
    script = sort_script()
    cards = _ordered_cards(data)
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            data=data,
            csp=content_security_policy(script),
            css=Markup(TEMPLATES.joinpath("report.css").read_text(encoding="utf-8")),
            script=Markup(script),
            cards=cards,
            charts={card.topic_id: _card_chart(card) for card in cards},
            sparks={
                t.topic_id: _spark(data.card(t.topic_id), t.status) for t in _headline_topics(data)
            },
            landscape=charts.landscape(data.landscape, labelled=_landscape_labels(data)),
            coverage_chart=charts.stacked_bars(
                data.coverage.documents, title="Documents per week and kind", width=1080, height=230
            ),
            status_legend=charts.status_legend(),
            status_rank={s: i for i, s in enumerate(STATUS_ORDER)},
            kind_colours=charts.KIND_COLOURS,
            region_names={r.region_id: r.name for r in data.regions},
            status_of={t.topic_id: t.status for t in data.ranking},
            crosslinks={
                (r.region_id, t.topic_id) for r in data.regions for t in r.topics if t.cross_link
            },
            doc_counts={c.topic_id: sum(sum(k.values()) for k in c.series.values()) for c in cards},
            industry_titles={i.nace: i.title for r in data.regions for i in r.industries},
            stats=_stats(data),
            limits={
                "title": TITLE_LIMIT,
                "label": LABEL_LIMIT,
                "snippet": SNIPPET_LIMIT,
                "evidence": EVIDENCE_PER_TOPIC,
            },
        )
    )


def _ordered_cards(data: ReportData) -> list[TopicCard]:
    """Cards in ranking order (flagged topics rank first), unranked cards last."""
    order = {t.topic_id: i for i, t in enumerate(data.flagged)}
    offset = len(order)
    for i, topic in enumerate(data.ranking):
        order.setdefault(topic.topic_id, offset + i)
    return sorted(data.topics, key=lambda c: (order.get(c.topic_id, math.inf), c.topic_id))


def _card_chart(card: TopicCard) -> Markup:
    return charts.stacked_bars(
        card.series, title=f"Documents per week: {plain_text(card.label, LABEL_LIMIT)}"
    )


def _spark(card: TopicCard | None, status: str) -> Markup:
    values = [float(sum(k.values())) for k in card.series.values()] if card else []
    return charts.sparkline(values, colour=charts.status_colour(status))


def _headline_topics(data: ReportData) -> list[FlaggedTopic | WatchedTopic | HeldBackTopic]:
    """The topics the headline names: flagged, still rising after an earlier flag, held back."""
    return [*data.flagged, *data.watch, *data.held_back]


def _landscape_labels(data: ReportData) -> list[str]:
    """Name the flagged topics first, then the largest ones, up to a readable number."""
    chosen = [t.topic_id for t in _headline_topics(data)]
    for point in sorted(data.landscape, key=lambda p: -p.size):
        if point.topic_id not in chosen:
            chosen.append(point.topic_id)
    return chosen[:LANDSCAPE_LABELS]


def _stats(data: ReportData) -> dict[str, int]:
    current = data.coverage.documents.get(data.week, {})
    return {
        "topics": len(data.ranking),
        "flagged": len(data.flagged),
        "documents_week": sum(current.values()),
        "sources": len(data.coverage.sources),
        "sources_failed": len(data.coverage.failed_sources),
        "regions": len(data.regions),
    }


def _pct(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * 100:.{digits}f} %"


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _growth(value: float | None) -> str:
    if value is None or math.isnan(value) or math.isinf(value):
        return "–"
    return f"{value:.1f}×"


def _heat_colour(relevance: float | None) -> str:
    """A sequential blue for 0-100 relevance; dark cells get white text (see report.css)."""
    if relevance is None:
        return "#f4f5f7"
    t = max(0.0, min(1.0, relevance / 100))
    low, high = (239, 245, 251), (8, 69, 148)
    r, g, b = (round(lo + (hi - lo) * t) for lo, hi in zip(low, high, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"
