"""The embedded demo corpus: a year of synthetic feeds with planted topics and a server for them.

It stands beside the layers, not in them: it imports nothing of ours, so ``horizon demo``
(``pipelines/demo_run.py``), the tests and the benchmarks all build on it. ``horizon demo`` calls
:func:`generate_demo`, serves the result with :func:`serve_directory`, writes
:func:`demo_sources_toml` for the served URL and runs the weekly flow over every week.
"""

from democorpus.generator import DEMO_SOURCES, DemoCorpus, demo_sources_toml, generate_demo
from democorpus.server import serve_directory

__all__ = ["DEMO_SOURCES", "DemoCorpus", "demo_sources_toml", "generate_demo", "serve_directory"]
