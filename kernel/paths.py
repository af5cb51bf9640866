"""Where Horizon reads and writes when nobody says otherwise, relative to the working folder.

The CLI's options, the settings' defaults and the runtime's Prefect home all start from these,
so moving the runtime state (``var/``) or a configuration file is one edit here. A deployment
overrides them with ``--config``/``--db``/``--sources``, their ``HORIZON_*`` variables or
``[paths]`` in horizon.toml, never by editing this file.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_DIR = Path("config")
DEFAULT_CONFIG = CONFIG_DIR / "horizon.toml"
DEFAULT_SOURCES = CONFIG_DIR / "sources.toml"
DEFAULT_REGIONS = CONFIG_DIR / "regions.toml"

VAR = Path("var")  # runtime state, git-ignored
DEFAULT_DB = VAR / "horizon.duckdb"
DEFAULT_REPORTS = VAR / "reports"
DEFAULT_OUTBOX = VAR / "outbox"
DEFAULT_MODELS = VAR / "models"
DEFAULT_EXPORT = VAR / "export"
