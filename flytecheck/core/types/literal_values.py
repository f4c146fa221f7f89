"""`typing.Literal["a", "b"]`: the values' own type, with the allowed values in its annotation.

As flytekit writes it: a Literal of strings is a STRING whose LiteralType carries the annotation
`{"literal_values": [...]}`; all values must be of one primitive type. A value outside the
listed ones is refused when it is converted (flytekit lets it through; a type checker would
not), naming the values allowed.
"""

from __future__ import annotations

import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types.engine import Resolver
from flytecheck.core.types.transformer import Codec, CodecTransformer

__all__ = ["LiteralTypeTransformer"]


class LiteralTypeTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("LiteralTypeTransformer", typing.Literal)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        values = typing.get_args(python_type)
        kinds = {type(v) for v in values}
        if len(kinds) != 1 or next(iter(kinds)) not in (str, int, float, bool):
            reason = (
                "its values must all be of one type, str, int, float or bool "
                f"(they are {', '.join(sorted(k.__name__ for k in kinds))})"
            )
            raise UnsupportedTypeError(python_type, reason)
        inner = resolve(next(iter(kinds)))
        literal_type = LiteralType()
        literal_type.CopyFrom(inner.literal_type)
        literal_type.annotation.annotations.update({"literal_values": list(values)})
        allowed = ", ".join(repr(v) for v in values)

        def check(v: Any) -> Any:
            if v not in values or type(v) is not type(values[0]):
                raise TypeTransformerFailedError(python_type, v, f"expected one of {allowed}")
            return v

        def encode(v: Any, lit: Literal) -> None:
            inner.encode(check(v), lit)

        def decode(lit: Literal) -> Any:
            return check(inner.decode(lit))

        def from_plain(v: Any) -> Any:
            return check(inner.from_plain(v))

        return Codec(python_type, literal_type, self, encode, decode, check, from_plain)
