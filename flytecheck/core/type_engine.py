"""`flytekit.core.type_engine`: the type engine's names where flytekit keeps them."""

from __future__ import annotations

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types import TypeEngine, TypeTransformer
from flytecheck.core.types.annotations import BatchSize

__all__ = ["BatchSize", "TypeEngine", "TypeTransformer", "TypeTransformerFailedError"]
