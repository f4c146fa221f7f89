"""`@task async def` as flytekit runs it: called directly it gives a coroutine with the task's
value; in a container (flytecheck-execute) the coroutine runs to its end; in a workflow the
node runs it (flytekit's local workflow run cannot: it binds the coroutine and fails)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from flytecheck.core.entrypoint import run_through_entrypoint
from tests.authoring import load_both, load_core

SOURCE = """
import asyncio

from flytekit import task, workflow


@task
async def slow_add(a: int, b: int) -> int:
    await asyncio.sleep(0)
    return a + b


@workflow
def wf(a: int) -> int:
    return slow_add(a=a, b=1)
"""


def test_a_direct_call_gives_a_coroutine_with_flytekits_value(tmp_path: Path) -> None:
    fk, core = load_both(tmp_path, SOURCE)
    from flytekit.core.python_function_task import AsyncPythonFunctionTask as FkAsync

    from flytecheck.core.python_function_task import AsyncPythonFunctionTask

    assert isinstance(fk.slow_add, FkAsync)
    assert isinstance(core.slow_add, AsyncPythonFunctionTask)
    ours, theirs = core.slow_add(a=1, b=2), fk.slow_add(a=1, b=2)
    assert asyncio.iscoroutine(ours)
    assert asyncio.iscoroutine(theirs)
    assert asyncio.run(ours) == asyncio.run(theirs) == 3


def test_a_workflow_and_a_container_run_the_coroutine(tmp_path: Path) -> None:
    core = load_core(tmp_path, SOURCE)
    assert core.wf(a=4) == 5
    result = run_through_entrypoint(core.slow_add, {"a": 2, "b": 2}, workdir=tmp_path / "run")
    assert result.outputs == 4


async def _awaited_in_a_running_loop(task: object) -> int:
    return await task(a=5, b=5)  # type: ignore[operator, no-any-return]


def test_awaited_where_a_loop_runs(tmp_path: Path) -> None:
    core = load_core(tmp_path, SOURCE)
    assert asyncio.run(_awaited_in_a_running_loop(core.slow_add)) == 10


def test_a_failure_in_the_coroutine_is_the_users(tmp_path: Path) -> None:
    core = load_core(
        tmp_path,
        """
        from flytekit import task, workflow

        @task
        async def broken(a: int) -> int:
            raise KeyError(a)
            return a

        @workflow
        def wf(a: int) -> int:
            return broken(a=a)
        """,
    )
    with pytest.raises(KeyError):
        core.wf(a=1)
