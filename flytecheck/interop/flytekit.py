"""flytekit entities in flytecheck: graphs, backend checks, local runs with mocks and coverage.

A flytekit workflow is serialized by flytekit itself; its IDL is then rebuilt as a core
WorkflowGraph (_fk_graph.py) whose nodes hold adapters of flytekit's entities
(_fk_entities.py). flytecheck's own executor runs that graph, so the runner seam (mocks) and
the executor's observers (the coverage report) work on it unchanged, while each task runs
through flytekit's own dispatch_execute, so flytekit converts its own types. flytekit is
imported only when one of its entities is passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flyteidl.admin.workflow_pb2 import WorkflowSpec

from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.interop._fk_entities import (
    FlytekitLaunchPlan,
    FlytekitMapTask,
    FlytekitReference,
    FlytekitStubOnly,
    FlytekitTask,
    FlytekitWorkflow,
    serialize,
)

if TYPE_CHECKING:
    from flytecheck.core.idl_check import Compiled

__all__ = [
    "FlytekitLaunchPlan",
    "FlytekitTask",
    "FlytekitWorkflow",
    "adapt",
    "check_flytekit_workflow",
    "compile_flytekit_entity",
    "flytekit_workflow_spec",
    "is_eager_workflow",
    "is_flytekit_entity",
]


def is_flytekit_entity(entity: Any) -> bool:
    """An instance of a flytekit class, or of a class built on one (a plugin's task)."""
    return any(c.__module__.startswith("flytekit.") for c in type(entity).__mro__)


def is_eager_workflow(entity: Any) -> bool:
    """An @eager workflow of either SDK (the core's task says so itself, flytekit's in its
    metadata)."""
    return getattr(entity, "is_eager", False) is True or (
        getattr(getattr(entity, "metadata", None), "is_eager", False) is True
    )


def flytekit_workflow_spec(entity: Any) -> WorkflowSpec:
    """flytekit's own WorkflowSpec message for a flytekit workflow."""
    spec, _ = serialize(entity)
    return spec


def compile_flytekit_entity(entity: Any, serialized: Any = None) -> Compiled:
    """Serialize a flytekit workflow or launch plan with flytekit (or take `serialized`, what
    `serialize` gave for it), and compile its IDL with the backend's checks: every error, not
    only the first."""
    from flyteidl.admin.launch_plan_pb2 import LaunchPlan as LaunchPlanIDL

    from flytecheck.core.idl_check import Registration, compile_launch_plan, compile_workflow

    spec, entities = serialized or serialize(entity)
    messages = [m.to_flyte_idl() for m in entities.values() if hasattr(m, "to_flyte_idl")]
    registration = Registration.of_messages([*messages, spec])
    for referenced, model in entities.items():
        if not hasattr(model, "to_flyte_idl"):  # a reference: registered elsewhere
            registration.add_reference(
                model.template.id.to_flyte_idl(), referenced.interface.to_flyte_idl()
            )
    if isinstance(spec, LaunchPlanIDL):
        return compile_launch_plan(spec, registration)
    return compile_workflow(spec.template, registration)


def check_flytekit_workflow(entity: Any, serialized: Any = None) -> None:
    """Raise WorkflowCompileError with every error the backend would report for a flytekit
    workflow or launch plan."""
    from flytecheck.core.idl_check import WorkflowCompileError

    compiled = compile_flytekit_entity(entity, serialized)
    if compiled.errors:
        raise WorkflowCompileError(compiled.errors)


_ADAPTED: dict[int, tuple[Any, Any]] = {}


def _why_stub_only(entity: Any) -> str | None:
    """Why a flytekit task cannot run here, so a test must stub it; None when it can run.
    A SQL task runs where flytekit can run it (SQLite3Task runs its query locally); one that
    keeps SQLTask's own `execute` is a query for a remote engine."""
    classes = {c.__name__: c for c in type(entity).__mro__}
    if "ReferenceTask" in classes:
        return "is a flytekit reference task, registered elsewhere"
    if "ContainerTask" in classes:
        return (
            "is a flytekit ContainerTask: it runs a container image, which flytecheck does not "
            "start (flytekit's own local run needs a Docker daemon for it)"
        )
    sql = classes.get("SQLTask")
    if sql is not None and getattr(type(entity), "execute", None) is getattr(sql, "execute", None):
        return f"is a flytekit {type(entity).__name__}: a query for a remote engine"
    return None


def adapt(entity: Any) -> Any:
    """The flytecheck-runnable form of a flytekit entity, made once per entity (others are
    returned unchanged)."""
    if not is_flytekit_entity(entity):
        return entity
    known = _ADAPTED.get(id(entity))
    if known is not None and known[0] is entity:
        return known[1]
    adapted = _adapter(entity)
    _ADAPTED[id(entity)] = (entity, adapted)
    return adapted


def _adapter(entity: Any) -> Any:
    from flytekit.core.array_node_map_task import ArrayNodeMapTask
    from flytekit.core.base_task import PythonTask
    from flytekit.core.launch_plan import LaunchPlan
    from flytekit.core.python_function_task import EagerAsyncPythonFunctionTask
    from flytekit.core.reference_entity import ReferenceEntity
    from flytekit.core.workflow import WorkflowBase as FkWorkflow

    kind = type(entity).__name__
    if isinstance(entity, ReferenceEntity) and not isinstance(entity, PythonTask):
        return FlytekitReference(
            entity, "launch_plan" if isinstance(entity, LaunchPlan) else "workflow"
        )
    if isinstance(entity, LaunchPlan):
        return FlytekitLaunchPlan(entity, adapt)
    if isinstance(entity, FkWorkflow):
        return FlytekitWorkflow(entity)
    if isinstance(entity, ArrayNodeMapTask):
        return FlytekitMapTask(entity, adapt)
    if isinstance(entity, EagerAsyncPythonFunctionTask):
        from flytecheck.interop._fk_eager import FlytekitEager

        return FlytekitEager(entity)
    if isinstance(entity, PythonTask) or hasattr(entity, "dispatch_execute"):
        why = _why_stub_only(entity)
        if why is not None:
            return FlytekitStubOnly(entity, why)
        return FlytekitTask(entity)
    msg = f"{entity!r}: flytecheck runs flytekit tasks, workflows and launch plans, not {kind}"
    raise FlyteValidationException(msg)
