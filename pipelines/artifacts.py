"""Prefect artifacts of a weekly run: the headline as Markdown and the ranking as a table."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

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


def publish_artifacts(data: ReportData, week: str) -> None:
    """Attach the week's headline and ranking to the flow run in the Prefect UI."""
    key = week.lower()
    create_markdown_artifact(
        markdown=headline_markdown(data),
        key=f"headline-{key}",
        description=f"Emerging topics, {week}",
    )
    create_table_artifact(
        table=ranking_rows(data), key=f"ranking-{key}", description=f"Topic ranking, {week}"
    )


def _plain(text: str) -> str:
    """Feed text in Markdown: no markup, links or HTML survive (the UI renders Markdown)."""
    return "".join(ch for ch in text if ch not in "<>[]()`*_#|\\!").replace("\n", " ")[:200]
