"""`flytekit.core.array_node_map_task` under flytekit's path: map tasks, kept in
`flytecheck.core.array_node`."""

from __future__ import annotations

from flytecheck.core.array_node import ArrayNodeMapTask, map_task

__all__ = ["ArrayNodeMapTask", "array_node_map_task", "map_task"]

array_node_map_task = map_task
