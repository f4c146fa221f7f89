"""typing.Literal as flytekit writes it (the values' type, the values in its annotation), with
a value outside the declared ones refused by name."""

from __future__ import annotations

import typing
from typing import Any

import pytest

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError

TYPES: list[Any] = [
    typing.Literal["a", "b"],
    typing.Literal[1, 2],
    typing.Literal[True],
    typing.Optional[typing.Literal["x", "y"]],
    list[typing.Literal["a", "b"]],
]
VALUES: list[Any] = ["b", 2, True, "y", ["a", "b", "a"]]


@pytest.mark.parametrize("index", range(len(TYPES)))
def test_the_literal_type_and_literal_are_flytekits(index: int) -> None:
    pytest.importorskip("flytekit")
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine as Theirs

    python_type, value = TYPES[index], VALUES[index]
    theirs = Theirs.to_literal_type(python_type)
    assert TypeEngine.to_literal_type(python_type) == theirs.to_flyte_idl()
    ours = TypeEngine.to_literal(current_context(), value, python_type)
    fk_ctx = FlyteContextManager.current_context()
    assert ours == Theirs.to_literal(fk_ctx, value, python_type, theirs).to_flyte_idl()
    assert TypeEngine.to_python_value(current_context(), ours, python_type) == value


def test_a_value_outside_the_literal_is_refused_naming_the_values() -> None:
    with pytest.raises(TypeTransformerFailedError, match=r"got 'c' .*expected one of 'a', 'b'"):
        TypeEngine.to_literal(current_context(), "c", typing.Literal["a", "b"])
    with pytest.raises(TypeTransformerFailedError, match=r"expected one of 1, 2"):
        TypeEngine.to_literal(current_context(), True, typing.Literal[1, 2])


def test_values_of_mixed_types_are_refused_as_flytekit_refuses_them() -> None:
    with pytest.raises(UnsupportedTypeError, match=r"one type.*\(they are int, str\)"):
        TypeEngine.to_literal_type(typing.Literal["a", 1])
