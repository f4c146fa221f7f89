"""PodTemplate: a task's own Kubernetes pod (`@task(pod_template=PodTemplate(pod_spec=...))`).

Serialized as flytekit serializes it: the task's container is merged into the pod spec's primary
container (its image if the spec gives none, the command, args, resources and environment the
task declares, the spec's own environment after them), the spec goes into the template as
`k8s_pod` with the template's labels and annotations, and `config.primary_container_name` names
the container. The pod spec is a `kubernetes.client.V1PodSpec` (or a dict in its JSON form); it
is read through the model's own attribute map, so the kubernetes package is needed only to
build it, never by flytecheck.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from flyteidl.core.tasks_pb2 import Container, K8sPod, Resources, TaskTemplate

from flytecheck.core.exceptions.user import FlyteValidationException

__all__ = ["PRIMARY_CONTAINER_DEFAULT_NAME", "PodTemplate", "checked_pod_template", "to_k8s_pod"]

PRIMARY_CONTAINER_DEFAULT_NAME = "primary"
PRIMARY_CONTAINER_NAME_FIELD = "primary_container_name"


@dataclasses.dataclass
class PodTemplate:
    """The pod a task runs in: a pod spec, which of its containers runs the task, and the pod's
    labels and annotations."""

    pod_spec: Any = None
    primary_container_name: str = PRIMARY_CONTAINER_DEFAULT_NAME
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None

    def __post_init__(self) -> None:
        if not self.primary_container_name:
            msg = (
                "PodTemplate(primary_container_name=''): name the container that runs the task "
                f"(the default is {PRIMARY_CONTAINER_DEFAULT_NAME!r})"
            )
            raise FlyteValidationException(msg)


def checked_pod_template(task: str, given: Any) -> PodTemplate | None:
    """`given`, if it is a PodTemplate; anything else is refused naming the task."""
    if given is None or isinstance(given, PodTemplate):
        return given
    msg = (
        f"task {task!r}: pod_template={given!r} is not a PodTemplate; write "
        "PodTemplate(pod_spec=V1PodSpec(...), primary_container_name=...)"
    )
    raise FlyteValidationException(msg)


def sanitize(value: Any) -> Any:
    """A Kubernetes model as its JSON form (camelCase keys, None fields left out), as the
    kubernetes client's ApiClient.sanitize_for_serialization gives it."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [sanitize(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: sanitize(v) for k, v in value.items()}
    types = getattr(value, "openapi_types", None)
    names = getattr(value, "attribute_map", None)
    if isinstance(types, dict) and isinstance(names, dict):
        present = {names[a]: getattr(value, a) for a in types if getattr(value, a) is not None}
        return {k: sanitize(v) for k, v in present.items()}
    msg = (
        f"pod_spec holds a {type(value).__name__}, which is neither a Kubernetes model nor JSON; "
        "build the pod spec from kubernetes.client models (V1PodSpec, V1Container, ...)"
    )
    raise FlyteValidationException(msg)


def _resources(resources: Resources) -> dict[str, Any] | None:
    def named(entries: Any) -> dict[str, str]:
        return {
            Resources.ResourceName.Name(e.name).lower().replace("_", "-"): e.value for e in entries
        }

    limits, requests = named(resources.limits), named(resources.requests)
    return {"limits": limits, "requests": requests} if limits or requests else None


def pod_spec(
    template: PodTemplate,
    primary: Container,
    image: Callable[[str | None], str],
    args_given: bool = True,
) -> dict[str, Any]:
    """The pod spec's JSON form with the task's container merged into the primary one;
    `image` makes a spec's image name registrable (templates filled in). A container task
    given no arguments has none in the spec (flytekit's None), not an empty list."""
    spec = sanitize(template.pod_spec) if template.pod_spec is not None else {"containers": []}
    containers = list(spec.get("containers") or [])
    name = template.primary_container_name
    if not any(c.get("name") == name for c in containers):
        containers.append({"name": name})
    merged = []
    for container in containers:
        container = dict(container)
        if container.get("name") == name:
            container["image"] = (
                image(container["image"]) if container.get("image") else primary.image
            )
            container["command"] = list(primary.command)
            if args_given or primary.args:
                container["args"] = list(primary.args)
            resources = _resources(primary.resources)
            if resources is not None:
                container["resources"] = resources
            task_env = [{"name": e.key, "value": e.value} for e in primary.env]
            container["env"] = task_env + list(container.get("env") or [])
        else:
            container["image"] = image(container.get("image"))
        merged.append(container)
    spec["containers"] = merged
    return spec


def to_k8s_pod(
    template_: TaskTemplate,
    pod: PodTemplate,
    image: Callable[[str | None], str],
    args_given: bool = True,
) -> None:
    """Move the template's container into a k8s_pod built from `pod` (flytekit's layout)."""
    k8s = K8sPod()
    k8s.metadata.SetInParent()
    k8s.metadata.labels.update(pod.labels or {})
    k8s.metadata.annotations.update(pod.annotations or {})
    k8s.pod_spec.update(pod_spec(pod, template_.container, image, args_given))
    if template_.container.HasField("data_config"):
        k8s.data_config.CopyFrom(template_.container.data_config)
    template_.ClearField("container")
    template_.k8s_pod.CopyFrom(k8s)
    template_.config[PRIMARY_CONTAINER_NAME_FIELD] = pod.primary_container_name
