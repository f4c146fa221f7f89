"""Protobuf messages as values: a message is a generic (Struct) literal of its JSON form, its
Flyte type a STRUCT tagged with the message's class (`pb_type`), as flytekit stores it, so a
message written by either side is read by the other."""

from __future__ import annotations

import importlib
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SimpleType
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import TypeTransformer

__all__ = ["ProtobufTransformer"]


class ProtobufTransformer(TypeTransformer[Message]):
    PB_FIELD_KEY = "pb_type"

    def __init__(self) -> None:
        super().__init__("Protobuf-Transformer", Message)

    @staticmethod
    def tag(python_type: type[Any]) -> str:
        return f"{python_type.__module__}.{python_type.__name__}"

    def get_literal_type(self, t: Any) -> LiteralType:
        return LiteralType(simple=SimpleType.STRUCT, metadata={self.PB_FIELD_KEY: self.tag(t)})

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        from flytecheck.core.types.engine import TypeEngine

        if type(python_val) is struct_pb2.ListValue:
            out = Literal()
            out.collection.SetInParent()
            for v in python_val:
                out.collection.literals.append(TypeEngine.to_literal(ctx, v, type(v)))
            return out
        if not isinstance(python_val, Message):
            raise TypeTransformerFailedError(python_type, python_val, "expected a protobuf message")
        from google.protobuf import json_format

        out = Literal()
        out.scalar.generic.update(json_format.MessageToDict(python_val))
        return out

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> Any:
        if not lv.scalar.HasField("generic"):
            msg = f"a {lv.WhichOneof('value')} literal is no protobuf message's generic form"
            raise TypeTransformerFailedError(expected_python_type, lv, msg)
        from google.protobuf import json_format

        return json_format.ParseDict(
            json_format.MessageToDict(lv.scalar.generic), expected_python_type()
        )

    def assert_type(self, t: Any, v: Any) -> None:
        if not isinstance(v, (t, struct_pb2.ListValue)):
            raise TypeTransformerFailedError(t, v)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        found = literal_type.metadata.fields.get(self.PB_FIELD_KEY)
        tag = found.string_value if found is not None else ""
        if (
            literal_type.WhichOneof("type") == "simple"
            and literal_type.simple == SimpleType.STRUCT
            and tag
        ):
            module, _, name = str(tag).rpartition(".")
            return getattr(importlib.import_module(module), name)
        return super().guess_python_type(literal_type)
