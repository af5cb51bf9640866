"""The report's methodology section: what each indicator means, and the thresholds in force.

The prose belongs with the report that prints it; the thresholds do not, since they are the
parameters the run was given. The caller passes those parameter sets in, so the section always
shows the values that decided this week's statuses, never the defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING

from reports.schema import Indicator, Methodology

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def build_methodology(parameters: Mapping[str, DataclassInstance]) -> Methodology:
    """The methodology section for the given parameter sets, keyed by the name of their stage.

    Each plain field (number, text or flag) becomes a threshold named ``<stage>.<field>``, in the
    order the sets and their fields are given; fields holding anything else are left out.
    """
    thresholds: dict[str, float | int | str | bool] = {}
    for prefix, params in parameters.items():
        for item in fields(params):
            value = getattr(params, item.name)
            if isinstance(value, int | float | str | bool):
                thresholds[f"{prefix}.{item.name}"] = value
    return Methodology(indicators=list(INDICATORS), thresholds=thresholds, notes=list(NOTES))


INDICATORS = (
    Indicator(
        name="Share growth",
        description="Share of the week's documents in the topic over the recent window against "
        "the base window before it, smoothed for small counts; it must survive dropping the "
        "strongest recent week, so one busy week cannot make a topic emerging.",
    ),
    Indicator(
        name="Novelty",
        description="Age of the topic (weeks since its first document) and the share of its "
        "core terms first seen recently.",
    ),
    Indicator(
        name="Burst",
        description="Kleinberg's two-state burst detection on the weekly document stream, "
        "solved exactly by dynamic programming; a spike that fades is a burst, never emerging.",
    ),
    Indicator(
        name="Emergence score (Porter)",
        description="Base and active periods; novelty, persistence, growth and community "
        "criteria; trend of the active period (Carley et al. 2018; Porter et al. 2019).",
    ),
    Indicator(
        name="Breadth",
        description="Distinct sources, organisations and countries behind the topic.",
    ),
    Indicator(
        name="Cross-kind progression",
        description="Publications first, then patents, then news: the usual path of a "
        "technology from research to market.",
    ),
    Indicator(
        name="Region relevance",
        description="Similarity of the topic to each industry of the region (NACE title, "
        "description, cluster keywords) combined with the Fraunhofer ISI IPC→NACE concordance "
        "for its patents, weighted by the industries' location quotients and employment "
        "(0–100). A cross-link is a topic relevant to two or more industries of one region.",
    ),
)
NOTES = (
    "Topics are clustered from sentence embeddings (all-MiniLM-L6-v2) of every document in the "
    "rolling window; labels are the topic's top technology terms by c-TF-IDF.",
    "Employment figures and location quotients: Eurostat SBS (sbs_r_nuts06_r2), 2015.",
)
