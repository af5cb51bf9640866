"""``horizon regions list|show|build`` and ``horizon topics``."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kernel.paths import DEFAULT_DB
from models.overlap.location_quotients import build_profile_skeleton, read_sbs_table
from models.overlap.regions import RegionProfile, find_region, format_region, load_regions
from pipelines.commands.options import ConfigOpt, DbOpt, JsonOpt
from pipelines.commands.reading import checked_week, reading, run_for_week
from pipelines.config import load_settings
from warehouse.overlap import topic_region_for_run
from warehouse.reporting import ranked_topics

regions_app = typer.Typer(help="Region profiles and their relevant topics.", no_args_is_help=True)
out = Console(width=200, soft_wrap=True)


def _profiles(config: Path | None) -> list[RegionProfile]:
    return load_regions(load_settings(config).paths.regions)


@regions_app.command("list")
def regions_list(config: ConfigOpt = None) -> None:
    """The configured region profiles."""
    table = Table("id", "name", "country", "industries", "agency")
    for p in _profiles(config):
        table.add_row(p.id, p.name, p.country, ", ".join(i.nace for i in p.industries), p.agency)
    out.print(table)


@regions_app.command("show")
def regions_show(
    region_id: Annotated[str, typer.Argument(help="NUTS code, e.g. AT12")],
    week: Annotated[str | None, typer.Option(help="ISO week (default: latest run)")] = None,
    config: ConfigOpt = None,
    db: DbOpt = DEFAULT_DB,
) -> None:
    """A region's profile and this week's topics relevant to it."""
    profile = find_region(_profiles(config), region_id)
    out.print(format_region(profile), highlight=False)
    if not db.exists():
        return
    _print_region_topics(db, profile.id, week)


def topics_command(
    region: Annotated[str | None, typer.Option(help="rank by relevance to this region")] = None,
    week: Annotated[str | None, typer.Option(help="ISO week (default: latest run)")] = None,
    config: ConfigOpt = None,
    db: DbOpt = DEFAULT_DB,
    json_: JsonOpt = False,
) -> None:
    """This week's topics with their status and score (or their relevance to a region)."""
    if region:
        _print_region_topics(db, find_region(_profiles(config), region).id, week, as_json=json_)
        return
    week = checked_week(week)
    with reading(db) as wh:
        chosen = run_for_week(wh, week)
        run_id, label = chosen.run_id, chosen.week
        ranked = ranked_topics(wh.con, run_id)
    if json_:
        _print_json(chosen.week, chosen.status, ranked)
        return
    table = Table("topic", "label", "status", "score", "growth", "docs", "why", title=label)
    for r in ranked:
        growth = r["growth"]
        table.add_row(
            r["topic_id"], r["label"], r["status"], f"{r['score']:.2f}",
            "" if growth is None or growth != growth else f"{growth:.1f}x",
            str(r["size"]), (r["reasons"] or [""])[0],
        )  # fmt: skip
    out.print(table)


def _print_region_topics(
    db: Path, region_id: str, week: str | None, *, as_json: bool = False
) -> None:
    week = checked_week(week)
    with reading(db) as wh:
        chosen = run_for_week(wh, week)
        run_id, label = chosen.run_id, chosen.week
        rows = topic_region_for_run(wh.con, run_id, region_id=region_id)
        status = {r["topic_id"]: (r["label"], r["status"]) for r in ranked_topics(wh.con, run_id)}
    if as_json:
        named = []
        for r in rows:
            topic_label, topic_status = status.get(r["topic_id"], (None, None))
            named.append({**r, "label": topic_label, "status": topic_status})
        _print_json(chosen.week, chosen.status, named)
        return
    table = Table(
        "topic", "label", "status", "relevance", "industries", "cross-link", "partners",
        title=f"{region_id}, {label}",
    )  # fmt: skip
    for r in rows[:25]:
        name, state = status.get(r["topic_id"], ("", ""))
        table.add_row(
            r["topic_id"], name, state, f"{r['relevance']:.1f}", ", ".join(r["industries"]),
            "yes" if r["cross_link"] else "", ", ".join(r["partners"]),
        )  # fmt: skip
    out.print(table)


def _print_json(week: str, run_status: str, rows: Sequence[Mapping[str, object]]) -> None:
    """The rows as JSON; NaN (no growth figure yet) becomes null, which JSON has and NaN not."""
    clean = [
        {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in r.items()}
        for r in rows
    ]
    payload = {"week": week, "run_status": run_status, "topics": clean}
    typer.echo(json.dumps(payload, indent=2, default=str, ensure_ascii=False))


@regions_app.command("build")
def regions_build(
    nuts2: Annotated[str, typer.Argument(help="NUTS-2 code of the region, e.g. AT12")],
    sbs: Annotated[Path, typer.Option(help="Eurostat employment-by-NACE table (sbs_r_nuts06_r2)")],
    min_lq: Annotated[float, typer.Option(help="smallest location quotient kept")] = 1.25,
    min_employed: Annotated[int, typer.Option(help="fewest persons employed kept")] = 2000,
    name: Annotated[str, typer.Option(help="region name for the skeleton")] = "",
    out_file: Annotated[Path | None, typer.Option("--out", help="write here, not stdout")] = None,
) -> None:
    """Compute location quotients for a region and print a profile skeleton to complete."""
    text = build_profile_skeleton(
        read_sbs_table(sbs), nuts2, min_lq=min_lq, min_employed=min_employed, name=name
    )
    if out_file:
        out_file.write_text(text, encoding="utf-8")
        out.print(f"profile skeleton written to {out_file}")
    else:
        typer.echo(text)
