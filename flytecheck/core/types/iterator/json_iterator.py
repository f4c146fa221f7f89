"""`Iterator[JSON]`: JSON values produced one by one, stored as flytekit stores them, a JSON
Lines file (blob format "jsonl"); read back lazily, a line at a time."""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Iterator
from typing import Any, Union

import fsspec
from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import BlobType, LiteralType

from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import Codec, _no_plain, literal_mismatch

__all__ = ["JSON", "JSONIterator", "json_lines_codec"]

JSONCollection = Union[typing.Dict[str, Any], typing.List[Any]]  # noqa: UP006, UP007  (flytekit's alias, compared by ==)
JSONScalar = Union[bool, float, int, str]  # noqa: UP007
JSON = Union[JSONCollection, JSONScalar]  # noqa: UP007

JSON_ITERATOR_FORMAT = "jsonl"
JSON_ITERATOR_METADATA = "json iterator"


def is_json(element: Any) -> bool:
    """`element` is flytekit's JSON alias (or this module's, which equals it)."""
    try:
        return bool(element == JSON)
    except TypeError:
        return False


class JSONIterator(Iterator[Any]):
    """The values of a JSON Lines file, parsed one line at a time."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        self._lines = self._read()

    def _read(self) -> Iterator[Any]:
        with fsspec.open(self.uri, "r") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    def __iter__(self) -> JSONIterator:
        return self

    def __next__(self) -> Any:
        return next(self._lines)


def json_lines_codec(python_type: Any, transformer: Any) -> Codec:
    blob = BlobType(format=JSON_ITERATOR_FORMAT, dimensionality=BlobType.SINGLE)

    def literal_type() -> LiteralType:
        out = LiteralType(blob=blob)
        out.metadata.update({"format": JSON_ITERATOR_METADATA})
        return out

    def encode(value: Any, lit: Literal) -> None:
        path = current_context().sandbox / f"{os.urandom(16).hex()}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        try:
            with path.open("w") as fh:
                for item in value:
                    fh.write(json.dumps(item) + "\n")
                    written += 1
        except TypeError as e:
            raise TypeTransformerFailedError(python_type, value, f"not JSON: {e}") from e
        if not written:
            raise TypeTransformerFailedError(
                python_type, value, "the iterator is empty (flytekit refuses an empty one too)"
            )
        lit.scalar.blob.metadata.type.CopyFrom(blob)
        fa = current_context().file_access
        lit.scalar.blob.uri = fa.upload_to_raw_output(str(path)) if fa is not None else str(path)

    def decode(lit: Literal) -> Any:
        if lit.scalar.WhichOneof("value") != "blob":
            raise literal_mismatch(python_type, lit)
        return JSONIterator(lit.scalar.blob.uri)

    refuse = _no_plain(python_type)
    return Codec(python_type, literal_type, transformer, encode, decode, refuse, refuse)
