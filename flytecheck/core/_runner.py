"""The seam where a task is run: literals in, literals out.

The local executor never calls a task's function directly; it asks the context's TaskRunner.
The default runner executes the task; a mock (flytecheck.mocks) is another TaskRunner that
checks what it returns against the task's interface and records the calls. Nothing is patched,
so nothing leaks when a test fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core.context import FlyteContext
    from flytecheck.core.task import Task

__all__ = ["DefaultRunner", "TaskRunner"]


class TaskRunner(Protocol):
    """Runs one task on its input literals and returns its output literals."""

    def run(self, task: Task, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap: ...


class DefaultRunner:
    """Runs the task itself."""

    def run(self, task: Task, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
        return task.dispatch_execute(ctx, inputs)


DEFAULT_RUNNER = DefaultRunner()
