"""The README's commands and figures stay true: every ``make`` target and ``horizon`` command it
names exists, every source file it points at is there, and its sentence about the demo states
the bounds that the demo acceptance test asserts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pipelines.horizon_cli import horizon
from tests.support.demo_acceptance import MAX_FLAG_LEAD_WEEKS, MAX_SHARE_AT_FLAG

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# `horizon` followed by lower-case words: the command and its subcommand, or its first argument
# (`horizon import patents.csv` gives "import patents", whose --help is still import's help).
HORIZON_COMMAND = re.compile(r"(?<![\w.-])horizon((?: [a-z][a-z-]*)+)")


def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", makefile, flags=re.M))


def _horizon_commands() -> list[str]:
    return sorted({match.strip() for match in HORIZON_COMMAND.findall(README)})


def test_every_make_target_the_readme_names_exists() -> None:
    named = set(re.findall(r"\bmake ([a-z][\w-]*)", README))
    assert {"demo", "test", "test-fast", "lint"} <= named
    assert named <= _make_targets(), named - _make_targets()


def test_the_readme_names_the_main_commands() -> None:
    commands = {command.split()[0] for command in _horizon_commands()}
    assert {"run", "backfill", "import", "status", "demo", "serve"} <= commands


@pytest.mark.parametrize("command", _horizon_commands())
def test_every_horizon_command_the_readme_names_exists(command: str, tmp_path: Path) -> None:
    result = horizon(*command.split(), "--help", cwd=tmp_path)
    assert result.returncode == 0, f"horizon {command} --help:\n{result.stdout}{result.stderr}"


def test_every_source_file_the_readme_points_at_exists() -> None:
    paths = set(re.findall(r"`([\w./-]+\.py)`", README))
    assert paths, "the README names no source file any more: drop this test"
    assert not [p for p in paths if not (ROOT / p).is_file()]


def test_the_demo_figures_are_those_the_acceptance_test_asserts() -> None:
    text = " ".join(README.split())
    assert f"flagged within {MAX_FLAG_LEAD_WEEKS} weeks of its onset" in text
    assert f"before it reaches {MAX_SHARE_AT_FLAG * 100:g} % of a week's documents" in text
    assert "`tests/pipelines/test_demo_run.py` checks this" in text
