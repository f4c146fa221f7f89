"""array_node as flytekit's: a launch plan (or a reference task) mapped over lists. The IDL is
equal to flytekit's (sub-node, modes, success criteria); every element is a launch through the
runner (a stub of the plan answers per element); failures within the allowed ratio become
None; the backend's compile rules hold; misuse is refused as flytekit refuses it."""

from __future__ import annotations

from typing import Any

import pytest

from flytecheck.core.backend import compile_entity
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.mocks import task_mock
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from typing import Optional
from flytekit import LaunchPlan, dynamic, map_task, reference_launch_plan, reference_task
from flytekit import task, workflow
from flytekit.core.array_node import array_node

@task
def scale(x: int, factor: int) -> int:
    if x < 0:
        raise ValueError(f"negative x: {x}")
    return x * factor

@task
def log(x: int) -> None:
    print(x)

@workflow
def scaled(x: int, factor: int = 2) -> int:
    return scale(x=x, factor=factor)

@workflow
def logged(x: int) -> None:
    log(x=x)

tripled = LaunchPlan.get_or_create(scaled, name="tripled", fixed_inputs={"factor": 3})
scaled_lp = LaunchPlan.get_or_create(scaled, name="scaled_lp")
logged_lp = LaunchPlan.get_or_create(logged, name="logged_lp")

@reference_task(project="p", domain="d", name="team.Score", version="v7")
def score(x: int) -> float: ...

@reference_launch_plan(project="p", domain="d", name="team.nightly", version="v2")
def nightly(day: str) -> int: ...

@workflow
def fixed(xs: list[int]) -> list[int]:
    return array_node(tripled)(x=xs)

@workflow
def both_lists(xs: list[int], fs: list[int]) -> list[int]:
    return array_node(scaled_lp, concurrency=4)(x=xs, factor=fs)

@workflow
def tolerant(xs: list[int]) -> list[Optional[int]]:
    return array_node(tripled, min_success_ratio=0.5, run_all_sub_nodes=True)(x=xs)

@workflow
def counted(xs: list[int]) -> list[int]:
    return array_node(tripled, min_successes=2)(x=xs)

@workflow
def no_outputs(xs: list[int]) -> None:
    array_node(logged_lp, concurrency=0)(x=xs)

@workflow
def scores(xs: list[int]) -> list[float]:
    return array_node(score)(x=xs)

@workflow
def nights(days: list[str]) -> list[int]:
    return array_node(nightly)(day=days)

@workflow
def chained(xs: list[int]) -> list[int]:
    once = array_node(tripled)(x=xs)
    return array_node(tripled)(x=once)

@dynamic
def in_dynamic(xs: list[int]) -> list[int]:
    return array_node(tripled)(x=xs)

@workflow
def through_map_task(xs: list[int]) -> list[int]:
    return map_task(tripled, concurrency=3)(x=xs)

@workflow
def reference_through_map_task(xs: list[int]) -> list[float]:
    return map_task(score)(x=xs)
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("array_nodes"), SOURCE)


@pytest.mark.parametrize(
    "name",
    [
        "fixed",
        "both_lists",
        "tolerant",
        "counted",
        "no_outputs",
        "scores",
        "nights",
        "chained",
        "through_map_task",
        "reference_through_map_task",
    ],
)
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    """The outer node, the sub-node named for the plan (DNS form), the data and execution
    modes of a launch plan and of a reference task, parallelism and success criteria."""
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


@pytest.mark.parametrize("name", ["fixed", "both_lists", "tolerant", "scores", "nights"])
def test_the_backend_compiler_accepts_them(name: str, both: tuple[Any, Any]) -> None:
    _, core = both
    assert compile_entity(getattr(core, name)).errors == ()


def test_called_outside_a_workflow_it_launches_per_element_as_flytekit(
    both: tuple[Any, Any],
) -> None:
    fk, core = both
    expected = fk.array_node(fk.tripled)(x=[1, 2, 3])
    assert expected == [3, 6, 9]
    assert core.array_node(core.tripled)(x=[1, 2, 3]) == expected


def test_in_a_workflow_every_element_is_launched(both: tuple[Any, Any]) -> None:
    """flytekit's own local run of these fails (it checks a Promise against the element
    type); the core runs them as the backend would."""
    _, core = both
    assert core.fixed(xs=[1, 2]) == [3, 6]
    assert core.both_lists(xs=[1, 2], fs=[10, 100]) == [10, 200]
    assert core.chained(xs=[1, 2]) == [9, 18]
    assert core.in_dynamic(xs=[1, 2]) == [3, 6]
    assert core.through_map_task(xs=[1, 2]) == [3, 6]  # map_task of a plan: an array node
    assert core.fixed(xs=[]) == []
    core.no_outputs(xs=[1, 2])


def test_failures_within_the_ratio_become_none(both: tuple[Any, Any]) -> None:
    _, core = both
    assert core.tolerant(xs=[1, -1, 2]) == [3, None, 6]
    with pytest.raises(ValueError, match="negative x: -1"):
        core.tolerant(xs=[1, -1, -2])


def test_a_stub_of_the_plan_answers_per_element(both: tuple[Any, Any]) -> None:
    _, core = both
    with task_mock(core.tripled, side_effect=lambda x: -x) as plan:
        assert core.fixed(xs=[1, 2, 3]) == [-1, -2, -3]
    assert [c["x"] for c in plan.calls] == [1, 2, 3]


def test_a_reference_task_must_be_stubbed_and_then_answers(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(Exception, match=r"team\.Score"):
        core.scores(xs=[1])
    with task_mock(core.score, side_effect=lambda x: x / 2):
        assert core.scores(xs=[1, 3]) == [0.5, 1.5]


def test_lists_of_different_lengths_are_named(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(
        FlyteValidationException,
        match=r"array node 'scaled_lp' maps over lists of different lengths \(x has 2, factor "
        r"has 1\)",
    ):
        core.both_lists(xs=[1, 2], fs=[1])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda m: m.array_node(m.scale), "only launch plans and reference tasks"),
        (lambda m: m.array_node(m.scaled), "only launch plans and reference tasks"),
        (lambda m: m.array_node(m.tripled, min_success_ratio=2.0), "between 0 and 1"),
    ],
)
def test_misuse_is_refused_as_flytekit_refuses_it(
    both: tuple[Any, Any], make: Any, message: str
) -> None:
    """flytekit raises ValueError for a target it cannot map; so does the core, saying
    what to use instead."""
    _, core = both
    with pytest.raises(ValueError, match=message):
        make(core)


def test_flytekit_refuses_the_same_targets(both: tuple[Any, Any]) -> None:
    fk, _ = both
    for target in (fk.scale, fk.scaled):
        with pytest.raises(ValueError, match="Only LaunchPlans and ReferenceTasks"):
            fk.array_node(target)


MISUSED = """
from flytekit import LaunchPlan, task, workflow
from flytekit.core.array_node import array_node

@task
def scale(x: int, factor: int) -> int:
    return x * factor

@workflow
def scaled(x: int, factor: int) -> int:
    return scale(x=x, factor=factor)

open_plan = LaunchPlan.get_or_create(scaled, name="open_plan")

@workflow
def missing(xs: list[int]) -> list[int]:
    return array_node(open_plan)(x=xs)

@workflow
def not_a_list(x: int, fs: list[int]) -> list[int]:
    return array_node(open_plan)(x=x, factor=fs)
"""


@pytest.fixture(scope="module")
def misused(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_core(tmp_path_factory.mktemp("array_nodes_misused"), MISUSED)


def test_a_missing_list_is_named_with_the_node(misused: Any) -> None:
    """An array node maps every input the plan leaves open: none is defaulted."""
    with pytest.raises(Exception, match=r"'factor'") as caught:
        misused.missing.compile()
    assert "open_plan" in str(caught.value)


def test_mapping_over_a_non_list_is_a_compile_error(misused: Any) -> None:
    with pytest.raises(Exception, match=r"List\[int\]") as caught:
        misused.not_a_list.compile()
    assert "open_plan" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("fixed", {"xs": [1, 2]}),
        ("both_lists", {"xs": [1, 2], "fs": [3, 4]}),
        ("tolerant", {"xs": [1, -1, 2]}),
        ("chained", {"xs": [1, 2]}),
        ("no_outputs", {"xs": [1]}),
        ("in_dynamic", {"xs": [1, 2]}),
        ("through_map_task", {"xs": [1, 2]}),
    ],
)
def test_flytekits_array_nodes_run_as_the_cores(
    name: str, kwargs: dict[str, Any], both: tuple[Any, Any]
) -> None:
    """`flyte_run` on a flytekit workflow, unchanged: its array node (read from flytekit's own
    IDL) runs as the core's does."""
    from flytecheck.pytest_plugin._interop import run_any

    fk, core = both
    assert run_any(getattr(fk, name), **kwargs) == getattr(core, name)(**kwargs)


def test_stubs_of_flytekits_plan_and_reference_task_answer_per_element(
    both: tuple[Any, Any],
) -> None:
    """The stub sees the inputs a launch gives (the plan's fixed inputs are not among them)."""
    from flytecheck.pytest_plugin._interop import run_any

    fk, _ = both
    with task_mock(fk.tripled, side_effect=lambda x: -x) as plan:
        assert run_any(fk.fixed, xs=[1, 3]) == [-1, -3]
    assert [c["x"] for c in plan.calls] == [1, 3]
    with pytest.raises(Exception, match=r"team\.Score.*needs a stub"):
        run_any(fk.scores, xs=[1])
    with task_mock(fk.score, side_effect=lambda x: x / 2):
        assert run_any(fk.scores, xs=[1, 3]) == [0.5, 1.5]
