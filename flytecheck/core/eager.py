"""`@eager`: a workflow written as an async function, whose body runs as Python at execution.

Each entity it awaits (task, workflow, launch plan, another eager task) runs through the
context's runner, so stubs and coverage apply; control flow on the awaited values is plain
Python. An awaited entity's failure reaches the body as EagerException (the error itself is its
cause), as in flytekit. Called, an eager task runs its coroutine to the end and gives its value;
called where an event loop is already running (async test code), it gives a coroutine to await.
In a workflow it is a task node (flytekit serializes it as a python-task marked eager).
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar, cast, overload

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.context import (
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    current_context,
)
from flytecheck.core.exceptions.eager import EagerException
from flytecheck.core.exceptions.scopes import run_as_system, run_as_user
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.task import PythonFunctionTask, task
from flytecheck.core.types import TypeEngine

__all__ = [
    "EagerAsyncPythonFunctionTask",
    "EagerTask",
    "PendingCalls",
    "awaitable_run",
    "eager",
    "in_eager_body",
    "refuse_pending",
    "run_coroutine",
]

_EAGER = ExecutionState.Mode.EAGER_LOCAL_EXECUTION
P = ParamSpec("P")
R = TypeVar("R")


class EagerTask(PythonFunctionTask[P, Coroutine[Any, Any, R]]):
    """A task made by `@eager` of an async function."""

    is_eager = True

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Coroutine[Any, Any, R]:
        """Typed as flytekit's (a coroutine to await); outside an event loop the core also
        accepts the call used as its value (see the module's docstring)."""
        result: Any = super().__call__(*args, **kwargs)
        if current_context().compilation_state is not None or inspect.isawaitable(result):
            return cast("Coroutine[Any, Any, R]", result)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return cast("Coroutine[Any, Any, R]", result)

        async def done() -> Any:
            return result

        return done()

    def get_as_workflow(self) -> Any:
        """The workflow flytekit registers for this eager task: one node running it, the
        workflow's inputs and outputs its own, and a failure node that cleans up after it."""
        from flytecheck.core.eager_cleanup import EagerFailureHandlerTask
        from flytecheck.core.workflow import ImperativeWorkflow

        cleanup = EagerFailureHandlerTask(
            name=f"{self.name}-cleanup",
            container_image=self.container_image,
            inputs=self.interface.inputs,
        )
        built = ImperativeWorkflow(name=self.name)
        given = {n: built.add_workflow_input(n, t) for n, t in self.interface.inputs.items()}
        node = built.add_entity(self, **given)
        for name in self.interface.outputs:
            built.add_workflow_output(name, node.outputs[name])
        built.add_on_failure_handler(cleanup)
        return built

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        values = run_as_system(
            TypeEngine.literal_map_to_kwargs,
            ctx,
            inputs,
            self.interface.inputs,
            where=f"task {self.name!r}",
            pickle_untyped=self.interface.pickle_untyped,
        )
        body = ctx.new_builder(execution_state=ExecutionState(_EAGER))
        calls = PendingCalls(f"eager workflow {self.name!r}")
        function: Callable[..., Coroutine[Any, Any, Any]] = self.task_function
        result = run_as_user(calls.run, lambda: run_coroutine(body, lambda: function(**values)))
        return self.outputs_to_literals(ctx, result)


class PendingCalls:
    """The entity calls one run of an eager body made (awaitable_run records them), so a call
    the body never awaited is named: where its coroutine is used as a value, or, when the
    body ends or fails, as a call that never ran."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self.made: list[tuple[str, Coroutine[Any, Any, Any]]] = []

    def run(self, body: Callable[[], Any]) -> Any:
        """`body()` with this record current; its result, refused if a coroutine."""
        token = _PENDING.set(self)
        try:
            result = body()
        except FlyteValidationException:  # already named (a coroutine passed on as a value)
            self._refuse_never_awaited(None, name=False)
            raise
        except Exception as error:
            self._refuse_never_awaited(error)
            raise
        finally:
            _PENDING.reset(token)
        if inspect.iscoroutine(result):
            self._refuse_never_awaited(None, name=False)
            refuse_pending(result, f"the result of {self.subject}")
        self._refuse_never_awaited(None)
        return result

    def _refuse_never_awaited(self, error: Exception | None, *, name: bool = True) -> None:
        never = [s for s, c in self.made if inspect.getcoroutinestate(c) == "CORO_CREATED"]
        for _, call in self.made:
            call.close()  # closed now, so none warns later
        self.made.clear()
        if never and name:
            msg = (
                f"{self.subject} called {', '.join(never)} and never awaited it, so it never "
                "ran: write `await` before each call (or gather the calls with "
                "`await asyncio.gather(...)`)"
            )
            raise FlyteValidationException(msg) from error


_PENDING: contextvars.ContextVar[PendingCalls | None] = contextvars.ContextVar(
    "flytecheck_eager_calls", default=None
)


def refuse_pending(value: Any, where: str) -> None:
    """Refuse a coroutine where a value is needed: an entity call the body did not await."""
    if inspect.iscoroutine(value):
        msg = (
            f"{where} is an entity call that was never awaited (a coroutine, not its value): "
            "write `await` before the call in the eager body"
        )
        raise FlyteValidationException(msg)


EagerAsyncPythonFunctionTask = EagerTask
"""flytekit's name for the class of eager tasks."""


def run_coroutine(ctx: FlyteContext, make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run the coroutine `make()` to its end in `ctx`; on a thread of its own when an event
    loop already runs on this one (an eager task awaited in another's body)."""

    def main() -> Any:
        with FlyteContextManager.with_context(ctx):
            return asyncio.run(make())

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return main()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(contextvars.copy_context().run, main).result()


def in_eager_body(ctx: FlyteContext) -> bool:
    state = ctx.execution_state
    return state is not None and state.mode == _EAGER


def awaitable_run(
    subject: str,
    run: Callable[[], Any],
    failure: type[Exception] = EagerException,
    calls: PendingCalls | None = None,
) -> Coroutine[Any, Any, Any]:
    """An entity call in an eager body: run when awaited; its failure as `failure` (the
    EagerException of the SDK that wrote the body), the error itself its cause. The call is
    recorded in `calls` (by default the run's, where the context carries it)."""

    async def awaited() -> Any:
        try:
            return run()
        except Exception as error:
            msg = f"{subject} failed in an eager workflow: {type(error).__name__}: {error}"
            raise failure(msg) from error

    call = awaited()
    calls = calls or _PENDING.get()
    if calls is not None:
        calls.made.append((subject, call))
    return call


@overload
def eager(_fn: Callable[P, Coroutine[Any, Any, R]], /) -> EagerTask[P, R]: ...


@overload
def eager(
    _fn: None = None, /, **options: Any
) -> Callable[[Callable[P, Coroutine[Any, Any, R]]], EagerTask[P, R]]: ...


def eager(
    _fn: Callable[..., Any] | None = None, /, **options: Any
) -> EagerTask[Any, Any] | Callable[[Callable[..., Any]], EagerTask[Any, Any]]:
    """Make an eager workflow of an async function; usable bare or with @task's options."""

    def wrap(fn: Callable[..., Any]) -> EagerTask[Any, Any]:
        if not inspect.iscoroutinefunction(fn):
            msg = (
                f"@eager {fn.__module__}.{fn.__name__}: an eager workflow is an async function; "
                "write `async def` and `await` the tasks it calls"
            )
            raise FlyteValidationException(msg)
        options.setdefault("enable_deck", True)
        made = task(_task_class=EagerTask, **options)(fn)
        assert isinstance(made, EagerTask)
        return made

    if _fn is not None:
        return wrap(_fn)
    return wrap
