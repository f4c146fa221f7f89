"""`flytekit.extras.pydantic_transformer.transformer` under flytekit's path."""

from __future__ import annotations

from flytecheck.core.types.pydantic_models import PydanticTransformer

__all__ = ["PydanticTransformer"]
