"""A flytekit workflow's IDL rebuilt as a flytecheck WorkflowGraph.

flytekit serializes the workflow (its IDL is what the backend sees); each node of that IDL
becomes a core Node whose entity is the adapted flytekit entity, so flytecheck's executor runs
it: task, sub-workflow, launch-plan, array (map task), gate and branch nodes, the failure
node, and bindings with attribute paths. A node kind the executor does not have is an error
naming the node, never skipped.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Callable
from typing import Any

from flyteidl.core import condition_pb2, literals_pb2, workflow_pb2

from flytecheck.core.condition import BranchSpec
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.graph import WorkflowGraph, execution_order
from flytecheck.core.interface import Interface
from flytecheck.core.node import Bound, Node
from flytecheck.core.promise import ComparisonExpression, ConjunctionExpression, NodeOutput, Promise

__all__ = ["GraphBuilder"]

Adapt = Callable[[Any], Any]


class GraphBuilder:
    """Builds the graph of `template` (a WorkflowTemplate) for `workflow` (its adapter);
    `by_name` finds the flytekit entity a node references, `adapt` makes it runnable."""

    def __init__(self, workflow: Any, template: Any, by_name: dict[Any, Any], adapt: Adapt) -> None:
        self.workflow = workflow
        self.template = template
        self.by_name = by_name
        self.adapt = adapt
        self.scope: dict[str, Node] = {}

    def build(self) -> WorkflowGraph:
        nodes = [self._node(pb) for pb in self.template.nodes]
        for pb, node in zip(self.template.nodes, nodes, strict=True):  # a chain may point ahead
            known = {id(n) for n in node.upstream}
            node.upstream.extend(
                self.scope[u] for u in pb.upstream_node_ids if id(self.scope[u]) not in known
            )
        outputs = {
            b.var: self._bound(b.binding, self.workflow.interface.outputs[b.var])
            for b in self.template.outputs
        }
        ordered = execution_order(self.workflow.name, nodes)
        failure = None
        if self.template.HasField("failure_node"):
            failure = self._node(self.template.failure_node, register=False)
        return WorkflowGraph(
            self.workflow.name, self.workflow.interface, ordered, outputs, self.workflow, failure
        )

    def _named(self, name: str, pb: workflow_pb2.Node) -> Any:
        found = self.by_name.get(name)
        if found is None:
            msg = (
                f"workflow {self.workflow.name!r}, node {pb.id}: flytekit serialized no entity "
                f"named {name!r} for it"
            )
            raise FlyteValidationException(msg)
        return self.adapt(found)

    def _entity(self, pb: workflow_pb2.Node) -> Any:
        target = pb.WhichOneof("target")
        if target == "task_node":
            return self._named(pb.task_node.reference_id.name, pb)
        if target == "workflow_node":
            ref = pb.workflow_node
            which = ref.WhichOneof("reference")
            name = (
                ref.sub_workflow_ref.name
                if which == "sub_workflow_ref"
                else ref.launchplan_ref.name
            )
            return self._named(name, pb)
        if target == "array_node":
            array = pb.array_node
            if not array.is_original_sub_node_interface.value:  # a map task: the node's task
                return self._named(array.node.task_node.reference_id.name, pb)
            return _array_node(self._entity(array.node), array)
        if target == "gate_node":
            return _gate(pb, self.workflow.name)
        msg = (
            f"workflow {self.workflow.name!r}, node {pb.id}: flytecheck cannot run {target} "
            "nodes of flytekit workflows yet; stub the workflow (flyte_mock.workflow) to test "
            "what calls it"
        )
        raise FlyteValidationException(msg)

    def _node(self, pb: workflow_pb2.Node, register: bool = True) -> Node:
        if pb.WhichOneof("target") == "branch_node":
            node = self._branch(pb)
        else:
            entity = self._entity(pb)
            bindings = {
                b.var: self._bound(b.binding, entity.interface.inputs[b.var]) for b in pb.inputs
            }
            name = pb.metadata.name or entity.short_name
            node = Node(pb.id, name, entity, entity.node_kind, bindings)
        node.upstream.extend(self.scope[u] for u in pb.upstream_node_ids if u in self.scope)
        if register:
            self.scope[pb.id] = node
        return node

    def _branch(self, pb: workflow_pb2.Node) -> Node:
        block = pb.branch_node.if_else
        cases = [
            (self._condition(b.condition), self._node(b.then_node, False))
            for b in [block.case, *block.other]
        ]
        else_node = (
            self._node(block.else_node, False)
            if block.WhichOneof("default") == "else_node"
            else None
        )
        first = cases[0][1]
        outputs = dict(
            first.entity.outputs if first.kind == "branch" else first.entity.interface.outputs
        )
        spec = BranchSpec(pb.metadata.name, cases, else_node, block.error.message or None, outputs)
        return Node(pb.id, pb.metadata.name, spec, "branch", {})

    def _source_type(self, node_id: str, var: str) -> tuple[Node | None, Any]:
        if not node_id:
            return None, self.workflow.interface.inputs[var]
        producer = self.scope[node_id]
        outputs = (
            producer.entity.outputs
            if producer.kind == "branch"
            else producer.entity.interface.outputs
        )
        return producer, outputs[var]

    def _bound(self, data: literals_pb2.BindingData, python_type: Any) -> Bound:
        kind = data.WhichOneof("value")
        if kind == "promise":
            node, source_type = self._source_type(data.promise.node_id, data.promise.var)
            path = tuple(
                a.string_value if a.WhichOneof("value") == "string_value" else a.int_value
                for a in data.promise.attr_path
            )
            if path:
                ref = NodeOutput(node, data.promise.var, python_type, path, source_type)
                return Bound(python_type, ref=ref)
            return Bound(source_type, ref=NodeOutput(node, data.promise.var, source_type))
        if kind == "collection":
            item = (typing.get_args(python_type) or (Any,))[0]
            return Bound(
                python_type, items=tuple(self._bound(b, item) for b in data.collection.bindings)
            )
        if kind == "map":
            value = (typing.get_args(python_type) or (str, Any))[1]
            return Bound(
                python_type,
                entries=tuple((k, self._bound(b, value)) for k, b in data.map.bindings.items()),
            )
        return Bound(python_type, literal=literals_pb2.Literal(scalar=data.scalar))

    def _operand(self, op: condition_pb2.Operand) -> Any:
        kind = op.WhichOneof("val")
        if kind == "var":
            node_id, _, var = op.var.partition(".")
            node, source_type = self._source_type(node_id, var)
            return Promise(var, NodeOutput(node, var, source_type))
        prim = op.primitive if kind == "primitive" else op.scalar.primitive
        if kind == "scalar" and op.scalar.WhichOneof("value") == "none_type":
            return None
        field = prim.WhichOneof("value")
        value = getattr(prim, field or "integer")
        if field == "datetime":
            return value.ToDatetime()
        if field == "duration":
            return value.ToTimedelta()
        return value

    def _condition(self, expr: condition_pb2.BooleanExpression) -> Any:
        if expr.WhichOneof("expr") == "conjunction":
            c = expr.conjunction
            return ConjunctionExpression(
                self._condition(c.left_expression), c.operator, self._condition(c.right_expression)
            )
        c = expr.comparison
        return ComparisonExpression(
            self._operand(c.left_value), c.operator, self._operand(c.right_value)
        )


def _array_node(target: Any, array: workflow_pb2.ArrayNode) -> Any:
    """flytekit's array_node (of a launch plan or a reference task) as the core's, from the
    settings its IDL carries."""
    from flytecheck.core.array_node import ArrayNode

    criterion = array.WhichOneof("success_criteria")
    return ArrayNode(
        target,
        concurrency=array.parallelism if array.WhichOneof("parallelism_option") else None,
        min_successes=array.min_successes if criterion == "min_successes" else None,
        min_success_ratio=array.min_success_ratio if criterion == "min_success_ratio" else None,
        run_all_sub_nodes=array.run_all_sub_nodes,
    )


def _gate(pb: workflow_pb2.Node, workflow: str) -> Any:
    """A gate node of flytekit's IDL as a core Gate: answered by the test, as any gate."""
    from flytecheck.core.gate import Gate
    from flytecheck.core.types import TypeEngine

    gate = pb.gate_node
    kind = gate.WhichOneof("condition")
    timeout = pb.metadata.timeout.ToTimedelta() or datetime.timedelta(days=1)
    if kind == "sleep":
        duration = gate.sleep.duration.ToTimedelta()
        return Gate(pb.metadata.name or pb.id, "sleep", timeout, Interface(), duration)
    if kind == "signal":
        expected = TypeEngine.guess_python_type(gate.signal.type)
        outputs = {gate.signal.output_variable_name or "o0": expected}
        return Gate(gate.signal.signal_id, "signal", timeout, Interface({}, outputs))
    if kind == "approve":
        inputs = {b.var: Any for b in pb.inputs}
        return Gate(gate.approve.signal_id, "approve", timeout, Interface(inputs, dict(inputs)))
    msg = f"workflow {workflow!r}, node {pb.id}: a gate node of kind {kind} is not run yet"
    raise FlyteValidationException(msg)
