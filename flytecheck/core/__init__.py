"""flytecheck's reference core: Flyte's authoring model under flytekit's names.

Code written for flytekit's authoring API runs here with its imports changed to
`flytecheck.core`. Names are loaded on first use, so importing one part of the core (the
container entrypoint, the type engine) does not load the rest.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from flytecheck._lazy import lazy_names

if TYPE_CHECKING:
    from flytecheck.core.array_node_map_task import map_task
    from flytecheck.core.base_sql_task import SQLTask
    from flytecheck.core.cache import Cache, CachePolicy, VersionParameters
    from flytecheck.core.checkpoint import Checkpoint
    from flytecheck.core.condition import conditional
    from flytecheck.core.container_task import ContainerTask
    from flytecheck.core.context import (
        ExecutionState,
        FlyteContext,
        FlyteContextManager,
        current_context,
    )
    from flytecheck.core.deck import Deck
    from flytecheck.core.dynamic import dynamic
    from flytecheck.core.eager import eager
    from flytecheck.core.environment import Environment
    from flytecheck.core.exceptions.user import FlytePickleWarning
    from flytecheck.core.gate import approve, sleep, wait_for_input
    from flytecheck.core.image_spec import ImageSpec
    from flytecheck.core.interface import kwtypes
    from flytecheck.core.launch_plan import Annotations, Labels, LaunchPlan
    from flytecheck.core.models.documentation import Description, Documentation, SourceCode
    from flytecheck.core.models.literals import (
        Blob,
        BlobMetadata,
        Literal,
        LiteralCollection,
        LiteralMap,
        Primitive,
        Scalar,
    )
    from flytecheck.core.models.types import (
        BlobType,
        LiteralType,
        SimpleType,
        StructuredDatasetType,
    )
    from flytecheck.core.node_creation import create_node
    from flytecheck.core.notification import Email, PagerDuty, Slack, WorkflowExecutionPhase
    from flytecheck.core.options import Options
    from flytecheck.core.pod_template import PodTemplate
    from flytecheck.core.promise import NodeOutput, Promise, VoidPromise
    from flytecheck.core.reference import (
        get_reference_entity,
        reference_launch_plan,
        reference_task,
        reference_workflow,
    )
    from flytecheck.core.reference_entity import (
        LaunchPlanReference,
        TaskReference,
        WorkflowReference,
    )
    from flytecheck.core.resources import Resources
    from flytecheck.core.schedule import CronSchedule, FixedRate
    from flytecheck.core.secrets import Secret, SecretsManager
    from flytecheck.core.sqlite3_task import SQLite3Config, SQLite3Task
    from flytecheck.core.task import (
        PythonFunctionTask,
        PythonInstanceTask,
        PythonTask,
        TaskMetadata,
        task,
    )
    from flytecheck.core.types import TypeEngine, TypeTransformer
    from flytecheck.core.types.annotations import BatchSize, FlyteAnnotation, HashMethod
    from flytecheck.core.types.files import FlyteDirectory, FlyteFile
    from flytecheck.core.types.schema import FlyteSchema
    from flytecheck.core.types.structured import StructuredDataset
    from flytecheck.core.types.structured.structured_dataset import (
        StructuredDatasetTransformerEngine,
    )
    from flytecheck.core.workflow import (
        ImperativeWorkflow,
        Workflow,
        WorkflowFailurePolicy,
        workflow,
    )

__all__ = [
    "Annotations",
    "BatchSize",
    "Blob",
    "BlobMetadata",
    "BlobType",
    "Cache",
    "CachePolicy",
    "Checkpoint",
    "ContainerTask",
    "CronSchedule",
    "Deck",
    "Description",
    "Documentation",
    "Email",
    "Environment",
    "ExecutionState",
    "FixedRate",
    "FlyteAnnotation",
    "FlyteContext",
    "FlyteContextManager",
    "FlyteDirectory",
    "FlyteFile",
    "FlytePickleWarning",
    "FlyteSchema",
    "HashMethod",
    "ImageSpec",
    "ImperativeWorkflow",
    "Labels",
    "LaunchPlan",
    "LaunchPlanReference",
    "Literal",
    "LiteralCollection",
    "LiteralMap",
    "LiteralType",
    "NodeOutput",
    "Options",
    "PagerDuty",
    "PodTemplate",
    "Primitive",
    "Promise",
    "PythonFunctionTask",
    "PythonInstanceTask",
    "PythonTask",
    "Resources",
    "SQLTask",
    "SQLite3Config",
    "SQLite3Task",
    "Scalar",
    "Secret",
    "SecretsManager",
    "SimpleType",
    "Slack",
    "SourceCode",
    "StructuredDataset",
    "StructuredDatasetTransformerEngine",
    "StructuredDatasetType",
    "TaskMetadata",
    "TaskReference",
    "TypeEngine",
    "TypeTransformer",
    "VersionParameters",
    "VoidPromise",
    "Workflow",
    "WorkflowExecutionPhase",
    "WorkflowFailurePolicy",
    "WorkflowReference",
    "approve",
    "conditional",
    "create_node",
    "current_context",
    "dynamic",
    "eager",
    "get_reference_entity",
    "kwtypes",
    "map_task",
    "reference_launch_plan",
    "reference_task",
    "reference_workflow",
    "sleep",
    "task",
    "wait_for_input",
    "workflow",
]

_WHERE = {
    "Checkpoint": "checkpoint",
    "Deck": "deck",
    "PodTemplate": "pod_template",
    "StructuredDatasetTransformerEngine": "types.structured.structured_dataset",
    "Description": "models.documentation",
    "Documentation": "models.documentation",
    "SourceCode": "models.documentation",
    "conditional": "condition",
    "ExecutionState": "context",
    "ExecutionParameters": "context",
    "SecurityContext": "models.security",
    "ConcurrencyPolicy": "models.concurrency",
    "ConcurrencyLimitBehavior": "models.concurrency",
    "FlyteContext": "context",
    "FlyteContextManager": "context",
    "current_context": "context",
    "kwtypes": "interface",
    "LaunchPlan": "launch_plan",
    "NodeOutput": "promise",
    "Promise": "promise",
    "VoidPromise": "promise",
    "SQLite3Config": "sqlite3_task",
    "SQLite3Task": "sqlite3_task",
    "PythonFunctionTask": "task",
    "PythonInstanceTask": "task",
    "Resources": "resources",
    "TaskMetadata": "task",
    "task": "task",
    "TypeEngine": "types",
    "TypeTransformer": "types",
    "FlyteDirectory": "types.files",
    "FlyteFile": "types.files",
    "FlyteSchema": "types.schema",
    "ImperativeWorkflow": "workflow",
    "WorkflowFailurePolicy": "workflow",
    "workflow": "workflow",
    "Cache": "cache",
    "Environment": "environment",
    "Options": "options",
    "CachePolicy": "cache",
    "VersionParameters": "cache",
    "ImageSpec": "image_spec",
    "Secret": "secrets",
    "SecretsManager": "secrets",
    "HashMethod": "types.annotations",
    "FlyteAnnotation": "types.annotations",
    "BatchSize": "types.annotations",
    "CronSchedule": "schedule",
    "FixedRate": "schedule",
    "Email": "notification",
    "Slack": "notification",
    "PagerDuty": "notification",
    "WorkflowExecutionPhase": "notification",
    "Labels": "launch_plan",
    "Annotations": "launch_plan",
    "Workflow": "workflow",
    "create_node": "node_creation",
    "reference_task": "reference",
    "get_reference_entity": "reference",
    "WorkflowReference": "reference_entity",
    "TaskReference": "reference_entity",
    "LaunchPlanReference": "reference_entity",
    "reference_launch_plan": "reference",
    "reference_workflow": "reference",
    "SQLTask": "base_sql_task",
    "ContainerTask": "container_task",
    "PythonTask": "task",
    "dynamic": "dynamic",
    "map_task": "array_node_map_task",
    "sleep": "gate",
    "wait_for_input": "gate",
    "approve": "gate",
    "Literal": "models.literals",
    "Scalar": "models.literals",
    "Blob": "models.literals",
    "BlobMetadata": "models.literals",
    "LiteralMap": "models.literals",
    "LiteralCollection": "models.literals",
    "Primitive": "models.literals",
    "BlobType": "models.types",
    "LiteralType": "models.types",
    "SimpleType": "models.types",
    "StructuredDatasetType": "models.types",
    "FlytePickleWarning": "exceptions.user",
    "eager": "eager",
    "StructuredDataset": "types.structured",
}


__getattr__ = lazy_names(__name__, _WHERE)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _decorator(name: str) -> property:
    """`task`, `workflow`, `dynamic` and `eager` are also submodule names: importing
    `flytecheck.core.task` makes
    Python set the package attribute to the module. A data descriptor wins over that, so
    `from flytecheck.core import task` always gives the decorator."""

    def get(module: types.ModuleType) -> Any:
        return getattr(importlib.import_module(f"flytecheck.core.{name}"), name)

    def set_(module: types.ModuleType, value: Any) -> None:
        pass  # the import system records the submodule; sys.modules already has it

    return property(get, set_)


class _Core(types.ModuleType):
    dynamic = _decorator("dynamic")
    eager = _decorator("eager")
    task = _decorator("task")
    workflow = _decorator("workflow")


sys.modules[__name__].__class__ = _Core
