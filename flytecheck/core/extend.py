"""`flytekit.extend`: what a plugin author builds on (a PythonTask subclass with its own
`execute`, an Interface, the type engine, the context)."""

from __future__ import annotations

from flytecheck.core import context as context_manager
from flytecheck.core.base_sql_task import SQLTask
from flytecheck.core.context import ExecutionState
from flytecheck.core.interface import Interface
from flytecheck.core.io import FileAccessProvider
from flytecheck.core.promise import Promise
from flytecheck.core.secrets import SecretsManager
from flytecheck.core.serialize import SerializationSettings, get_serializable
from flytecheck.core.task import PythonTask
from flytecheck.core.types import TypeEngine, TypeTransformer

__all__ = [
    "ExecutionState",
    "FileAccessProvider",
    "Interface",
    "Promise",
    "PythonTask",
    "SQLTask",
    "SecretsManager",
    "SerializationSettings",
    "TypeEngine",
    "TypeTransformer",
    "context_manager",
    "get_serializable",
]
