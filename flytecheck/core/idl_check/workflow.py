"""A workflow compiled as the backend compiles it: nodes registered and typed, bindings checked
and turned into edges, orphans tied to the start and end, outputs bound, and every node
reachable from the start without a cycle."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from flyteidl.core import interface_pb2, workflow_pb2

from flytecheck.core.idl_check._scope import END, START, Direction, Scope
from flytecheck.core.idl_check.bindings import promise_sources, validate_bindings
from flytecheck.core.idl_check.errors import NO_NODES, CompileError
from flytecheck.core.idl_check.nodes import resolve
from flytecheck.core.idl_check.registration import Registration, key

__all__ = ["Compiled", "Connections", "compile_workflow"]


@dataclasses.dataclass(frozen=True)
class Connections:
    """Each node's upstream and downstream node ids, as the backend records them in
    `CompiledWorkflow.connections` (start-node and end-node included)."""

    upstream: dict[str, tuple[str, ...]]
    downstream: dict[str, tuple[str, ...]]


@dataclasses.dataclass(frozen=True)
class Compiled:
    """A compile's outcome: every error, in the order found, and the top-level workflow's
    connections."""

    errors: tuple[CompileError, ...]
    connections: Connections

    @property
    def ok(self) -> bool:
        return not self.errors


def compile_workflow(
    template: workflow_pb2.WorkflowTemplate, registration: Registration | None = None
) -> Compiled:
    """Compile `template` against the entities in `registration` (the template itself and
    its sub-workflows may be in it or not), collecting every error."""
    registration = registration or Registration()
    errors: list[CompileError] = []
    scope = Scope(registration, template, errors, {key(template.id)})
    _compile(scope)
    done = {key(template.id)}
    pending = list(scope.pending)
    while pending:
        ref = pending.pop(0)
        if ref in done or ref in registration.external:
            continue
        done.add(ref)
        child = scope.child(registration.workflows[ref])
        _compile(child)
        pending.extend(child.pending)
    connections = Connections(
        {n: tuple(sorted(ids)) for n, ids in scope.upstream.items()},
        {n: tuple(sorted(ids)) for n, ids in scope.downstream.items()},
    )
    return Compiled(tuple(errors), connections)


def _compile(scope: Scope) -> None:
    template = scope.template
    if not template.nodes:
        scope.error("NoNodesFound", START, NO_NODES)
        return
    _check_interface(scope, template.interface)
    scope.nodes[START] = workflow_pb2.Node(id=START)
    scope.interfaces[START] = interface_pb2.TypedInterface(outputs=template.interface.inputs)
    scope.nodes[END] = workflow_pb2.Node(id=END)
    scope.interfaces[END] = interface_pb2.TypedInterface(inputs=template.interface.outputs)
    top = _register(scope, template.nodes)
    for node_id in top:
        scope.interfaces[node_id] = resolve(scope, scope.nodes[node_id], node_id)
    for node_id in top:
        _edges(scope, node_id, Direction.BOTH)
    for node_id in scope.inner:
        _edges(scope, node_id, Direction.UPSTREAM)
    if template.HasField("failure_node"):
        _failure_node(scope, template.failure_node)
    for node_id in top:
        if node_id not in scope.upstream:
            scope.edge(START, node_id)
        if node_id not in scope.downstream:
            scope.edge(node_id, END)
    validate_bindings(scope, END, template.outputs, template.interface.outputs)
    _check_reachable(scope, top)


def _check_interface(scope: Scope, iface: interface_pb2.TypedInterface) -> None:
    for node_id, variables in ((START, iface.inputs), (END, iface.outputs)):
        for name, variable in variables.variables.items():
            if not variable.HasField("type"):
                scope.error(
                    "ValueRequired",
                    node_id,
                    f"workflow variable {name!r} has no type; annotate it and serialize again",
                    name,
                )


def _register(scope: Scope, nodes: Iterable[workflow_pb2.Node]) -> list[str]:
    top: list[str] = []
    for node in nodes:
        if not node.id:
            scope.error("ValueRequired", "<node>", "a node has no id; give every node one")
            continue
        if node.id in scope.nodes:
            reserved = node.id in (START, END)
            why = "a name the backend reserves" if reserved else "the id of another node"
            scope.error(
                "DuplicateId",
                node.id,
                f"node id {node.id!r} is {why}; node ids must be unique in a workflow: rename one",
            )
            continue
        scope.nodes[node.id] = node
        top.append(node.id)
    return top


def _edges(scope: Scope, node_id: str, direction: Direction) -> None:
    node = scope.nodes[node_id]
    iface = scope.interfaces.get(node_id)
    if iface is None:  # its own error says why; its edges still show in the graph
        for up in (*node.upstream_node_ids, *promise_sources(node.inputs)):
            if up in scope.nodes:
                scope.edge(up, node_id, direction)
        return
    if direction is Direction.BOTH:
        for up in node.upstream_node_ids:
            if up not in scope.nodes:
                scope.error(
                    "NodeReferenceNotFound",
                    node_id,
                    f"the node waits for node {up!r}, which the workflow does not have; "
                    "remove the dependency or add the node",
                )
                continue
            scope.edge(up, node_id)
    validate_bindings(scope, node_id, node.inputs, iface.inputs, direction)


def _failure_node(scope: Scope, node: workflow_pb2.Node) -> None:
    node_id = node.id or "failure-node"
    scope.nodes.setdefault(node_id, node)
    iface = resolve(scope, node, node_id)
    if iface is not None:
        validate_bindings(scope, node_id, node.inputs, iface.inputs, Direction.UPSTREAM)


def _check_reachable(scope: Scope, top: list[str]) -> None:
    """Walk from the start along downstream edges: a node met again on the current path is a
    cycle; a node never met cannot run."""
    visited: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()
    stack: list[tuple[str, list[str]]] = [(START, sorted(scope.downstream.get(START, ())))]
    visited.add(START)
    path.append(START)
    on_path.add(START)
    while stack:
        children = stack[-1][1]
        if not children:
            stack.pop()
            on_path.discard(path.pop())
            continue
        child = children.pop(0)
        if child in on_path:
            cycle = [*path[path.index(child) :], child]
            scope.error(
                "CycleDetected",
                child,
                f"nodes wait for each other in a cycle: {' > '.join(cycle)}; remove one of "
                "these dependencies (a binding or a `>>`)",
            )
            return
        if child in visited:
            continue
        visited.add(child)
        path.append(child)
        on_path.add(child)
        stack.append((child, sorted(scope.downstream.get(child, ()))))
    unreachable = [n for n in top if n not in visited]
    if unreachable:
        scope.error(
            "UnreachableNodes",
            START,
            f"nodes {', '.join(map(scope.label, unreachable))} cannot be reached from the start: "
            "each waits for another of them (a cycle no input leads into); remove one of "
            "those dependencies",
        )
