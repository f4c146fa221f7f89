"""Mocks for tasks, workflows and launch plans: `task_mock` and `patch`, as in flytekit, plus
type-checked return values, recorded calls and `side_effect`.

    with task_mock(fetch) as m:
        m.return_value = [1, 2]
        assert pipeline(day="2026-01-01") == 3
        m.assert_called_once_with(day="2026-01-01")

A mock is a runner placed in the context for the `with` block: nothing is patched, and the
original is back when the block ends, also when the test fails.

This is where flytekit's `flytekit.testing` names live in flytecheck (`SecretsManager` too).
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from flytecheck.core._runner import DEFAULT_RUNNER
from flytecheck.core.context import FlyteContextManager, current_context
from flytecheck.core.secrets import SecretsManager
from flytecheck.mocks._gates import GateRunner, approve, reject, signal
from flytecheck.mocks._mock import UNSET, EntityMock
from flytecheck.mocks._runner import MockRunner

__all__ = [
    "EntityMock",
    "GateRunner",
    "MockRunner",
    "SecretsManager",
    "approve",
    "patch",
    "reject",
    "signal",
    "task_mock",
]

F = TypeVar("F", bound=Callable[..., Any])


@contextlib.contextmanager
def task_mock(
    entity: Any, *, return_value: Any = UNSET, side_effect: Any = None
) -> Iterator[EntityMock]:
    """Stand in for `entity` (a task, workflow or launch plan) inside the `with` block."""
    from flytecheck.interop._fk_local import watching_if_flytekit

    ctx = current_context()
    runner = MockRunner(ctx.runner or DEFAULT_RUNNER)
    mock = runner.add(EntityMock(_runnable(entity), return_value, side_effect))
    with (
        watching_if_flytekit(mock.entity),
        FlyteContextManager.with_context(ctx.new_builder(runner=runner)),
    ):
        yield mock


def _runnable(entity: Any) -> Any:
    if any(c.__module__.startswith("flytekit.") for c in type(entity).__mro__):
        from flytecheck.interop.flytekit import adapt

        return adapt(entity)
    return entity


def patch(entity: Any, *, return_value: Any = UNSET, side_effect: Any = None) -> Callable[[F], F]:
    """Decorate a test so that `entity` is mocked while it runs; the mock is passed as the test's
    first argument, as flytekit's `patch` passes it, and pytest's fixtures fill the rest."""

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with task_mock(entity, return_value=return_value, side_effect=side_effect) as mock:
                return fn(mock, *args, **kwargs)

        params = list(inspect.signature(fn).parameters.values())
        wrapper.__signature__ = inspect.Signature(params[1:])  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
