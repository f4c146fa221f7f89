"""`flytekit.core.dynamic_workflow_task` under flytekit's path: `@dynamic`, kept in
`flytecheck.core.dynamic`."""

from __future__ import annotations

from flytecheck.core.dynamic import DynamicTask, dynamic

__all__ = ["DynamicTask", "dynamic"]
