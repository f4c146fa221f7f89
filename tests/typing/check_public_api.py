"""Checked by mypy --strict and by pyright (tests/typing/test_type_checkers.py), never run:
the public signatures users' type checkers see. A task, workflow or launch plan is typed as its
function, so a call outside a workflow has the function's type and a wrong, missing
or unknown input is an error; the configured decorator forms keep the signature."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from typing_extensions import assert_type

from flytecheck.core import (
    LaunchPlan,
    PythonFunctionTask,
    TypeEngine,
    current_context,
    dynamic,
    eager,
    map_task,
    reference_task,
    task,
    workflow,
)
from flytecheck.core.dynamic import DynamicTask
from flytecheck.core.eager import EagerTask
from flytecheck.core.reference import ReferenceTask
from flytecheck.core.workflow import PythonFunctionWorkflow


@task
def bare(x: int) -> int:
    return x


@task(retries=2, cache=True, cache_version="1")
def configured(x: int, label: str = "a") -> str:
    return label * x


@workflow
def wf(x: int) -> int:
    return bare(x=x)


@workflow(interruptible=True)
def configured_wf(x: int) -> str:
    return configured(x=x)


@dynamic
def fan_out(n: int) -> list[int]:
    return [bare(x=i) for i in range(n)]


@eager
async def eagerly(x: int) -> int:
    return x


@reference_task(project="p", domain="d", name="other.t", version="v1")
def elsewhere(a: int) -> float: ...  # type: ignore[empty-body]  # see docs/typing.md


plan = LaunchPlan.get_or_create(wf)

# each decorator keeps the function's signature in its type
as_task: PythonFunctionTask[..., int] = bare
as_configured: PythonFunctionTask[..., str] = configured
as_workflow: PythonFunctionWorkflow[..., int] = wf
as_configured_workflow: PythonFunctionWorkflow[..., str] = configured_wf
as_dynamic: DynamicTask[..., list[int]] = fan_out
as_eager: EagerTask[..., int] = eagerly
as_reference: ReferenceTask[..., float] = elsewhere
as_plan: LaunchPlan[PythonFunctionWorkflow[..., int]] = plan

# outside a workflow (a unit test), a call is typed as the function
assert_type(bare(x=1), int)
assert_type(configured(x=2), str)
assert_type(configured(x=2, label="b"), str)
assert_type(wf(x=1), int)
assert_type(plan(x=1), int)


async def awaits() -> None:
    awaitable: Coroutine[Any, Any, int] = eagerly(x=1)
    assert_type(await awaitable, int)


assert_type(elsewhere(a=1), float)

# a map task gives the list of the task's outputs (of Optionals when elements may fail)
assert_type(map_task(bare)(x=[1, 2]), list[int])
assert_type(map_task(bare, min_success_ratio=0.5)(x=[1, 2]), list[int | None])
assert_type(map_task(bare, min_successes=1)(x=[1]), list[int | None])

# wrong, missing and unknown inputs are errors
bare(x="one")  # type: ignore[arg-type]
bare()  # type: ignore[call-arg]
bare(x=1, y=2)  # type: ignore[call-arg]
configured(x=1, label=3)  # type: ignore[arg-type]
wf(x=1.5)  # type: ignore[arg-type]
plan(1)  # type: ignore[call-overload]

literal_type = TypeEngine.to_literal_type(int)
literal = TypeEngine.to_literal(current_context(), 1, int)
