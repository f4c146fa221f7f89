"""Both authoring paths meet the same checker: a workflow written with flytekit (checked on
flytekit's own IDL) and the same workflow written on flytecheck.core (checked on what the core
serializes) get the same codes and the same messages, and real Flyte code is never refused."""

from __future__ import annotations

import functools
import typing
from datetime import timedelta

import flytekit
import pytest

import flytecheck.core as fc
from flytecheck.core.exceptions.user import FlyteCompilationException
from flytecheck.core.idl_check import WorkflowCompileError
from flytecheck.discovery import compile_any


def _codes_and_messages(entity: typing.Any) -> list[tuple[str, str, str]]:
    return [(e.code, e.node, e.message) for e in compile_any(entity).errors]


@fc.task
def core_inc(x: int) -> int:
    return x + 1


@flytekit.task
def kit_inc(x: int) -> int:
    return x + 1


@fc.workflow
def core_passthrough(x: int) -> int:
    return x


@flytekit.workflow
def kit_passthrough(x: int) -> int:
    return x


def test_a_workflow_with_no_nodes_is_refused_on_both_paths_with_one_message() -> None:
    """flytekit runs it locally and registration refuses it (NoNodesFound)."""
    assert kit_passthrough(x=3) == 3  # flytekit's local run is happy
    core = _codes_and_messages(core_passthrough)
    kit = _codes_and_messages(kit_passthrough)
    assert core == kit
    assert [c for c, _, _ in core] == ["NoNodesFound"]
    with pytest.raises(WorkflowCompileError, match=r"\[NoNodesFound\] node start-node"):
        core_passthrough(x=3)


def test_a_type_mismatch_reads_the_same_on_both_paths() -> None:
    @flytekit.workflow
    def kit_wired_wrong(name: str) -> int:
        return kit_inc(x=name)

    @fc.workflow
    def core_wired_wrong(name: str) -> int:
        return core_inc(x=name)

    kit = compile_any(kit_wired_wrong).errors
    with pytest.raises(FlyteCompilationException) as caught:
        core_wired_wrong.compile()
    assert [e.code for e in kit] == ["MismatchingTypes"]
    assert caught.value.code == "MismatchingTypes"
    assert str(caught.value).endswith(f"node n0 (core_inc): {kit[0].message}")
    assert kit[0].node == "n0 (kit_inc)"


@flytekit.task
def kit_square(x: int, power: int = 2) -> int:
    return x**power


@flytekit.workflow
def kit_mapped(xs: typing.List[int]) -> typing.List[int]:
    return flytekit.map_task(functools.partial(kit_square, power=3))(x=xs)


@flytekit.workflow
def kit_gates(x: int) -> int:
    first = kit_inc(x=x)
    pause = flytekit.sleep(timedelta(seconds=1))
    first >> pause
    given = flytekit.wait_for_input("given", timeout=timedelta(hours=1), expected_type=int)
    approved = flytekit.approve(first, "ok", timeout=timedelta(hours=1))
    return kit_inc(x=kit_inc(x=given)) + 0 if False else kit_inc(x=approved)


kit_mapped_lp = flytekit.LaunchPlan.get_or_create(kit_mapped, "kit_mapped_lp")


@flytekit.workflow
def kit_parent(xs: typing.List[int], x: int) -> typing.List[int]:
    kit_gates(x=x)
    return kit_mapped_lp(xs=xs)


@pytest.mark.parametrize("entity", [kit_mapped, kit_gates, kit_parent, kit_mapped_lp])
def test_flytekit_node_kinds_compile_clean(entity: typing.Any) -> None:
    """Array nodes (map_task with a partial), gates (sleep, signal, approve), launch-plan and
    sub-workflow nodes, as flytekit serializes them: no false refusal."""
    assert compile_any(entity).errors == ()


def test_a_flytekit_signal_of_the_wrong_type_is_refused() -> None:
    @flytekit.workflow
    def waits_for_text(x: int) -> int:
        given = flytekit.wait_for_input("given", timeout=timedelta(hours=1), expected_type=str)
        return kit_inc(x=given)

    (error,) = compile_any(waits_for_text).errors
    assert error.code == "MismatchingTypes"
    assert "input 'x' takes int, but is bound to n0.o0, a str" in error.message


def test_flytekit_launch_plans_with_fixed_and_default_inputs_compile_clean() -> None:
    fixed = flytekit.LaunchPlan.get_or_create(kit_gates, "kit_gates_fixed", fixed_inputs={"x": 1})
    defaulted = flytekit.LaunchPlan.get_or_create(
        kit_mapped, "kit_mapped_default", default_inputs={"xs": [1, 2]}
    )
    assert compile_any(fixed).errors == ()
    assert compile_any(defaulted).errors == ()
