"""The pickle fallback: a type Flyte does not know, stored as a pickle file behind a blob
literal of format "PythonPickle", as flytekit stores it (flytekit reads these files back).

An entity declaring such a type gets a FlytePickleWarning (interface.check_types), because a
pickle only loads under the same Python and library versions and cannot be cached by content or
read by another language; strict types refuse it instead. In a container the file is uploaded
under the raw output prefix, like a FlyteFile.
"""

from __future__ import annotations

import os
import pickle as _pickle
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import BlobType, LiteralType

from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.engine import PICKLED, Resolver
from flytecheck.core.types.transformer import Codec, CodecTransformer, _no_plain, literal_mismatch

__all__ = ["PICKLE_FORMAT", "PickleTransformer"]

PICKLE_FORMAT = "PythonPickle"


class PickleTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("FlytePickle", PICKLED)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "blob" and literal_type.blob.format == PICKLE_FORMAT:
            return object
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        literal_type = LiteralType(
            blob=BlobType(format=PICKLE_FORMAT, dimensionality=BlobType.SINGLE)
        )
        literal_type.metadata.update({"python_class_name": str(python_type)})

        def encode(v: Any, lit: Literal) -> None:
            path = current_context().sandbox / f"{os.urandom(16).hex()}.pkl"
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                path.write_bytes(_pickle.dumps(v))
            except (_pickle.PicklingError, TypeError, AttributeError) as e:
                raise TypeTransformerFailedError(python_type, v, f"cannot be pickled: {e}") from e
            blob = lit.scalar.blob
            blob.metadata.type.CopyFrom(literal_type.blob)
            fa = current_context().file_access
            blob.uri = fa.upload_to_raw_output(str(path)) if fa is not None else str(path)

        def decode(lit: Literal) -> Any:
            if lit.scalar.WhichOneof("value") != "blob":
                raise literal_mismatch(python_type, lit)
            import fsspec

            uri = lit.scalar.blob.uri
            try:
                with fsspec.open(uri, "rb") as fh:
                    return _pickle.load(fh)
            except (OSError, _pickle.UnpicklingError, EOFError) as e:
                reason = f"the pickle at {uri} could not be read: {e}"
                raise TypeTransformerFailedError(python_type, lit, reason, got=uri) from e

        refuse = _no_plain(python_type)
        return Codec(python_type, literal_type, self, encode, decode, refuse, refuse)
