"""A flytekit `@eager` workflow, run here: its body as Python, each entity it calls through
the runner, so stubs, flytekit's own task_mock and the coverage of the workflows it calls all
apply inside it.

flytekit gives the seam: in its EAGER_EXECUTION mode every entity called in the body goes to
the context's worker queue (on a cluster, the queue launches an execution per call). Here the
queue is `_Calls`, which answers each call with an awaitable that runs the entity through the
runner when the body awaits it, as a Flyte backend runs the call the body awaits. An entity
called and never awaited never ran: the run fails naming it, rather than pass on a value that
was never computed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.context import FlyteContext, FlyteContextManager
from flytecheck.core.eager import PendingCalls, awaitable_run, refuse_pending, run_coroutine
from flytecheck.core.exceptions.scopes import run_as_user
from flytecheck.core.node import kind_name
from flytecheck.interop import _fk_values as values
from flytecheck.interop._fk_entities import FlytekitTask

__all__ = ["FlytekitEager"]


class FlytekitEager(FlytekitTask):
    """A flytekit @eager workflow (flytekit's EagerAsyncPythonFunctionTask)."""

    is_eager = True

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        if self.mocked_by_flytekit():  # flytekit's own task_mock answers through its path
            return super().dispatch_execute(ctx, inputs)
        given = values.literals_to_inputs(self.wrapped, inputs)
        calls = _Calls(ctx, PendingCalls(f"eager workflow {self.name!r}"))
        result = run_as_user(
            calls.pending.run, lambda: run_coroutine(ctx, lambda: calls.body(self.wrapped, given))
        )
        return values.result_to_literals(self.wrapped, result, f"eager workflow {self.name!r}")


class _Calls:
    """flytekit's worker queue for one run of an eager body: the entities it calls."""

    def __init__(self, ctx: FlyteContext, pending: PendingCalls) -> None:
        self.ctx = ctx
        self.pending = pending  # flytekit runs some calls on a thread of its own: passed, not found
        self.fk = values.fk_context()
        self.loop: asyncio.AbstractEventLoop | None = None

    async def body(self, task: Any, given: dict[str, Any]) -> Any:
        """The eager function itself, in flytekit's eager mode with this queue."""
        from flytekit import FlyteContextManager as FkContexts
        from flytekit.core.context_manager import ExecutionState as FkState

        self.loop = asyncio.get_running_loop()
        state = self.fk.new_execution_state().with_params(mode=FkState.Mode.EAGER_EXECUTION)
        eager = self.fk.with_execution_state(state).with_worker_queue(self)
        with FkContexts.with_context(eager):
            return await task._task_function(**given)

    async def add(self, entity: Any, input_kwargs: dict[str, Any]) -> Any:
        """flytekit's call: from a sync entity's `__call__` (on flytekit's own loop thread),
        whose result the body awaits; from an async one's, awaited on the body's loop."""
        call = self._call(entity, input_kwargs)
        if asyncio.get_running_loop() is self.loop:
            return await call
        return call

    def _call(self, entity: Any, given: dict[str, Any]) -> Coroutine[Any, Any, Any]:
        from flytekit.exceptions.eager import EagerException

        from flytecheck.interop.flytekit import adapt

        subject = f"{kind_name(adapt(entity))} {entity.name!r}"
        for name, value in given.items():
            refuse_pending(value, f"input {name!r} of {subject}")
        return awaitable_run(
            subject, lambda: self._run(entity, given), EagerException, self.pending
        )

    def _run(self, entity: Any, given: dict[str, Any]) -> Any:
        from flytekit import FlyteContextManager as FkContexts

        from flytecheck.core.local import run_entity
        from flytecheck.interop.flytekit import adapt

        with FkContexts.with_context(self.fk.new_builder()):
            inputs = values.inputs_to_literals(entity, given)
            with FlyteContextManager.with_context(self.ctx):
                outputs = run_entity(adapt(entity), inputs, self.ctx)
            return values.literals_to_result(entity, outputs)
