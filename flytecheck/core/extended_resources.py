"""A task's extended resources: the accelerator it asks for and the shared memory it mounts.

As flytekit serializes them into the task template: `accelerator=A100.partition_2g_10gb`
names a device (see extras/accelerators.py); `shared_memory=True` mounts an in-memory volume
at /dev/shm, `shared_memory="1Gi"` one of that size.
"""

from __future__ import annotations

from typing import Any

from flyteidl.core.tasks_pb2 import ExtendedResources, SharedMemory

from flytecheck.core.exceptions.user import FlyteValidationException

__all__ = ["extended_resources"]

SHM_MOUNT_PATH = "/dev/shm"
SHM_MOUNT_NAME = "flyte-shared-memory"


def extended_resources(name: str, accelerator: Any, shared_memory: Any) -> ExtendedResources | None:
    """The template's ExtendedResources, or None when the task asks for neither."""
    if accelerator is None and not shared_memory:
        return None
    out = ExtendedResources()
    if accelerator is not None:
        if not callable(getattr(accelerator, "to_flyte_idl", None)):
            msg = (
                f"task {name!r}: accelerator={accelerator!r} is not an accelerator; use one of "
                "flytekit.extras.accelerators (T4, A100.partition_2g_10gb, ...) or "
                "GPUAccelerator('device-name')"
            )
            raise FlyteValidationException(msg)
        out.gpu_accelerator.CopyFrom(accelerator.to_flyte_idl())
    if shared_memory:
        if shared_memory is not True and not isinstance(shared_memory, str):
            msg = (
                f"task {name!r}: shared_memory={shared_memory!r}: give True (no size limit) or "
                "a size such as '1Gi'"
            )
            raise FlyteValidationException(msg)
        size = shared_memory if isinstance(shared_memory, str) else None
        out.shared_memory.CopyFrom(
            SharedMemory(mount_path=SHM_MOUNT_PATH, mount_name=SHM_MOUNT_NAME, size_limit=size)
        )
    return out
