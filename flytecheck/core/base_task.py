"""`flytekit.core.base_task` under flytekit's path: the task base classes. The core keeps them
in `flytecheck.core.task`; this module is their face."""

from __future__ import annotations

from flytecheck.core.exceptions.user import IgnoreOutputs
from flytecheck.core.interface import kwtypes
from flytecheck.core.task import PythonTask, Task, TaskMetadata

__all__ = ["IgnoreOutputs", "PythonTask", "Task", "TaskMetadata", "kwtypes"]
