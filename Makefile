# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Each creates or updates the virtual environment first when pyproject.toml changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint format bench bench-detection clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: the CPU build lies on local disk; an unpinned torch pulls CUDA.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/horizon demo

test: $(STAMP)
	$(BIN)/pytest

# The quick loop: everything but the tests marked slow (a full demo, a real Prefect server, a
# backtest or load test on real corpora); `make test` runs them all.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Detection on the demo and the real corpora (benchmarks/corpora, ../shared/data), with baselines.
bench-detection: $(STAMP)
	$(BIN)/python -m benchmarks.baselines

clean:
	rm -rf var/demo var/horizon.duckdb var/horizon.duckdb.wal var/reports var/outbox
