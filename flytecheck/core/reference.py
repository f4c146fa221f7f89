"""Reference entities: tasks, launch plans and workflows registered elsewhere, used by their
identifier and declared interface (`@reference_task(project=..., domain=..., name=...,
version=...)` over a typed signature whose body is `...`).

They never run locally: the body is a placeholder. A local run that reaches one without a stub
stops with an error naming the entity and the stub to write. In IDL a node calling one points at
its own identifier, and the backend's checker knows it by its interface alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from flyteidl.core import identifier_pb2

from flytecheck.core._stub import NeedsStub, needs_stub
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.interface import Interface, transform_function_to_interface
from flytecheck.core.node import kind_name
from flytecheck.core.task import Task
from flytecheck.core.workflow import WorkflowBase

__all__ = [
    "Reference",
    "ReferenceEntity",
    "ReferenceEntityNotStubbed",
    "ReferenceLaunchPlan",
    "ReferenceTask",
    "ReferenceWorkflow",
    "get_reference_entity",
    "reference_launch_plan",
    "reference_task",
    "reference_workflow",
]

RESOURCE_TYPES: dict[str, int] = {
    "task": identifier_pb2.ResourceType.TASK,
    "launch_plan": identifier_pb2.ResourceType.LAUNCH_PLAN,
    "workflow": identifier_pb2.ResourceType.WORKFLOW,
}


ReferenceEntityNotStubbed = NeedsStub
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Reference:
    """Where a reference entity is registered."""

    project: str
    domain: str
    name: str
    version: str

    def identifier(self, kind: str) -> identifier_pb2.Identifier:
        return identifier_pb2.Identifier(
            resource_type=RESOURCE_TYPES[kind],
            project=self.project,
            domain=self.domain,
            name=self.name,
            version=self.version,
        )


class ReferenceEntity:
    """What the three reference kinds share."""

    reference: Reference
    node_kind: str
    name: str
    python_name = ""

    @property
    def short_name(self) -> str:
        return self.reference.name.rsplit(".", 1)[-1]

    def unstubbed(self) -> NeedsStub:
        kind = kind_name(self)
        r = self.reference
        subject = f"reference {kind} {r.name!r} ({r.project}/{r.domain}, version {r.version})"
        why = "is registered elsewhere and never runs locally"
        return needs_stub(subject, why, self.python_name or self.short_name)


class ReferenceTask(ReferenceEntity, Task, Generic[P, R]):
    """A task registered elsewhere."""

    if TYPE_CHECKING:

        def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def __init__(self, reference: Reference, interface: Interface) -> None:
        Task.__init__(self, "reference", reference.name, interface)
        self.reference = reference

    def execute(self, **kwargs: Any) -> Any:
        raise self.unstubbed()


class ReferenceWorkflow(ReferenceEntity, WorkflowBase, Generic[P, R]):
    """A workflow registered elsewhere: it can be launched through a reference launch plan,
    not called as a sub-workflow (flytekit refuses that too)."""

    def __init__(self, reference: Reference, interface: Interface) -> None:
        WorkflowBase.__init__(self, reference.name, interface)
        self.reference = reference

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from flytecheck.core.context import current_context

        if current_context().compilation_state is not None:
            r = self.reference
            msg = (
                f"reference workflow {r.name!r} is called as a sub-workflow, which Flyte does "
                "not support (flytekit refuses to serialize it): declare its launch plan with "
                "@reference_launch_plan and call that"
            )
            raise FlyteValidationException(msg)
        raise self.unstubbed()

    def compile(self) -> Any:
        raise self.unstubbed()


class ReferenceLaunchPlan(ReferenceEntity, Generic[P, R]):
    """A launch plan registered elsewhere; called with keyword arguments, as any plan."""

    node_kind = "launch_plan"
    keyword_only = True

    def __init__(self, reference: Reference, interface: Interface) -> None:
        self.reference = reference
        self.name = reference.name
        self._interface = interface

    @property
    def interface(self) -> Interface:
        return self._interface

    def __repr__(self) -> str:
        return f"ReferenceLaunchPlan({self.name!r})"

    @overload
    def __call__(self, **kwargs: Any) -> R: ...

    @overload
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from flytecheck.core.context import ExecutionState, current_context
        from flytecheck.core.local import run_locally
        from flytecheck.core.node import create_node, map_arguments

        ctx = current_context()
        if ctx.compilation_state is not None:
            return create_node(self, args, kwargs)
        given = map_arguments(self, args, kwargs)
        return run_locally(self, ctx, given, ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION)


def _decorator(
    make: Callable[[Reference, Interface], Any], kind: str
) -> Callable[[str, str, str, str], Callable[[Callable[..., Any]], Any]]:
    def declare(project: str, domain: str, name: str, version: str) -> Callable[..., Any]:
        reference = Reference(project, domain, name, version)

        def wrap(fn: Callable[..., Any]) -> Any:
            interface = transform_function_to_interface(fn, kind=f"reference {kind}", name=name)
            entity = make(reference, interface)
            entity.__doc__ = fn.__doc__
            entity.python_name = fn.__name__
            return entity

        return wrap

    declare.__name__ = f"reference_{kind.replace(' ', '_')}"
    declare.__doc__ = (
        f"Declare a {kind} registered elsewhere by its identifier, over a typed signature "
        "whose body is `...`."
    )
    return declare


_reference_task = _decorator(ReferenceTask, "task")
_reference_launch_plan = _decorator(ReferenceLaunchPlan, "launch plan")
_reference_workflow = _decorator(ReferenceWorkflow, "workflow")


def reference_task(
    project: str, domain: str, name: str, version: str
) -> Callable[[Callable[P, R]], ReferenceTask[P, R]]:
    """Declare a task registered elsewhere by its identifier, over a typed signature whose
    body is `...`."""
    declared: Callable[[Callable[P, R]], ReferenceTask[P, R]]
    declared = _reference_task(project, domain, name, version)
    return declared


def reference_launch_plan(
    project: str, domain: str, name: str, version: str
) -> Callable[[Callable[P, R]], ReferenceLaunchPlan[P, R]]:
    """Declare a launch plan registered elsewhere by its identifier, over a typed signature
    whose body is `...`."""
    declared: Callable[[Callable[P, R]], ReferenceLaunchPlan[P, R]]
    declared = _reference_launch_plan(project, domain, name, version)
    return declared


def reference_workflow(
    project: str, domain: str, name: str, version: str
) -> Callable[[Callable[P, R]], ReferenceWorkflow[P, R]]:
    """Declare a workflow registered elsewhere by its identifier, over a typed signature whose
    body is `...`."""
    declared: Callable[[Callable[P, R]], ReferenceWorkflow[P, R]]
    declared = _reference_workflow(project, domain, name, version)
    return declared


_BY_RESOURCE_TYPE: dict[int, Callable[[Reference, Interface], Any]] = {
    identifier_pb2.ResourceType.TASK: ReferenceTask,
    identifier_pb2.ResourceType.WORKFLOW: ReferenceWorkflow,
    identifier_pb2.ResourceType.LAUNCH_PLAN: ReferenceLaunchPlan,
}


def get_reference_entity(
    resource_type: int,
    project: str,
    domain: str,
    name: str,
    version: str,
    inputs: dict[str, Any],
    outputs: dict[str, Any],
) -> Any:
    """A reference task, workflow or launch plan (by flyteidl's ResourceType) of this
    interface: the programmatic form of the `reference_*` decorators."""
    make = _BY_RESOURCE_TYPE.get(resource_type)
    if make is None:
        msg = (
            f"get_reference_entity({name!r}): resource type {resource_type!r} is none of task, "
            "workflow or launch plan; pass ResourceType.TASK, .WORKFLOW or .LAUNCH_PLAN"
        )
        raise FlyteValidationException(msg)
    return make(Reference(project, domain, name, version), Interface(dict(inputs), dict(outputs)))
