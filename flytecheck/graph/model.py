"""The graph model: frozen, ordered values, so two builds of the same workflow compare equal and
render byte for byte the same."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from flyteidl.admin.workflow_pb2 import WorkflowSpec
from flyteidl.core import condition_pb2, literals_pb2, workflow_pb2
from google.protobuf import json_format

from flytecheck.core.idl_check import compile_workflow
from flytecheck.graph._types import literal_type_name

__all__ = ["Branch", "Case", "Graph", "GraphNode", "Port", "graph_of"]

_OPS = {
    condition_pb2.ComparisonExpression.EQ: "==",
    condition_pb2.ComparisonExpression.NEQ: "!=",
    condition_pb2.ComparisonExpression.GT: ">",
    condition_pb2.ComparisonExpression.GTE: ">=",
    condition_pb2.ComparisonExpression.LT: "<",
    condition_pb2.ComparisonExpression.LTE: "<=",
}


@dataclasses.dataclass(frozen=True)
class Port:
    """A named, typed input or output; `source` says where an output's value comes from."""

    name: str
    type: str
    source: str = ""


@dataclasses.dataclass(frozen=True)
class GraphNode:
    """One node: `inputs` maps each input to its source (`wf.x`, `n1.o0` or a literal)."""

    id: str
    kind: str
    entity: str
    name: str
    inputs: tuple[tuple[str, str], ...]
    upstream: tuple[str, ...]
    upstream_names: tuple[str, ...] = ()

    def depends_on(self, other: str) -> bool:
        """Whether this node waits for `other` (a node id or a node's name)."""
        return other in self.upstream or other in self.upstream_names


@dataclasses.dataclass(frozen=True)
class Case:
    condition: str
    node: str


@dataclasses.dataclass(frozen=True)
class Branch:
    """A conditional: its cases in order, then the else node or the failure message."""

    node: str
    name: str
    cases: tuple[Case, ...]
    otherwise: str


@dataclasses.dataclass(frozen=True)
class Graph:
    """A compiled workflow as data."""

    name: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    nodes: tuple[GraphNode, ...]
    edges: tuple[tuple[str, str], ...]
    branches: tuple[Branch, ...]
    sub_workflows: tuple[Graph, ...] = ()

    def node(self, key: str) -> GraphNode:
        """The node with id `key`, or the one node named `key`; a clear error otherwise."""
        found = [n for n in self.nodes if key in (n.id, n.name, n.entity)]
        if len(found) == 1:
            return found[0]
        known = ", ".join(f"{n.id} ({n.name})" for n in self.nodes)
        reason = "no node" if not found else f"{len(found)} nodes"
        msg = f"workflow {self.name!r} has {reason} called {key!r}; its nodes: {known}"
        raise LookupError(msg)

    def walk(self) -> Iterator[GraphNode]:
        yield from self.nodes


def _source(binding: literals_pb2.BindingData) -> str:
    kind = binding.WhichOneof("value")
    if kind == "promise":
        ref = binding.promise
        path = "".join(
            f".{a.string_value}" if a.WhichOneof("value") == "string_value" else f"[{a.int_value}]"
            for a in ref.attr_path
        )
        return f"{ref.node_id or 'wf'}.{ref.var}{path}"
    if kind == "collection":
        return "[" + ", ".join(_source(b) for b in binding.collection.bindings) + "]"
    if kind == "map":
        items = sorted(binding.map.bindings.items())
        return "{" + ", ".join(f"{k!r}: {_source(b)}" for k, b in items) + "}"
    if kind == "scalar":
        return _scalar(binding.scalar)
    return "?"


def _scalar(scalar: literals_pb2.Scalar) -> str:
    kind = scalar.WhichOneof("value")
    if kind == "primitive":
        p = scalar.primitive
        field = p.WhichOneof("value")
        if field in ("datetime", "duration"):
            return json_format.MessageToJson(getattr(p, field)).strip('"')
        return repr(getattr(p, field or "integer"))
    if kind == "none_type":
        return "None"
    if kind == "union":
        return _scalar(scalar.union.value.scalar)
    if kind == "binary":
        return f"<{scalar.binary.tag}>"
    if kind == "blob":
        return str(scalar.blob.uri)
    return f"<{kind}>"


def _operand(op: condition_pb2.Operand) -> str:
    kind = op.WhichOneof("val")
    if kind == "var":
        node, _, var = op.var.partition(".")
        return f"{node or 'wf'}.{var}"
    if kind == "primitive":
        return _scalar(literals_pb2.Scalar(primitive=op.primitive))
    return _scalar(op.scalar)


def _condition(expr: condition_pb2.BooleanExpression) -> str:
    if expr.WhichOneof("expr") == "conjunction":
        c = expr.conjunction
        joiner = "&" if c.operator == condition_pb2.ConjunctionExpression.AND else "|"
        return f"({_condition(c.left_expression)} {joiner} {_condition(c.right_expression)})"
    c = expr.comparison
    return f"{_operand(c.left_value)} {_OPS[c.operator]} {_operand(c.right_value)}"


def _entity(node: workflow_pb2.Node) -> tuple[str, str]:
    target = node.WhichOneof("target")
    if target == "task_node":
        return "task", node.task_node.reference_id.name
    if target == "workflow_node":
        wn = node.workflow_node
        if wn.WhichOneof("reference") == "launchplan_ref":
            return "launch_plan", wn.launchplan_ref.name
        return "workflow", wn.sub_workflow_ref.name
    if target == "branch_node":
        return "branch", node.metadata.name
    return target or "?", node.metadata.name


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[GraphNode] = []
        self.branches: list[Branch] = []

    def add(self, node: workflow_pb2.Node, prefix: str = "") -> str:
        node_id = f"{prefix}{node.id}"
        kind, entity = _entity(node)
        inputs = tuple((b.var, _source(b.binding)) for b in node.inputs)
        upstream = tuple(node.upstream_node_ids)  # a case node can only wait for outer nodes
        graph_node = GraphNode(node_id, kind, entity, node.metadata.name, inputs, upstream)
        self.nodes.append(graph_node)
        if kind == "branch":
            block = node.branch_node.if_else
            inner = f"{node_id}-"
            cases = [
                Case(_condition(b.condition), self.add(b.then_node, inner))
                for b in [block.case, *block.other]
            ]
            if block.WhichOneof("default") == "else_node":
                cases.append(Case("else", self.add(block.else_node, inner)))
                otherwise = cases[-1].node
            else:
                otherwise = f"fail: {block.error.message}"
            self.branches.append(
                Branch(
                    node_id,
                    node.metadata.name,
                    tuple(c for c in cases if c.condition != "else"),
                    otherwise,
                )
            )
        return node_id


def _upstream(
    node: GraphNode, connections: dict[str, tuple[str, ...]], top: set[str]
) -> tuple[str, ...]:
    """A top-level node's upstream nodes as the backend connects them (declared dependencies
    and every node a binding reads), declared ones first; a case node keeps its own."""
    if node.id not in top:
        return node.upstream
    extra = [u for u in connections.get(node.id, ()) if u in top and u not in node.upstream]
    return (*node.upstream, *extra)


def _from_template(template: workflow_pb2.WorkflowTemplate, subs: tuple[Graph, ...] = ()) -> Graph:
    builder = _Builder()
    for node in template.nodes:
        builder.add(node)
    connections = compile_workflow(template).connections.upstream
    top = {n.id for n in template.nodes}
    names = {n.id: n.name for n in builder.nodes}
    nodes = tuple(
        dataclasses.replace(
            n,
            upstream=_upstream(n, connections, top),
            upstream_names=tuple(names.get(u, u) for u in _upstream(n, connections, top)),
        )
        for n in builder.nodes
    )
    edges = tuple((u, n.id) for n in nodes for u in n.upstream)
    edges += tuple((b.node, c.node) for b in builder.branches for c in b.cases)
    edges += tuple(
        (b.node, b.otherwise) for b in builder.branches if not b.otherwise.startswith("fail:")
    )
    iface = template.interface
    inputs = tuple(
        Port(k, literal_type_name(v.type)) for k, v in sorted(iface.inputs.variables.items())
    )
    sources = {b.var: _source(b.binding) for b in template.outputs}
    outputs = tuple(
        Port(k, literal_type_name(v.type), sources.get(k, ""))
        for k, v in sorted(iface.outputs.variables.items())
    )
    return Graph(template.id.name, inputs, outputs, nodes, edges, tuple(builder.branches), subs)


def graph_of(entity: Any) -> Graph:
    """The graph of a workflow: a flytecheck workflow, or a WorkflowSpec from any SDK."""
    if isinstance(entity, WorkflowSpec):
        spec = entity
    else:
        from flytecheck.core.serialize import SerializationSettings, get_serializable

        serialized = get_serializable(entity, SerializationSettings())
        if not isinstance(serialized, WorkflowSpec):
            msg = f"{entity!r} is not a workflow, so it has no graph"
            raise TypeError(msg)
        spec = serialized
    subs = tuple(_from_template(t) for t in spec.sub_workflows)
    return _from_template(spec.template, subs)
