"""`flytekit.models.types` (and `flytekit.models.core.types`): flyteidl's type messages under
flytekit's names."""

from __future__ import annotations

from flyteidl.core.types_pb2 import (
    BlobType,
    LiteralType,
    SchemaType,
    SimpleType,
    StructuredDatasetType,
    TypeAnnotation,
    TypeStructure,
    UnionType,
)

__all__ = [
    "BlobType",
    "LiteralType",
    "SchemaType",
    "SimpleType",
    "StructuredDatasetType",
    "TypeAnnotation",
    "TypeStructure",
    "UnionType",
]
