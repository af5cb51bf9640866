"""The weekly report's data, as one validated tree: what the HTML shows and ``report.json`` holds.

The report renders from this tree only (never from the warehouse), so the HTML page, the JSON
twin and the regional alerts cannot disagree: ``report.json`` is ``ReportData.model_dump(mode=
"json")``. The keys promised in DESIGN.md (``week``, ``flagged[].topic_id|label|status|score|
terms|doc_ids|reasons``, ``regions[].region_id|name|topics[].topic_id|relevance|industries|
cross_link|partners|evidence``) are fields here; everything else is added beside them.

Text fields hold what the sources said, unsanitised: escaping is the renderers' job, because
what is safe depends on where the text lands (HTML, Markdown, an e-mail subject).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    computed_field,
    model_validator,
)

# Order in which statuses are shown and sorted: what needs attention first.
STATUS_ORDER: tuple[str, ...] = ("new", "emerging", "burst", "growing", "stable", "declining")


def _finite_or_none(value: float | None) -> float | None:
    return value if value is None or math.isfinite(value) else None


def _finite_or_zero(value: float) -> float:
    return value if math.isfinite(value) else 0.0


# Growth has no value while a topic has no base period (the scorer says NaN); JSON has no NaN.
OptionalRatio = Annotated[float | None, Field(allow_inf_nan=True), AfterValidator(_finite_or_none)]
Share = Annotated[float, Field(allow_inf_nan=True), AfterValidator(_finite_or_zero)]
# Ids end up in HTML anchors and file names (alerts/<region_id>.md), so they stay plain.
TopicId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
RegionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]


class _Model(BaseModel):
    """Unknown keys are mistakes of the caller; NaN and infinity are not numbers to report."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class FlaggedTopic(_Model):
    """A topic an early warning raises this week (``new`` or ``emerging``), best first."""

    topic_id: TopicId
    label: str
    status: str
    score: float
    terms: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    why: str = ""

    @model_validator(mode="after")
    def _default_why(self) -> FlaggedTopic:
        """The headline's one-line why is the strongest reason unless the caller wrote one."""
        if not self.why and self.reasons:
            self.why = self.reasons[0]
        return self


class HeldBackTopic(_Model):
    """A topic that crossed the thresholds for ``would_be`` but that an evidence rule held back
    (its status is what it was given instead); ``why`` names the rule and the numbers."""

    topic_id: TopicId
    label: str
    would_be: str
    status: str
    score: float
    terms: list[str] = Field(default_factory=list)
    why: str = ""


class WatchedTopic(_Model):
    """A topic flagged in an earlier week that is still rising this week (``growing``).

    Emerging topics stop being ``new`` or ``emerging`` once their growth is no longer recent;
    the headline keeps them on watch, with the week they were first flagged, while they grow.
    """

    topic_id: TopicId
    label: str
    status: str
    score: float
    first_flagged: str
    terms: list[str] = Field(default_factory=list)
    why: str = ""


class RankedTopic(_Model):
    """One row of the emergence ranking: every topic of the window, flagged or not."""

    topic_id: TopicId
    label: str
    status: str
    score: float
    growth: OptionalRatio = None
    share: Share = 0.0
    age_periods: int = 0
    first_period: str | None = None
    kinds: list[str] = Field(default_factory=list)
    n_docs: int = 0
    terms: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class EvidenceDocument(_Model):
    """A document shown as evidence for a topic; ``url`` may be anything a feed sent."""

    external_id: str
    title: str
    url: str | None = None
    kind: str
    published: date | None = None
    source_id: str = ""
    snippet: str = ""


class LineageEvent(_Model):
    """How a topic's identity came about: ``born``, ``merged``, ``split`` or ``renamed``."""

    period: str
    event: str
    topic_ids: list[str] = Field(default_factory=list)
    note: str = ""


class TopicCard(_Model):
    """Everything shown on one topic's card; ``series`` is ``{period: {kind: documents}}``."""

    topic_id: TopicId
    label: str
    status: str
    score: float
    terms: list[str] = Field(default_factory=list)
    first_period: str | None = None
    series: dict[str, dict[str, int]] = Field(default_factory=dict)
    lineage: list[LineageEvent] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    evidence: list[EvidenceDocument] = Field(default_factory=list)


class LandscapePoint(_Model):
    """A topic on the 2-D map (any projection of the topic centroids; units are arbitrary)."""

    topic_id: TopicId
    label: str = ""
    x: float
    y: float
    size: int
    status: str


class Partner(_Model):
    """Another region where the topic is relevant, with the industries it would bring."""

    region_id: RegionId
    name: str = ""
    relevance: float = 0.0
    industries: list[str] = Field(default_factory=list)
    complementary: list[str] = Field(default_factory=list)


class RegionTopic(_Model):
    """One topic's overlap with one region (DESIGN keys first, display details after)."""

    topic_id: TopicId
    relevance: float
    industries: list[str] = Field(default_factory=list)
    cross_link: bool = False
    partners: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    partner_details: list[Partner] = Field(default_factory=list)


class Industry(_Model):
    """A NACE division of a region's profile, for naming the codes in ``industries``."""

    nace: str
    title: str


class Region(_Model):
    """A region's section of the report; ``alert_threshold`` is the relevance its alert needs."""

    region_id: RegionId
    name: str
    industries: list[Industry] = Field(default_factory=list)
    alert_threshold: float = 50.0
    topics: list[RegionTopic] = Field(default_factory=list)


class SourceCoverage(_Model):
    """The week's fetch outcome of one source, with the statuses of ``fetch_log``.

    ``ok``, ``not_modified`` and ``partial`` (some entries rejected) count as fetched; any other
    status (``failed``, ``parse_error``, …) is shown as a failure.
    """

    source_id: str
    kind: str
    status: str
    http_status: int | None = None
    items_seen: int = 0
    items_new: int = 0
    items_rejected: int = 0
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.status not in ("ok", "not_modified", "partial")


class Coverage(_Model):
    """What the week's numbers rest on; ``documents`` is ``{period: {kind: documents}}``."""

    sources: list[SourceCoverage] = Field(default_factory=list)
    documents: dict[str, dict[str, int]] = Field(default_factory=dict)
    failures: list[str] = Field(default_factory=list)

    @property
    def failed_sources(self) -> list[SourceCoverage]:
        return [s for s in self.sources if s.failed]


class Indicator(_Model):
    """One indicator of the methodology section: its name and how it is computed."""

    name: str
    description: str


class Methodology(_Model):
    """How the statuses were decided: the indicators and every threshold in force."""

    indicators: list[Indicator] = Field(default_factory=list)
    thresholds: dict[str, float | int | str | bool] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class RisingTerm(_Model):
    """A term whose use grows fastest (Porter EScore), listed beside the topics."""

    term: str
    score: float
    n_docs: int = 0
    first_period: str | None = None


class ReportData(_Model):
    """The complete weekly report; the one input of every renderer."""

    week: str = Field(pattern=r"^\d{4}-W\d{2}$")
    generated_at: datetime
    flagged: list[FlaggedTopic] = Field(default_factory=list)
    watch: list[WatchedTopic] = Field(default_factory=list)
    held_back: list[HeldBackTopic] = Field(default_factory=list)
    ranking: list[RankedTopic] = Field(default_factory=list)
    topics: list[TopicCard] = Field(default_factory=list)
    landscape: list[LandscapePoint] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage)
    methodology: Methodology = Field(default_factory=Methodology)
    rising_terms: list[RisingTerm] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: object) -> object:
        """Accept a ``report.json`` read back: its ``heatmap`` is derived, not an input."""
        if isinstance(data, dict) and "heatmap" in data:
            return {k: v for k, v in data.items() if k != "heatmap"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def heatmap(self) -> Heatmap:
        """Region × topic relevance, derived from ``regions`` so the two never disagree."""
        order = {t.topic_id: i for i, t in enumerate(self.ranking)}
        seen = {t.topic_id for r in self.regions for t in r.topics}
        topic_ids = sorted(seen, key=lambda t: (order.get(t, len(order)), t))
        cells: list[list[float | None]] = []
        for topic_id in topic_ids:
            row: list[float | None] = []
            for region in self.regions:
                match = next((t for t in region.topics if t.topic_id == topic_id), None)
                row.append(None if match is None else match.relevance)
            cells.append(row)
        return Heatmap(
            region_ids=[r.region_id for r in self.regions], topic_ids=topic_ids, relevance=cells
        )

    def label_of(self, topic_id: str) -> str:
        """The topic's label wherever it is known, else its id."""
        for group in (self.ranking, self.topics, self.flagged, self.watch, self.held_back):
            for topic in group:
                if topic.topic_id == topic_id:
                    return topic.label
        return topic_id

    def card(self, topic_id: str) -> TopicCard | None:
        return next((t for t in self.topics if t.topic_id == topic_id), None)


class Heatmap(_Model):
    """``relevance[i][j]``: topic ``topic_ids[i]`` in region ``region_ids[j]`` (None: unscored)."""

    region_ids: list[str]
    topic_ids: list[str]
    relevance: list[list[float | None]]


ReportData.model_rebuild()
