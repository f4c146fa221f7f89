"""`typing.BinaryIO` and `typing.TextIO` inputs, as flytekit has them: a single-file blob
(application/octet-stream, text/plain) opened for reading. Like flytekit, neither can be
returned: a task writes a file and returns a FlyteFile."""

from __future__ import annotations

import mimetypes
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import BlobType, LiteralType

from flytecheck.core._uri import is_remote, local_path
from flytecheck.core.context import FlyteContext, current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import TypeTransformer, literal_mismatch

__all__ = ["BinaryIOTransformer", "TextIOTransformer"]


class _HandleTransformer(TypeTransformer[Any]):
    suffix = ""
    mode = ""

    def _blob(self) -> BlobType:
        return BlobType(format=mimetypes.types_map[self.suffix], dimensionality=BlobType.SINGLE)

    def get_literal_type(self, t: Any) -> LiteralType:
        return LiteralType(blob=self._blob())

    def assert_type(self, t: Any, v: Any) -> None:
        return None

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        msg = (
            f"an open file ({self.name}) cannot be a task's output, in flytekit either: write "
            "the data to a file and return FlyteFile(path)"
        )
        raise TypeTransformerFailedError(python_type, python_val, msg)

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> Any:
        if lv.scalar.WhichOneof("value") != "blob":
            raise literal_mismatch(expected_python_type, lv)
        uri = lv.scalar.blob.uri
        fa = current_context().file_access
        path = local_path(uri)
        if fa is not None and is_remote(uri):
            path = fa.get_data(uri, fa.get_random_local_path())
        return open(path, self.mode)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        blob = literal_type.blob
        if literal_type.WhichOneof("type") == "blob" and blob.format == self._blob().format:
            return self.python_type
        return super().guess_python_type(literal_type)


class BinaryIOTransformer(_HandleTransformer):
    suffix, mode = ".bin", "rb"

    def __init__(self) -> None:
        super().__init__("BinaryIO", typing.BinaryIO)


class TextIOTransformer(_HandleTransformer):
    suffix, mode = ".txt", "r"

    def __init__(self) -> None:
        super().__init__("TextIO", typing.TextIO)
