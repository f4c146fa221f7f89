"""futures.pb: what a dynamic task hands the backend instead of outputs.

In a container, a dynamic task does not run its sub-workflow: it builds it on the input values
and writes it as a DynamicJobSpec, as pyflyte-execute does, for the backend to run node by
node: the nodes (ids `dn0`, `dn1`, ...), the templates of every task they run, the
sub-workflows they call, the output bindings and `min_successes` (every node). A body that
calls no entity has nothing to hand over: its return values are the task's outputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flyteidl.core.dynamic_job_pb2 import DynamicJobSpec
from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.exceptions.scopes import run_as_system, run_as_user

if TYPE_CHECKING:
    from flytecheck.core.context import FlyteContext
    from flytecheck.core.dynamic import DynamicTask
    from flytecheck.core.graph import WorkflowGraph
    from flytecheck.core.serialize import SerializationSettings

__all__ = ["PREFIX", "dynamic_job"]

PREFIX = "d"


def dynamic_job(
    task: DynamicTask[Any, Any],
    ctx: FlyteContext,
    inputs: LiteralMap,
    settings: SerializationSettings,
) -> DynamicJobSpec | LiteralMap:
    """The DynamicJobSpec of `task`'s body on `inputs` (its outputs when it calls nothing).
    The body runs as user code; serializing what it built is flytecheck's."""
    graph = task.graph_for(ctx, inputs, prefix=PREFIX)
    if not settings.image:
        run_as_user(_images_named, graph)
    built: DynamicJobSpec | LiteralMap = run_as_system(_serialized, graph, settings)
    return built


def _images_named(graph: WorkflowGraph) -> None:
    """Without a default image (no `_F_SS_C`), every task the body calls must name its own,
    as pyflyte-execute requires: the body's mistake, so a user error, as flytekit's is."""
    from flytecheck.core.serialize import needs_default_image, no_default_image

    tasks, _ = _entities(graph)
    for name, entity in tasks.items():
        if not (hasattr(entity, "container_image") or hasattr(entity, "image")):
            continue  # a map task's array node: its task is checked when it is serialized
        image = getattr(entity, "container_image", getattr(entity, "image", None))
        if needs_default_image(image):
            raise ValueError(no_default_image(name))


def _serialized(graph: WorkflowGraph, s: SerializationSettings) -> DynamicJobSpec | LiteralMap:
    from flytecheck.core.local import resolve
    from flytecheck.core.serialize import binding_data, node_idl

    if not graph.nodes:
        outputs = LiteralMap()
        for name, bound in graph.outputs.items():
            outputs.literals[name].CopyFrom(resolve(bound, {}))
        return outputs
    spec = DynamicJobSpec(min_successes=len(graph.nodes))
    spec.nodes.extend(node_idl(n, s) for n in graph.nodes)
    for name, bound in graph.outputs.items():
        spec.outputs.add(var=name, binding=binding_data(bound))
    tasks, workflows = _entities(graph)
    spec.tasks.extend(_task_templates(tasks, s))
    spec.subworkflows.extend(_workflow_templates(workflows, s))
    return spec


def _entities(graph: WorkflowGraph) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every task the graph runs (inside its sub-workflows too) and every sub-workflow with
    its graph, each once, in the order they are first met."""
    tasks: dict[str, Any] = {}
    workflows: dict[str, Any] = {}

    def visit(nodes: Any) -> None:
        for node in nodes:
            entity = node.entity
            if node.kind in ("task", "array") and getattr(entity, "reference", None) is None:
                tasks.setdefault(entity.name, entity)
            elif node.kind == "workflow" and entity.name not in workflows:
                inner = _compiled_here(entity)
                workflows[entity.name] = (entity, inner)
                visit(inner.walk())

    visit(graph.walk())
    return tasks, workflows


def _compiled_here(workflow: Any) -> WorkflowGraph:
    """A function workflow's graph as a fresh container compiles it inside the dynamic body
    (flytekit compiles workflows on first use, so its nodes get the sub-workflow's `d`
    prefix too); an imperative workflow's nodes were made when its module was imported."""
    from flytecheck.core.compiler import compile_function_workflow
    from flytecheck.core.workflow import PythonFunctionWorkflow

    if isinstance(workflow, PythonFunctionWorkflow):
        return compile_function_workflow(workflow, prefix=PREFIX)
    graph: WorkflowGraph = workflow.compile()
    return graph


def _task_templates(tasks: dict[str, Any], s: SerializationSettings) -> list[Any]:
    from flytecheck.core.serialize import task_template

    return [task_template(t, s) for t in tasks.values()]


def _workflow_templates(workflows: dict[str, Any], s: SerializationSettings) -> list[Any]:
    from flytecheck.core.serialize import workflow_template

    return [workflow_template(w, s, graph) for w, graph in workflows.values()]
