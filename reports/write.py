"""Writing a report directory: ``index.html``, ``report.json`` and ``alerts/<region>.*``.

Each file is written to a temporary name and renamed into place, so a reader (a web server
publishing ``var/reports``, an analyst with the page open) sees the old file or the new one,
never half of one; re-running a week overwrites its report with the same content.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from reports.render_alerts import RegionAlert, render_alerts
from reports.render_html import render_report_html
from reports.schema import ReportData


@dataclass(frozen=True)
class AlertPaths:
    markdown: Path
    html: Path
    text: Path


@dataclass(frozen=True)
class ReportPaths:
    """Where a report went; ``alerts`` maps region ids to their summaries (and their text)."""

    directory: Path
    html: Path
    json: Path
    alerts: dict[str, AlertPaths] = field(default_factory=dict)
    rendered: dict[str, RegionAlert] = field(default_factory=dict)


def report_dir(reports_root: Path, week: str) -> Path:
    """``var/reports/2026-W47``: the directory of one week's report."""
    return reports_root / week


def write_report(data: ReportData, out_dir: Path, *, report_url: str | None = None) -> ReportPaths:
    """Render ``data`` into ``out_dir`` (the week's directory; see :func:`report_dir`).

    ``report_url`` is where the published report can be opened; the alerts link to it.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, json_path = out_dir / "index.html", out_dir / "report.json"
    _atomic_write(html_path, render_report_html(data))
    payload = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2)
    _atomic_write(json_path, payload + "\n")
    alerts = render_alerts(data, report_url=report_url)
    alert_dir = out_dir / "alerts"
    alert_dir.mkdir(exist_ok=True)
    paths: dict[str, AlertPaths] = {}
    for region_id, alert in alerts.items():
        entry = AlertPaths(
            markdown=alert_dir / f"{region_id}.md",
            html=alert_dir / f"{region_id}.html",
            text=alert_dir / f"{region_id}.txt",
        )
        _atomic_write(entry.markdown, alert.markdown)
        _atomic_write(entry.html, alert.html)
        _atomic_write(entry.text, alert.text)
        paths[region_id] = entry
    return ReportPaths(
        directory=out_dir, html=html_path, json=json_path, alerts=paths, rendered=alerts
    )


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
