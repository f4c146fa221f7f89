"""The backend's binding rules applied to IDL: a WorkflowTemplate and the TaskTemplates (and
sub-workflow templates) it refers to, whatever SDK serialized them.

This is how a workflow written with flytekit gets flytecheck's registration-time checks: flytekit
serializes it, and every promise binding's upstream type must be castable to the input's type.
"""

from __future__ import annotations

from collections.abc import Mapping

from flyteidl.core import interface_pb2, workflow_pb2
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core._casting import castable
from flytecheck.core.exceptions.user import FlyteCompilationException

__all__ = ["check_workflow_template"]

Interfaces = Mapping[str, interface_pb2.TypedInterface]


def _type_name(lt: LiteralType) -> str:
    from flytecheck.graph._types import literal_type_name

    return literal_type_name(lt)


def _interface_of(
    node: workflow_pb2.Node, interfaces: Interfaces
) -> interface_pb2.TypedInterface | None:
    target = node.WhichOneof("target")
    if target == "task_node":
        return interfaces.get(node.task_node.reference_id.name)
    if target == "workflow_node":
        ref = node.workflow_node
        name = (
            ref.launchplan_ref.name
            if ref.WhichOneof("reference") == "launchplan_ref"
            else ref.sub_workflow_ref.name
        )
        return interfaces.get(name)
    return None


def _outputs_of(
    node: workflow_pb2.Node, interfaces: Interfaces
) -> Mapping[str, interface_pb2.Variable]:
    if node.WhichOneof("target") == "branch_node":
        return _outputs_of(node.branch_node.if_else.case.then_node, interfaces)
    iface = _interface_of(node, interfaces)
    return iface.outputs.variables if iface is not None else {}


def check_workflow_template(
    template: workflow_pb2.WorkflowTemplate, interfaces: Interfaces
) -> None:
    """Raise FlyteCompilationException at the first binding the backend would refuse.

    `interfaces` maps each task, sub-workflow and launch plan name to its TypedInterface.
    """
    workflow = template.id.name
    producers = {n.id: n for n in template.nodes}

    def upstream_type(node_id: str, var: str) -> LiteralType | None:
        if not node_id:
            variable = template.interface.inputs.variables.get(var)
        else:
            producer = producers.get(node_id)
            variable = _outputs_of(producer, interfaces).get(var) if producer is not None else None
        return variable.type if variable is not None else None

    def check(node: workflow_pb2.Node) -> None:
        if node.WhichOneof("target") == "branch_node":
            block = node.branch_node.if_else
            for inner in [block.case.then_node, *(o.then_node for o in block.other)]:
                check(inner)
            if block.WhichOneof("default") == "else_node":
                check(block.else_node)
            return
        iface = _interface_of(node, interfaces)
        if iface is None:
            return
        for binding in node.inputs:
            data = binding.binding
            if data.WhichOneof("value") != "promise" or data.promise.attr_path:
                continue
            expected = iface.inputs.variables.get(binding.var)
            found = upstream_type(data.promise.node_id, data.promise.var)
            if expected is None or found is None or castable(found, expected.type):
                continue
            source = f"{data.promise.node_id or 'wf'}.{data.promise.var}"
            msg = (
                f"{source} is a {_type_name(found)}, which Flyte cannot bind to an input of type "
                f"{_type_name(expected.type)}; pass a value of that type or change one annotation"
            )
            raise FlyteCompilationException(msg, workflow=workflow, node=node.id, input=binding.var)

    for node in template.nodes:
        check(node)
