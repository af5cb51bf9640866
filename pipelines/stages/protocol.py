"""The one shape every stage of the weekly scan has.

A stage is an object built from its own part of the settings; ``run`` takes what every stage
reads (the open warehouse, the run and the period) and returns a typed result whose ``counts``
are what ``run_stages`` records and ``horizon status`` shows. The flow runs each stage as a
Prefect task (:class:`pipelines.stages.runner.StageRun`), so the UI shows every stage with its
duration and state; the logic itself lives in the packages the stage hands its work to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from warehouse.connection import Warehouse


@dataclass(frozen=True)
class StageInputs:
    """What every stage reads: the warehouse (open for writing), the run and its period."""

    wh: Warehouse
    run_id: str
    period: str


@dataclass(frozen=True)
class StageResult:
    """A stage's outcome: ``counts`` go into ``run_stages`` as they are (JSON)."""

    counts: Mapping[str, object]


R_co = TypeVar("R_co", bound=StageResult, covariant=True)


class Stage(Protocol[R_co]):
    """One step of the weekly scan; re-running it for the same run must be harmless."""

    @property
    def name(self) -> str: ...

    def run(self, inputs: StageInputs) -> R_co: ...
