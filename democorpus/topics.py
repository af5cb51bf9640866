"""All planted demo topics, and the partner regions they refer to.

The demo plants 15 stable background topics from the partner regions' industries, 5 emerging
topics (4 of them at the interface of two industries), 2 declining topics and a one-week news
burst. The specs live in four modules by family; this one gathers them in a fixed order (the
order is part of the seeded output, so changing it changes the corpus).
"""

from __future__ import annotations

from democorpus.spec import Cpc, Dynamics, Org, TopicSpec, Vocabulary
from democorpus.topics_emerging import EMERGING_TOPICS
from democorpus.topics_engineering import ENGINEERING_TOPICS
from democorpus.topics_fading import FADING_TOPICS
from democorpus.topics_process import PROCESS_TOPICS

__all__ = [
    "ALL_TOPICS",
    "PROFILE_OF",
    "REGIONS",
    "Cpc",
    "Dynamics",
    "Org",
    "TopicSpec",
    "Vocabulary",
    "topic",
    "topics_with",
]

ALL_TOPICS: tuple[TopicSpec, ...] = (
    PROCESS_TOPICS + ENGINEERING_TOPICS + EMERGING_TOPICS + FADING_TOPICS
)

# SBS geo code -> (partner id in shared/data/regions/partner_regions.json, readable name).
# Auvergne-Rhône-Alpes appears as its two NUTS-2013 regions FR71/FR72 (NUTS-2016 FRK2/FRK1),
# Flanders as NUTS-1 BE2, as in the SBS 2015 table.
REGIONS: dict[str, tuple[str, str]] = {
    "AT12": ("lower_austria", "Lower Austria"),
    "ITH1": ("south_tyrol", "South Tyrol"),
    "HU22": ("west_pannon", "Western Transdanubia"),
    "RO32": ("inma_bucharest", "Bucharest-Ilfov"),
    "SE22": ("skane", "Skåne"),
    "CZ08": ("moravia_silesia", "Moravian-Silesia"),
    "DK03": ("southern_denmark", "Southern Denmark"),
    "FR71": ("auvergne_rhone_alpes", "Rhône-Alpes"),
    "FR72": ("auvergne_rhone_alpes", "Auvergne"),
    "BE2": ("flanders", "Flanders"),
    "RO21": ("north_east_romania", "North-East Romania"),
    "DE12": ("karlsruhe", "the Karlsruhe region"),
}

# SBS geo code -> id of the default region profile (config/regions.toml) that covers it, where
# the two differ: profiles use NUTS 2016 (FRK, SE224 for Skåne within SE22).
PROFILE_OF: dict[str, str] = {"FR71": "FRK", "FR72": "FRK", "SE22": "SE224"}


def topic(slug: str) -> TopicSpec:
    """The planted topic with this slug."""
    for spec in ALL_TOPICS:
        if spec.slug == slug:
            return spec
    raise KeyError(f"no planted demo topic {slug!r}")


def topics_with(dynamics: Dynamics) -> tuple[TopicSpec, ...]:
    """The planted topics of one kind of dynamics, in corpus order."""
    return tuple(spec for spec in ALL_TOPICS if spec.dynamics == dynamics)
