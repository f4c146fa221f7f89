"""@eager: the async body runs, each awaited entity runs through the runner (stubs apply), an
awaited failure reaches the body as EagerException, and the task serializes as flytekit's.
(flytekit 1.16 cannot run eager workflows locally, so the results are checked by value.)"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.exceptions.eager import EagerException
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.mocks import task_mock
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
import asyncio
from flytekit import eager, task, workflow
from flytekit.exceptions.eager import EagerException

@task
def add_one(x: int) -> int:
    return x + 1

@task
def double(x: int) -> int:
    return x * 2

@task
def fails(x: int) -> int:
    if x < 10:
        raise TypeError(f"no {x}")
    return x

@workflow
def sub(x: int) -> int:
    return double(x=add_one(x=x))

@eager
async def simple(x: int) -> int:
    out = await add_one(x=x)
    if out < 0:
        return -1
    return await double(x=out)

@eager
async def gathered(x: int) -> int:
    outs = await asyncio.gather(*[add_one(x=i) for i in range(x)])
    return await double(x=sum(outs))

@eager
async def nested(x: int) -> int:
    return await simple(x=await sub(x=x))

@eager
async def catches(x: int) -> int:
    try:
        return await fails(x=x)
    except EagerException:
        return -1
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("eager"), SOURCE)


@pytest.mark.parametrize("name", ["simple", "gathered", "nested", "catches"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    """A python-task marked eager, with decks on, as flytekit writes it."""
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


@pytest.mark.parametrize(
    ("name", "x", "expected"),
    [("simple", 1, 4), ("gathered", 3, 12), ("nested", 1, 10), ("catches", 0, -1)],
)
def test_the_body_runs(name: str, x: int, expected: int, both: tuple[Any, Any]) -> None:
    _, core = both
    assert getattr(core, name)(x=x) == expected


def test_in_a_running_event_loop_it_is_awaited(both: tuple[Any, Any]) -> None:
    _, core = both

    async def main() -> int:
        result: int = await core.simple(x=2)
        return result

    assert asyncio.run(main()) == 6


def test_stubs_apply_to_what_the_body_awaits(both: tuple[Any, Any]) -> None:
    _, core = both
    with task_mock(core.double, return_value=100) as double:
        assert core.simple(x=1) == 100
    double.assert_called_once_with(x=2)


def test_an_awaited_failure_is_an_eager_exception_caused_by_it(tmp_path: Path) -> None:
    source = """
        from flytekit import eager, task

        @task
        def fails(x: int) -> int:
            if x < 10:
                raise TypeError(f"no {x}")
            return x

        @eager
        async def lets_it_through(x: int) -> int:
            return await fails(x=x)
    """
    module = load_core(tmp_path, source)
    with pytest.raises(EagerException, match=r"task '.*fails' failed in an eager workflow") as info:
        module.lets_it_through(x=3)
    chain = []
    error: BaseException | None = info.value
    while error is not None:
        chain.append(type(error))
        error = error.__cause__
    assert TypeError in chain


def test_an_eager_workflow_must_be_async(tmp_path: Path) -> None:
    source = """
        from flytekit import eager

        @eager
        def not_async(x: int) -> int:
            return x
    """
    with pytest.raises(
        FlyteValidationException, match=r"not_async: an eager workflow is an async function"
    ):
        load_core(tmp_path, source)


UNAWAITED = """
    from flytekit import eager, task

    @task
    def inc(a: int) -> int:
        return a + 1

    @eager
    async def uses_the_coroutine(a: int) -> int:
        x = inc(a=a)
        return x + 1

    @eager
    async def returns_it(a: int) -> int:
        return inc(a=a)

    @eager
    async def passes_it_on(a: int) -> int:
        return await inc(a=inc(a=a))

    @eager
    async def forgets_it(a: int) -> int:
        inc(a=a)
        return a
"""


@pytest.mark.parametrize(
    ("name", "names"),
    [
        ("uses_the_coroutine", r"called task '.*\.inc' and never awaited it.*write `await`"),
        (
            "returns_it",
            r"the result of eager workflow .*returns_it. is an entity call that was never",
        ),
        ("passes_it_on", r"input 'a' of task '.*\.inc' is an entity call that was never awaited"),
        ("forgets_it", r"called task '.*\.inc' and never awaited it, so it never ran"),
    ],
)
def test_a_call_never_awaited_is_named(tmp_path: Path, name: str, names: str) -> None:
    """On a cluster an eager body's call gives a coroutine until awaited (flytekit's local run
    hides the mistake by running it at once): every use of one is named, with the fix."""
    core = load_core(tmp_path, UNAWAITED)
    with pytest.raises(FlyteValidationException, match=names):
        getattr(core, name)(a=1)


def test_get_as_workflow_registers_as_flytekits(tmp_path: Path) -> None:
    """The workflow flytekit registers for an eager task: one node running it, a failure node
    cleaning up after it; the core's serializes to the same messages."""
    from tests.authoring import core_idl, flytekit_idl, normalized

    fk, core = load_both(
        tmp_path,
        """
        from flytekit import eager, task

        @task
        def inc(a: int) -> int:
            return a + 1

        @eager
        async def steps(a: int) -> int:
            return await inc(a=a)
        """,
    )
    ours, theirs = core.steps.get_as_workflow(), fk.steps.get_as_workflow()
    assert normalized(core_idl(ours), core.__name__) == normalized(
        flytekit_idl(theirs), fk.__name__
    )
    cleanup = ours.on_failure
    assert (
        core_idl(cleanup).template.type
        == flytekit_idl(theirs.failure_node.flyte_entity).template.type
    )
    assert ours(a=1) == 2
