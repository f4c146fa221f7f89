"""`flytekit.types.numpy`: numpy arrays (see ndarray.py)."""

from __future__ import annotations

from flytecheck.core.types.numpy.ndarray import NumpyArrayTransformer

__all__ = ["NumpyArrayTransformer"]
