"""The hypothesis strategies, and the type engine's round-trip properties they drive."""

from __future__ import annotations

import datetime
import typing
from typing import Any

import pytest
from flyteidl.core.literals_pb2 import Literal, LiteralMap
from flyteidl.core.types_pb2 import LiteralType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flytecheck.core import TypeEngine
from flytecheck.core.exceptions import UnsupportedTypeError
from flytecheck.strategies import (
    literals_for,
    round_trip,
    supported_types,
    values_for,
)

SLOW_OK = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


@SLOW_OK
@given(st.data(), supported_types())
def test_every_supported_type_round_trips(data: st.DataObject, python_type: Any) -> None:
    """For any generated type and value: to_literal -> bytes -> parse -> to_python_value gives
    the value back."""
    rt = data.draw(round_trip(python_type))
    assert rt.back == rt.value


@SLOW_OK
@given(supported_types())
def test_literal_types_survive_serialization(python_type: Any) -> None:
    """A LiteralType parsed from its bytes equals the one the engine built."""
    lt = TypeEngine.to_literal_type(python_type)
    assert LiteralType.FromString(lt.SerializeToString()) == lt


@SLOW_OK
@given(st.data(), supported_types())
def test_guessed_types_read_the_literals_of_the_original(data: st.DataObject, t: Any) -> None:
    """guess_python_type gives a type whose LiteralType is the original's (metadata aside)."""
    guessed = TypeEngine.guess_python_type(TypeEngine.to_literal_type(t))
    literal = data.draw(literals_for(TypeEngine.to_literal_type(guessed)))
    assert isinstance(literal, Literal)
    assert literal.WhichOneof("value") is not None


@given(values_for(int))
def test_int_values_fit_64_bits(value: int) -> None:
    """values_for(int) stays within what a Flyte integer holds."""
    assert -(2**63) <= value < 2**63


@given(values_for(datetime.timedelta))
def test_timedeltas_fit_a_duration(value: datetime.timedelta) -> None:
    """values_for(timedelta) stays within a protobuf Duration."""
    TypeEngine.codec(datetime.timedelta).to_literal(value)


@given(values_for(typing.Union[typing.List[int], typing.List[str]]))
def test_union_values_are_never_ambiguous(value: Any) -> None:
    """values_for(Union) never draws a value two variants accept (like [])."""
    assert value != []


def test_values_for_rejects_unsupported_types_at_once() -> None:
    """An unsupported annotation fails when the strategy is made, naming the type."""
    with pytest.raises(UnsupportedTypeError, match="set"):
        values_for(typing.Set[int])


@given(st.from_type(Literal), st.from_type(LiteralType), st.from_type(LiteralMap))
def test_from_type_builds_flyteidl_messages(
    literal: Literal, literal_type: LiteralType, literal_map: LiteralMap
) -> None:
    """The hypothesis entry point registers the flyteidl messages with st.from_type."""
    assert literal.WhichOneof("value") is not None
    assert literal_type.WhichOneof("type") is not None
    assert all(name.isidentifier() for name in literal_map.literals)


def test_the_strategies_module_can_be_the_first_import() -> None:
    """Importing flytecheck.strategies imports hypothesis, whose entry point imports it back:
    that must not fail half-way (it did, in a fresh process)."""
    import subprocess
    import sys

    code = (
        "import typing; from flytecheck.strategies import values_for; "
        "from hypothesis import strategies as st; from flyteidl.core.literals_pb2 import Literal; "
        "print(values_for(typing.Literal['a']).example(), "
        "type(st.from_type(Literal).example()).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["a", "Literal"]
