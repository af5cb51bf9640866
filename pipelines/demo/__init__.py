"""The embedded demo corpus: a year of synthetic feeds with planted topics and a server for them.

``horizon demo`` calls :func:`generate_demo`, serves the result with :func:`serve_directory`,
writes :func:`demo_sources_toml` for the served URL and runs the weekly flow over every week.
"""

from pipelines.demo.generator import DEMO_SOURCES, DemoCorpus, demo_sources_toml, generate_demo
from pipelines.demo.server import serve_directory

__all__ = ["DEMO_SOURCES", "DemoCorpus", "demo_sources_toml", "generate_demo", "serve_directory"]
