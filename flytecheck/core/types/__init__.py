"""The type engine: Python values to Flyte literals and back, one transformer per family."""

from __future__ import annotations

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types import _builtins
from flytecheck.core.types.engine import TypeEngine
from flytecheck.core.types.transformer import Codec, TypeTransformer

__all__ = [
    "Codec",
    "TypeEngine",
    "TypeTransformer",
    "TypeTransformerFailedError",
    "UnsupportedTypeError",
]

del _builtins
