"""map_task as flytekit's ArrayNode: results and IDL equal flytekit's (partials, concurrency,
success ratios), each element runs through the runner (stubs answer per element), failures
within the allowed ratio become None, and misuse names the map task and what to do."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, List, Optional

import pytest

from flytecheck.core.exceptions.user import (
    FlyteCompilationException,
    FlyteValidationException,
    TypeTransformerFailedError,
)
from flytecheck.mocks import task_mock
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
import functools
from typing import Optional
from flytekit import map_task, task, workflow

@task
def detect(x: int) -> bool:
    return x > 11

@task
def multi(q: int, price: float, ship: float) -> float:
    return q * price * ship

@task
def maybe_fail(x: int) -> int:
    if x < 0:
        raise ValueError("negative")
    return x

@task
def get_price() -> float:
    return 7.0

@workflow
def plain(data: list[int]) -> list[bool]:
    return map_task(detect)(x=data)

@workflow
def partial_of_inputs(qs: list[int], p: float, s: float) -> list[float]:
    return map_task(functools.partial(multi, price=p, ship=s), concurrency=2)(q=qs)

@workflow
def partial_of_an_output(qs: list[int], s: float) -> list[float]:
    p = get_price()
    return map_task(functools.partial(multi, price=p, ship=s))(q=qs)

@workflow
def two_lists(qs: list[int], ps: list[float], s: float) -> list[float]:
    return map_task(functools.partial(multi, ship=s))(q=qs, price=ps)

@workflow
def tolerant(xs: list[int]) -> list[Optional[int]]:
    return map_task(maybe_fail, min_success_ratio=0.5)(x=xs)

@workflow
def counted(xs: list[int]) -> list[Optional[int]]:
    return map_task(maybe_fail, min_successes=1)(x=xs)

@workflow
def every_element(xs: list[int]) -> list[Optional[int]]:
    return map_task(maybe_fail, min_success_ratio=0.5, run_all_sub_nodes=True)(x=xs)
"""

RUNS = [
    ("plain", {"data": [10, 12, 100]}),
    ("plain", {"data": []}),
    ("partial_of_inputs", {"qs": [1, 2], "p": 2.0, "s": 3.0}),
    ("partial_of_an_output", {"qs": [1, 2, 3], "s": 0.5}),
    ("two_lists", {"qs": [1, 2], "ps": [6.0, 9.0], "s": 2.0}),
    ("tolerant", {"xs": [1, -1, 2]}),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("maps"), SOURCE)


@pytest.mark.parametrize(
    ("name", "kwargs"), RUNS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(RUNS)]
)
def test_results_equal_flytekits(name: str, kwargs: dict[str, Any], both: tuple[Any, Any]) -> None:
    fk, core = both
    assert getattr(core, name)(**kwargs) == getattr(fk, name)(**kwargs)


@pytest.mark.parametrize(
    "name",
    [
        "plain",
        "partial_of_inputs",
        "partial_of_an_output",
        "two_lists",
        "tolerant",
        "every_element",
    ],
)
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    """The array node, its sub-node and success criteria, named with flytekit's hash."""
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_min_successes_gives_optional_outputs(both: tuple[Any, Any]) -> None:
    """Stricter than flytekit, on purpose: with min_successes alone flytekit types the output
    List[T] and then fails converting the None of a failed element; the core types it
    List[Optional[T]] (as with min_success_ratio), so what the backend writes fits."""
    _, core = both
    assert core.counted(xs=[-3, -1, 2]) == [None, None, 2]
    (node,) = core.counted.compile().nodes
    assert node.entity.interface.outputs == {"o0": List[Optional[int]]}  # flytekit spells it so


def test_too_many_failures_fail_the_node_with_the_elements_error(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(ValueError, match="negative"):
        core.tolerant(xs=[1, -1, -2])


def test_a_stub_of_the_mapped_task_answers_per_element(both: tuple[Any, Any]) -> None:
    _, core = both
    with task_mock(core.detect, side_effect=lambda x: x % 2 == 0) as detect:
        assert core.plain(data=[1, 2, 3]) == [False, True, False]
    assert [c["x"] for c in detect.calls] == [1, 2, 3]


def test_called_outside_a_workflow_it_maps_locally(both: tuple[Any, Any]) -> None:
    _, core = both
    assert core.map_task(core.detect)(x=[1, 30]) == [False, True]


def test_lists_of_different_lengths_are_named(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(
        FlyteValidationException, match=r"different lengths \(q has 2, price has 1\)"
    ):
        core.two_lists(qs=[1, 2], ps=[1.0], s=1.0)


BAD = """
import functools
from flytekit import dynamic, eager, map_task, task, workflow

@task
def two(x: int) -> tuple[int, int]:
    return x, x

@task
def one(x: int) -> int:
    return x

@dynamic
def dyn(x: int) -> int:
    return one(x=x)

@eager
async def eag(x: int) -> int:
    return await one(x=x)
"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_core(tmp_path_factory.mktemp("maps_bad"), BAD)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda m: m.map_task(m.two), "has 2 outputs"),
        (lambda m: m.map_task(m.dyn), "only plain tasks"),
        (lambda m: m.map_task(m.eag), "only plain tasks"),
        (
            lambda m: m.map_task(functools.partial(m.one, y=1)),
            r"binds 'y', which the task does not take",
        ),
        (lambda m: m.map_task(functools.partial(m.one, 1)), "by position"),
        (lambda m: m.map_task(m.one, min_success_ratio=1.5), "between 0 and 1"),
        (lambda m: m.map_task(m.one, batch_size=3), "has no option batch_size"),
    ],
)
def test_misuse_is_refused_naming_what_to_change(bad: Any, make: Any, message: str) -> None:
    with pytest.raises(FlyteValidationException, match=message):
        make(bad)


def test_mapping_over_a_non_list_names_the_input(bad: Any) -> None:
    with pytest.raises(
        TypeTransformerFailedError, match=r"map task '.*arraynode', input 'x'.*List\[int\].*got 5"
    ):
        bad.map_task(bad.one)(x=5)


def test_mapping_over_a_non_list_promise_is_a_compile_error(tmp_path: Path) -> None:
    source = """
        from flytekit import map_task, task, workflow

        @task
        def one(x: int) -> int:
            return x

        @workflow
        def wf(a: int) -> list[int]:
            return map_task(one)(x=a)
    """
    module = load_core(tmp_path, source)
    with pytest.raises(FlyteCompilationException, match=r"MismatchingTypes.*input 'x'"):
        module.wf.compile()
