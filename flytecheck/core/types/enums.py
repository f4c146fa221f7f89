"""Enums whose values are all str: an enum LiteralType, stored as the member's string value."""

from __future__ import annotations

import enum
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types.engine import Resolver
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = ["EnumTransformer"]


class EnumTransformer(CodecTransformer[enum.Enum]):
    def __init__(self) -> None:
        super().__init__("DefaultEnumTransformer", enum.Enum)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "enum_type":
            values = list(literal_type.enum_type.values)
            names = [
                v if v.isidentifier() and v[0] != "_" else f"V{i}" for i, v in enumerate(values)
            ]
            if len(set(names)) < len(names):
                names = [f"V{i}" for i in range(len(values))]
            return enum.Enum("DynamicEnum", dict(zip(names, values, strict=True)))
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        members = list(python_type)
        bad = [m for m in members if not isinstance(m.value, str)]
        if bad:
            reason = (
                f"Flyte enums hold strings, but {bad[0].name} = {bad[0].value!r}; "
                "give every member a str value"
            )
            raise UnsupportedTypeError(python_type, reason)
        values = [m.value for m in members]
        literal_type = LiteralType()
        literal_type.enum_type.values.extend(values)
        by_value: dict[str, enum.Enum] = {m.value: m for m in members}
        allowed = ", ".join(values)

        def check(v: Any) -> str:
            if isinstance(v, python_type):
                return str(v.value)
            raise TypeTransformerFailedError(python_type, v, f"expected a member of {allowed}")

        def member(s: Any, lit_or_value: Any) -> enum.Enum:
            try:
                return by_value[s]
            except (KeyError, TypeError):
                reason = f"{s!r} is not one of its values ({allowed})"
                raise TypeTransformerFailedError(python_type, lit_or_value, reason) from None

        def encode(v: Any, lit: Literal) -> None:
            lit.scalar.primitive.string_value = check(v)

        def decode(lit: Literal) -> enum.Enum:
            prim = lit.scalar.primitive
            if prim.WhichOneof("value") != "string_value":
                raise literal_mismatch(python_type, lit)
            return member(prim.string_value, prim.string_value)

        def from_plain(v: Any) -> enum.Enum:
            if isinstance(v, python_type):
                return typing.cast(enum.Enum, v)
            return member(v, v)

        return Codec(python_type, literal_type, self, encode, decode, check, from_plain)
