"""`flytekit.types.iterator`: `Iterator[T]` values (see iterator.py)."""

from __future__ import annotations

from flytecheck.core.types.iterator.iterator import IteratorTransformer

__all__ = ["IteratorTransformer"]
