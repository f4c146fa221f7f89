"""Checked by mypy (`make typecheck`), never run: the public signatures users' type checkers see."""

from __future__ import annotations

from typing_extensions import assert_type

from flytecheck.core import (
    LaunchPlan,
    PythonFunctionTask,
    TypeEngine,
    current_context,
    task,
    workflow,
)
from flytecheck.core.workflow import PythonFunctionWorkflow


@task
def bare(x: int) -> int:
    return x


@task(retries=2, cache=True, cache_version="1")
def configured(x: int) -> int:
    return x


@workflow
def wf(x: int) -> int:
    return bare(x=x)  # type: ignore[no-any-return]


assert_type(bare, PythonFunctionTask)
assert_type(configured, PythonFunctionTask)
assert_type(wf, PythonFunctionWorkflow)
assert_type(LaunchPlan.get_or_create(wf), LaunchPlan)
literal_type = TypeEngine.to_literal_type(int)
literal = TypeEngine.to_literal(current_context(), 1, int)
