"""`@dynamic`: a task whose body builds a workflow at run time, from its real input values.

In a workflow it is a task node like any other (its IDL is a python-task's). When it runs, its
body is called in compilation mode with the input *values*: Python control flow on them is
allowed, every entity call adds a node of a sub-graph, and the same executor then runs that
sub-graph node by node, through the context's runner, so mocks, coverage and the compile rules
apply inside it as in any workflow.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ParamSpec, Protocol, TypeVar, overload

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.compiler import bind_outputs, finish_graph
from flytecheck.core.context import ExecutionState, FlyteContext, FlyteContextManager
from flytecheck.core.exceptions.scopes import run_as_system, run_as_user
from flytecheck.core.graph import WorkflowGraph
from flytecheck.core.node import CompilationState
from flytecheck.core.task import PythonFunctionTask, task
from flytecheck.core.types import TypeEngine

__all__ = ["DynamicTask", "dynamic"]

P = ParamSpec("P")
R = TypeVar("R")


class DynamicTask(PythonFunctionTask[P, R]):
    """A task made by `@dynamic`: run, it compiles its body on its inputs and runs the result."""

    def sub_graph(
        self, ctx: FlyteContext, values: dict[str, Any], *, prefix: str = ""
    ) -> WorkflowGraph:
        """The workflow the body builds for these input values (node ids `{prefix}n0`...)."""
        state = CompilationState(self.name, prefix=prefix)
        mode = ExecutionState(ExecutionState.Mode.DYNAMIC_TASK_EXECUTION)
        building = ctx.new_builder(compilation_state=state, execution_state=mode)
        with FlyteContextManager.with_context(building):
            result = run_as_user(self.task_function, **values)
            outputs = run_as_user(bind_outputs, self, result)
        return finish_graph(self, state, outputs, empty_ok=True)

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """Build the sub-graph on the input values, then run it with the same executor. The
        nodes' own errors come out as they are, not as this task's."""
        from flytecheck.core.local import execute_workflow

        graph = run_as_system(self.graph_for, ctx, inputs)
        return execute_workflow(graph, LiteralMap(), ctx)

    def graph_for(
        self, ctx: FlyteContext, inputs: LiteralMap, *, prefix: str = ""
    ) -> WorkflowGraph:
        """The sub-graph for these input literals (node ids `{prefix}n0`, ...)."""
        values = TypeEngine.literal_map_to_kwargs(
            ctx,
            inputs,
            self.interface.inputs,
            where=f"task {self.name!r}",
            pickle_untyped=self.interface.pickle_untyped,
        )
        return self.sub_graph(ctx, values, prefix=prefix)


class DynamicDecorator(Protocol):
    """What `@dynamic(...)` gives: the decorator, configured."""

    def __call__(self, fn: Callable[P, R], /) -> DynamicTask[P, R]: ...


@overload
def dynamic(_task_function: Callable[P, R], /) -> DynamicTask[P, R]: ...


@overload
def dynamic(
    _task_function: None = None,
    /,
    *,
    retries: int = ...,
    timeout: int | datetime.timedelta = ...,
    **options: Any,
) -> DynamicDecorator: ...


def dynamic(
    _task_function: Callable[..., Any] | None = None, /, **options: Any
) -> DynamicTask[Any, Any] | Callable[[Callable[..., Any]], DynamicTask[Any, Any]]:
    """Make a dynamic task of a typed function; usable bare or with @task's options."""

    def wrap(fn: Callable[..., Any]) -> DynamicTask[Any, Any]:
        made = task(_task_class=DynamicTask, **options)(fn)
        assert isinstance(made, DynamicTask)
        return made

    if _task_function is not None:
        return wrap(_task_function)
    return wrap
