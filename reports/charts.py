"""Charts of the report as inline SVG, drawn on the server.

The report must open with no network and run no code it did not ship, so there is no chart
library: each chart is an SVG string built here, with axes, labels and a legend. Every piece of
text that reaches the SVG is escaped with :func:`markupsafe.escape` (labels come from topics,
hence from feeds). Colours follow the Okabe-Ito palette, which stays distinguishable for the
common colour-vision deficiencies (Okabe & Ito 2008, https://jfly.uni-koeln.de/color/).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from reports.sanitize import plain_text
from reports.schema import STATUS_ORDER, LandscapePoint

STATUS_COLOURS: dict[str, str] = {
    "new": "#CC79A7",
    "emerging": "#D55E00",
    "burst": "#E69F00",
    "growing": "#009E73",
    "stable": "#8C8C8C",
    "declining": "#0072B2",
}
KIND_COLOURS: dict[str, str] = {"publication": "#0072B2", "patent": "#E69F00", "news": "#009E73"}
_OTHER = "#555555"
_FONT = 11
_CHAR_W = 6.8  # average advance of an 11 px semi-bold sans-serif glyph, for label boxes


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, _OTHER)


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, _OTHER)


def nice_ticks(maximum: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (steps of 1, 2 or 5 x 10^k)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0) if maximum >= 1 else step
    top = math.ceil(maximum / step) * step
    return [round(i * step, 10) for i in range(round(top / step) + 1)]


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


def _period_label(period: str) -> tuple[str, str]:
    """("W47", "2026") for a week; (period, "") for anything else."""
    year, sep, week = period.partition("-W")
    return (f"W{week}", year) if sep else (period, "")


def stacked_bars(
    series: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    kinds: Sequence[str] = ("publication", "patent", "news"),
    width: int = 640,
    height: int = 210,
) -> Markup:
    """Documents per period, stacked by kind, with a y axis, period labels and a legend."""
    periods = list(series)
    present = [k for k in kinds if any(series[p].get(k, 0) for p in periods)]
    present += sorted({k for p in periods for k in series[p]} - set(kinds))
    left, right, top, bottom = 40, 10, 26, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(series[p].values()) for p in periods]
    ticks = nice_ticks(max(totals, default=0))
    scale = plot_h / ticks[-1]
    out = [_svg_open(width, height, title)]
    out.append(_legend([(k, kind_colour(k)) for k in present], x=left, y=12))
    for tick in ticks:
        y = top + plot_h - tick * scale
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(tick)}</text>'
        )
    if not periods:
        out.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle">')
        out.append("no documents</text></svg>")
        return Markup("".join(out))
    slot = plot_w / len(periods)
    bar = max(1.0, slot * 0.78)
    every = max(1, math.ceil(len(periods) / (plot_w / 46)))
    last_year = ""
    for i, period in enumerate(periods):
        x = left + i * slot + (slot - bar) / 2
        base: float = top + plot_h
        for kind in present:
            n = series[period].get(kind, 0)
            if n <= 0:
                continue
            h = n * scale
            base -= h
            tip = escape(f"{period}: {n} {kind}")
            out.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{kind_colour(kind)}"><title>{tip}</title></rect>'
            )
        week, year = _period_label(period)
        if i % every == 0:
            cx = left + i * slot + slot / 2
            out.append(
                f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
                f"{escape(week)}</text>"
            )
            if year and year != last_year:
                out.append(
                    f'<text x="{cx:.1f}" y="{top + plot_h + 27}" text-anchor="middle" '
                    f'class="muted">{escape(year)}</text>'
                )
                last_year = year
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        'class="axis"/></svg>'
    )
    return Markup("".join(out))


def sparkline(
    values: Sequence[float], *, colour: str, width: int = 120, height: int = 28
) -> Markup:
    """A small trend line (no axes) for the headline; the card beside it has the full chart."""
    out = [
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
    ]
    if len(values) >= 2:
        peak = max(values) or 1.0
        step = (width - 4) / (len(values) - 1)
        points = " ".join(
            f"{2 + i * step:.1f},{height - 3 - (v / peak) * (height - 6):.1f}"
            for i, v in enumerate(values)
        )
        out.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    out.append("</svg>")
    return Markup("".join(out))


def landscape(
    points: Sequence[LandscapePoint],
    *,
    labelled: Sequence[str],
    width: int = 1080,
    height: int = 470,
) -> Markup:
    """Topics as circles on a 2-D map: area = documents, colour = status; labels never overlap.

    ``labelled`` lists the topic ids to name, most important first; a label that finds no free
    place around its circle is left out (the circle keeps its tooltip).
    """
    pad = 30
    out = [_svg_open(width, height, "Topic landscape")]
    out.append(f'<rect x="1" y="1" width="{width - 2}" height="{height - 2}" class="frame"/>')
    if not points:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">no topics</text>')
        return Markup("".join(out) + "</svg>")
    xs, ys = [p.x for p in points], [p.y for p in points]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    biggest = max(max(p.size for p in points), 1)

    def place(p: LandscapePoint) -> tuple[float, float, float]:
        r = 4 + 20 * math.sqrt(max(p.size, 0) / biggest)
        cx = pad + 24 + (p.x - min(xs)) / span_x * (width - 2 * pad - 48)
        cy = pad + 24 + (max(ys) - p.y) / span_y * (height - 2 * pad - 48)
        return cx, cy, r

    placed = {p.topic_id: place(p) for p in points}
    for p in sorted(points, key=lambda q: -q.size):
        cx, cy, r = placed[p.topic_id]
        tip = escape(f"{p.topic_id} {plain_text(p.label, 80)}: {p.status}, {p.size} documents")
        out.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{status_colour(p.status)}" '
            f'fill-opacity="0.78" stroke="#fff" stroke-width="1"><title>{tip}</title></circle>'
        )
    boxes: list[tuple[float, float, float, float]] = [
        (cx - r, cy - r, cx + r, cy + r) for cx, cy, r in placed.values()
    ]
    by_id = {p.topic_id: p for p in points}
    taken: list[tuple[float, float, float, float]] = []
    for topic_id in labelled:
        if topic_id not in by_id:
            continue
        text = plain_text(by_id[topic_id].label or topic_id, 36)
        spot = _label_spot(placed[topic_id], text, boxes, taken, width, height)
        if spot is None:
            continue
        x, y, anchor, box = spot
        taken.append(box)
        out.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="label">'
            f"{escape(text)}</text>"
        )
    return Markup("".join(out) + "</svg>")


def _label_spot(
    circle: tuple[float, float, float],
    text: str,
    circles: list[tuple[float, float, float, float]],
    taken: list[tuple[float, float, float, float]],
    width: int,
    height: int,
) -> tuple[float, float, str, tuple[float, float, float, float]] | None:
    """The first of right, left, above, below where the label's box hits nothing."""
    cx, cy, r = circle
    w, h = len(text) * _CHAR_W, _FONT + 3
    own = (cx - r, cy - r, cx + r, cy + r)
    candidates = [
        (cx + r + 4, cy + 4, "start", (cx + r + 3, cy - h / 2, cx + r + 5 + w, cy + h / 2)),
        (cx - r - 4, cy + 4, "end", (cx - r - 5 - w, cy - h / 2, cx - r - 3, cy + h / 2)),
        (cx, cy - r - 5, "middle", (cx - w / 2, cy - r - 5 - h, cx + w / 2, cy - r - 3)),
        (cx, cy + r + 14, "middle", (cx - w / 2, cy + r + 2, cx + w / 2, cy + r + 4 + h)),
    ]
    for x, y, anchor, box in candidates:
        inside = box[0] >= 4 and box[1] >= 4 and box[2] <= width - 4 and box[3] <= height - 4
        clear = all(not _overlap(box, other) for other in taken) and all(
            not _overlap(box, other) for other in circles if other != own
        )
        if inside and clear:
            return x, y, anchor, box
    return None


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def status_legend() -> Markup:
    """The status colours as an inline SVG legend, in the order the report sorts them."""
    items = [(s, STATUS_COLOURS[s]) for s in STATUS_ORDER]
    width = 16 + sum(int(len(s) * _CHAR_W) + 30 for s, _ in items)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" '
        f'viewBox="0 0 {width} 20" role="img" aria-label="status colours" class="legend">'
        + _legend(items, x=0, y=14)
        + "</svg>"
    )


def _legend(items: Sequence[tuple[str, str]], *, x: float, y: float) -> str:
    parts = []
    for name, colour in items:
        parts.append(
            f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" rx="2" fill="{colour}"/>'
            f'<text x="{x + 14:.0f}" y="{y:.0f}">{escape(name)}</text>'
        )
        x += 14 + len(name) * _CHAR_W + 16
    return "".join(parts)


def _svg_open(width: int, height: int, title: str) -> str:
    label = escape(plain_text(title, 120))
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
    )
