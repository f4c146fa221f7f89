"""A map task over 1,000 elements, against 1,000 runs of the same task through the runner in the
same process (the floor: what the elements cost by themselves): target <= 2x."""

from __future__ import annotations

from typing import List

from flyteidl.core.literals_pb2 import LiteralMap

from bench._harness import Figure
from flytecheck.core import current_context, map_task, task, workflow
from flytecheck.core.local import run_entity
from flytecheck.core.types import TypeEngine

ELEMENTS = 1_000


@task
def square(x: int) -> int:
    return x * x


@workflow
def mapped(xs: List[int]) -> List[int]:
    return map_task(square)(x=xs)


def run() -> list[Figure]:
    ctx = current_context()
    xs = list(range(ELEMENTS))
    assert mapped(xs=xs) == [x * x for x in xs]
    inputs = [TypeEngine.dict_to_literal_map(ctx, {"x": x}, {"x": int}) for x in xs]

    def direct() -> int:
        out: LiteralMap | None = None
        for lm in inputs:
            out = run_entity(square, lm, ctx)
        return len(out.literals) if out is not None else 0

    return [
        Figure.compare(
            f"map task over {ELEMENTS:,} elements",
            lambda: mapped(xs=xs),
            direct,
            2.0,
            f"{ELEMENTS:,} runs through the runner",
        )
    ]
