"""Gate nodes as flytekit writes them (sleep, wait_for_input, approve), run locally without
waiting or reading stdin: the test gives signals and approvals, and a gate given nothing stops
the run naming the call to add."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.exceptions.user import (
    FlyteAssertion,
    FlyteValidationException,
    TypeTransformerFailedError,
)
from flytecheck.core.gate import GateNotAnswered
from flytecheck.mocks import approve, reject, signal
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from datetime import timedelta
from flytekit import approve, conditional, sleep, task, wait_for_input, workflow

@task
def compute(num: int) -> int:
    return num

@task
def finish(x: int, title: str) -> str:
    return f"{title}: {x}"

@task
def rejected() -> str:
    return "rejected"

@workflow
def gated(num: int) -> str:
    nap = sleep(timedelta(hours=10))
    result = compute(num=num)
    nap >> result
    title = wait_for_input("title", timeout=timedelta(hours=1), expected_type=str)
    approved = approve(result, "result-ok", timeout=timedelta(hours=2))
    return finish(x=approved, title=title)

@workflow
def reviewed(num: int) -> str:
    result = compute(num=num)
    passes = wait_for_input("review-passes", timeout=timedelta(hours=2), expected_type=bool)
    result >> passes
    return (
        conditional("review")
        .if_(passes.is_true())
        .then(finish(x=result, title="ok"))
        .else_()
        .then(rejected())
    )
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("gates"), SOURCE)


@pytest.mark.parametrize("name", ["gated", "reviewed"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_signals_and_approvals_come_from_the_test(both: tuple[Any, Any]) -> None:
    """A ten-hour sleep passes at once; the signal's value and the approval are the test's."""
    _, core = both
    with signal("title", "Q3"), approve("result-ok") as approval:
        assert core.gated(num=4) == "Q3: 4"
    assert approval.answered == 1


@pytest.mark.parametrize(("passes", "expected"), [(True, "ok: 2"), (False, "rejected")])
def test_a_signal_decides_a_branch(passes: bool, expected: str, both: tuple[Any, Any]) -> None:
    _, core = both
    with signal("review-passes", passes):
        assert core.reviewed(num=2) == expected


def test_a_gate_given_nothing_names_itself_and_the_call(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(GateNotAnswered, match=r"input 'title' \(a str\).*signal\('title', value\)"):
        core.gated(num=1)
    with (
        signal("title", "t"),
        pytest.raises(GateNotAnswered, match=r"approval 'result-ok'.*approve\('result-ok'\)"),
    ):
        core.gated(num=1)


def test_a_rejection_fails_the_run_at_the_gate(both: tuple[Any, Any]) -> None:
    _, core = both
    with (
        signal("title", "t"),
        reject("result-ok", "numbers look off"),
        pytest.raises(FlyteAssertion, match="'result-ok' was rejected: numbers look off"),
    ):
        core.gated(num=1)


def test_a_signal_of_the_wrong_type_names_the_signal(both: tuple[Any, Any]) -> None:
    _, core = both
    with (
        signal("review-passes", "yes"),
        pytest.raises(TypeTransformerFailedError, match=r"signal 'review-passes'.*bool.*'yes'"),
    ):
        core.reviewed(num=1)


def test_gates_belong_in_workflow_bodies(tmp_path: Path) -> None:
    source = """
        from datetime import timedelta
        from flytekit import wait_for_input

        wait_for_input("x", timeout=timedelta(hours=1), expected_type=int)
    """
    with pytest.raises(FlyteValidationException, match=r"inside a @workflow body"):
        load_core(tmp_path, source)


def test_a_gate_timeout_must_be_a_timedelta(tmp_path: Path) -> None:
    source = """
        from flytekit import task, wait_for_input, workflow

        @task
        def show(x: int) -> int:
            return x

        @workflow
        def wf() -> int:
            return show(x=wait_for_input("x", timeout=3600, expected_type=int))
    """
    module = load_core(tmp_path, source)
    with pytest.raises(
        FlyteValidationException, match=r"gate 'x': timeout must be a positive timedelta"
    ):
        module.wf.compile()
