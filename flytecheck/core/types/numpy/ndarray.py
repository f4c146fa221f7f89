"""`numpy.ndarray` as flytekit stores it: a `.npy` file (`numpy.save`, no pickles unless
`Annotated[np.ndarray, kwtypes(allow_pickle=True)]`) behind a blob literal of format
"NumpyArray". numpy is imported when an array is converted, not before."""

from __future__ import annotations

import os
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import BlobType, LiteralType

from flytecheck.core._uri import is_remote, local_path
from flytecheck.core.context import FlyteContext, current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.annotations import HashMethod
from flytecheck.core.types.transformer import TypeTransformer, literal_mismatch

__all__ = ["NumpyArrayTransformer", "extract_metadata"]

NUMPY_ARRAY_FORMAT = "NumpyArray"


def extract_metadata(t: Any) -> tuple[Any, dict[str, Any]]:
    """The array type and its options (`allow_pickle`, `mmap_mode`) from
    `Annotated[np.ndarray, kwtypes(...)]`."""
    if typing.get_origin(t) is not typing.Annotated:
        return t, {}
    base, *annotations = typing.get_args(t)
    options: dict[str, Any] | None = None
    for given in annotations:
        if isinstance(given, HashMethod):
            continue
        if not isinstance(given, dict):
            msg = "an array's annotation is kwtypes(allow_pickle=..., mmap_mode=...) or HashMethod"
            raise TypeTransformerFailedError(t, given, msg)
        if options is not None:
            msg = f"options {options} are already given; give one kwtypes(...)"
            raise TypeTransformerFailedError(t, given, msg)
        options = dict(given)
    return base, options or {}


class NumpyArrayTransformer(TypeTransformer[Any]):
    NUMPY_ARRAY_FORMAT = NUMPY_ARRAY_FORMAT
    reads_annotations = True  # kwtypes(allow_pickle=...) in Annotated reaches to_literal

    def __init__(self) -> None:
        super().__init__("Numpy Array", "numpy.ndarray")

    def _blob(self) -> BlobType:
        return BlobType(format=NUMPY_ARRAY_FORMAT, dimensionality=BlobType.SINGLE)

    def get_literal_type(self, t: Any) -> LiteralType:
        return LiteralType(blob=self._blob())

    def assert_type(self, t: Any, v: Any) -> None:
        import numpy as np

        if not isinstance(v, np.ndarray):
            raise TypeTransformerFailedError(t, v, "expected a numpy.ndarray")

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        import numpy as np

        _, options = extract_metadata(python_type)
        path = current_context().sandbox / f"{os.urandom(16).hex()}.npy"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            np.save(path, python_val, allow_pickle=options.get("allow_pickle", False))
        except ValueError as e:  # object arrays without allow_pickle
            reason = f"{e}; annotate Annotated[np.ndarray, kwtypes(allow_pickle=True)]"
            raise TypeTransformerFailedError(python_type, python_val, reason) from e
        lit = Literal()
        blob = lit.scalar.blob
        blob.metadata.type.CopyFrom(self._blob())
        fa = current_context().file_access
        blob.uri = fa.upload_to_raw_output(str(path)) if fa is not None else str(path)
        return lit

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> Any:
        import numpy as np

        if lv.scalar.WhichOneof("value") != "blob":
            raise literal_mismatch(expected_python_type, lv)
        _, options = extract_metadata(expected_python_type)
        uri = lv.scalar.blob.uri
        fa = current_context().file_access
        local = local_path(uri)
        if fa is not None and is_remote(uri):
            local = fa.get_data(uri, fa.get_random_local_path())
        return np.load(
            local,
            allow_pickle=options.get("allow_pickle", False),
            mmap_mode=options.get("mmap_mode"),
        )

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        blob = literal_type.blob
        if (
            literal_type.WhichOneof("type") == "blob"
            and blob.format == NUMPY_ARRAY_FORMAT
            and blob.dimensionality == BlobType.SINGLE
        ):
            import numpy as np

            return np.ndarray
        return super().guess_python_type(literal_type)
