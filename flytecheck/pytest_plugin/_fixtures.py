"""The classes behind the fixtures. Only the standard library at import time: the core is
imported when a fixture is first used, so `pytest` without Flyte tests pays nothing."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flytecheck.core.entrypoint import EntrypointResult
    from flytecheck.mocks import EntityMock, MockRunner

__all__ = ["FlyteExecute", "FlyteMocker"]

_UNSET: Any = object()


class FlyteMocker:
    """`flyte_mock`: stubs for tasks, workflows and launch plans for one test.

    `flyte_mock.task(t, return_value=...)` answers calls to `t` until the test ends, whatever
    its outcome. With `strict=True` (per stub, or `@pytest.mark.flyte_mock(strict=True)`), a stub
    the test never called fails it.
    """

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self._scope = contextlib.ExitStack()
        self._runner: MockRunner | None = None

    def _ensure_started(self) -> MockRunner:
        if self._runner is None:
            from flytecheck.core._runner import DEFAULT_RUNNER
            from flytecheck.core.context import FlyteContextManager, current_context
            from flytecheck.mocks import MockRunner

            ctx = current_context()
            self._runner = MockRunner(ctx.runner or DEFAULT_RUNNER)
            self._scope.enter_context(
                FlyteContextManager.with_context(ctx.new_builder(runner=self._runner))
            )
        return self._runner

    def task(
        self,
        entity: Any,
        *,
        return_value: Any = _UNSET,
        side_effect: Any = None,
        strict: bool | None = None,
    ) -> EntityMock:
        """Stub `entity` for the rest of the test; returns its mock."""
        from flytecheck.mocks import EntityMock, _runnable
        from flytecheck.mocks._mock import UNSET

        value = UNSET if return_value is _UNSET else return_value
        mock = EntityMock(
            _runnable(entity), value, side_effect, strict=self.strict if strict is None else strict
        )
        runner = self._ensure_started()
        from flytecheck.interop._fk_local import watching_if_flytekit

        self._scope.enter_context(watching_if_flytekit(mock.entity))
        return runner.add(mock)

    workflow = task
    launch_plan = task

    def signal(self, name: str, value: Any) -> None:
        """Give `wait_for_input(name, ...)` its value for the rest of the test (checked
        against the gate's type)."""
        from flytecheck.mocks import signal

        self._ensure_started()
        self._scope.enter_context(signal(name, value))

    def approve(self, name: str) -> None:
        """Approve the gate `approve(..., name, ...)` for the rest of the test."""
        from flytecheck.mocks import approve

        self._ensure_started()
        self._scope.enter_context(approve(name))

    def reject(self, name: str, reason: str = "rejected") -> None:
        """Reject the gate `approve(..., name, ...)`: the run fails there, as on the backend."""
        from flytecheck.mocks import reject

        self._ensure_started()
        self._scope.enter_context(reject(name, reason))

    @property
    def mocks(self) -> list[EntityMock]:
        return list(self._runner.mocks.values()) if self._runner is not None else []

    def unused(self) -> list[EntityMock]:
        """Strict stubs that were never called."""
        return [m for m in self.mocks if m.strict and not m.called]

    def stop(self) -> None:
        """Undo every stub (the fixture does this at teardown)."""
        self._scope.close()


class FlyteExecute:
    """`flyte_execute`: run a task exactly as its container would, in-process."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._runs = itertools.count()

    def __call__(self, task: Any, **inputs: Any) -> EntrypointResult:
        """flytecheck's entrypoint for a flytecheck task; flytekit's (pyflyte-execute's
        code, in-process) for a flytekit one."""
        from flytecheck.core.entrypoint import run_through_entrypoint
        from flytecheck.interop.flytekit import is_flytekit_entity

        workdir = self._workdir / f"run{next(self._runs)}"
        if is_flytekit_entity(task):
            from flytecheck.interop._fk_container import execute_flytekit_task

            result: EntrypointResult = execute_flytekit_task(task, inputs, workdir)
            return result
        return run_through_entrypoint(task, inputs, workdir=workdir)
