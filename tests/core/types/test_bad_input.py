"""Bad input: every wrong value, literal or annotation ends in a flytecheck error a user can act
on, never a bare KeyError or protobuf error."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import typing
from typing import Any, Dict, List, Optional, Union

import pytest
from flyteidl.core.literals_pb2 import Literal, LiteralMap

from flytecheck.core import TypeEngine
from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions import (
    FlyteValueException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)


@dataclasses.dataclass
class Point:
    x: int
    y: int = 0


@dataclasses.dataclass
class Shape:
    name: str
    corners: List[Point]


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


def literal(python_type: Any, value: Any) -> Literal:
    return TypeEngine.codec(python_type).to_literal(value)


@pytest.mark.parametrize(
    ("python_type", "value", "fragment"),
    [
        (int, True, "bool"),
        (int, 1.0, "float"),
        (float, 3, "int"),
        (str, 3, "int"),
        (bool, 1, "int"),
        (int, None, "got None of type None"),
        (type(None), 0, "int"),
        (datetime.datetime, "2024-01-01", "str"),
        (datetime.date, datetime.datetime(2024, 1, 1), "pass .date()"),
        (datetime.timedelta, 5, "int"),
        (List[int], (1, 2), "expected a list"),
        (Dict[str, int], [1], "expected a dict"),
        (dict, [1], "expected a dict"),
        (Level, "low", "expected a member of low, high"),
        (Point, {"x": 1}, "dict"),
        (Optional[int], "x", "matches none of int | None"),
    ],
)
def test_a_wrong_value_names_type_and_value(python_type: Any, value: Any, fragment: str) -> None:
    """A value of the wrong type raises TypeTransformerFailedError naming the expected type,
    the value and what to do."""
    with pytest.raises(TypeTransformerFailedError) as info:
        literal(python_type, value)
    message = str(info.value)
    assert repr(value)[:40] in message
    assert fragment in message
    assert "or change the annotation" in message


def test_errors_point_into_nested_values() -> None:
    """An error deep in a value says where: index, key and field."""
    value = {"a": [Shape("s", [Point(1), Point("2")])]}  # type: ignore[arg-type]
    with pytest.raises(TypeTransformerFailedError) as info:
        TypeEngine.to_literal(FlyteContext(), value, Dict[str, List[Shape]])
    assert "at Dict[str, List[Shape]]['a'][0].corners[1].x but got '2'" in str(info.value)
    assert "Pass an int" in str(info.value)


def test_out_of_range_int() -> None:
    """An int beyond 64 bits is refused with the reason."""
    with pytest.raises(TypeTransformerFailedError, match="outside the 64-bit range"):
        literal(int, 2**64)


def test_out_of_range_timedelta() -> None:
    """A timedelta longer than a Duration holds is refused with the reason."""
    with pytest.raises(TypeTransformerFailedError, match="Duration"):
        literal(datetime.timedelta, datetime.timedelta(days=999_999_999))


def test_non_str_keys_for_typed_dict() -> None:
    """Dict[str, T] refuses other keys and says how to store them."""
    with pytest.raises(TypeTransformerFailedError, match="map keys must be str"):
        literal(Dict[str, int], {1: 1})


def test_dataclass_missing_field() -> None:
    """A payload without a required field names the field."""
    lit = literal(Dict[int, int], {1: 2})
    lit.scalar.binary.value = TypeEngine.codec(dict).to_literal({"y": 1}).scalar.binary.value
    with pytest.raises(TypeTransformerFailedError, match=r"missing required field.*'x'"):
        TypeEngine.codec(Point).decode(lit)


def test_dataclass_field_of_wrong_type_in_payload() -> None:
    """A payload whose field has the wrong type names the field."""
    lit = TypeEngine.codec(dict).to_literal({"x": "one"})
    with pytest.raises(TypeTransformerFailedError, match=r"at \.x"):
        TypeEngine.codec(Point).decode(lit)


def test_enum_value_not_a_member() -> None:
    """A stored string that is no member's value lists the valid values."""
    lit = literal(str, "medium")
    with pytest.raises(TypeTransformerFailedError, match=r"'medium' is not one of its values"):
        TypeEngine.codec(Level).decode(lit)


def test_union_matching_two_variants_is_ambiguous() -> None:
    """A value two variants accept is refused, naming both."""
    with pytest.raises(TypeTransformerFailedError, match=r"ambiguous.*List\[int\].*List\[str\]"):
        literal(Union[List[int], List[str]], [])


def test_corrupt_msgpack() -> None:
    """A corrupt msgpack payload is a type error that says so, not a msgpack exception."""
    lit = literal(dict, {"a": 1})
    lit.scalar.binary.value = b"\xc1\xff\x00"
    with pytest.raises(TypeTransformerFailedError, match="msgpack payload is corrupt"):
        TypeEngine.codec(dict).decode(lit)


def test_binary_with_another_tag() -> None:
    """A binary literal not tagged msgpack is refused for a dataclass."""
    lit = literal(Point, Point(1))
    lit.scalar.binary.tag = "pickle"
    with pytest.raises(TypeTransformerFailedError, match="binary literal tagged 'pickle'"):
        TypeEngine.codec(Point).decode(lit)


@pytest.mark.parametrize(
    ("python_type", "stored"),
    [
        (int, literal(str, "x")),
        (int, literal(List[int], [1])),
        (float, literal(int, 1)),
        (str, literal(int, 0)),
        (bool, literal(int, 0)),
        (datetime.datetime, literal(int, 0)),
        (datetime.timedelta, literal(int, 0)),
        (type(None), literal(int, 0)),
        (List[int], literal(int, 0)),
        (Dict[str, int], literal(int, 0)),
        (Level, literal(int, 1)),
        (Point, literal(int, 1)),
        (Optional[int], literal(str, "x")),
    ],
)
def test_a_literal_of_the_wrong_kind(python_type: Any, stored: Literal) -> None:
    """Reading a literal of another kind is an error naming both sides, even when the protobuf
    default (0, "", False) would have read as a plausible value."""
    with pytest.raises(TypeTransformerFailedError, match="literal"):
        TypeEngine.codec(python_type).decode(stored)


def test_zero_values_still_read_back() -> None:
    """The wrong-kind check does not refuse genuine zero values."""
    for python_type, zero in [(int, 0), (float, 0.0), (str, ""), (bool, False)]:
        assert TypeEngine.codec(python_type).decode(literal(python_type, zero)) == zero


class Mixed(enum.Enum):
    A = "a"
    B = 2


@dataclasses.dataclass
class Node:
    children: List[Node]


@pytest.mark.parametrize(
    ("python_type", "fragment"),
    [
        (typing.Tuple[int, str], "a tuple cannot be stored"),
        (tuple, "a tuple cannot be stored"),
        (typing.Set[int], "use List[T]"),
        (frozenset, "use List[T]"),
        (bytes, "FlyteFile"),
        (typing.Any, "Any has no Flyte type"),
        (object, "object has no Flyte type"),
        (typing.Callable[[int], int], "functions"),
        (list, "bare list"),
        (typing.List, "bare list"),
        (Mixed, "B = 2"),
        (Node, "refers to itself"),
        (typing.TypeVar("T"), "TypeVar"),
        (complex, "not a dataclass, a str-valued Enum or a registered type"),
        (List[set], "use List[T]"),  # type: ignore[type-arg]
    ],
)
def test_unsupported_annotations_say_what_to_use(python_type: Any, fragment: str) -> None:
    """An annotation Flyte cannot store raises UnsupportedTypeError naming the type, the reason
    and the way out."""
    with pytest.raises(UnsupportedTypeError) as info:
        TypeEngine.to_literal_type(python_type)
    assert fragment in str(info.value)
    assert "store it as a pickle" in str(info.value)


@dataclasses.dataclass
class HasBadField:
    ok: int
    bad: set  # type: ignore[type-arg]


def test_unsupported_dataclass_field_names_the_field() -> None:
    """A dataclass with an unsupported field names the class and the field."""
    with pytest.raises(UnsupportedTypeError, match=r"HasBadField.*field 'bad'"):
        TypeEngine.to_literal_type(HasBadField)


@dataclasses.dataclass
class Unresolvable:
    x: NotDefinedAnywhere  # type: ignore[name-defined]  # noqa: F821


def test_dataclass_with_unresolvable_annotation() -> None:
    """A field annotation that does not resolve is reported, not a NameError."""
    with pytest.raises(UnsupportedTypeError, match="do not resolve"):
        TypeEngine.to_literal_type(Unresolvable)


def test_literal_map_missing_and_extra_inputs(ctx: FlyteContext) -> None:
    """A LiteralMap missing an input, or holding one more, names them."""
    lm = LiteralMap(literals={"a": literal(int, 1), "zzz": literal(int, 2)})
    with pytest.raises(FlyteValueException, match=r"task t: .*missing input\(s\) 'b'.*'zzz'"):
        TypeEngine.literal_map_to_kwargs(ctx, lm, {"a": int, "b": int}, where="task t")


def test_literal_map_wrong_type_names_the_input(ctx: FlyteContext) -> None:
    """A LiteralMap holding the wrong type names the input."""
    lm = LiteralMap(literals={"a": literal(str, "x")})
    with pytest.raises(TypeTransformerFailedError, match=r"^task t, input 'a': expected"):
        TypeEngine.literal_map_to_kwargs(ctx, lm, {"a": int}, where="task t")


def test_dict_to_literal_map_names_the_input(ctx: FlyteContext) -> None:
    """A wrong value in dict_to_literal_map names the input."""
    with pytest.raises(TypeTransformerFailedError, match=r"^input 'n': expected .*int"):
        TypeEngine.dict_to_literal_map(ctx, {"n": "3"}, {"n": int})


def test_unpicklable_value(ctx: FlyteContext) -> None:
    """A value pickle cannot store is refused naming the reason."""
    with pytest.raises(TypeTransformerFailedError, match="cannot be pickled"):
        TypeEngine.to_literal(ctx, lambda: 1, typing.Callable[[], int], pickle_untyped=True)


def test_missing_pickle_file(ctx: FlyteContext) -> None:
    """A pickle literal whose file is gone names the URI."""
    lit = TypeEngine.to_literal(ctx, {1, 2}, typing.Set[int], pickle_untyped=True)
    lit.scalar.blob.uri = str(ctx.sandbox / "gone.pkl")
    with pytest.raises(TypeTransformerFailedError, match=r"gone\.pkl"):
        TypeEngine.to_python_value(ctx, lit, typing.Set[int], pickle_untyped=True)
