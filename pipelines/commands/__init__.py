"""Command implementations registered on the ``horizon`` Typer app in ``pipelines/cli.py``."""
