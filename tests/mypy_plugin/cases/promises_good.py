"""Correct workflow code: flytecheck.mypy must report nothing here, on the core's spelling (this
file) and on flytekit's (the same with flytekit's imports; `# flytekit: code` gives a line's
flytekit form)."""

from dataclasses import dataclass

from flytecheck.core import LaunchPlan, conditional, dynamic, eager, map_task, task, workflow
from flytecheck.core.promise import Promise


@dataclass
class Stats:
    total: int
    label: str


@task
def count(xs: list[int]) -> int:
    return len(xs)


@task
def stats(n: int) -> Stats:
    return Stats(n, "x")


@task
def shout(s: str) -> str:
    return s.upper()


@task
def double(x: int) -> int:
    return x * 2


@task
def side_effect() -> None:
    pass


@workflow
def pipeline(xs: list[int] = [1, 2]) -> str:
    n = count(xs=xs).with_overrides(retries=2)
    s = stats(n=n)
    total: Promise[int] = s.total  # flytekit: total = s.total
    label = shout(s=s.label)
    done = side_effect()
    done >> label
    first = xs[0]
    result = (
        conditional("big")
        .if_(total > 10)
        .then(shout(s=label))
        .elif_((total > 5) & (n < 100))
        .then(shout(s=s.label))
        .else_()
        .then(shout(s="small"))
    )
    count(xs=map_task(double)(x=xs))
    return result


@dynamic
def fan_out(n: int) -> list[int]:
    return [double(x=i) for i in range(n)]


@eager
async def eagerly(n: int) -> int:
    total = await count(xs=[n])
    return total + 1


plan = LaunchPlan.get_or_create(pipeline, name="plugin_cases.plan")


def test_outside_a_workflow() -> None:
    assert count(xs=[1, 2]) + 1 == 3
    assert pipeline(xs=[1]) == "SMALL"
    assert plan(xs=[1, 2, 3]).startswith("S")


@task
def coin() -> bool:
    return True


@workflow
def promise_api(n: int, flag: bool) -> int:
    heads = coin()
    assert heads.ref is not None  # the promise's own reference to its node
    first = (
        conditional("first")
        .if_(heads.is_true())
        .then(double(x=n))
        .elif_(flag.is_false())
        .then(double(x=1))
        .else_()
        .then(double(x=2))
    )
    return double(x=first)
