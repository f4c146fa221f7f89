"""Echo: a task that gives back its inputs as its outputs, run by the backend itself (no
container), handy as a no-op branch of a conditional."""

from __future__ import annotations

from typing import Any

from flytecheck.core.interface import Interface, default_output_tuple
from flytecheck.core.task import PythonTask, TaskMetadata

__all__ = ["Echo"]


class Echo(PythonTask):
    """`Echo(name="echo", inputs={"radius": float})`: its inputs given back as outputs o0,
    o1, ... of the same types, as flytekit names them."""

    def __init__(self, name: str, inputs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        inputs = dict(inputs or {})
        outputs = {f"o{i}": t for i, t in enumerate(inputs.values())}
        shape = default_output_tuple(len(outputs)) if len(outputs) > 1 else None
        metadata: TaskMetadata | None = kwargs.pop("metadata", None)
        interface = Interface(inputs, outputs, output_tuple=shape)
        super().__init__("echo", name, interface=interface, metadata=metadata, **kwargs)

    def execute(self, **kwargs: Any) -> Any:
        values = [kwargs[n] for n in self.interface.inputs]
        if not values:
            return None
        return values[0] if len(values) == 1 else tuple(values)
