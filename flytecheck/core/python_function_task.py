"""`flytekit.core.python_function_task` under flytekit's path. The core keeps these classes in
`flytecheck.core.task`; this module is their face."""

from __future__ import annotations

from flytecheck.core.task import PythonFunctionTask, PythonInstanceTask

__all__ = ["PythonFunctionTask", "PythonInstanceTask"]
