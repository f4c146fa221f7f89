"""`flytekit.core.reference_entity` under flytekit's path: where a reference entity is
registered (`TaskReference`, `WorkflowReference`, `LaunchPlanReference`, each knowing its
resource type), and the base of the reference entities."""

from __future__ import annotations

from dataclasses import dataclass

from flyteidl.core import identifier_pb2

from flytecheck.core.reference import RESOURCE_TYPES, Reference, ReferenceEntity

__all__ = [
    "LaunchPlanReference",
    "Reference",
    "ReferenceEntity",
    "TaskReference",
    "WorkflowReference",
]


@dataclass(frozen=True)
class _Typed(Reference):
    KIND = ""

    @property
    def resource_type(self) -> int:
        return RESOURCE_TYPES[self.KIND]

    @property
    def id(self) -> identifier_pb2.Identifier:
        return self.identifier(self.KIND)


@dataclass(frozen=True)
class TaskReference(_Typed):
    """Where a task is registered."""

    KIND = "task"


@dataclass(frozen=True)
class WorkflowReference(_Typed):
    """Where a workflow is registered."""

    KIND = "workflow"


@dataclass(frozen=True)
class LaunchPlanReference(_Typed):
    """Where a launch plan is registered."""

    KIND = "launch_plan"
