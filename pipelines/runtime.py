"""Process-wide environment a Horizon command needs before Prefect or any model is imported."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def prepare_environment(var_dir: Path = Path("var")) -> None:
    """Keep Prefect's state under ``var/``, models offline, logs readable.

    Values already set in the environment win, so an operator can point Horizon at a real
    Prefect server with ``PREFECT_API_URL``.
    """
    defaults = {
        "PREFECT_HOME": str((var_dir / "prefect").resolve()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": os.environ.get("HORIZON_LOG_LEVEL", "WARNING"),
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    level = os.environ.get("HORIZON_LOG_LEVEL", "INFO").upper()
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "prefect", "sentence_transformers", "numba"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def interactive() -> bool:
    """True when a person watches a terminal (progress bars); False in CI and pipes."""
    return sys.stderr.isatty() and not os.environ.get("CI")
