"""The compiled workflow: nodes in an order they can run in, and the output bindings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from flytecheck.core.exceptions.user import FlyteCompilationException
from flytecheck.core.interface import Interface
from flytecheck.core.node import Bound, Node

__all__ = ["WorkflowGraph", "execution_order"]


@dataclasses.dataclass
class WorkflowGraph:
    """What compiling a workflow produces; the local executor, the IDL serializer and the
    pytest plugin's graph model all read it."""

    name: str
    interface: Interface
    nodes: list[Node]
    outputs: dict[str, Bound]
    workflow: Any = None
    failure_node: Node | None = None

    def walk(self) -> Iterator[Node]:
        """Every node, branch cases' nodes included, depth first."""
        for node in self.nodes:
            yield from _walk(node)


def _walk(node: Node) -> Iterator[Node]:
    yield node
    if node.kind == "branch":
        spec = node.entity
        for _, inner in spec.cases:
            yield from _walk(inner)
        if spec.else_node is not None:
            yield from _walk(spec.else_node)


def execution_order(workflow: str, nodes: list[Node]) -> list[Node]:
    """Nodes sorted so each follows its upstream nodes, creation order breaking ties; a cycle
    (made with `>>`) is an error naming the nodes on it."""
    index = {id(n): i for i, n in enumerate(nodes)}
    waiting = {id(n): sum(1 for u in n.upstream if id(u) in index) for n in nodes}
    downstream: dict[int, list[Node]] = {id(n): [] for n in nodes}
    for node in nodes:
        for up in node.upstream:
            if id(up) in downstream:
                downstream[id(up)].append(node)
    ready = [n for n in nodes if waiting[id(n)] == 0]
    order: list[Node] = []
    while ready:
        ready.sort(key=lambda n: index[id(n)])
        node = ready.pop(0)
        order.append(node)
        for after in downstream[id(node)]:
            waiting[id(after)] -= 1
            if waiting[id(after)] == 0:
                ready.append(after)
    if len(order) < len(nodes):
        stuck = ", ".join(f"{n.id} ({n.name})" for n in nodes if n not in order)
        msg = f"nodes {stuck} wait for each other in a cycle; remove one of the `>>` orderings"
        raise FlyteCompilationException(msg, workflow=workflow, code="CycleDetected")
    return order
