"""`flytekit.core.context_manager` under flytekit's path: the context a task or workflow runs
in. The core keeps it in `flytecheck.core.context`; this module is its face for code written
against flytekit's module paths."""

from __future__ import annotations

from flytecheck.core.context import (
    ExecutionParameters,
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    current_context,
)
from flytecheck.core.node import CompilationState
from flytecheck.core.secrets import SecretsManager

__all__ = [
    "CompilationState",
    "ExecutionParameters",
    "ExecutionState",
    "FlyteContext",
    "FlyteContextManager",
    "SecretsManager",
    "current_context",
]
