"""@dynamic: the body runs at execution on real input values and builds a sub-graph that the same
executor runs, so stubs, observers (coverage) and the compile rules apply inside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.exceptions.user import (
    FlytePromiseMisuseError,
    TypeTransformerFailedError,
)
from flytecheck.core.local import add_observer, remove_observer
from flytecheck.mocks import task_mock
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from flytekit import dynamic, task, workflow

@task
def square(n: int) -> int:
    return n * n

@task
def total(xs: list[int]) -> int:
    return sum(xs)

@dynamic
def squares(a: int) -> list[int]:
    return [square(n=i) for i in range(a)]

@dynamic(retries=2)
def sum_of_squares(a: int) -> int:
    if a == 0:
        return 0
    return total(xs=[square(n=i) for i in range(a)])

@workflow
def wf(a: int) -> int:
    return sum_of_squares(a=a)

@dynamic
def calls_a_workflow(a: int) -> int:
    return wf(a=a + 1)
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("dynamic"), SOURCE)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("squares", {"a": 4}),
        ("squares", {"a": 0}),
        ("sum_of_squares", {"a": 3}),
        ("sum_of_squares", {"a": 0}),
        ("wf", {"a": 5}),
        ("calls_a_workflow", {"a": 2}),
    ],
)
def test_results_equal_flytekits(name: str, kwargs: dict[str, int], both: tuple[Any, Any]) -> None:
    fk, core = both
    assert getattr(core, name)(**kwargs) == getattr(fk, name)(**kwargs)


@pytest.mark.parametrize("name", ["squares", "sum_of_squares", "wf"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_stubs_apply_inside_the_body(both: tuple[Any, Any]) -> None:
    """A task called by a dynamic body is stubbed like any other."""
    _, core = both
    with task_mock(core.square, return_value=10) as square:
        assert core.wf(a=3) == 30
    assert [c["n"] for c in square.calls] == [0, 1, 2]


def test_the_sub_graph_runs_through_the_executor(both: tuple[Any, Any]) -> None:
    """Observers (the coverage report) see every node of the sub-graph, under its task."""
    _, core = both
    seen: list[tuple[str, str]] = []

    def observe(graph: Any, node: Any, case: str | None) -> None:
        seen.append((graph.name, node.name))

    add_observer(observe)
    try:
        core.sum_of_squares(a=2)
    finally:
        remove_observer(observe)
    assert seen == [
        (core.sum_of_squares.name, "square"),
        (core.sum_of_squares.name, "square"),
        (core.sum_of_squares.name, "total"),
    ]


BAD = """
from flytekit import dynamic, task

@task
def square(n: int) -> int:
    return n * n

@dynamic
def wrong_type(a: int) -> int:
    return "three"

@dynamic
def branches_on_a_promise(a: int) -> int:
    s = square(n=a)
    if s > 3:
        return s
    return 0

@dynamic
def raises(a: int) -> int:
    raise KeyError("no such thing")
    return a
"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_core(tmp_path_factory.mktemp("dynamic_bad"), BAD)


def test_a_value_of_the_wrong_type_names_the_task_and_output(bad: Any) -> None:
    with pytest.raises(TypeTransformerFailedError, match=r"wrong_type.*'o0'.*int.*'three'"):
        bad.wrong_type(a=1)


def test_a_promise_in_an_if_inside_the_body_is_explained(bad: Any) -> None:
    """Inputs are values, but what an entity call returns is still a promise."""
    with pytest.raises(FlytePromiseMisuseError, match="conditional"):
        bad.branches_on_a_promise(a=2)


def test_the_bodys_own_error_is_raised_as_its_own(bad: Any) -> None:
    with pytest.raises(KeyError, match=r"raises.*no such thing"):
        bad.raises(a=1)


def test_a_dynamic_task_is_a_task_node(tmp_path: Path) -> None:
    """In a workflow the body does not run at compile time: the node is the task's."""
    source = """
        from flytekit import dynamic, workflow

        calls = []

        @dynamic
        def d(a: int) -> int:
            calls.append(a)
            return a

        @workflow
        def wf(a: int) -> int:
            return d(a=a)
    """
    module = load_core(tmp_path, source)
    graph = module.wf.compile()
    assert [n.kind for n in graph.nodes] == ["task"]
    assert module.calls == []
    assert module.wf(a=4) == 4
    assert module.calls == [4]


def test_the_container_entrypoint_hands_the_sub_workflow_to_the_backend(
    both: tuple[Any, Any], tmp_path: Path
) -> None:
    """In a container a dynamic task writes futures.pb (its sub-workflow, one node per call),
    as pyflyte-execute does, and runs none of it (tests/core/test_container_contract.py
    compares it with flytekit's)."""
    from flytecheck.core.entrypoint import run_through_entrypoint

    _, core = both
    result = run_through_entrypoint(core.squares, {"a": 3}, workdir=tmp_path)
    assert result.ok
    assert result.outputs is None
    assert [n.id for n in result.futures.nodes] == ["dn0", "dn1", "dn2"]
    assert result.futures.min_successes == 3
