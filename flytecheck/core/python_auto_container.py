"""`flytekit.core.python_auto_container` under flytekit's path. The core keeps the class in
`flytecheck.core.task`; this module is its face."""

from __future__ import annotations

from flytecheck.core.task import PythonAutoContainerTask

__all__ = ["PythonAutoContainerTask"]
