"""The core under bad input: errors that name the place and say what to do, never a
RecursionError or a value that cannot be read back."""

from __future__ import annotations

import datetime
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import pytest
from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core import TypeEngine, conditional, task, workflow
from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions import TypeTransformerFailedError
from flytecheck.core.exceptions.user import FlyteCompilationException, UnsupportedTypeError


def nested_type(kind: str, depth: int) -> tuple[Any, Any]:
    value: Any = 1
    python_type: Any = int
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
        python_type = List[python_type] if kind == "list" else Dict[str, python_type]
    return value, python_type


@pytest.mark.parametrize(("kind", "deepest"), [("list", 48), ("dict", 32)])
def test_nesting_protobuf_cannot_read_back_is_refused(
    ctx: FlyteContext, kind: str, deepest: int
) -> None:
    """A List nested 50 deep used to convert to bytes nobody could parse: the deepest nesting
    that reads back converts, one level more is refused naming the limit."""
    value, python_type = nested_type(kind, deepest)
    literal = TypeEngine.to_literal(ctx, value, python_type)
    wrapped = LiteralMap(literals={"x": literal}).SerializeToString()
    assert LiteralMap.FromString(wrapped).literals["x"] == literal
    value, python_type = nested_type(kind, deepest + 1)
    with pytest.raises(UnsupportedTypeError, match=r"cannot read back messages nested past 101"):
        TypeEngine.to_literal(ctx, value, python_type)


def test_a_value_nested_2000_deep_is_a_type_error_not_a_recursion_error(ctx: FlyteContext) -> None:
    """The error formatter used to overflow on the value's repr."""
    value: Any = 1
    for _ in range(2000):
        value = {"k": value}
    with pytest.raises(TypeTransformerFailedError, match=r"expected a value of type int at"):
        TypeEngine.to_literal(ctx, value, Dict[str, Dict[str, int]])


def test_a_date_for_a_datetime_is_said_once_with_the_fix(ctx: FlyteContext) -> None:
    with pytest.raises(TypeTransformerFailedError) as caught:
        TypeEngine.to_literal(ctx, datetime.date(2026, 1, 2), datetime.datetime)
    message = str(caught.value)
    assert message.count("expected a value of type datetime") == 1
    assert "datetime.combine(d, time())" in message


@dataclass
class Order:
    count: int
    lines: List[int]


@pytest.mark.parametrize(
    ("value", "where"),
    [(Order(2**70, []), "at Order.count"), (Order(1, [1, -(2**64)]), "at Order.lines[1]")],
)
def test_an_int_too_big_for_msgpack_names_its_field(
    ctx: FlyteContext, value: Order, where: str
) -> None:
    with pytest.raises(
        TypeTransformerFailedError, match=rf"{where.replace('[', '.').replace(']', '.')}"
    ):
        TypeEngine.to_literal(ctx, value, Order)


@task
def one(x: int) -> int:
    return x


def test_a_returned_conditional_without_else_says_so() -> None:
    """It used to report a type mismatch with a ConditionalSection."""

    @workflow
    def picks(x: int) -> int:
        return conditional("pick").if_(x > 0).then(one(x=x)).elif_(x < 0).then(one(x=-1))  # type: ignore[no-any-return]

    with pytest.raises(FlyteCompilationException, match=r"conditional 'pick' has no else_\(\)"):
        picks.compile()


def test_serialize_of_a_recursive_workflow_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "loops.py").write_text(
        "from flytecheck.core import task, workflow\n\n@task\ndef t(x: int) -> int:\n"
        "    return x\n\n@workflow\ndef again(x: int) -> int:\n    return again(x=t(x=x))\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "flytecheck.cli", "serialize", "loops:again", "-o", "out"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "workflow 'loops.again' calls itself" in out.stderr
