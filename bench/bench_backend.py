"""The backend's compiler, locally (issue 13).

Figures: checking the 43 workflows of the backend compiler's own corpus costs <= 2 ms each on
average (shown against the least a binding check does: indexing the nodes and finding each
promise's producer, target <= 25 x); a
10,000-node workflow is checked in linear time: 10 x the nodes of a 1,000-node one in <= 12 x
its time (the ratio against ten 1,000-node checks, target <= 1.2).
"""

from __future__ import annotations

from flyteidl.core import tasks_pb2, workflow_pb2
from flyteidl.core.types_pb2 import LiteralType, SimpleType

from bench._harness import Figure
from flytecheck.core.idl_check import Registration, compile_workflow


def _chain(length: int) -> tuple[workflow_pb2.WorkflowTemplate, Registration]:
    """A workflow of `length` nodes, each reading the one before, plus a fan-in every 10."""
    task = tasks_pb2.TaskTemplate(type="python-task")
    task.id.name = "inc"
    int_type = LiteralType(simple=SimpleType.INTEGER)
    for side in (task.interface.inputs, task.interface.outputs):
        side.variables["x" if side is task.interface.inputs else "o0"].type.CopyFrom(int_type)
    template = workflow_pb2.WorkflowTemplate()
    template.id.name = f"chain_{length}"
    template.interface.inputs.variables["x"].type.CopyFrom(int_type)
    template.interface.outputs.variables["o0"].type.CopyFrom(int_type)
    for i in range(length):
        node = template.nodes.add(id=f"n{i}")
        node.task_node.reference_id.CopyFrom(task.id)
        promise = node.inputs.add(var="x").binding.promise
        promise.node_id = f"n{i - 1}" if i else ""
        promise.var = "o0" if i else "x"
        if i >= 10 and i % 10 == 0:
            node.upstream_node_ids.append(f"n{i - 10}")
    out = template.outputs.add(var="o0").binding.promise
    out.node_id, out.var = f"n{length - 1}", "o0"
    return template, Registration.of(tasks=[task])


def run() -> list[Figure]:
    from tests.core.backend.corpus import CORPUS, load

    figures: list[Figure] = []
    if (CORPUS / "snacks-core").is_dir():
        corpus = load()
        templates = [c.workflow for c in corpus.closures.values()]

        def check_all() -> None:
            for template in templates:
                compile_workflow(template, corpus.registration)

        def walk_all() -> None:
            for template in templates:
                _walk(template)

        corpus_figure = Figure.compare(
            f"backend check, {len(templates)} corpus workflows",
            check_all,
            walk_all,
            25.0,
            "walk their bindings",
        )
        each = corpus_figure.ours / len(templates) * 1e3
        print(f"  corpus workflows: {each:.3f} ms each on average (target <= 2 ms)")
        figures.append(corpus_figure)
    small, small_reg = _chain(1_000)
    large, large_reg = _chain(10_000)

    def ten_small() -> None:
        for _ in range(10):
            compile_workflow(small, small_reg)

    figures.append(
        Figure.compare(
            "backend check, 10,000-node workflow",
            lambda: compile_workflow(large, large_reg),
            ten_small,
            1.2,
            "10 x 1,000 nodes",
            repeat=9,
        )
    )
    return figures


def _walk(template: workflow_pb2.WorkflowTemplate) -> int:
    """The least a binding check does: index the nodes, find each promise's producer."""
    nodes = {n.id: n for n in template.nodes}
    found = 0
    for node in template.nodes:
        for binding in node.inputs:
            if binding.binding.WhichOneof("value") == "promise":
                found += nodes.get(binding.binding.promise.node_id) is not None
    return found
