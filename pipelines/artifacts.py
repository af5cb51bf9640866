"""Prefect artifacts of a weekly run: the headline, the ranking and a link to the report.

Each kind keeps one key across weeks, so Prefect keeps every week as a version of the same
artifact: the Artifacts page shows the latest week, and its history the weeks before.
"""

from __future__ import annotations

from pathlib import Path

from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)

from reports.schema import ReportData


def headline_markdown(data: ReportData) -> str:
    lines = [f"# Horizon — week {data.week}", ""]
    if not data.flagged:
        lines.append("No new or emerging topics this week.")
    for topic in data.flagged:
        lines.append(
            f"- **{_plain(topic.label)}** ({topic.status}, score {topic.score:.2f}): "
            f"{_plain(topic.why)}"
        )
    failures = data.coverage.failures
    if failures:
        lines += ["", f"**{len(failures)} source(s) failed:** " + "; ".join(map(_plain, failures))]
    return "\n".join(lines)


def ranking_rows(data: ReportData) -> list[dict[str, object]]:
    return [
        {
            "topic": t.topic_id,
            "label": _plain(t.label),
            "status": t.status,
            "score": round(t.score, 2),
            "growth": t.growth,
            "age_weeks": t.age_periods,
            "documents": t.n_docs,
        }
        for t in data.ranking
    ]


HEADLINE_KEY = "horizon-headline"
RANKING_KEY = "horizon-ranking"
REPORT_KEY = "horizon-report"


def publish_artifacts(data: ReportData, week: str, report: Path) -> None:
    """Attach the week's headline, ranking and report link to the flow run in the Prefect UI."""
    create_markdown_artifact(
        markdown=headline_markdown(data), key=HEADLINE_KEY, description=f"Emerging topics, {week}"
    )
    create_table_artifact(
        table=ranking_rows(data), key=RANKING_KEY, description=f"Topic ranking, {week}"
    )
    create_link_artifact(
        link=report.resolve().as_uri(),
        link_text=f"Horizon report {week}",
        key=REPORT_KEY,
        description=f"The weekly report of {week} (HTML, with report.json beside it)",
    )


def _plain(text: str) -> str:
    """Feed text in Markdown: no markup, links or HTML survive (the UI renders Markdown)."""
    return "".join(ch for ch in text if ch not in "<>[]()`*_#|\\!").replace("\n", " ")[:200]
