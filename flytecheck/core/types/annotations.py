"""What `Annotated[T, ...]` may carry besides a transformer, as flytekit reads it:

- `HashMethod(fn)`: the literal's `hash` is `fn(value)`, so a cached task downstream is keyed
  by that hash rather than by the data (flytekit's cache-by-content for dataframes);
- `FlyteAnnotation({...})`: a JSON-able dict kept on the LiteralType's `annotation`;
- `BatchSize(n)`: for `Annotated[List[T], BatchSize(n)]` of pickled values, how many values go
  in one pickle file (the value itself converts as `List[T]`).

Anything else in the metadata is the user's own and is ignored, as flytekit ignores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, TypeAnnotation

from flytecheck.core.types.transformer import Codec

__all__ = ["BatchSize", "FlyteAnnotation", "HashMethod", "annotated_codec"]


class HashMethod:
    """`Annotated[T, HashMethod(fn)]`: the value's cache key is `fn(value)`."""

    def __init__(self, function: Callable[[Any], str]) -> None:
        self._function = function

    def calculate(self, value: Any) -> str:
        return self._function(value)


@dataclass(frozen=True)
class FlyteAnnotation:
    """`Annotated[T, FlyteAnnotation({...})]`: key/values kept on the type for the backend."""

    data: dict[str, Any]


@dataclass(frozen=True)
class BatchSize:
    """`Annotated[List[T], BatchSize(n)]`: n pickled values per file."""

    val: int


def annotated_codec(inner: Codec, python_type: Any, metadata: tuple[Any, ...]) -> Codec:
    """The codec of `Annotated[T, *metadata]`: T's, with the hash and annotation applied."""
    hashers = [m for m in metadata if isinstance(m, HashMethod)]
    notes = [m for m in metadata if isinstance(m, FlyteAnnotation)]
    if not hashers and not notes:
        return inner
    encode = inner.encode
    if hashers:
        hasher = hashers[-1]

        def encode(value: Any, lit: Literal) -> None:
            inner.encode(value, lit)
            lit.hash = hasher.calculate(value)

    def literal_type() -> LiteralType:
        lt = LiteralType()
        lt.CopyFrom(inner.literal_type)
        if notes:
            merged: dict[str, Any] = {}
            for note in notes:
                merged.update(note.data)
            lt.annotation.CopyFrom(TypeAnnotation())
            lt.annotation.annotations.update(merged)
        return lt

    return Codec(
        python_type,
        literal_type,
        inner.transformer,
        encode,
        inner.decode,
        inner.to_plain,
        inner.from_plain,
        None,
        is_plain=None,
        pack=None,
        unpack=None,
    )
