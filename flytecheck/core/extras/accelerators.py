"""`flytekit.extras.accelerators`: the GPU or TPU a task asks for (`@task(accelerator=T4)`).

Serialized as flytekit serializes them, into the task template's extended resources: a device
name, and for a multi-instance device the partition (`A100.partition_2g_10gb`), or
`unpartitioned` when the whole device is asked for (`A100.unpartitioned`). The names must match
the devices configured on the cluster; the constants below are flytekit's.
"""

from __future__ import annotations

import copy
from typing import ClassVar, TypeVar

from flyteidl.core.tasks_pb2 import GPUAccelerator as GPUAcceleratorIDL

__all__ = [
    "A10G",
    "A100",
    "A100_80GB",
    "H100",
    "H200",
    "K80",
    "L4",
    "L4_VWS",
    "L40S",
    "M60",
    "P4",
    "P100",
    "RTX_PRO_6000",
    "T4",
    "V5E",
    "V5P",
    "V6E",
    "V100",
    "BaseAccelerator",
    "GPUAccelerator",
    "MultiInstanceGPUAccelerator",
]

MIG = TypeVar("MIG", bound="MultiInstanceGPUAccelerator")


class BaseAccelerator:
    """A device a task asks for."""

    def to_flyte_idl(self) -> GPUAcceleratorIDL:
        raise NotImplementedError


class GPUAccelerator(BaseAccelerator):
    """A whole device, by name (`GPUAccelerator("nvidia-tesla-t4")`)."""

    def __init__(self, device: str) -> None:
        self._device = device

    def __repr__(self) -> str:
        return f"GPUAccelerator({self._device!r})"

    def to_flyte_idl(self) -> GPUAcceleratorIDL:
        return GPUAcceleratorIDL(device=self._device)


class MultiInstanceGPUAccelerator(BaseAccelerator):
    """A device that can be split: ask for a partition, or for the whole of it."""

    device: ClassVar[str]
    _partition_size: str | None

    @property
    def unpartitioned(self: MIG) -> MIG:
        whole = copy.copy(self)
        whole._partition_size = None
        return whole

    @classmethod
    def partitioned(cls: type[MIG], partition_size: str) -> MIG:
        part = cls()
        part._partition_size = partition_size
        return part

    def __repr__(self) -> str:
        size = getattr(self, "_partition_size", "default")
        return f"{type(self).__name__.lstrip('_')}({self.device!r}, partition={size!r})"

    def to_flyte_idl(self) -> GPUAcceleratorIDL:
        msg = GPUAcceleratorIDL(device=self.device)
        if not hasattr(self, "_partition_size"):
            return msg
        if self._partition_size is None:
            msg.unpartitioned = True
        else:
            msg.partition_size = self._partition_size
        return msg


A10G = GPUAccelerator("nvidia-a10g")
L4 = GPUAccelerator("nvidia-l4")
L4_VWS = GPUAccelerator("nvidia-l4-vws")
L40S = GPUAccelerator("nvidia-l40s")
K80 = GPUAccelerator("nvidia-tesla-k80")
M60 = GPUAccelerator("nvidia-tesla-m60")
P4 = GPUAccelerator("nvidia-tesla-p4")
P100 = GPUAccelerator("nvidia-tesla-p100")
T4 = GPUAccelerator("nvidia-tesla-t4")
V100 = GPUAccelerator("nvidia-tesla-v100")
H100 = GPUAccelerator("nvidia-h100")
H200 = GPUAccelerator("nvidia-h200")
RTX_PRO_6000 = GPUAccelerator("nvidia-rtx-pro-6000")


def _device(class_name: str, device: str, prefix: str, sizes: list[str]) -> type:
    """A multi-instance device class with one attribute per partition (`partition_1g_5gb`)."""
    base: type[MultiInstanceGPUAccelerator] = type(
        f"{class_name}_Base", (MultiInstanceGPUAccelerator,), {"device": device}
    )
    parts = {f"{prefix}{s.replace('.', '_')}": base.partitioned(s) for s in sizes}
    return type(class_name, (base,), parts)


A100 = _device(
    "_A100",
    "nvidia-tesla-a100",
    "partition_",
    ["1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"],
)()
A100_80GB = _device(
    "_A100_80GB",
    "nvidia-a100-80gb",
    "partition_",
    ["1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"],
)()
_TPU_3D = ["2x2x1", "2x2x2", "2x4x4", "4x4x4", "4x4x8", "4x8x8", "8x8x8", "8x8x16"]
_TPU_3D += ["8x16x16", "16x16x16", "16x16x24"]
_TPU_2D = ["1x1", "2x2", "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"]
V5E = _device("_V5E", "tpu-v5-lite-podslice", "slice_", _TPU_2D)()
V5P = _device(
    "_V5P",
    "tpu-v5p-slice",
    "slice_",
    _TPU_3D,
)()
V6E = _device("_V6E", "tpu-v6e-slice", "slice_", _TPU_2D)()
