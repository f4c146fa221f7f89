"""Dicts bound in a workflow body (`t(d={"z": a, "a": b})`): the task gets flytekit's values and
the node serializes as flytekit's. The one difference is documented in docs/core.md: a
literal map is a protobuf map, so the keys arrive in protobuf's order (as in a container on a
cluster), not in the order they were written, which only flytekit's local run keeps."""

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
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("dict_bindings"), SOURCE)


@pytest.mark.parametrize("name", ["bound", "deep"])
def test_serializes_as_flytekit(name: str, both: tuple[Any, Any]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_the_task_gets_flytekits_values(both: tuple[Any, Any]) -> None:
    fk, core = both
    expected = fk.bound(x=1)
    assert expected == ["z=2", "a=1", "m=3", "b=3"]  # flytekit's local run: written order
    assert sorted(core.bound(x=1)) == sorted(expected)
    assert core.deep(x=4) == fk.deep(x=4) == 11
