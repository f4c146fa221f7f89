"""ContainerTask: a task that runs any image with a command, reading its inputs from and
writing its outputs to files (the backend's raw-container protocol). flytekit runs it locally
in Docker; flytecheck has no container runtime, so a local run of one needs a stub."""

from __future__ import annotations

import enum
from typing import Any

from flytecheck.core.exceptions.user import refuse_options_not_serialized
from flytecheck.core.image_spec import ImageSpec
from flytecheck.core.interface import Interface
from flytecheck.core.pod_template import checked_pod_template
from flytecheck.core.resources import Resources, requests_and_limits
from flytecheck.core.secrets import Secret
from flytecheck.core.task import PythonTask, TaskMetadata

__all__ = ["ContainerTask"]


class ContainerTask(PythonTask):
    """`ContainerTask(name=..., image=..., command=[...], inputs=kwtypes(...), ...)`."""

    class MetadataFormat(enum.IntEnum):
        JSON = 0
        YAML = 1
        PROTO = 2

    def __init__(
        self,
        name: str,
        image: str | ImageSpec,
        command: list[str],
        inputs: dict[str, Any] | None = None,
        metadata: TaskMetadata | None = None,
        arguments: list[str] | None = None,
        outputs: dict[str, Any] | None = None,
        requests: Resources | None = None,
        limits: Resources | None = None,
        input_data_dir: str | None = None,
        output_data_dir: str | None = None,
        metadata_format: MetadataFormat = MetadataFormat.JSON,
        io_strategy: Any = None,
        secret_requests: list[Secret] | None = None,
        pod_template: Any = None,
        pod_template_name: str | None = None,
        local_logs: bool = False,
        resources: Any = None,
        environment: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        refuse_options_not_serialized(
            f"task {name!r}", {"io_strategy": io_strategy}, ["io_strategy"]
        )
        interface = Interface(dict(inputs or {}), dict(outputs or {}))
        super().__init__(
            "raw-container",
            name,
            interface=interface,
            environment=environment,
            metadata=metadata,
            **kwargs,
        )
        if pod_template_name:
            self.metadata.pod_template_name = pod_template_name
        self.image = image
        self.command = list(command)
        self.arguments = list(arguments or [])
        self.arguments_given = arguments is not None
        self.requests, self.limits = requests_and_limits(
            f"container task {name!r}", resources, requests, limits
        )
        self.input_data_dir = input_data_dir
        self.output_data_dir = output_data_dir
        self.metadata_format = metadata_format
        self.secret_requests = list(secret_requests or [])
        self.pod_template = checked_pod_template(name, pod_template)

    def unstubbed(self) -> Exception:
        return self.needs_stub("runs its own container image, which flytecheck cannot start")

    def execute(self, **kwargs: Any) -> Any:
        raise self.unstubbed()
