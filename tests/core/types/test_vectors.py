"""The message-level contract: flytecheck writes what flytekit writes, for every golden vector."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType
from google.protobuf import json_format
from google.protobuf.message import Message

from flytecheck.core import TypeEngine
from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions import TypeTransformerFailedError
from tests.conftest import VECTORS, vectors_dir


def _records() -> list[dict[str, Any]]:
    path = VECTORS / "literals.jsonl"
    if not path.exists():
        return [{"id": "vectors-missing"}]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


RECORDS = _records()


def _case(rec: dict[str, Any]) -> tuple[Any, Any]:
    vectors_dir()
    import vector_types

    return eval(rec["type"], vector_types.NAMESPACE), eval(rec["value"], vector_types.NAMESPACE)


def as_json(message: Message) -> Any:
    """A message as protobuf's JSON mapping, parsed: Struct fields compare as JSON values."""
    return json.loads(json_format.MessageToJson(message))


def _parsed(cls: type[Message], b64: str) -> Message:
    message = cls()
    message.ParseFromString(base64.b64decode(b64))
    return message


@pytest.mark.parametrize("rec", RECORDS, ids=[r["id"] for r in RECORDS])
def test_literal_type_matches_flytekit(rec: dict[str, Any]) -> None:
    """The LiteralType of every vector's type equals flytekit's, as parsed messages."""
    python_type, _ = _case(rec)
    ours = TypeEngine.to_literal_type(python_type)
    if "literal_type_b64" in rec:
        assert as_json(ours) == as_json(_parsed(LiteralType, rec["literal_type_b64"]))
    assert as_json(ours) == rec["literal_type_json"]


CONVERTED = [r for r in RECORDS if "literal_json" in r or r["id"] == "vectors-missing"]
REFUSED = [r for r in RECORDS if "error" in r]


@pytest.mark.parametrize("rec", CONVERTED, ids=[r["id"] for r in CONVERTED])
def test_literal_matches_flytekit(rec: dict[str, Any], ctx: FlyteContext) -> None:
    """The Literal of every converted vector equals flytekit's, message for message."""
    python_type, value = _case(rec)
    ours = TypeEngine.to_literal(ctx, value, python_type, TypeEngine.to_literal_type(python_type))
    theirs = _parsed(Literal, rec["literal_b64"])
    assert as_json(ours) == as_json(theirs) == rec["literal_json"]


@pytest.mark.parametrize("rec", CONVERTED, ids=[r["id"] for r in CONVERTED])
def test_flytekit_literal_reads_back(rec: dict[str, Any], ctx: FlyteContext) -> None:
    """flytekit's Literal converts back to the vector's value (naive datetimes as UTC)."""
    python_type, value = _case(rec)
    theirs = _parsed(Literal, rec["literal_b64"])
    back = TypeEngine.to_python_value(ctx, theirs, python_type)
    assert (back == value) is rec["roundtrip_equal"]
    assert type(back) is type(value)


@pytest.mark.parametrize("rec", REFUSED, ids=[r["id"] for r in REFUSED])
def test_refused_values_raise_a_named_error(rec: dict[str, Any], ctx: FlyteContext) -> None:
    """Where flytekit refused a value, flytecheck raises TypeTransformerFailedError naming the
    expected type and the value."""
    python_type, value = _case(rec)
    assert rec["error"] == "TypeTransformerFailedError"
    with pytest.raises(TypeTransformerFailedError) as info:
        TypeEngine.to_literal(ctx, value, python_type)
    message = str(info.value)
    assert repr(value) in message
    assert info.value.expected == python_type
    assert isinstance(info.value, (TypeError, ValueError, AssertionError))


def test_every_vector_is_exercised() -> None:
    """Each vector is either converted or refused: none slips through both tests."""
    vectors_dir()
    assert len(CONVERTED) + len(REFUSED) == len(RECORDS) > 0
