"""`Iterator[T]`: values produced one by one, stored as flytekit stores them, a collection of T.

Encoding consumes the iterator into the collection; decoding gives back an iterator over the
values read (flytekit's FlyteIterator reads them lazily; the values are the same). A bare
`Iterator` has no element type and stays refused, as flytekit refuses it.
"""

from __future__ import annotations

import collections.abc
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types.engine import Resolver
from flytecheck.core.types.transformer import Codec, CodecTransformer, _no_plain

__all__ = ["IteratorTransformer"]


class IteratorTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("Typed Iterator", collections.abc.Iterator)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        args = typing.get_args(python_type)
        if not args:
            raise UnsupportedTypeError(
                python_type,
                "a bare Iterator has no element type",
                advice="Annotate what it yields: Iterator[str] (or Iterator[T]).",
            )
        from flytecheck.core.types.iterator.json_iterator import is_json, json_lines_codec

        if is_json(args[0]):
            return json_lines_codec(python_type, self)
        as_list = resolve(list[args[0]])  # type: ignore[valid-type]

        def literal_type() -> LiteralType:
            return as_list.literal_type

        def encode(value: Any, lit: Literal) -> None:
            if not isinstance(value, collections.abc.Iterable) or isinstance(value, (str, bytes)):
                raise TypeTransformerFailedError(python_type, value, "expected an iterator")
            as_list.encode(list(value), lit)

        def decode(lit: Literal) -> Any:
            return iter(as_list.decode(lit))

        refuse = _no_plain(python_type)
        return Codec(python_type, literal_type, self, encode, decode, refuse, refuse)
