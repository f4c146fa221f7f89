"""Dicts in a workflow (bound in its body, `t(d={"z": a, "a": b})`, given as an input, returned
by a task): the task gets flytekit's values in the order flytekit's local run gives, the order
they were written in (a literal map is a protobuf map, which keeps none: the local run
remembers it, see flytecheck.core.types.key_order), and the node serializes as flytekit's. In
a container the keys come in protobuf's order, as with pyflyte-execute."""

from __future__ import annotations

from typing import Any

import pytest

from tests.authoring import load_both, same_idl

SOURCE = """
from flytekit import task, workflow

@task
def make(x: int) -> int:
    return x + 1

@task
def pairs(d: dict[str, int]) -> list[str]:
    return [f"{k}={v}" for k, v in d.items()]

@task
def nested(d: dict[str, dict[str, int]]) -> int:
    return sum(sum(inner.values()) for inner in d.values())

@workflow
def bound(x: int) -> list[str]:
    a = make(x=x)
    return pairs(d={"z": a, "a": x, "m": 3, "b": make(x=a)})

@workflow
def deep(x: int) -> int:
    return nested(d={"outer": {"y": make(x=x), "k": 2}, "other": {"q": x}})

@task
def scores() -> dict[str, int]:
    return {"zed": 1, "amy": 2, "kim": 3}

@workflow
def given(d: dict[str, int]) -> list[str]:
    return pairs(d=d)

@workflow
def returned() -> list[str]:
    return pairs(d=scores())
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("dict_bindings"), SOURCE)


@pytest.mark.parametrize("name", ["bound", "deep"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_the_task_gets_flytekits_values_in_flytekits_order(both: tuple[Any, Any]) -> None:
    fk, core = both
    expected = fk.bound(x=1)
    assert expected == ["z=2", "a=1", "m=3", "b=3"]  # flytekit's local run: written order
    assert core.bound(x=1) == expected
    assert core.deep(x=4) == fk.deep(x=4) == 11
    written = {"q": 1, "b": 2, "x": 3, "a": 4}
    assert core.given(d=written) == fk.given(d=written) == ["q=1", "b=2", "x=3", "a=4"]
    assert core.returned() == fk.returned() == ["zed=1", "amy=2", "kim=3"]


def test_outside_a_local_run_the_order_is_protobufs() -> None:
    """A container has no memory of how a dict was written (as on a cluster)."""
    from flytecheck.core.context import current_context
    from flytecheck.core.types import TypeEngine

    written = {"z": 1, "a": 2, "m": 3, "b": 4, "y": 5, "c": 6}
    literal = TypeEngine.to_literal(current_context(), written, dict[str, int])
    decoded = TypeEngine.to_python_value(current_context(), literal, dict[str, int])
    assert decoded == written
    assert list(decoded) == list(literal.map.literals)
