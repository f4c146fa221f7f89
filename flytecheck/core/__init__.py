"""flytecheck's reference core: Flyte's authoring model under flytekit's names."""

from __future__ import annotations

from flytecheck.core.context import FlyteContext, FlyteContextManager, current_context
from flytecheck.core.types import TypeEngine, TypeTransformer

__all__ = [
    "FlyteContext",
    "FlyteContextManager",
    "TypeEngine",
    "TypeTransformer",
    "current_context",
]
