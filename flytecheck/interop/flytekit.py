"""flytekit entities in flytecheck: graphs, backend checks, local runs with mocks and coverage.

A flytekit workflow is serialized by flytekit itself; its IDL is then rebuilt as a core
WorkflowGraph whose task nodes wrap flytekit's tasks. flytecheck's own executor runs that graph,
so the runner seam (mocks) and the executor's observers (the coverage report) work on it
unchanged, and every value crosses flytecheck's type engine, whose literals equal flytekit's.
flytekit is imported only when one of its entities is passed.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from flyteidl.admin.workflow_pb2 import WorkflowSpec
from flyteidl.core import condition_pb2, literals_pb2, workflow_pb2

from flytecheck.core.condition import BranchSpec
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.graph import WorkflowGraph, execution_order
from flytecheck.core.interface import Interface
from flytecheck.core.node import Bound, Node
from flytecheck.core.promise import ComparisonExpression, ConjunctionExpression, NodeOutput, Promise
from flytecheck.core.task import Task
from flytecheck.core.workflow import WorkflowBase, WorkflowFailurePolicy

if TYPE_CHECKING:
    from flytecheck.core.idl_check import Compiled

__all__ = [
    "FlytekitTask",
    "FlytekitWorkflow",
    "adapt",
    "check_flytekit_workflow",
    "compile_flytekit_entity",
    "flytekit_workflow_spec",
    "is_flytekit_entity",
]


def is_flytekit_entity(entity: Any) -> bool:
    return type(entity).__module__.startswith("flytekit.")


def _serialize(entity: Any) -> tuple[Any, OrderedDict[Any, Any]]:
    from flytekit.configuration import Image, ImageConfig, SerializationSettings
    from flytekit.tools.translator import get_serializable

    settings = SerializationSettings(
        project="flytecheck",
        domain="test",
        version="v1",
        image_config=ImageConfig(default_image=Image(name="default", fqn="flytecheck", tag="test")),
    )
    entities: OrderedDict[Any, Any] = OrderedDict()
    spec = get_serializable(entities, settings, entity).to_flyte_idl()
    return spec, entities


def flytekit_workflow_spec(entity: Any) -> WorkflowSpec:
    """flytekit's own WorkflowSpec message for a flytekit workflow."""
    spec, _ = _serialize(entity)
    return spec


def compile_flytekit_entity(entity: Any) -> Compiled:
    """Serialize a flytekit workflow or launch plan with flytekit, and compile its IDL with
    the backend's checks: every error, not only the first."""
    from flyteidl.admin.launch_plan_pb2 import LaunchPlan as LaunchPlanIDL

    from flytecheck.core.idl_check import Registration, compile_launch_plan, compile_workflow

    spec, entities = _serialize(entity)
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


def check_flytekit_workflow(entity: Any) -> None:
    """Raise WorkflowCompileError with every error the backend would report for a flytekit
    workflow or launch plan."""
    from flytecheck.core.idl_check import WorkflowCompileError

    compiled = compile_flytekit_entity(entity)
    if compiled.errors:
        raise WorkflowCompileError(compiled.errors)


def _interface(entity: Any) -> Interface:
    python = entity.python_interface
    defaults = {n: d for n, (_, d) in python.inputs_with_defaults.items() if d is not None}
    return Interface(dict(python.inputs), dict(python.outputs), defaults)


class FlytekitTask(Task):
    """A flytekit function task as a flytecheck task: run (and mocked) by flytecheck."""

    def __init__(self, wrapped: Any) -> None:
        super().__init__("python-task", wrapped.name, _interface(wrapped))
        self.wrapped = wrapped

    def execute(self, **kwargs: Any) -> Any:
        return self.wrapped.task_function(**kwargs)


class FlytekitWorkflow(WorkflowBase):
    """A flytekit workflow rebuilt from its IDL as a flytecheck graph."""

    def __init__(self, wrapped: Any) -> None:
        spec, entities = _serialize(wrapped)
        policy = WorkflowFailurePolicy(int(spec.template.metadata.on_failure))
        super().__init__(wrapped.name, _interface(wrapped), failure_policy=policy)
        self.wrapped = wrapped
        self._spec = spec
        self._by_name = {getattr(e, "name", None): e for e in entities}

    def _check_registration(self) -> None:
        """flytekit's own IDL is what registration sends: check that, not the rebuilt graph."""
        check_flytekit_workflow(self.wrapped)

    def _compile(self) -> WorkflowGraph:
        subs = {t.id.name: t for t in self._spec.sub_workflows}
        return _GraphBuilder(self, self._spec.template, self._by_name, subs).build()


_ADAPTED: dict[int, tuple[Any, Any]] = {}


def adapt(entity: Any) -> Any:
    """The flytecheck-runnable form of a flytekit entity, made once per entity (others are
    returned unchanged)."""
    if not is_flytekit_entity(entity):
        return entity
    known = _ADAPTED.get(id(entity))
    if known is not None and known[0] is entity:
        return known[1]
    workflow_module = sys.modules.get("flytekit.core.workflow")
    adapted: Any = None
    if workflow_module is not None and isinstance(entity, workflow_module.WorkflowBase):
        adapted = FlytekitWorkflow(entity)
    elif hasattr(entity, "task_function"):
        adapted = FlytekitTask(entity)
    if adapted is not None:
        _ADAPTED[id(entity)] = (entity, adapted)
        return adapted
    kind = type(entity).__name__
    msg = f"{entity!r}: flytecheck runs flytekit function tasks and workflows, not {kind}"
    raise FlyteValidationException(msg)


_PRIMITIVES = ("integer", "float_value", "string_value", "boolean", "datetime", "duration")


class _GraphBuilder:
    def __init__(
        self, workflow: Any, template: Any, by_name: dict[Any, Any], subs: dict[str, Any]
    ) -> None:
        self.workflow = workflow
        self.template = template
        self.by_name = by_name
        self.subs = subs
        self.scope: dict[str, Node] = {}

    def build(self) -> WorkflowGraph:
        nodes = [self._node(pb) for pb in self.template.nodes]
        outputs = {
            b.var: self._bound(b.binding, self.workflow.interface.outputs[b.var])
            for b in self.template.outputs
        }
        ordered = execution_order(self.workflow.name, nodes)
        return WorkflowGraph(
            self.workflow.name, self.workflow.interface, ordered, outputs, self.workflow
        )

    def _entity(self, pb: workflow_pb2.Node) -> Any:
        target = pb.WhichOneof("target")
        if target == "task_node":
            return adapt(self.by_name[pb.task_node.reference_id.name])
        if (
            target == "workflow_node"
            and pb.workflow_node.WhichOneof("reference") == "sub_workflow_ref"
        ):
            return adapt(self.by_name[pb.workflow_node.sub_workflow_ref.name])
        msg = (
            f"workflow {self.workflow.name!r}, node {pb.id}: flytecheck cannot run {target} "
            "nodes of flytekit workflows yet"
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
            node = Node(
                pb.id, pb.metadata.name or entity.short_name, entity, entity.node_kind, bindings
            )
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
            if data.promise.attr_path:
                msg = (
                    f"workflow {self.workflow.name!r}: attribute paths in flytekit bindings "
                    "are not run yet"
                )
                raise FlyteValidationException(msg)
            return Bound(source_type, ref=NodeOutput(node, data.promise.var, source_type))
        if kind == "collection":
            import typing

            item = (typing.get_args(python_type) or (Any,))[0]
            return Bound(
                python_type, items=tuple(self._bound(b, item) for b in data.collection.bindings)
            )
        if kind == "map":
            import typing

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
