"""The layering the design promises, read from the source: no module imports from a layer above
its own or from a package beside it, and SQL is written only inside ``warehouse/``.

The layers, bottom up: ``kernel`` < ``warehouse`` < ``democorpus``, ``extractors``, ``models``,
``reports`` (side by side, none imports another) < ``pipelines``. Imports inside functions and
under ``TYPE_CHECKING`` count too: a type-only import still ties the lower layer to the upper.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each production package may import besides itself and third-party code.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "kernel": frozenset(),
    "warehouse": frozenset({"kernel"}),
    "democorpus": frozenset({"kernel", "warehouse"}),
    "extractors": frozenset({"kernel", "warehouse"}),
    "models": frozenset({"kernel", "warehouse"}),
    "reports": frozenset({"kernel", "warehouse"}),
    "pipelines": frozenset(
        {"kernel", "warehouse", "democorpus", "extractors", "models", "reports"}
    ),
}
OURS = frozenset(MAY_IMPORT) | {"tests", "benchmarks"}

# Statements, not prose: upper-case keywords in the shapes the warehouse writes them.
SQL = re.compile(
    r"\bSELECT\b[\s\S]+?\bFROM\b|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
    r"|\b(?:CREATE|ALTER|DROP)\s+(?:TABLE|VIEW|INDEX|SEQUENCE)\b"
)


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_packages(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every absolute import; relative ones stay in the package."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def _sql_strings(tree: ast.Module) -> Iterator[tuple[int, str]]:
    texts = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for node in texts:
        if match := SQL.search(node.value):
            yield node.lineno, match.group(0)


def test_every_installed_package_has_a_place_in_the_layers() -> None:
    """A new package must be placed here before it ships, or nothing would check its imports."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {pattern.rstrip("*") for pattern in included} == set(MAY_IMPORT)
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert on_disk == set(MAY_IMPORT)


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_no_module_imports_from_above_or_beside_its_layer(package: str) -> None:
    allowed = MAY_IMPORT[package] | {package}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in _modules(package)
        for line, imported in _imported_packages(_tree(path))
        if imported in OURS and imported not in allowed
    ]
    assert not wrong, f"{package} may import only {sorted(allowed)}:\n" + "\n".join(wrong)


def test_the_import_check_sees_every_kind_of_import() -> None:
    """The orchestration layer uses every layer below it, some of them only inside a function:
    finding them all means a pass above is no blind spot."""
    found = {
        imported
        for path in _modules("pipelines")
        for _, imported in _imported_packages(_tree(path))
    }
    assert found & OURS == MAY_IMPORT["pipelines"] | {"pipelines"}


@pytest.mark.parametrize("package", sorted(set(MAY_IMPORT) - {"warehouse"}))
def test_sql_is_written_only_in_the_warehouse(package: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line} {text[:60]!r}"
        for path in _modules(package)
        for line, text in _sql_strings(_tree(path))
    ]
    assert not found, "SQL outside warehouse/ (add a warehouse helper instead):\n" + "\n".join(
        found
    )


def test_the_sql_check_sees_the_warehouse_statements() -> None:
    """The pattern finds each kind of statement the warehouse writes, so a pass above means
    there is no SQL, not that the pattern has gone blind."""
    found = {
        text.split()[0] for path in _modules("warehouse") for _, text in _sql_strings(_tree(path))
    }
    assert {"SELECT", "INSERT", "UPDATE", "DELETE"} <= found
