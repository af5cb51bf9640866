"""Source adapters, one module per source family, each exposing ``collect(source, ctx, *, since)``.

Modules are imported only when a configured source names them, so a source family whose parser
has heavy imports costs nothing to runs that do not use it.
"""

from __future__ import annotations

import importlib
from typing import cast

from extractors.base import ADAPTER_NAMES, Adapter
from kernel.errors import ConfigError


def get_adapter(name: str) -> Adapter:
    """The adapter module called ``name``; ConfigError names the valid ones when it is unknown."""
    if name not in ADAPTER_NAMES:
        raise ConfigError(
            f"unknown adapter {name!r}; set the source's adapter to one of: "
            + ", ".join(ADAPTER_NAMES)
        )
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ConfigError(
            f"adapter {name!r} is listed but its module {module_name} is not installed; "
            "reinstall Horizon"
        ) from exc
    return cast(Adapter, module)
