"""The core's own workflows and launch plans through the backend's compiler: serialize what
registration would send (the entity and everything it uses) and compile it with the same checks
flytekit's IDL gets, so both authoring paths meet identical rules and messages."""

from __future__ import annotations

from typing import Any

from flyteidl.admin.launch_plan_pb2 import LaunchPlan as LaunchPlanIDL
from flyteidl.admin.workflow_pb2 import WorkflowSpec
from google.protobuf.message import Message

from flytecheck.core.array_node import ArrayNode
from flytecheck.core.idl_check import (
    Compiled,
    Connections,
    Registration,
    WorkflowCompileError,
    compile_launch_plan,
    compile_workflow,
)
from flytecheck.core.launch_plan import LaunchPlan
from flytecheck.core.serialize import SerializationSettings, to_idl
from flytecheck.core.workflow import WorkflowBase

__all__ = ["check_registration", "compile_entity", "dependencies"]


def dependencies(entity: Any) -> list[Any]:
    """The entity and everything it uses, in registration order: tasks first, then launch
    plans' and sub-workflows' needs, then the entity itself."""
    order: list[Any] = []

    def visit(e: Any) -> None:
        if any(e is seen for seen in order):
            return
        if getattr(e, "reference", None) is not None:
            pass  # registered elsewhere: known by its interface only
        elif isinstance(e, LaunchPlan):
            visit(e.workflow)
        elif isinstance(e, ArrayNode):  # a node, not registered: what it launches is
            visit(e.target)
            return
        elif isinstance(e, WorkflowBase):
            graph = e.compile()
            nodes = [*graph.walk(), *([graph.failure_node] if graph.failure_node else [])]
            for node in nodes:
                if node.kind not in ("branch", "gate"):  # gates are nodes, not registered
                    visit(node.entity)
        order.append(e)

    visit(entity)
    return order


def compile_entity(
    entity: WorkflowBase | LaunchPlan[Any], settings: SerializationSettings | None = None
) -> Compiled:
    """Every error the backend would report for a core workflow or launch plan."""
    settings = settings or SerializationSettings()
    try:
        needed = dependencies(entity)
    except WorkflowCompileError as e:  # compiling a workflow checks it: its errors are these
        return Compiled(e.errors, Connections({}, {}))
    references = [e for e in needed if getattr(e, "reference", None) is not None]
    messages: list[Message] = [to_idl(e, settings) for e in needed if e not in references]
    registration = Registration.of_messages(messages)
    for ref in references:
        registration.add_reference(ref.reference.identifier(ref.node_kind), ref.interface.to_idl())
    top = messages[-1]
    if isinstance(top, LaunchPlanIDL):
        return compile_launch_plan(top, registration)
    assert isinstance(top, WorkflowSpec)
    return compile_workflow(top.template, registration)


def check_registration(
    entity: WorkflowBase | LaunchPlan[Any], settings: SerializationSettings | None = None
) -> None:
    """Raise WorkflowCompileError with every error the backend would report (for the IDL
    `settings` give, the default ones when None)."""
    compiled = compile_entity(entity, settings)
    if compiled.errors:
        raise WorkflowCompileError(compiled.errors)
