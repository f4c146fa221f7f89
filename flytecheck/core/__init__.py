"""flytecheck's reference core: Flyte's authoring model under flytekit's names.

Code written for flytekit's authoring API runs here with its imports changed to
`flytecheck.core`.
"""

from __future__ import annotations

from flytecheck.core.condition import conditional
from flytecheck.core.context import (
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    current_context,
)
from flytecheck.core.interface import kwtypes
from flytecheck.core.launch_plan import LaunchPlan
from flytecheck.core.promise import NodeOutput, Promise, VoidPromise
from flytecheck.core.task import (
    PythonFunctionTask,
    PythonInstanceTask,
    Resources,
    TaskMetadata,
    task,
)
from flytecheck.core.types import TypeEngine, TypeTransformer
from flytecheck.core.workflow import ImperativeWorkflow, WorkflowFailurePolicy, workflow

__all__ = [
    "ExecutionState",
    "FlyteContext",
    "FlyteContextManager",
    "ImperativeWorkflow",
    "LaunchPlan",
    "NodeOutput",
    "Promise",
    "PythonFunctionTask",
    "PythonInstanceTask",
    "Resources",
    "TaskMetadata",
    "TypeEngine",
    "TypeTransformer",
    "VoidPromise",
    "WorkflowFailurePolicy",
    "conditional",
    "current_context",
    "kwtypes",
    "task",
    "workflow",
]
