"""``horizon terms "text"``: one term per line, ``--json``, standard input, and bad calls."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from kernel.errors import HorizonError
from pipelines.commands.terms import terms_command

TEXT = (
    "A metal–organic framework (MOF) captures carbon dioxide; the MOF is cheaper than "
    "amine scrubbing. The present invention relates to a method."
)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("terms")(terms_command)
    app.command("other")(lambda: None)
    return app


def test_terms_one_per_line(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["terms", TEXT])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "metal organic framework",
        "carbon dioxide",
        "amine scrubbing",
    ]


def test_terms_as_json(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["terms", "--json", TEXT])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload[0] == {"term": "metal organic framework", "count": 2, "span": [2, 25]}
    assert TEXT.replace("–", "-")[2:25] == "metal-organic framework"
    assert {item["term"] for item in payload} == {
        "metal organic framework",
        "carbon dioxide",
        "amine scrubbing",
    }


def test_terms_from_standard_input(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["terms", "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert "amine scrubbing" in result.output.splitlines()


def test_empty_text_prints_nothing(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["terms", "--json", ""])
    assert result.exit_code == 0
    assert json.loads(result.output) == []
    assert CliRunner().invoke(app, ["terms", "   "]).output == ""


def test_no_text_and_no_top_is_an_error(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["terms"])
    assert isinstance(result.exception, HorizonError)
    assert "--top" in str(result.exception)


def test_top_without_a_warehouse_says_what_to_do(app: typer.Typer, tmp_path) -> None:
    result = CliRunner().invoke(app, ["terms", "--top", "5", "--db", str(tmp_path / "none.db")])
    assert isinstance(result.exception, HorizonError)
    assert "horizon demo" in str(result.exception)
