"""Prints one figure, in seconds: the per-node cost of running a 200-task chain locally, above
calling the 200 functions directly (best of N, both timed in turn). Run as a script, so the
core it measures is whichever `flytecheck` is first on sys.path: bench_node_floor.py runs it
against this checkout and against an older commit's core, side by side."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable

from flytecheck.core import task
from flytecheck.core.workflow import PythonFunctionWorkflow

CHAIN = 200


@task
def inc(x: int) -> int:
    return x + 1


def chain_body(x: int) -> int:
    for _ in range(CHAIN):
        x = inc(x=x)
    return x


def chain_and_plain() -> tuple[Callable[[], int], Callable[[], int]]:
    """The chain run as a workflow, and the same 200 calls as plain Python."""
    chain = PythonFunctionWorkflow(chain_body)
    assert chain(x=0) == CHAIN
    fn = inc.task_function

    def plain() -> int:
        x = 0
        for _ in range(CHAIN):
            x = fn(x)
        return x

    return (lambda: chain(x=0)), plain


def main(repeat: int) -> float:
    ours, plain = chain_and_plain()
    best_ours = best_plain = float("inf")
    gc.collect()
    gc.disable()
    for _ in range(repeat):
        start = time.perf_counter()
        ours()
        middle = time.perf_counter()
        plain()
        end = time.perf_counter()
        best_ours, best_plain = min(best_ours, middle - start), min(best_plain, end - middle)
    return (best_ours - best_plain) / CHAIN


if __name__ == "__main__":
    print(main(int(sys.argv[1])))
