"""``python -m tests.reliability.killpoint MODULE FUNCTION N horizon-args…``: the real ``horizon``
command, SIGKILLed by itself right after the N-th call of ``MODULE.FUNCTION`` returns.

A kill from outside can only be timed by log lines, which come before or after a stage's writes,
never between them. This lands the kill at an exact point inside a transaction (after some of
its rows are written, before it commits), which is where atomicity matters. The function still
runs for real; only the moment of death is chosen.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
from typing import Any


def arm(module_name: str, function_name: str, call: int) -> None:
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    calls = 0

    @functools.wraps(original)
    def then_die(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        result = original(*args, **kwargs)
        calls += 1
        if calls == call:
            # not print(): inside a flow with log_prints it would go to Prefect's logger
            sys.stderr.write(f"killpoint: SIGKILL after call {call} of {function_name}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(module, function_name, then_die)


if __name__ == "__main__":
    module_name, function_name, call, *horizon_args = sys.argv[1:]
    from pipelines.cli import main

    arm(module_name, function_name, int(call))
    sys.argv = ["horizon", *horizon_args]
    main()
