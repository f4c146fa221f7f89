"""`flytekit.core.checkpointer` under flytekit's path: a task's checkpoint between attempts,
kept in `flytecheck.core.checkpoint`."""

from __future__ import annotations

from flytecheck.core.checkpoint import Checkpoint, SyncCheckpoint

__all__ = ["Checkpoint", "SyncCheckpoint"]
