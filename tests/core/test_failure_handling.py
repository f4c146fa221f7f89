"""Failure policies and failure nodes, locally and in the IDL; execution modes."""

from __future__ import annotations

from typing import Optional

import pytest

from flytecheck.core import WorkflowFailurePolicy, task, workflow
from flytecheck.core.context import ExecutionState, current_context
from flytecheck.core.exceptions import FlyteCompilationException
from flytecheck.core.serialize import SerializationSettings, get_serializable
from flytecheck.core.types.error import FlyteError

EVENTS: list[str] = []


@pytest.fixture(autouse=True)
def _clear() -> None:
    EVENTS.clear()


@task
def step(name: str) -> str:
    EVENTS.append(name)
    return name


@task
def explode(name: str) -> str:
    EVENTS.append(f"explode {name}")
    raise RuntimeError(f"{name} broke")
    return name  # flytekit refuses a task declaring outputs whose body has no return


@task
def clean_up(name: str, err: Optional[FlyteError] = None) -> None:
    EVENTS.append(
        f"clean_up {name}: {err.failed_node_id if err else None} {err.message if err else ''}"
    )


@workflow(on_failure=clean_up)
def stops_at_once(name: str) -> None:
    a = explode(name=name)
    step(name="independent")
    step(name=a)


@workflow(
    on_failure=clean_up, failure_policy=WorkflowFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE
)
def finishes_what_it_can(name: str) -> None:
    a = explode(name=name)
    step(name="independent")
    step(name=a)


def test_fail_immediately_runs_the_failure_node_then_raises() -> None:
    """By default nothing runs after a failure but the failure node, which gets the error."""
    with pytest.raises(RuntimeError, match="x broke"):
        stops_at_once(name="x")
    assert EVENTS[0] == "explode x"
    assert EVENTS[1].startswith("clean_up x: n0 task ")
    assert "x broke" in EVENTS[1]
    assert len(EVENTS) == 2


def test_fail_after_executable_nodes_complete() -> None:
    """With FAIL_AFTER_EXECUTABLE_NODES_COMPLETE, nodes not depending on the failure still run."""
    with pytest.raises(RuntimeError, match="y broke"):
        finishes_what_it_can(name="y")
    assert EVENTS[:2] == ["explode y", "independent"]
    assert EVENTS[2].startswith("clean_up y: n0")


def test_the_failure_node_and_policy_are_serialized() -> None:
    """on_failure becomes the template's failure_node; the policy its metadata."""
    template = get_serializable(finishes_what_it_can, SerializationSettings()).template  # type: ignore[union-attr]
    assert template.failure_node.task_node.reference_id.name.endswith("clean_up")
    assert [b.var for b in template.failure_node.inputs] == ["name"]
    assert template.metadata.on_failure == 1


@task
def needs_other(other: int) -> None:
    pass


def test_a_failure_handler_with_foreign_inputs() -> None:
    """A failure handler must take the workflow's inputs: others are named."""

    @workflow(on_failure=needs_other)
    def wf(name: str) -> None:
        step(name=name)

    with pytest.raises(
        FlyteCompilationException, match=r"takes input 'other', which the workflow does not have"
    ):
        wf.compile()


@task
def mode() -> int:
    state = current_context().execution_state
    return int(state.mode) if state is not None and state.mode is not None else 0


@workflow
def mode_in_workflow() -> int:
    return mode()


def test_execution_modes() -> None:
    """A direct task call runs in LOCAL_TASK_EXECUTION, a workflow in LOCAL_WORKFLOW_EXECUTION."""
    assert mode() == ExecutionState.Mode.LOCAL_TASK_EXECUTION == 3
    assert mode_in_workflow() == ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION == 2
