"""Location quotients from a Eurostat employment-by-NACE table, and profile skeletons from them.

Agencies outside the default partnership add their region by pointing ``horizon regions build``
at the Eurostat structural business statistics table. The quotients are computed exactly as the
derived partner table in the reference data (``partner_regions_sbs2015_employment_by_nace.csv``)
was, so a built profile and a shipped profile agree on the same figures:

    LQ(r, i) = (e_ri / e_r) / (e_i / e_n)

``e_ri`` persons employed in region r and industry i; ``e_r`` the region's business-economy total,
the sum of its available top-level values (NACE sections B-N plus division S95, which the table
carries without its section); ``e_i`` and ``e_n`` the same sums over every national total in the
table (two-letter geos: EU28 + NO + IS in the 2015 table). Values that are missing, confidential or
flagged "d" (definition differs) count as absent, in the region and in the national sums alike.
``lq_country`` uses the region's own country as the reference instead.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from kernel.errors import ConfigError, ParseError
from models.overlap.regions import NUTS_CODE, nace_codes

_VALUE = re.compile(r"^(\d+(?:\.\d+)?)\s*([a-z]*)$")
_DIVISION = re.compile(r"^[A-U]\d{2}$")
_YEAR_COLUMN = re.compile(r"^n?((?:19|20)\d{2})$")
DROPPED_FLAGS = frozenset({"c", "d"})


@dataclass(frozen=True)
class SbsTable:
    """Persons employed by geo (rows) and NACE code (columns); NaN where absent."""

    employment: pd.DataFrame
    year: int | None
    source: str


def read_sbs_table(path: Path | str) -> SbsTable:
    """Read a Eurostat SBS employment table.

    Two layouts are understood: the wide one of the reference copy (``nace_r2;geo;n2015``) and
    Eurostat's SDMX-CSV download (``nace_r2``, ``geo``, ``TIME_PERIOD``, ``OBS_VALUE``,
    ``OBS_FLAG``, one indicator). Separators ``;``, ``,`` and tab are detected.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the SBS table ({exc})") from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error as exc:
        raise ParseError(f"{path}: not a CSV table ({exc})") from exc
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    columns = {c.strip() for c in (rows[0].keys() if rows else [])}
    if not {"nace_r2", "geo"} <= columns:
        raise ParseError(
            f"{path}: expected columns 'nace_r2' and 'geo' (a Eurostat employment table by NACE "
            f"Rev.2 and region), found {sorted(columns)}"
        )
    if "OBS_VALUE" in columns:
        records, year = _sdmx_records(path, rows)
    else:
        records, year = _wide_records(path, rows, columns)
    frame = pd.DataFrame(records, columns=["geo", "nace", "value"])
    wide = frame.pivot_table(index="geo", columns="nace", values="value", aggfunc="first")
    return SbsTable(employment=wide, year=year, source=path.name)


def _wide_records(
    path: Path, rows: list[dict[str, str]], columns: set[str]
) -> tuple[list[tuple[str, str, float]], int]:
    years = sorted((int(m.group(1)), c) for c in columns if (m := _YEAR_COLUMN.match(c)))
    if len(years) != 1:
        raise ParseError(
            f"{path}: expected one year column such as 'n2015' or '2015', found "
            f"{[c for _, c in years] or 'none'}; keep only the year you want"
        )
    year, column = years[0]
    records = [
        (row["geo"].strip(), row["nace_r2"].strip(), value)
        for row in rows
        if (value := _parse_value(row.get(column))) is not None
    ]
    return records, year


def _sdmx_records(
    path: Path, rows: list[dict[str, str]]
) -> tuple[list[tuple[str, str, float]], int | None]:
    indicators = {row.get("indic_sbs") or row.get("indic_sb") or "" for row in rows}
    if len(indicators) > 1:
        raise ParseError(
            f"{path}: the table mixes indicators {sorted(indicators)}; download persons employed "
            "only (e.g. EMP_LOC_NR in sbs_r_nuts2021)"
        )
    years = sorted({row.get("TIME_PERIOD", "").strip() for row in rows})
    year = years[-1]
    records = []
    for row in rows:
        if row.get("TIME_PERIOD", "").strip() != year:
            continue
        flag = (row.get("OBS_FLAG") or "").strip()
        value = _parse_value(f"{row.get('OBS_VALUE', '')} {flag}")
        if value is not None:
            records.append((row["geo"].strip(), row["nace_r2"].strip(), value))
    return records, int(year) if year.isdigit() else None


def _parse_value(raw: str | None) -> float | None:
    match = _VALUE.match((raw or "").strip())
    if match is None:
        return None
    number, flags = match.groups()
    if set(flags) & DROPPED_FLAGS:
        return None
    return float(number)


def _top_level_codes(codes: list[str]) -> list[str]:
    """Sections, plus any division whose section the table does not carry (S95)."""
    sections = {c for c in codes if len(c) == 1}
    return [c for c in codes if len(c) == 1 or (_DIVISION.match(c) and c[0] not in sections)]


def _cell(emp: pd.DataFrame, geo: str, code: str) -> float:
    """One figure of the employment table: a float64 (NaN where absent), which is a float."""
    return cast(float, emp.at[geo, code])


def _geo_total(emp: pd.DataFrame, geo: str, codes: list[str]) -> float:
    """Persons employed in ``codes`` in ``geo`` (absent figures count as none)."""
    return cast(float, emp.loc[geo, codes].sum())


def _total(emp: pd.DataFrame, geos: list[str], codes: list[str]) -> float:
    """Persons employed in ``codes`` summed over ``geos`` (absent figures count as none)."""
    return emp.loc[geos, codes].sum().sum()


def location_quotients(table: SbsTable, region: str) -> pd.DataFrame:
    """LQs of one region against all national totals and against its own country.

    Returns one row per NACE code the table has for the region, with columns ``nace``, ``level``
    (section / division / group), ``title``, ``employed``, ``share`` (of the region's business
    economy), ``lq`` and ``lq_country``; absent values are NaN.
    """
    emp = table.employment
    if region not in emp.index:
        sample = ", ".join(g for g in emp.index if len(g) == 4)[:80]
        raise ConfigError(
            f"region '{region}' is not in the SBS table {table.source}; its geos look like "
            f"{sample}…; check the NUTS version (the 2015 table uses NUTS-2013 codes, "
            "e.g. FR71 for today's FRK2)"
        )
    codes = [c for c in emp.columns if re.match(r"^[A-U](\d{2,3})?$", c)]
    top = _top_level_codes(codes)
    nations = [g for g in emp.index if len(g) == 2 and NUTS_CODE.match(g)]
    region_total = _geo_total(emp, region, top)
    national_total = _total(emp, nations, top)
    national = emp.loc[nations, codes].sum()
    country = region[:2]
    has_country = country in emp.index
    titles = nace_codes()
    rows = []
    for code in codes:
        employed = _cell(emp, region, code)
        share = employed / region_total
        lq = share / (national[code] / national_total) if national[code] > 0 else float("nan")
        lq_country = float("nan")
        if has_country:
            country_value = _cell(emp, country, code)
            country_total = _geo_total(emp, country, top)
            if country_value > 0:
                lq_country = share / (country_value / country_total)
        level = "section" if len(code) == 1 else "division" if _DIVISION.match(code) else "group"
        entry = titles.get(code)
        rows.append(
            {
                "nace": code,
                "level": level,
                "title": entry.title if entry else None,
                "employed": employed,
                "share": share,
                "lq": lq,
                "lq_country": lq_country,
            }
        )
    return pd.DataFrame(rows)


def specialised_divisions(
    table: SbsTable, region: str, *, min_lq: float = 1.25, min_employed: int = 2000
) -> pd.DataFrame:
    """The divisions a profile should start from: LQ >= ``min_lq`` with meaningful employment.

    The 2,000-person floor is the one the reference data used for its partner summaries; it
    keeps out tiny divisions whose LQ is high only because the national share is tiny.
    """
    lqs = location_quotients(table, region)
    chosen = lqs[
        (lqs["level"] == "division") & (lqs["lq"] >= min_lq) & (lqs["employed"] >= min_employed)
    ]
    return chosen.sort_values("lq", ascending=False).reset_index(drop=True)


def build_profile_skeleton(
    table: SbsTable,
    region: str,
    *,
    min_lq: float = 1.25,
    min_employed: int = 2000,
    name: str = "",
    agency: str = "",
) -> str:
    """A ``[[regions]]`` TOML entry for the region's specialised divisions, to finish by hand.

    Figures are filled in; ``description``, ``keywords`` and ``clusters`` are left empty for the
    analyst, because the embedding match relies on them and only a person knows the region's
    firms and clusters.
    """
    chosen = specialised_divisions(table, region, min_lq=min_lq, min_employed=min_employed)
    year = table.year if table.year is not None else "unknown year"
    lines = [
        f"# Skeleton built by `horizon regions build {region}` from {table.source} ({year}).",
        f"# Divisions with LQ >= {min_lq} and at least {min_employed} persons employed.",
        "# Fill in name, agency, s3_domains and, per industry, clusters, description and keywords;",
        "# add industries of named clusters or S3 domains that the statistics do not show.",
        "",
        "[[regions]]",
        f"id = {_toml_str(region)}",
        f"name = {_toml_str(name)}",
        f"country = {_toml_str(region[:2])}",
        f"agency = {_toml_str(agency)}",
        f"sbs_geo = {_toml_str(region)}",
        f"source = {_toml_str(f'Eurostat SBS, persons employed {year} ({table.source})')}",
        "s3_domains = []",
    ]
    if chosen.empty:
        lines.append(f"# No division reaches LQ {min_lq} with {min_employed} persons employed.")
    columns = (chosen["nace"], chosen["title"], chosen["employed"], chosen["lq"])
    for nace, title, employed, lq in zip(*columns, strict=True):
        lines += [
            "",
            "[[regions.industries]]",
            f"nace = {_toml_str(nace)}",
            f"title = {_toml_str(title or '')}",
            f"employed = {int(employed)}",
            f"lq = {lq:.2f}",
            "clusters = []",
            'description = ""',
            "keywords = []",
        ]
    return "\n".join(lines) + "\n"


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
