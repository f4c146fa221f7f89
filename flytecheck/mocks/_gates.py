"""Answers for gate nodes: a signal's value, an approval or a rejection, given by the test."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from flytecheck.core._runner import DEFAULT_RUNNER
from flytecheck.core.context import FlyteContextManager, current_context
from flytecheck.core.exceptions.user import FlyteAssertion
from flytecheck.core.task import outputs_to_literal_map

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core._runner import EntityRunner
    from flytecheck.core.context import FlyteContext

__all__ = ["GateRunner", "approve", "reject", "signal"]

Answer = Callable[[Any, "LiteralMap", "FlyteContext"], "LiteralMap"]


class GateRunner:
    """Answers the gates of one kind and name; everything else goes to `fallback`."""

    def __init__(self, fallback: EntityRunner, kind: str, name: str, answer: Answer) -> None:
        self.fallback = fallback
        self.kind = kind
        self.name = name
        self.answer = answer
        self.answered = 0

    def run(self, entity: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        if getattr(entity, "node_kind", None) == "gate" and (entity.kind, entity.name) == (
            self.kind,
            self.name,
        ):
            self.answered += 1
            return self.answer(entity, inputs, ctx)
        return self.fallback.run(entity, inputs, ctx)


@contextlib.contextmanager
def _answering(kind: str, name: str, answer: Answer) -> Iterator[GateRunner]:
    ctx = current_context()
    runner = GateRunner(ctx.runner or DEFAULT_RUNNER, kind, name, answer)
    with FlyteContextManager.with_context(ctx.new_builder(runner=runner)):
        yield runner


def signal(name: str, value: Any) -> contextlib.AbstractContextManager[GateRunner]:
    """Give `wait_for_input(name, ...)` the value `value` (checked against its type)."""

    def answer(gate: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        return outputs_to_literal_map(ctx, gate.interface, value, f"signal {name!r}")

    return _answering("signal", name, answer)


def approve(name: str) -> contextlib.AbstractContextManager[GateRunner]:
    """Approve `approve(..., name, ...)`: the approved value passes on."""

    def answer(gate: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        return inputs

    return _answering("approve", name, answer)


def reject(name: str, reason: str = "rejected") -> contextlib.AbstractContextManager[GateRunner]:
    """Reject `approve(..., name, ...)`: the run fails at that gate, as the backend fails it."""

    def answer(gate: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        msg = f"approval {name!r} was rejected: {reason}"
        raise FlyteAssertion(msg)

    return _answering("approve", name, answer)
