"""Compiling a workflow body into a WorkflowGraph, with the Flyte backend's rules.

The body runs once, in compilation mode: every entity call adds a node and every binding's type
is checked as it is made (node.py). What only the whole body shows is checked here: conditionals
left without `else_()`, what the body returns against the declared outputs, and cycles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flytecheck.core.context import FlyteContextManager, current_context
from flytecheck.core.exceptions.user import FlyteCompilationException
from flytecheck.core.graph import WorkflowGraph, execution_order
from flytecheck.core.interface import unannotated_return
from flytecheck.core.node import Bound, CompilationState, Node, bind
from flytecheck.core.promise import NodeOutput, Promise, VoidPromise

if TYPE_CHECKING:
    from flytecheck.core.workflow import PythonFunctionWorkflow, WorkflowBase

__all__ = ["bind_outputs", "compile_function_workflow", "finish_graph", "input_promises"]


def input_promises(workflow: WorkflowBase) -> dict[str, Promise[Any]]:
    return {n: Promise(n, NodeOutput(None, n, t)) for n, t in workflow.interface.inputs.items()}


def compile_function_workflow(
    workflow: PythonFunctionWorkflow[Any, Any], *, prefix: str = ""
) -> WorkflowGraph:
    """Run the workflow's body with Promises for its inputs and build its graph (node ids
    `{prefix}n0`, ...)."""
    state = CompilationState(workflow.name, prefix=prefix)
    ctx = current_context().new_builder(compilation_state=state)
    with FlyteContextManager.with_context(ctx):
        result = workflow.workflow_function(**input_promises(workflow))
    return finish_graph(workflow, state, bind_outputs(workflow, result))


def bind_outputs(owner: Any, result: Any) -> dict[str, Bound]:
    """Bind what a body returned to the owner's (a workflow's, a dynamic task's) outputs."""
    from flytecheck.core.task import unpack_outputs

    if isinstance(result, VoidPromise):
        result = None
    kind = "workflow" if owner.node_kind == "workflow" else "dynamic task"
    if result is not None and not owner.interface.outputs:
        raise unannotated_return(kind, owner.name)
    values = unpack_outputs(owner.interface, result, f"{kind} {owner.name!r}")
    return {name: bind_output(owner, name, value) for name, value in values.items()}


def bind_output(workflow: Any, name: str, value: Any) -> Bound:
    python_type = workflow.interface.outputs[name]
    return bind(value, python_type, workflow=workflow.name, node="end-node", input=name)


def finish_graph(
    workflow: Any, state: CompilationState, outputs: dict[str, Bound], *, empty_ok: bool = False
) -> WorkflowGraph:
    """Apply the whole-body rules and order the nodes. A dynamic task's sub-graph may be
    empty (`empty_ok`): it can return constants."""
    if state.open_sections:
        section = state.open_sections[0]
        msg = (
            f"conditional {section.name!r} has no else_(); Flyte needs every conditional to end "
            "with .else_().then(...) or .else_().fail('why')"
        )
        raise FlyteCompilationException(msg, workflow=workflow.name, code="BranchNodeHasNoDefault")
    if not state.nodes and not empty_ok:
        _refuse_empty(workflow)
    nodes = execution_order(workflow.name, state.nodes)
    failure = _failure_node(workflow)
    return WorkflowGraph(workflow.name, workflow.interface, nodes, outputs, workflow, failure)


def _refuse_empty(workflow: WorkflowBase) -> None:
    """A workflow with no nodes: the backend refuses it (NoNodesFound), flytekit runs it. The
    same error the IDL checker gives, found before anything is serialized."""
    from flytecheck.core.idl_check import NO_NODES, CompileError, WorkflowCompileError

    raise WorkflowCompileError(
        [CompileError("NoNodesFound", workflow.name, "start-node", NO_NODES)]
    )


FAILURE_NODE_ID = "fn0"


def _failure_node(workflow: WorkflowBase) -> Node | None:
    """The node run when the workflow fails: its entity's inputs are the workflow's, by name,
    plus an optional `err` the backend fills with the FlyteError."""
    entity = getattr(workflow, "on_failure", None)
    if entity is None:
        return None
    node_id = getattr(workflow, "failure_node_id", FAILURE_NODE_ID)
    wf_inputs = workflow.interface.inputs
    bindings: dict[str, Bound] = {}
    for name, python_type in sorted(entity.interface.inputs.items()):
        if name == "err":
            continue
        if name not in wf_inputs:
            msg = (
                f"on_failure entity {entity.name!r} takes input {name!r}, which the workflow "
                f"does not have; a failure handler takes the workflow's inputs (and `err`)"
            )
            raise FlyteCompilationException(
                msg, workflow=workflow.name, node=node_id, code="VariableNameNotFound"
            )
        ref = NodeOutput(None, name, wf_inputs[name])
        bindings[name] = bind(
            Promise(name, ref),
            python_type,
            workflow=workflow.name,
            node=node_id,
            input=name,
        )
    return Node(node_id, entity.short_name, entity, entity.node_kind, bindings)
