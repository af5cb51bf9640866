"""``python -m pipelines`` is the ``horizon`` command."""

from pipelines.cli import main

main()
