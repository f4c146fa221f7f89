"""`flytekit.types.structured`: StructuredDataset (see structured_dataset.py)."""

from __future__ import annotations

from typing import Any

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
    "StructuredDataset",
    "StructuredDatasetDecoder",
    "StructuredDatasetEncoder",
    "StructuredDatasetTransformerEngine",
    "register_csv_handlers",
]


def register_csv_handlers(*args: Any, **kwargs: Any) -> None:
    """flytekit's switch for CSV encoders: flytecheck reads CSV tables already and writes
    Parquet; writing CSV is not supported yet, and this says so rather than doing nothing."""
    from flytecheck.core.exceptions.user import FlyteValidationException

    msg = (
        "register_csv_handlers(): flytecheck reads CSV-format StructuredDatasets but does not "
        "write CSV yet; leave the call out to write Parquet"
    )
    raise FlyteValidationException(msg)
