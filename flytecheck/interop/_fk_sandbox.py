"""A flytekit task's local sandbox, as flytekit's local run gives one to each task: a working
folder of its own and a checkpoint (flytekit's SyncCheckpoint) writing into it.

The checkpoint's scratch folder is made the first time the task reads or writes a checkpoint,
not before: most tasks never do, and making and removing a folder per task was a sixth of a
local run's cost.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

__all__ = ["sandboxed"]


def sandboxed(local: Any) -> Any:
    """A builder of flytekit's context `local` for one task run in a sandbox of its own."""
    params = local.execution_state.user_space_params
    root = params.working_directory
    folder = tempfile.mkdtemp(prefix=getattr(root, "name", root))
    checkpoint_dest = Path(folder, "__cp")
    checkpoint_dest.mkdir()
    builder = params.new_builder(params)
    builder.checkpoint = _checkpoint_class()(checkpoint_dest=str(checkpoint_dest))
    builder.working_dir = folder
    state = local.execution_state.with_params(user_space_params=builder.build())
    return local.new_builder().with_execution_state(state)


@functools.cache
def _checkpoint_class() -> type:
    from flytekit.core.checkpointer import SyncCheckpoint

    class TaskCheckpoint(SyncCheckpoint):  # type: ignore[misc]
        """flytekit's SyncCheckpoint, its scratch folder made on first use."""

        def __init__(self, checkpoint_dest: str) -> None:  # SyncCheckpoint's makes the folder
            self._checkpoint_dest = checkpoint_dest
            self._checkpoint_src = None
            self._prev_download_path = None
            self._scratch: tempfile.TemporaryDirectory[str] | None = None

        @property
        def _td(self) -> tempfile.TemporaryDirectory[str]:
            if self._scratch is None:
                self._scratch = _quietly_removed(tempfile.TemporaryDirectory())
            return self._scratch

        def __del__(self) -> None:
            if self._scratch is not None:
                self._scratch.cleanup()

    return TaskCheckpoint


def _quietly_removed(folder: tempfile.TemporaryDirectory[str]) -> tempfile.TemporaryDirectory[str]:
    """A TemporaryDirectory left to the garbage collector warns (ResourceWarning) as it is
    removed; remove it then without the warning, as flytekit's own run would without warnings
    enabled."""
    if folder._finalizer.detach():  # type: ignore[attr-defined]
        weakref.finalize(folder, shutil.rmtree, folder.name, ignore_errors=True)
    return folder
