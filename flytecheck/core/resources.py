"""A task's resources: `Resources` (CPU, memory, GPU, ephemeral storage, each a request, or a
(request, limit) pair under `@task(resources=...)`), `ResourceSpec` (requests and limits), and
their IDL, as flytekit writes them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flyteidl.core import tasks_pb2

from flytecheck.core.extended_resources import extended_resources

if TYPE_CHECKING:
    from flyteidl.core.tasks_pb2 import ExtendedResources

__all__ = [
    "ResourceSpec",
    "Resources",
    "construct_extended_resources",
    "convert_resources_to_resource_model",
    "pod_spec_from_resources",
]

_KINDS: dict[str, tuple[type, ...]] = {
    "cpu": (str, int, float),
    "mem": (str, int),
    "gpu": (str, int),
    "ephemeral_storage": (str, int),
}
_IDL_NAMES = {
    "cpu": tasks_pb2.Resources.CPU,
    "mem": tasks_pb2.Resources.MEMORY,
    "gpu": tasks_pb2.Resources.GPU,
    "ephemeral_storage": tasks_pb2.Resources.EPHEMERAL_STORAGE,
}
_CONTAINER_ORDER = ("ephemeral_storage", "cpu", "gpu", "mem")
_K8S_NAMES = {"cpu": "cpu", "mem": "memory", "ephemeral_storage": "ephemeral-storage"}


@dataclass
class Resources:
    """CPU, memory, GPU and ephemeral storage as Kubernetes quantities ("1", "500Mi", 0.5).
    Under `@task(resources=...)` a (request, limit) pair sets both; a single value is the
    request."""

    cpu: str | int | float | list[Any] | tuple[Any, ...] | None = None
    mem: str | int | list[Any] | tuple[Any, ...] | None = None
    gpu: str | int | list[Any] | tuple[Any, ...] | None = None
    ephemeral_storage: str | int | list[Any] | tuple[Any, ...] | None = None

    def __post_init__(self) -> None:
        for name, kinds in _KINDS.items():
            value = getattr(self, name)
            if value is None:
                continue
            pair = isinstance(value, (list, tuple))
            ok = (
                all(isinstance(v, kinds) and not isinstance(v, bool) for v in value)
                if pair
                else (isinstance(value, kinds) and not isinstance(value, bool))
            )
            expected = " or ".join(k.__name__ for k in kinds)
            if not ok:
                msg = (
                    f"Resources({name}={value!r}): {name} takes a {expected} or a (request, "
                    "limit) pair of them, e.g. cpu='500m', mem=('1Gi', '2Gi')"
                )
                raise AssertionError(msg)
            if pair and len(value) != 2:
                msg = f"Resources({name}={value!r}): a pair is (request, limit), two values"
                raise ValueError(msg)

    def is_singular(self) -> bool:
        return not any(isinstance(getattr(self, n), (list, tuple)) for n in _KINDS)

    def to_dict(self) -> dict[str, Any]:
        return {n: getattr(self, n) for n in _KINDS}

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Resources:
        unknown = sorted(set(data) - set(_KINDS))
        if unknown:
            msg = f"Resources: no field {', '.join(unknown)}; fields: {', '.join(_KINDS)}"
            raise ValueError(msg)
        return cls(**data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Resources:
        return cls.from_dict(json.loads(text))


@dataclass
class ResourceSpec:
    """A task's requests and limits."""

    requests: Resources
    limits: Resources

    @classmethod
    def from_multiple_resource(cls, resource: Resources) -> ResourceSpec:
        """Requests and limits from one Resources whose pairs are (request, limit)."""
        requests: dict[str, Any] = {}
        limits: dict[str, Any] = {}
        for name, value in resource.to_dict().items():
            if isinstance(value, (list, tuple)):
                requests[name], limits[name] = value
            elif value is not None:
                requests[name] = value
        return cls(requests=Resources(**requests), limits=Resources(**limits))

    def to_json(self) -> str:
        return json.dumps({"requests": self.requests.to_dict(), "limits": self.limits.to_dict()})

    @classmethod
    def from_json(cls, text: str | bytes) -> ResourceSpec:
        data = json.loads(text)
        return cls(Resources.from_dict(data["requests"]), Resources.from_dict(data["limits"]))


def singular(resources: Resources | None, where: str) -> Resources | None:
    """`resources`, refused by name if it holds a (request, limit) pair where only one value
    fits (`requests=`, `limits=`)."""
    if resources is not None and not isinstance(resources, Resources):
        msg = f"{where}: takes Resources(cpu=..., mem=...), not {resources!r}"
        raise TypeError(msg)
    if resources is not None and not resources.is_singular():
        msg = (
            f"{where}: {resources!r} holds a (request, limit) pair; pairs go in "
            "resources=Resources(...), requests= and limits= take single values"
        )
        raise ValueError(msg)
    return resources


def requests_and_limits(
    where: str,
    resources: Resources | ResourceSpec | None,
    requests: Resources | None,
    limits: Resources | None,
) -> tuple[Resources | None, Resources | None]:
    """The requests and limits a task or an override asks for, from `resources=` or from
    `requests=`/`limits=` (not both, as flytekit refuses)."""
    if resources is None:
        return singular(requests, where), singular(limits, where)
    if requests is not None or limits is not None:
        msg = f"{where}: give resources= or requests=/limits=, not both"
        raise ValueError(msg)
    if isinstance(resources, ResourceSpec):
        return resources.requests, resources.limits
    if not isinstance(resources, Resources):
        msg = f"{where}: resources= takes Resources(cpu=..., mem=...), not {resources!r}"
        raise TypeError(msg)
    spec = ResourceSpec.from_multiple_resource(resources)
    return spec.requests, spec.limits


def convert_resources_to_resource_model(
    requests: Resources | None = None,
    limits: Resources | None = None,
    *,
    order: tuple[str, ...] = tuple(_KINDS),
) -> tasks_pb2.Resources:
    """The IDL of requests and limits (single values only), each entry as a string, in
    `order` (flytekit writes a node's overrides in field order, cpu first)."""
    out = tasks_pb2.Resources()
    for given, target in ((requests, out.requests), (limits, out.limits)):
        if given is None:
            continue
        singular(given, "convert_resources_to_resource_model")
        for name in order:
            value = getattr(given, name)
            if value is not None:
                target.add(name=_IDL_NAMES[name], value=str(value))
    return out


def container_resources(
    requests: Resources | None, limits: Resources | None
) -> tasks_pb2.Resources:
    """A task container's resources, in the order flytekit writes a container's
    (ephemeral storage first)."""
    return convert_resources_to_resource_model(requests, limits, order=_CONTAINER_ORDER)


def construct_extended_resources(
    *, accelerator: Any = None, shared_memory: bool | str | None = None
) -> ExtendedResources | None:
    return extended_resources("construct_extended_resources", accelerator, shared_memory)


def pod_spec_from_resources(
    primary_container_name: str | None = None,
    requests: Resources | None = None,
    limits: Resources | None = None,
    k8s_gpu_resource_key: str = "nvidia.com/gpu",
) -> Any:
    """A V1PodSpec whose one container asks for these resources (requests stand in for
    missing limits and the other way round); needs the `kubernetes` package."""
    try:
        from kubernetes.client import V1Container, V1PodSpec, V1ResourceRequirements
    except ImportError as e:
        msg = "pod_spec_from_resources builds a kubernetes.client V1PodSpec: pip install kubernetes"
        raise ImportError(msg) from e

    def k8s(given: Resources | None) -> dict[str, Any] | None:
        if given is None:
            return None
        singular(given, "pod_spec_from_resources")
        names = {**_K8S_NAMES, "gpu": k8s_gpu_resource_key}
        return {names[n]: str(v) for n, v in given.to_dict().items() if v is not None}

    asked, capped = k8s(requests), k8s(limits)
    container = V1Container(
        name=primary_container_name,  # type: ignore[arg-type]  # flytekit passes None too
        resources=V1ResourceRequirements(requests=asked or capped, limits=capped or asked),
    )
    return V1PodSpec(containers=[container])
