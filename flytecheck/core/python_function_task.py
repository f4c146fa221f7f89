"""`flytekit.core.python_function_task` under flytekit's path. The core keeps these classes in
modules of their own (`task`, `async_task`, `eager`); this module is their face."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flytecheck._lazy import attribute_elsewhere
from flytecheck.core.task import PythonFunctionTask, PythonInstanceTask

if TYPE_CHECKING:
    pass

__all__ = ["PythonFunctionTask", "PythonInstanceTask"]

_ELSEWHERE = {
    "AsyncPythonFunctionTask": "flytecheck.core.async_task",
    "EagerAsyncPythonFunctionTask": "flytecheck.core.eager",
    "EagerFailureHandlerTask": "flytecheck.core.eager_cleanup",
    "EagerFailureTaskResolver": "flytecheck.core.eager_cleanup",
}


def __getattr__(name: str) -> Any:
    return attribute_elsewhere(__name__, name, _ELSEWHERE)
