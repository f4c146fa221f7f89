"""Tasks of `async def` functions (`@task async def fetch(...)`), as flytekit runs them: in a
container or a workflow the coroutine runs to its end; called directly, the task gives a
coroutine to await (`await fetch(url=...)` or `asyncio.run(fetch(url=...))`)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

from flytecheck.core.context import current_context
from flytecheck.core.eager import in_eager_body, run_coroutine
from flytecheck.core.task import PythonFunctionTask

__all__ = ["AsyncPythonFunctionTask"]

P = ParamSpec("P")
R = TypeVar("R")


class AsyncPythonFunctionTask(PythonFunctionTask[P, R]):
    """A task made by `@task` of an async function."""

    def execute(self, **kwargs: Any) -> Any:
        function: Callable[..., Coroutine[Any, Any, Any]] = self.task_function  # type: ignore[assignment]
        return run_coroutine(current_context(), lambda: function(**kwargs))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ctx = current_context()
        if ctx.compilation_state is not None or in_eager_body(ctx):
            return super().__call__(*args, **kwargs)
        call = super().__call__

        async def called() -> Any:
            return call(*args, **kwargs)

        return called()
