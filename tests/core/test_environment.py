"""`Environment` as flytekit's: settings given once, laid under each task's own (`@env.task`,
`@env.task(...)`, `@env(...)`, `@env.dynamic`), `extend` and `update` merging dictionaries key
by key; the tasks serialize as flytekit's do."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.environment import Environment
from tests.authoring import core_idl, flytekit_idl, load_both, normalized

SOURCE = """
from flytekit import Environment, Resources

env = Environment(retries=2, environment={"A": "1"}, requests=Resources(cpu="1"))
heavy = env.extend(environment={"B": "2"}, retries=5)
later = Environment(labels={"team": "a"})
later.update(labels={"tier": "b"}, interruptible=True)


@env.task
def a(x: int) -> int:
    return x


@heavy.task(timeout=30)
def b(x: int) -> int:
    return x


@env(cache=True, cache_version="1")
def c(x: int) -> int:
    return x


@env.dynamic
def d(x: int) -> int:
    return a(x=x)


@later
def e(x: int) -> int:
    return x
"""


def test_tasks_of_an_environment_are_flytekits(tmp_path: Path) -> None:
    theirs, ours = load_both(tmp_path, SOURCE)
    assert ours.heavy.overrides["environment"] == theirs.heavy.overrides["environment"]
    assert ours.later.overrides == theirs.later.overrides
    for name in "abcde":
        core, fk = core_idl(getattr(ours, name)), flytekit_idl(getattr(theirs, name))
        assert normalized(core, ours.__name__) == normalized(fk, theirs.__name__), name
    assert ours.b(x=3) == 3
    assert ours.env.overrides["environment"] == {"A": "1"}  # extend left the original alone


def test_misuse_is_named() -> None:
    with pytest.raises(KeyError, match="holds settings, not a function"):
        Environment(_task_function=len)
    with pytest.raises(ValueError, match=r"Environment\(retries=1\).*must be a function, not 3"):
        Environment(retries=1).task(3)  # type: ignore[arg-type]
