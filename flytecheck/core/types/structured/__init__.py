"""`flytekit.types.structured`: StructuredDataset (see structured_dataset.py)."""

from __future__ import annotations

from flytecheck.core.types.structured.basic_dfs import register_csv_handlers
from flytecheck.core.types.structured.handlers import DuplicateHandlerError
from flytecheck.core.types.structured.structured_dataset import (
    CSV,
    PARQUET,
    StructuredDataset,
    StructuredDatasetDecoder,
    StructuredDatasetEncoder,
    StructuredDatasetTransformerEngine,
)

__all__ = [
    "CSV",
    "PARQUET",
    "DuplicateHandlerError",
    "StructuredDataset",
    "StructuredDatasetDecoder",
    "StructuredDatasetEncoder",
    "StructuredDatasetTransformerEngine",
    "register_csv_handlers",
]
