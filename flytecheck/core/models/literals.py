"""`flytekit.models.literals`: flyteidl's literal messages under flytekit's names."""

from __future__ import annotations

from flyteidl.core.literals_pb2 import (
    Binary,
    Blob,
    BlobMetadata,
    Literal,
    LiteralCollection,
    LiteralMap,
    Primitive,
    Scalar,
    StructuredDataset,
    StructuredDatasetMetadata,
    Union,
    Void,
)

__all__ = [
    "Binary",
    "Blob",
    "BlobMetadata",
    "Literal",
    "LiteralCollection",
    "LiteralMap",
    "Primitive",
    "Scalar",
    "StructuredDataset",
    "StructuredDatasetMetadata",
    "Union",
    "Void",
]
