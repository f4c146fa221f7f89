"""FlyteError: what the backend passes to a workflow's failure task as its `err` input."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from flyteidl.core import literals_pb2, types_pb2

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import TypeTransformer

__all__ = ["ErrorTransformer", "FlyteError", "error_type"]


@dataclasses.dataclass
class FlyteError:
    """The failure that made the workflow run its `on_failure` entity."""

    message: str
    failed_node_id: str


class ErrorTransformer(TypeTransformer[FlyteError]):
    """FlyteError as flytekit and the backend give it: the ERROR simple type, a Literal of an
    `Error` scalar (not a dataclass struct), so a handler of either SDK reads it."""

    def __init__(self) -> None:
        super().__init__("FlyteError", FlyteError)

    def get_literal_type(self, t: Any) -> types_pb2.LiteralType:
        return types_pb2.LiteralType(simple=types_pb2.SimpleType.ERROR)

    def to_literal(
        self, ctx: Any, python_val: Any, python_type: Any, expected: types_pb2.LiteralType
    ) -> literals_pb2.Literal:
        error = types_pb2.Error(
            message=python_val.message, failed_node_id=python_val.failed_node_id
        )
        return literals_pb2.Literal(scalar=literals_pb2.Scalar(error=error))

    def to_python_value(self, ctx: Any, lv: literals_pb2.Literal, expected_python_type: Any) -> Any:
        if lv.WhichOneof("value") != "scalar" or lv.scalar.WhichOneof("value") != "error":
            raise TypeTransformerFailedError(
                expected_python_type, lv, got="a literal that is no error"
            )
        return FlyteError(
            message=lv.scalar.error.message, failed_node_id=lv.scalar.error.failed_node_id
        )

    def guess_python_type(self, literal_type: types_pb2.LiteralType) -> Any:
        if literal_type.simple == types_pb2.SimpleType.ERROR:
            return FlyteError
        return super().guess_python_type(literal_type)


def error_type(declared: Any) -> Any:
    """The type the executor makes the `err` literal with, for a handler that declares
    `declared`: this FlyteError in the same shape (`Optional[...]` or not). flytekit's
    FlyteError has the same literal type, so a flytekit handler receives its own class."""
    if getattr(declared, "__name__", None) == "FlyteError":
        return FlyteError
    if typing.get_origin(declared) in (typing.Union, types.UnionType):
        args = typing.get_args(declared)
        if any(getattr(a, "__name__", None) == "FlyteError" for a in args):
            return (FlyteError | None) if type(None) in args else FlyteError
    return declared
