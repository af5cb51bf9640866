"""Region profiles: the shipped defaults load, their figures match Eurostat, bad files are named."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from kernel.errors import ConfigError
from models.overlap.location_quotients import location_quotients, read_sbs_table
from models.overlap.regions import (
    RegionProfile,
    find_region,
    format_region,
    load_regions,
    nace_codes,
    nace_division,
)

ROOT = Path(__file__).resolve().parents[3]
DEFAULTS = ROOT / "config" / "regions.toml"
DEFAULT_IDS = [
    "AT12",
    "ITH1",
    "HU22",
    "RO32",
    "SE224",
    "CZ08",
    "DK03",
    "FRK",
    "BE2",
    "RO21",
    "DE12",
]

GOOD = """
source = "test figures"

[[regions]]
id = "HU22"
name = "West Pannon"
country = "HU"

[[regions.industries]]
nace = "C29"
employed = 32659
lq = 6.30
keywords = ["car assembly"]
"""


def write(tmp_path: Path, text: str, name: str = "regions.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_all_default_profiles_load_and_validate() -> None:
    profiles = load_regions(DEFAULTS)
    assert [p.id for p in profiles] == DEFAULT_IDS
    for profile in profiles:
        assert 9 <= len(profile.industries) <= 17, profile.id
        assert profile.s3_domains, profile.id
        assert profile.alerts.threshold == 50.0
        for industry in profile.industries:
            assert industry.title == nace_codes()[industry.nace].title
            assert len(industry.keywords) >= 3, (profile.id, industry.nace)
            assert industry.description.count(".") >= 1, (profile.id, industry.nace)


def test_default_profiles_hold_the_named_interface_industries() -> None:
    """The regions where the planted interface topics should show up as cross-links."""
    profiles = {p.id: {i.nace for i in p.industries} for p in load_regions(DEFAULTS)}
    food_machinery = sorted(r for r, codes in profiles.items() if {"C10", "C28"} <= codes)
    plastics_paper = sorted(r for r, codes in profiles.items() if {"C22", "C17"} <= codes)
    assert food_machinery == ["AT12", "DK03", "FRK", "HU22", "ITH1", "SE224"]
    assert plastics_paper == ["AT12", "CZ08", "DE12", "SE224"]


@pytest.mark.shared
def test_default_figures_are_those_of_the_eurostat_table(shared_data: Path) -> None:
    table = read_sbs_table(
        shared_data / "regions" / "eurostat_sbs_r_nuts06_r2_2015_employment_allregions.csv"
    )
    checked = 0
    for profile in load_regions(DEFAULTS):
        lqs = location_quotients(table, profile.sbs_geo or profile.id).set_index("nace")
        for industry in profile.industries:
            if industry.employed is None:
                assert industry.nace not in lqs.index or math.isnan(lqs.at[industry.nace, "lq"])
                continue
            assert industry.employed == lqs.at[industry.nace, "employed"], industry.nace
            assert industry.lq == pytest.approx(lqs.at[industry.nace, "lq"], abs=0.005)
            checked += 1
    assert checked >= 120


def test_hu22_motor_vehicles_profile() -> None:
    hu22 = find_region(load_regions(DEFAULTS), "hu22")
    cars = hu22.industry("29")
    assert (cars.nace, cars.employed, cars.lq) == ("C29", 32659, 6.30)
    assert cars.clusters == ["Pannon Automotive Cluster (PANAC)"]
    page = format_region(hu22)
    assert "C29  Manufacture of motor vehicles, trailers and semi-trailers — LQ 6.30" in page
    assert "32,659 employed" in page


def test_nace_division_codes_normalise_and_unknown_ones_say_why() -> None:
    assert nace_division("29").code == "C29"
    assert nace_division(" c 29 ").code == "C29"
    assert nace_division("J62").title == "Computer programming, consultancy and related activities"
    with pytest.raises(ValueError, match="there is no division 34"):
        nace_division("C34")
    with pytest.raises(ValueError, match="division 29 belongs to section C, write 'C29'"):
        nace_division("D29")
    with pytest.raises(ValueError, match="section letter and the two-digit division"):
        nace_division("29.10")


def test_a_small_valid_file_loads_with_the_file_source(tmp_path: Path) -> None:
    (profile,) = load_regions(write(tmp_path, GOOD))
    assert isinstance(profile, RegionProfile)
    assert profile.source == "test figures"
    assert (
        profile.industries[0].title == "Manufacture of motor vehicles, trailers and semi-trailers"
    )
    assert profile.alerts.recipients == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('nace = "C29"', 'nace = "C34"'), "region HU22: field 'industries[C34].nace': unknown"),
        (("employed = 32659", "employed = -5"), "field 'industries[C29].employed'"),
        (("lq = 6.30", 'lq = "high"'), "field 'industries[C29].lq'"),
        (('country = "HU"', 'country = "AT"'), "field 'country': 'AT' does not match"),
        (('id = "HU22"', 'id = "hu-22"'), "field 'id': 'hu-22' is not a NUTS code"),
        (('name = "West Pannon"', ""), "region HU22: field 'name': Field required"),
        (('id = "HU22"', ""), "region #1: field 'id': missing"),
        (('keywords = ["car assembly"]', 'keyword = ["car"]'), "'industries[C29].keyword'"),
    ],
)
def test_broken_profiles_name_file_region_and_field(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as caught:
        load_regions(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_duplicate_industry_is_rejected(tmp_path: Path) -> None:
    twice = GOOD + '\n[[regions.industries]]\nnace = "29"\n'
    with pytest.raises(ConfigError, match="field 'industries': industry C29 is listed twice"):
        load_regions(write(tmp_path, twice))


def test_duplicate_id_is_rejected_within_and_across_files(tmp_path: Path) -> None:
    body = GOOD.split("[[regions]]", 1)[1]
    with pytest.raises(ConfigError, match=r"region HU22: field 'id': duplicate id$"):
        load_regions(write(tmp_path, GOOD + "\n[[regions]]" + body))
    folder = tmp_path / "regions"
    folder.mkdir()
    first = write(folder, GOOD, "a.toml")
    second = write(folder, GOOD, "b.toml")
    with pytest.raises(ConfigError) as caught:
        load_regions(folder)
    assert str(caught.value) == (
        f"{second}: region HU22: field 'id': duplicate id (first defined in {first})"
    )


def test_a_folder_of_region_files_loads_in_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "regions"
    folder.mkdir()
    write(folder, GOOD, "b.toml")
    other = GOOD.replace('"HU22"', '"HU21"').replace("West Pannon", "Central Transdanubia")
    write(folder, other, "a.toml")
    assert [p.id for p in load_regions(folder)] == ["HU21", "HU22"]


def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="region profiles not found"):
        load_regions(tmp_path / "missing.toml")
    broken = write(tmp_path, GOOD.replace('name = "West Pannon"', 'name = "West Pannon'))
    with pytest.raises(ConfigError, match=rf"^{broken}: not valid TOML"):
        load_regions(broken)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(GOOD.replace("West Pannon", "Nyugat-Dunántúl").encode("latin-1"))
    with pytest.raises(ConfigError, match=rf"^{latin1}: cannot read region profiles"):
        load_regions(latin1)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match="no region profiles"):
        load_regions(empty)
    with pytest.raises(ConfigError, match=r"unknown top-level key\(s\) \['region'\]"):
        load_regions(write(tmp_path, GOOD.replace("[[regions]]", "[[region]]"), "typo.toml"))


def test_unknown_region_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="no region profile 'XX11'; known regions: AT12, ITH1"):
        find_region(load_regions(DEFAULTS), "XX11")
