"""Region profiles: the industries of each region that topics are scored against.

A profile lists a region's specialised industries (NACE Rev.2 divisions) with the statistics that
justify them (persons employed, location quotient) and the words a topic about that industry would
use. Profiles are hand-written TOML (``config/regions.toml`` or one file per region under
``config/regions/``), so every mistake in them must be reported with the file, the region and the
field; a profile that silently loads wrong would skew every weekly report for that region.
"""

from __future__ import annotations

import csv
import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from kernel.errors import ConfigError

NUTS_CODE = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
_NACE_INPUT = re.compile(r"^([A-U])?\s*(\d{2})$")


@dataclass(frozen=True)
class NaceEntry:
    """A NACE Rev.2 section (``C``) or division (``C29``: section letter + division)."""

    code: str
    level: str
    section: str
    title: str


@cache
def nace_codes() -> dict[str, NaceEntry]:
    """The NACE Rev.2 sections and divisions shipped with the package (source cited in the file)."""
    text = (
        resources.files("models.overlap")
        .joinpath("data/nace_rev2_sections_divisions.csv")
        .read_text()
    )
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["code"]: NaceEntry(**row) for row in rows}


def nace_division(code: str) -> NaceEntry:
    """Resolve ``C29``, ``29`` or ``c 29`` to its division; ``ValueError`` says what is wrong."""
    match = _NACE_INPUT.match(code.strip().upper())
    if match is None:
        raise ValueError(
            f"'{code}' is not a NACE Rev.2 division code; write the section letter and the "
            "two-digit division, e.g. 'C29'"
        )
    letter, digits = match.groups()
    by_digits = {e.code[1:]: e for e in nace_codes().values() if e.level == "division"}
    entry = by_digits.get(digits)
    if entry is None:
        raise ValueError(f"unknown NACE Rev.2 division '{code}' (there is no division {digits})")
    if letter is not None and letter != entry.section:
        raise ValueError(
            f"unknown NACE Rev.2 division '{code}': division {digits} belongs to section "
            f"{entry.section}, write '{entry.code}'"
        )
    return entry


class Alerts(BaseModel):
    """Who receives the region's early-warning summary, and from which relevance on."""

    model_config = ConfigDict(extra="forbid")

    recipients: list[str] = Field(default_factory=list)
    threshold: float = Field(default=50.0, ge=0, le=100)


class Industry(BaseModel):
    """One industry of a region: a NACE division plus the words that describe it there."""

    model_config = ConfigDict(extra="forbid")

    nace: str
    title: str = ""
    employed: int | None = Field(default=None, ge=0)
    lq: float | None = Field(default=None, ge=0)
    clusters: list[str] = Field(default_factory=list)
    description: str = ""
    keywords: list[str] = Field(default_factory=list)

    @field_validator("nace")
    @classmethod
    def _known_division(cls, value: str) -> str:
        return nace_division(value).code

    @model_validator(mode="after")
    def _default_title(self) -> Industry:
        if not self.title.strip():
            self.title = nace_codes()[self.nace].title
        return self


class RegionProfile(BaseModel):
    """A region (NUTS code) with its agency, S3 domains and industries."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    country: str
    agency: str = ""
    sbs_geo: str | None = None
    source: str = ""
    s3_domains: list[str] = Field(default_factory=list)
    industries: list[Industry] = Field(min_length=1)
    alerts: Alerts = Field(default_factory=Alerts)

    @field_validator("id", "sbs_geo")
    @classmethod
    def _nuts(cls, value: str | None) -> str | None:
        if value is not None and not NUTS_CODE.match(value):
            raise ValueError(f"'{value}' is not a NUTS code (two letters, then up to 3 characters)")
        return value

    @field_validator("country")
    @classmethod
    def _country_of_id(cls, value: str, info: ValidationInfo) -> str:
        region = info.data.get("id")
        if region and value != region[:2]:
            raise ValueError(f"'{value}' does not match the NUTS code '{region}'")
        return value

    @field_validator("industries")
    @classmethod
    def _distinct(cls, value: list[Industry]) -> list[Industry]:
        seen: set[str] = set()
        for industry in value:
            if industry.nace in seen:
                raise ValueError(f"industry {industry.nace} is listed twice")
            seen.add(industry.nace)
        return value

    def industry(self, nace: str) -> Industry:
        """The region's industry for a division code; ``KeyError`` when the region lacks it."""
        code = nace_division(nace).code
        for industry in self.industries:
            if industry.nace == code:
                return industry
        raise KeyError(f"{self.id} has no industry {code}")


def load_regions(path: Path | str) -> list[RegionProfile]:
    """Load and validate region profiles from a TOML file or a folder of TOML files.

    Each file holds ``[[regions]]`` tables; a file-level ``source`` string is the default source
    of its regions. Ids must be unique across all files read.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.toml"))
        if not files:
            raise ConfigError(f"{path}: no region profiles (*.toml) in this folder")
    elif path.is_file():
        files = [path]
    else:
        raise ConfigError(f"{path}: region profiles not found; pass a regions.toml file or folder")
    profiles: list[RegionProfile] = []
    origin: dict[str, Path] = {}
    for file in files:
        for profile in _load_file(file):
            if profile.id in origin:
                first = origin[profile.id]
                where = "" if first == file else f" (first defined in {first})"
                raise ConfigError(f"{file}: region {profile.id}: field 'id': duplicate id{where}")
            origin[profile.id] = file
            profiles.append(profile)
    return profiles


def _load_file(file: Path) -> list[RegionProfile]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read region profiles ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML ({exc}); fix the syntax and retry") from exc
    unknown = set(data) - {"regions", "source"}
    if unknown:
        raise ConfigError(
            f"{file}: unknown top-level key(s) {sorted(unknown)}; "
            "write each region as a [[regions]] table"
        )
    entries = data.get("regions")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{file}: no [[regions]] tables; add at least one region profile")
    default_source = data.get("source", "")
    return [_validate(file, index, entry, default_source) for index, entry in enumerate(entries)]


def _validate(file: Path, index: int, entry: Any, default_source: str) -> RegionProfile:
    if not isinstance(entry, dict):
        raise ConfigError(f"{file}: region #{index + 1}: expected a [[regions]] table")
    region = entry.get("id")
    label = f"region {region}" if isinstance(region, str) and region else f"region #{index + 1}"
    if not region:
        raise ConfigError(f"{file}: {label}: field 'id': missing; give the region's NUTS code")
    try:
        return RegionProfile.model_validate({"source": default_source, **entry})
    except ValidationError as exc:
        errors = exc.errors()
        # a misspelt required key also shows as that key missing: the typo is the useful part
        error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        field = _field_path(entry, error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = _unknown_key_message(error["loc"])
        more = f" (and {exc.error_count() - 1} more problem(s))" if exc.error_count() > 1 else ""
        raise ConfigError(f"{file}: {label}: field '{field}': {message}{more}") from exc


def _unknown_key_message(loc: Iterable[int | str]) -> str:
    """A misspelt key names the nearest one the profile, industry or alert table has."""
    *parents, key = [part for part in loc if isinstance(part, str)]
    model: type[BaseModel] = RegionProfile
    nested: dict[str, type[BaseModel]] = {"industries": Industry, "alerts": Alerts}
    for parent in parents:
        model = nested.get(parent, model)
    nearest = difflib.get_close_matches(str(key), sorted(model.model_fields), n=1, cutoff=0.6)
    hint = f"did you mean {nearest[0]!r}?" if nearest else f"valid: {', '.join(model.model_fields)}"
    return f"unknown key; {hint}"


def _field_path(entry: dict[str, Any], loc: Iterable[int | str]) -> str:
    """Turn pydantic's location into ``industries[C29].employed`` so the user finds the line."""
    parts: list[str] = []
    node: Any = entry
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if key < len(node) else None
            nace = item.get("nace") if isinstance(item, dict) else None
            parts[-1] += f"[{nace}]" if nace else f"[{key}]"
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(profile)"


def find_region(profiles: Sequence[RegionProfile], region_id: str) -> RegionProfile:
    """The profile with ``region_id`` (case-insensitive); ``ConfigError`` lists the known ids."""
    wanted = region_id.strip().upper()
    for profile in profiles:
        if profile.id == wanted:
            return profile
    known = ", ".join(p.id for p in profiles)
    raise ConfigError(
        f"no region profile '{region_id}'; known regions: {known} "
        "(add one with `horizon regions build`)"
    )


def format_region(profile: RegionProfile) -> str:
    """A plain-text page for ``horizon regions show``: who, what, and the figures behind it."""
    lines = [f"{profile.id}  {profile.name} ({profile.country})"]
    if profile.agency:
        lines.append(f"agency: {profile.agency}")
    if profile.source:
        geo = f" [{profile.sbs_geo}]" if profile.sbs_geo and profile.sbs_geo != profile.id else ""
        lines.append(f"figures: {profile.source}{geo}")
    if profile.s3_domains:
        lines.append("S3 domains: " + "; ".join(profile.s3_domains))
    lines.append("industries:")
    for i in profile.industries:
        lq = f"LQ {i.lq:.2f}" if i.lq is not None else "LQ n/a"
        employed = f"{i.employed:,} employed" if i.employed is not None else "employment n/a"
        clusters = f"  [{', '.join(i.clusters)}]" if i.clusters else ""
        lines.append(f"  {i.nace}  {i.title} — {lq}, {employed}{clusters}")
    return "\n".join(lines)
