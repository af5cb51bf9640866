"""Deterministic RSS feeds of short news items for the reliability tests.

The load test needs tens of thousands of documents that cost little to embed (a title and one
sentence each) but still fall into topics, so every item is drawn from one of a few technology
themes. The same ``seed`` always gives the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

THEMES: dict[str, tuple[str, ...]] = {
    "battery": ("solid-state electrolyte", "lithium metal anode", "sodium-ion cell",
                "cathode coating", "battery recycling"),
    "hydrogen": ("PEM electrolyser", "hydrogen storage tank", "fuel cell stack",
                 "iridium catalyst", "green ammonia"),
    "robotics": ("collaborative robot", "robot gripper", "autonomous mobile robot",
                 "robot arm calibration", "teleoperation system"),
    "solar": ("perovskite solar cell", "tandem module", "bifacial panel",
              "inverter control", "agrivoltaic array"),
    "food": ("precision fermentation", "plant-based protein", "cultivated meat",
             "food packaging film", "dairy alternative"),
    "timber": ("cross-laminated timber", "timber-concrete floor", "wood adhesive",
               "modular timber frame", "engineered wood panel"),
    "machining": ("tool wear sensor", "CNC spindle", "additive manufacturing",
                  "laser cutting head", "predictive maintenance"),
    "wind": ("offshore wind turbine", "floating foundation", "rotor blade recycling",
             "wind farm cable", "turbine gearbox"),
}  # fmt: skip
VERBS = ("improves", "cuts the cost of", "doubles the life of", "speeds up", "simplifies")
PLACES = ("Linz", "Bolzano", "Gyor", "Bucharest", "Malmo", "Ostrava", "Odense", "Lyon",
          "Ghent", "Iasi")  # fmt: skip
USES = ("for factories", "for small firms", "in cold climates", "at scale", "for city fleets")


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    text: str
    link: str
    published: datetime


def short_items(n: int, *, week_monday: date, seed: int, prefix: str) -> list[Item]:
    """``n`` items dated in the week starting ``week_monday``; ids ``<prefix>-<number>``."""
    rng = random.Random(seed)
    themes = list(THEMES.values())
    items = []
    for number in range(n):
        terms = themes[number % len(themes)]
        term, other = rng.sample(terms, 2)
        place, verb, use = rng.choice(PLACES), rng.choice(VERBS), rng.choice(USES)
        items.append(
            Item(
                guid=f"{prefix}-{number}",
                title=f"New {term} {verb} {other} {use}",
                text=f"Engineers in {place} report that the {term} {verb} the {other} {use}.",
                link=f"https://news.example.org/{prefix}/{number}",
                published=datetime.combine(
                    week_monday + timedelta(days=number % 7), datetime.min.time(), UTC
                )
                + timedelta(minutes=number % 1440),
            )
        )
    return items


def rss(items: list[Item], *, title: str = "Reliability feed") -> bytes:
    """An RSS 2.0 document holding ``items``."""
    body = "".join(
        f"<item><title>{escape(item.title)}</title><link>{escape(item.link)}</link>"
        f'<guid isPermaLink="false">{escape(item.guid)}</guid>'
        f"<pubDate>{format_datetime(item.published)}</pubDate>"
        f"<description>{escape(item.text)}</description></item>\n"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example.org/</link>"
        f"<description>generated</description>\n{body}</channel></rss>\n"
    ).encode()
