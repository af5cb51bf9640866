"""One full demo corpus per test session: generating all 52 weeks takes about two seconds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from democorpus import DemoCorpus, generate_demo


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> DemoCorpus:
    return generate_demo(tmp_path_factory.mktemp("demo"), seed=2025)


@pytest.fixture(scope="session")
def truth(demo_corpus: DemoCorpus) -> dict[str, Any]:
    return json.loads(demo_corpus.ground_truth.read_text(encoding="utf-8"))


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by relative path, for byte-for-byte comparisons."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
