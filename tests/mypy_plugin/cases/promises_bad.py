"""Each line marked `# E: code` must get exactly that error from flytecheck.mypy, on the core's
spelling (this file) and on flytekit's (the same file with flytekit's imports, see
tests/mypy_plugin/test_mypy_plugin.py). `# E(core): code` and `# E(flytekit): code` hold for
one spelling only."""

from dataclasses import dataclass
from typing import NamedTuple

from flytecheck.core import LaunchPlan, conditional, dynamic, eager, map_task, task, workflow


@dataclass
class Stats:
    total: int
    label: str


class Pair(NamedTuple):
    left: int
    right: str


@task
def count(xs: list[int]) -> int:
    return len(xs)


@task
def stats(n: int) -> Stats:
    return Stats(n, "x")


@task
def pair(n: int) -> Pair:
    return Pair(n, "x")


@task
def shout(s: str) -> str:
    return s.upper()


def helper(x: int) -> int:
    return x


@workflow
def truth(xs: list[int]) -> int:
    n = count(xs=xs)
    if n:  # E: flyte-promise-bool
        pass
    while n > 1:  # E: flyte-promise-op
        pass
    assert not n  # E: flyte-promise-bool
    ok = bool(n)  # E: flyte-promise-bool
    both = n and xs  # E: flyte-promise-bool
    return n


@workflow
def operations(xs: list[int]) -> int:
    n = count(xs=xs)
    m = n + 1  # E: flyte-promise-op
    k = -n  # E: flyte-promise-op
    same = n == 3  # E: flyte-promise-op
    return n


@workflow
def iteration(xs: list[int]) -> int:
    for x in xs:  # E: flyte-promise-iter
        pass
    doubled = [x * 2 for x in xs]  # E: flyte-promise-iter
    size = len(xs)  # E: flyte-promise-iter
    return count(xs=xs)


@workflow
def plain_calls(xs: list[int]) -> int:
    n = count(xs=xs)
    helper(n)  # E: flyte-promise-call
    return n


@workflow
def fields(n: int) -> str:
    s = stats(n=n)
    s.totl  # E: flyte-promise-attr
    p = pair(n=n)
    p.middle  # E: flyte-promise-attr
    count(xs=[n])[0]  # E: flyte-promise-index
    return s.label


@workflow
def bindings(xs: list[int]) -> str:
    n = count(xs=xs)
    return shout(s=n)  # E: flyte-binding


@workflow
def returns(xs: list[int]) -> str:
    return count(xs=xs)  # E: flyte-return


@dynamic
def in_dynamic(n: int) -> int:
    total = count(xs=[n])
    if total:  # E: flyte-promise-bool
        pass
    return total


@eager
async def not_awaited(n: int) -> int:
    total = count(xs=[n])
    return total + 1  # E: flyte-not-awaited


@workflow
def shown(xs: list[int]) -> int:
    n = count(xs=xs)
    print(n)  # a placeholder, off by default: flyte-promise-shown
    return n


@task
def double(x: int) -> int:
    return x * 2


@workflow
def branches(n: int) -> str:
    c = count(xs=[n])
    return (
        conditional("kind")
        .if_(c > 1)
        .then(shout(s="many"))
        .elif_(c > 0)
        .then(shout(s="one"))
        .else_()
        .then(count(xs=[n]))  # E: flyte-branch
    )


@workflow
def mapped(n: int) -> list[int]:
    one = count(xs=[n])
    return map_task(double)(x=one)  # E: flyte-binding


class Refs(NamedTuple):
    ref: int
    size: int


@dataclass
class Handle:
    ref: str
    size: int


@task
def refs(n: int) -> Refs:
    return Refs(n, n)


@task
def handle(n: int) -> Handle:
    return Handle("h", n)


@workflow
def shadowed(n: int) -> int:
    r = refs(n=n)  # E: flyte-output-name
    h = handle(n=n)
    h.ref  # E: flyte-output-name
    return h.size


plan = LaunchPlan.get_or_create(bindings)
plan([1])  # E(core): call-overload  # E(flytekit): call-arg
