"""Each node's interface, as the backend derives it: a task's, a sub-workflow's, a launch
plan's exposed parameters, the outputs a branch's cases share, a gate's signal or the values
an approval passes on, an array node's mapped node; and the structure each kind needs."""

from __future__ import annotations

from flyteidl.core import condition_pb2, interface_pb2, literals_pb2, workflow_pb2
from flyteidl.core.interface_pb2 import TypedInterface as Interface
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core._casting import a_type, is_none_type, literal_type_name, scalar_type
from flytecheck.core.idl_check._scope import Scope
from flytecheck.core.idl_check.bindings import validate_bindings
from flytecheck.core.idl_check.registration import key, short

__all__ = ["inner_id", "resolve"]


def inner_id(parent: str, node: workflow_pb2.Node) -> str:
    """A node inside a branch, as the backend names it once the branch is flattened."""
    return f"{parent}-{node.id}"


def resolve(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    """The node's effective interface (output aliases applied), or None with errors saying why
    it has none."""
    iface = _underlying(scope, node, node_id)
    if iface is None:
        return None
    for direction, variables in (("input", iface.inputs), ("output", iface.outputs)):
        for name, variable in variables.variables.items():
            if not variable.HasField("type"):
                scope.error(
                    "ValueRequired",
                    node_id,
                    f"{direction} {name!r} has no type; the entity was serialized without one: "
                    "annotate it and serialize again",
                    name,
                )
    return _aliased(scope, node, node_id, iface)


def _underlying(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    target = node.WhichOneof("target")
    if target == "task_node":
        return _task(scope, node, node_id)
    if target == "workflow_node":
        return _workflow(scope, node, node_id)
    if target == "branch_node":
        return _branch(scope, node, node_id)
    if target == "gate_node":
        return _gate(scope, node, node_id)
    if target == "array_node":
        return _array(scope, node, node_id)
    scope.error(
        "ValueRequired",
        node_id,
        "the node runs nothing (no task, workflow, branch, gate or array target); "
        "give it an entity to run or remove it",
    )
    return None


def _task(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    ref = node.task_node.reference_id
    if not node.task_node.HasField("reference_id") or not ref.name:
        scope.error("ValueRequired", node_id, "the task node names no task; set its reference_id")
        return None
    iface = scope.registration.tasks.get(key(ref))
    if iface is None:
        scope.error(
            "TaskReferenceNotFound",
            node_id,
            f"runs task {short(ref)}, which is not among the tasks registered with the workflow; "
            "register the task with it (serialize both in the same run), or fix the reference",
        )
    return iface


def _workflow(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    wn = node.workflow_node
    reference = wn.WhichOneof("reference")
    if reference == "launchplan_ref":
        plan = scope.registration.launch_plans.get(key(wn.launchplan_ref))
        if plan is None:
            scope.error(
                "WorkflowReferenceNotFound",
                node_id,
                f"runs launch plan {short(wn.launchplan_ref)}, which is not registered; "
                "register it first, or fix the reference",
            )
            return None
        bound = {b.var for b in node.inputs}
        exposed = interface_pb2.VariableMap()
        for name, param in plan.inputs.parameters.items():
            if param.required or name in bound:
                exposed.variables[name].CopyFrom(param.var)
        return Interface(inputs=exposed, outputs=plan.outputs)
    if reference == "sub_workflow_ref":
        ref_key = key(wn.sub_workflow_ref)
        template = scope.registration.workflows.get(ref_key)
        if template is None:
            scope.error(
                "WorkflowReferenceNotFound",
                node_id,
                f"runs sub-workflow {short(wn.sub_workflow_ref)}, which is not among the "
                "workflows registered with this one; serialize the sub-workflow with it",
            )
            return None
        scope.pending.append(ref_key)
        return template.interface
    scope.error(
        "WorkflowReferenceNotFound",
        node_id,
        "the workflow node names neither a launch plan nor a sub-workflow; set one",
    )
    return None


def _aliased(scope: Scope, node: workflow_pb2.Node, node_id: str, iface: Interface) -> Interface:
    if not node.output_aliases:
        return iface
    aliases: dict[str, str] = {}
    for alias in node.output_aliases:
        if alias.var in aliases:
            scope.error(
                "DuplicateAlias",
                node_id,
                f"output {alias.var!r} is aliased twice; give each output one alias",
                alias.alias,
            )
        else:
            aliases[alias.var] = alias.alias
    effective = Interface()
    effective.inputs.CopyFrom(iface.inputs)
    for name, variable in iface.outputs.variables.items():
        effective.outputs.variables[aliases.pop(name, name)].CopyFrom(variable)
    for var, alias in aliases.items():
        scope.error(
            "ParameterNotBound",
            node_id,
            f"alias {alias!r} names output {var!r}, which the node does not have; "
            "alias one of its outputs",
            alias,
        )
    return effective


def _branch(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    if_else = node.branch_node.if_else
    if not node.branch_node.HasField("if_else") or not if_else.HasField("case"):
        scope.error(
            "BranchNodeHasNoCondition",
            node_id,
            "the branch has no if case; start it with .if_(condition).then(...)",
        )
        return None
    inputs = validate_bindings(scope.trial(), node_id, node.inputs, None)
    inner: list[workflow_pb2.Node] = []
    for number, block in enumerate([if_else.case, *if_else.other], start=1):
        if not block.HasField("condition"):
            scope.error(
                "BranchNodeHasNoCondition",
                node_id,
                f"case {number} of the branch has no condition; give every if_/elif_ one",
            )
        else:
            _condition(scope, node_id, block.condition, inputs)
        if not block.HasField("then_node"):
            scope.error(
                "BranchNodeIdNotFound",
                node_id,
                f"case {number} of the branch runs no node; end it with .then(entity(...))",
            )
        else:
            inner.append(block.then_node)
    default = if_else.WhichOneof("default")
    if default == "else_node":
        inner.append(if_else.else_node)
    elif default is None:
        scope.error(
            "BranchNodeHasNoDefault",
            node_id,
            "the branch has neither an else node nor an error; end it with "
            ".else_().then(...) or .else_().fail('why')",
        )
    return Interface(inputs=_variables(inputs), outputs=_shared_outputs(scope, node_id, inner))


def _variables(types: dict[str, LiteralType]) -> interface_pb2.VariableMap:
    out = interface_pb2.VariableMap()
    for name, lt in types.items():
        out.variables[name].type.CopyFrom(lt)
    return out


def _shared_outputs(
    scope: Scope, parent: str, inner: list[workflow_pb2.Node]
) -> interface_pb2.VariableMap:
    """Register the case nodes under their flattened ids and return the outputs every case
    gives, which must have the same type in each."""
    shared: dict[str, interface_pb2.Variable] | None = None
    origin: dict[str, str] = {}
    for node in inner:
        node_id = inner_id(parent, node)
        if node_id in scope.nodes:
            scope.error(
                "ValueCollision",
                parent,
                f"node {node.id!r} inside the branch becomes {node_id!r} once the branch is "
                "flattened, which is already a node id; rename one of the two",
            )
            continue
        scope.nodes[node_id] = node
        scope.inner.append(node_id)
        iface = resolve(scope, node, node_id)
        scope.interfaces[node_id] = iface
        if iface is None:
            continue
        outputs = dict(iface.outputs.variables)
        if shared is None:
            shared = outputs
            origin = dict.fromkeys(outputs, node_id)
            continue
        for name in list(shared):
            if name not in outputs:
                del shared[name]
            elif shared[name].type != outputs[name].type:
                scope.error(
                    "MismatchingTypes",
                    node_id,
                    f"branch cases give output {name!r} different types: "
                    f"{literal_type_name(shared[name].type)} ({origin[name]}) and "
                    f"{literal_type_name(outputs[name].type)} ({node_id}); every case must give "
                    "it the same type",
                    name,
                )
    result = interface_pb2.VariableMap()
    for name, variable in (shared or {}).items():
        result.variables[name].CopyFrom(variable)
    return result


def _condition(
    scope: Scope,
    node_id: str,
    expr: condition_pb2.BooleanExpression,
    inputs: dict[str, LiteralType],
) -> None:
    kind = expr.WhichOneof("expr")
    if kind == "conjunction":
        for side in (expr.conjunction.left_expression, expr.conjunction.right_expression):
            _condition(scope, node_id, side, inputs)
        return
    if kind != "comparison":
        scope.error("BranchNodeHasNoCondition", node_id, "a condition is empty; write one")
        return
    sides = [
        _operand(scope, node_id, expr.comparison.left_value, inputs),
        _operand(scope, node_id, expr.comparison.right_value, inputs),
    ]
    left, right = (_unwrap_optional(t) for t in sides)
    if left is None or right is None or is_none_type(left) or is_none_type(right):
        return  # an unknown side was reported; None compares with anything (is_none())
    if left != right:
        scope.error(
            "MismatchingTypes",
            node_id,
            f"a condition compares {a_type(left)} with {a_type(right)}; compare values of the "
            "same type",
        )


def _unwrap_optional(lt: LiteralType | None) -> LiteralType | None:
    """Optional[T] compares as T (the None case is what is_none() asks about)."""
    if lt is None or lt.WhichOneof("type") != "union_type":
        return lt
    rest = [v for v in lt.union_type.variants if not is_none_type(v)]
    return rest[0] if len(rest) == 1 else lt


def _operand(
    scope: Scope, node_id: str, operand: condition_pb2.Operand, inputs: dict[str, LiteralType]
) -> LiteralType | None:
    kind = operand.WhichOneof("val")
    if kind == "var":
        found = inputs.get(operand.var)
        if found is None and not any(b.var == operand.var for b in scope.nodes[node_id].inputs):
            scope.error(
                "VariableNameNotFound",
                node_id,
                f"a condition reads {operand.var!r}, which the branch node does not bind; "
                "bind it in the branch node's inputs",
                operand.var,
            )
        return found
    if kind == "primitive":
        return scalar_type(literals_pb2.Scalar(primitive=operand.primitive))
    if kind == "scalar":
        return scalar_type(operand.scalar)
    scope.error("ValueRequired", node_id, "a condition has an empty operand; give it a value")
    return None


def _gate(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    gate = node.gate_node
    kind = gate.WhichOneof("condition")
    if kind == "approve":
        passed = _variables(validate_bindings(scope.trial(), node_id, node.inputs, None))
        return Interface(inputs=passed, outputs=passed)
    if kind == "signal":
        signal = gate.signal
        if not signal.HasField("type"):
            scope.error(
                "ValueRequired", node_id, f"signal {signal.signal_id!r} has no type; give it one"
            )
            return None
        if not signal.output_variable_name:
            scope.error(
                "ValueRequired",
                node_id,
                f"signal {signal.signal_id!r} names no output variable; set one",
            )
            return None
        outputs = interface_pb2.VariableMap()
        outputs.variables[signal.output_variable_name].type.CopyFrom(signal.type)
        return Interface(inputs=interface_pb2.VariableMap(), outputs=outputs)
    if kind == "sleep":
        return Interface(inputs=interface_pb2.VariableMap(), outputs=interface_pb2.VariableMap())
    scope.error(
        "NoConditionFound",
        node_id,
        "the gate node has no condition; use sleep(...), wait_for_input(...) or approve(...)",
    )
    return None


def _array(scope: Scope, node: workflow_pb2.Node, node_id: str) -> Interface | None:
    array = node.array_node
    inner = array.node
    iface = _underlying(scope, inner, inner_id(node_id, inner))
    original = array.HasField("is_original_sub_node_interface")
    if iface is None or not (original and array.is_original_sub_node_interface.value):
        return iface
    bound = set(array.bound_inputs)
    wrapped = Interface()
    for name, variable in iface.inputs.variables.items():
        target = wrapped.inputs.variables[name]
        target.CopyFrom(variable)
        if name not in bound:
            target.type.Clear()
            target.type.collection_type.CopyFrom(variable.type)
    for name, variable in iface.outputs.variables.items():
        target = wrapped.outputs.variables[name]
        target.CopyFrom(variable)
        target.type.Clear()
        target.type.collection_type.CopyFrom(variable.type)
    return wrapped
