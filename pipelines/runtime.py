"""Process-wide environment a Horizon command needs before Prefect or any model is imported."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kernel.paths import VAR

HORIZON_LOGGERS = ("pipelines", "extractors", "models", "reports", "warehouse")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"  # a log kept for weeks needs the day, not only the time


def horizon_environment(var_dir: Path = VAR) -> dict[str, str]:
    """The variables Horizon sets, unless already set, before Prefect is imported.

    Prefect's state stays under ``var/``; models load offline; Horizon's own loggers also go to
    the Prefect API, so each stage's log lines show under the flow run in the UI (a command
    outside a flow run keeps its lines local, without a warning); Prefect's log lines carry the
    date as Horizon's do; and nothing reports usage to Prefect (server analytics, the client's
    DO_NOT_TRACK, Prefect Cloud telemetry).
    """
    return {
        "PREFECT_HOME": str((var_dir / "prefect").resolve()),
        "PREFECT_LOGGING_LEVEL": os.environ.get("HORIZON_LOG_LEVEL", "WARNING"),
        "PREFECT_LOGGING_EXTRA_LOGGERS": ",".join(HORIZON_LOGGERS),
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        **{
            f"PREFECT_LOGGING_FORMATTERS_{formatter}_DATEFMT": DATE_FORMAT
            for formatter in ("SIMPLE", "STANDARD", "DEBUG")
        },
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }


def prepare_environment(var_dir: Path = VAR) -> None:
    """Set :func:`horizon_environment` and make log lines readable.

    Values already set in the environment win, so an operator can point Horizon at a real
    Prefect server with ``PREFECT_API_URL``.
    """
    for key, value in horizon_environment(var_dir).items():
        os.environ.setdefault(key, value)
    level = os.environ.get("HORIZON_LOG_LEVEL", "INFO").upper()
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt=DATE_FORMAT,
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "prefect", "sentence_transformers", "numba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    set_horizon_log_level()


def set_horizon_log_level() -> None:
    """Horizon's loggers at ``HORIZON_LOG_LEVEL`` (default INFO) in this process.

    Called by the flow too: the process Prefect starts for a served run never ran
    :func:`prepare_environment`, and Prefect sets its root logger to WARNING, which would keep
    the stage lines out of the log and of the UI.
    """
    level = os.environ.get("HORIZON_LOG_LEVEL", "INFO").upper()
    for name in HORIZON_LOGGERS:
        logging.getLogger(name).setLevel(getattr(logging, level, logging.INFO))


def interactive() -> bool:
    """True when a person watches a terminal (progress bars); False in CI and pipes."""
    return sys.stderr.isatty() and not os.environ.get("CI")
