"""Location quotients reproduce the reference figures; skeletons load as profiles."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from kernel.errors import ConfigError, ParseError
from models.overlap.location_quotients import (
    SbsTable,
    build_profile_skeleton,
    location_quotients,
    read_sbs_table,
    specialised_divisions,
)
from models.overlap.regions import load_regions

pytestmark = pytest.mark.shared

SBS = "eurostat_sbs_r_nuts06_r2_2015_employment_allregions.csv"
DERIVED = "partner_regions_sbs2015_employment_by_nace.csv"


@pytest.fixture(scope="module")
def table(shared_data: Path) -> SbsTable:
    return read_sbs_table(shared_data / "regions" / SBS)


def test_reads_the_eurostat_table(table: SbsTable) -> None:
    assert table.year == 2015
    assert table.source == SBS
    assert table.employment.at["HU22", "C29"] == 32659
    assert table.employment.at["FR72", "C22"] == 25775
    # "d"-flagged values (definition differs) and text artefacts count as absent
    assert pd.isna(table.employment.at["NO", "M"])
    assert pd.isna(table.employment.at["IS", "B05"])


@pytest.mark.parametrize(
    ("region", "nace", "employed", "lq", "lq_country"),
    [
        ("HU22", "C29", 32659, 6.297, 3.345),
        ("AT12", "C24", 8149, 2.567, 1.409),
        ("AT12", "C10", 15716, 1.266, 1.341),
        ("HU22", "C31", 5810, 2.975, 2.953),
    ],
)
def test_known_values_of_the_source_table(
    table: SbsTable, region: str, nace: str, employed: int, lq: float, lq_country: float
) -> None:
    row = location_quotients(table, region).set_index("nace").loc[nace]
    assert row["employed"] == employed
    assert round(row["lq"], 3) == lq
    assert round(row["lq_country"], 3) == lq_country
    assert row["level"] == "division"


def test_every_figure_of_the_derived_partner_table_is_reproduced(
    table: SbsTable, shared_data: Path
) -> None:
    derived = pd.read_csv(shared_data / "regions" / DERIVED)
    compared = 0
    for geo, rows in derived.groupby("geo_nuts2013"):
        ours = location_quotients(table, geo).set_index("nace")
        for row in rows.itertuples():
            expected = row.lq_vs_all_countries_in_file
            if pd.isna(expected) or expected == 0:
                continue
            got = ours.at[row.nace_r2, "lq"]
            assert round(got, 3) == expected, (geo, row.nace_r2)
            assert round(ours.at[row.nace_r2, "share"], 5) == row.share_of_region_business_economy
            compared += 1
    assert compared > 900


def test_region_total_counts_sections_and_s95(table: SbsTable) -> None:
    lqs = location_quotients(table, "AT12").set_index("nace")
    assert lqs.at["C", "level"] == "section"
    assert lqs.at["G451", "level"] == "group"
    assert lqs.at["C10", "share"] == pytest.approx(15716 / 446808)


def test_specialised_divisions_follow_the_cut_offs(table: SbsTable) -> None:
    chosen = specialised_divisions(table, "HU22")
    assert list(chosen["nace"][:4]) == ["C29", "E36", "C31", "C16"]
    assert (chosen["lq"] >= 1.25).all() and (chosen["employed"] >= 2000).all()
    strict = specialised_divisions(table, "HU22", min_lq=2.5, min_employed=5000)
    assert list(strict["nace"]) == ["C29", "C31"]


def test_skeleton_is_a_loadable_profile(table: SbsTable, tmp_path: Path) -> None:
    text = build_profile_skeleton(table, "HU22", name="Nyugat-Dunántúl", agency="West-Pannon")
    data = tomllib.loads(text)
    (region,) = data["regions"]
    assert region["sbs_geo"] == "HU22"
    first = region["industries"][0]
    assert first == {
        "nace": "C29",
        "title": "Manufacture of motor vehicles, trailers and semi-trailers",
        "employed": 32659,
        "lq": 6.3,
        "clusters": [],
        "description": "",
        "keywords": [],
    }
    path = tmp_path / "hu22.toml"
    path.write_text(text, encoding="utf-8")
    (profile,) = load_regions(path)
    assert profile.name == "Nyugat-Dunántúl"
    assert [i.nace for i in profile.industries][:3] == ["C29", "E36", "C31"]
    assert "2015" in profile.source


def test_skeleton_for_a_region_outside_the_partnership(table: SbsTable) -> None:
    text = build_profile_skeleton(table, "FR72", min_lq=2.0)
    industries = tomllib.loads(text)["regions"][0]["industries"]
    assert [(i["nace"], i["employed"]) for i in industries] == [("C22", 25775), ("F43", 24258)]


def test_sdmx_csv_layout_gives_the_same_quotients(table: SbsTable, tmp_path: Path) -> None:
    """Eurostat's current download format: one observation per row, flags in their own column."""
    path = tmp_path / "sbs_sdmx.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DATAFLOW", "indic_sbs", "nace_r2", "geo", "TIME_PERIOD", "OBS_VALUE"])
        emp = table.employment
        for geo in emp.index:
            for code, value in emp.loc[geo].dropna().items():
                writer.writerow(["ESTAT:SBS", "EMP_NR", code, geo, "2015", int(value)])
    sdmx = read_sbs_table(path)
    assert sdmx.year == 2015
    hu22 = location_quotients(sdmx, "HU22").set_index("nace")
    assert round(hu22.at["C29", "lq"], 3) == 6.297


def test_bad_tables_and_regions_are_reported(table: SbsTable, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the SBS table"):
        read_sbs_table(tmp_path / "missing.csv")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("region;sector;value\nAT12;C10;5\n", encoding="utf-8")
    with pytest.raises(ParseError, match="expected columns 'nace_r2' and 'geo'"):
        read_sbs_table(wrong)
    two_years = tmp_path / "two_years.csv"
    two_years.write_text("nace_r2;geo;n2014;n2015\nC10;AT;1;2\n", encoding="utf-8")
    with pytest.raises(ParseError, match="expected one year column"):
        read_sbs_table(two_years)
    with pytest.raises(ConfigError, match=r"'FRK2' is not in the SBS table .*NUTS-2013"):
        location_quotients(table, "FRK2")
