"""The seam where an entity is run: literals in, literals out.

The local executor never calls a task's function, or interprets a sub-workflow or a launch
plan, on its own: it asks the context's runner. The default runner does the work; a mock
(flytecheck.mocks) is another runner that answers for the entities it stands in for, checks what
it returns against their interfaces and records the calls, and hands everything else on.
Nothing is patched, so nothing leaks when a test fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core.context import FlyteContext, Runner

    EntityRunner: TypeAlias = Runner
    """The runner protocol (defined with the context, which holds the current runner)."""
    TaskRunner: TypeAlias = Runner

__all__ = ["DEFAULT_RUNNER", "DefaultRunner"]


class DefaultRunner:
    """Runs the entity itself."""

    def run(self, entity: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        from flytecheck.core.local import execute_workflow

        needs_stub = getattr(entity, "unstubbed", None)  # runs on a cluster only: stub it
        if needs_stub is not None and (error := needs_stub()) is not None:
            raise error
        answer = getattr(entity, "answer_itself", None)  # another SDK's stub of it, if any
        if answer is not None and (answered := answer(inputs, ctx)) is not None:
            found: LiteralMap = answered
            return found
        kind = entity.node_kind
        if kind in ("task", "array", "array_node", "gate"):
            outputs: LiteralMap = entity.dispatch_execute(ctx, inputs)
            return outputs
        if kind == "launch_plan":
            return execute_workflow(entity.workflow.compile(), entity.full_inputs(inputs), ctx)
        return execute_workflow(entity.compile(), inputs, ctx)


DEFAULT_RUNNER = DefaultRunner()
