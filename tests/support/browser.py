"""Headless Chromium for the report tests: Debian's ``chromium`` driven by Playwright.

Playwright's own browser download cannot reach its host here, so ``executable_path`` points at
the system browser. The ``browser`` and ``visit`` fixtures that use this live in
``tests/conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class Visit:
    """What a page did while it was open."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def assert_inert(self) -> None:
        assert self.dialogs == []
        assert self.errors == []
        assert [text for kind, text in self.console if kind in ("error", "warning")] == []
        assert self.requests == [self.url]


def screenshot_dir(tmp_path: Path) -> Path:
    var = ROOT / "var"
    folder = var / "screenshots" if var.is_dir() else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
