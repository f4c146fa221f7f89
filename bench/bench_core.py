"""Local execution and compilation, against plain Python doing the same work in the same run.

- a chain of 200 `int -> int` tasks: per-node overhead above calling the 200 functions directly
  (target: <= 50 us a node; flytekit spends about 1,500);
- compiling that chain: per node (target: <= 20 us);
- a 100,000-element list through a one-task workflow, against the two conversions it needs
  (to a literal and back): target <= 1.2x.
"""

from __future__ import annotations

from typing import List

from bench._chain_per_node import CHAIN, chain_and_plain, chain_body
from bench._harness import Figure, best_of, paired
from flytecheck.core import current_context, task, workflow
from flytecheck.core.types import TypeEngine
from flytecheck.core.workflow import PythonFunctionWorkflow


@task
def total(xs: List[int]) -> int:
    return len(xs)


@workflow
def through(xs: List[int]) -> int:
    return total(xs=xs)


def run() -> list[Figure]:
    chain, plain = chain_and_plain()
    ours, floor = paired(chain, plain, repeat=15)
    per_node = (ours - floor) / CHAIN
    compile_time = best_of(lambda: PythonFunctionWorkflow(chain_body).compile(), repeat=15) / CHAIN

    ctx = current_context()
    xs = list(range(100_000))
    codec = TypeEngine.codec(List[int])

    def two_conversions() -> int:
        return len(codec.decode(TypeEngine.to_literal(ctx, xs, List[int])))

    assert through(xs=xs) == len(xs)
    print(
        f"{'local run, per node above plain calls':<44} {per_node * 1e6:9.1f} us  (target <= 50 us)"
    )
    print(f"{'compile, per node':<44} {compile_time * 1e6:9.1f} us  (target <= 20 us)")
    return [
        Figure(
            "local run, 200-node chain",
            ours,
            floor + 50e-6 * CHAIN,
            1.0,
            "plain calls + 50 us/node",
        ),
        Figure(
            "compile, 200-node chain", compile_time * CHAIN, 20e-6 * CHAIN, 1.0, "20 us/node budget"
        ),
        Figure.compare(
            "List[int] x 100,000 through a workflow",
            lambda: through(xs=xs),
            two_conversions,
            1.2,
            "to_literal + to_python_value",
        ),
    ]
