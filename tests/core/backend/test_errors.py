"""Each error the backend's compiler refuses a workflow with, found by flytecheck under the
backend's own code: corpus workflows (which the backend compiles) broken the way users break
them, and workflows authored for the cases the corpus has no shape for."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flyteidl.admin.launch_plan_pb2 import LaunchPlan
from flyteidl.core import (
    identifier_pb2,
    literals_pb2,
    tasks_pb2,
    types_pb2,
    workflow_pb2,
)
from flyteidl.core.types_pb2 import LiteralType, SimpleType
from flyteidl.core.workflow_pb2 import WorkflowTemplate as Template

from flytecheck.core.idl_check import (
    CODES,
    CompileError,
    Registration,
    WorkflowCompileError,
    check_workflow,
    compile_launch_plan,
    compile_workflow,
)
from tests.core.backend.corpus import load

BASIC = "085_core.flyte_basics.basic_workflow.my_wf_2.pb"  # t1(a) -> n0; t2(n0.c, b) -> n1
CHAIN = "019_core.control_flow.chain_tasks.chain_tasks_wf_2.pb"  # n0 >> n1, no data
ENUMS = "166_core.type_system.enums.enum_wf_2.pb"  # n0 takes the workflow's enum
BRANCH = "042_core.control_flow.conditions.consume_outputs_2.pb"  # n1 branches on n0.o0


def corpus_errors(name: str, mutate: Callable[[Template], None]) -> list[CompileError]:
    corpus = load()
    template = Template()
    template.CopyFrom(corpus.closures[name].workflow)
    mutate(template)
    return list(compile_workflow(template, corpus.registration).errors)


def node(template: Template, node_id: str) -> workflow_pb2.Node:
    return next(n for n in template.nodes if n.id == node_id)


def binding(n: workflow_pb2.Node, var: str) -> literals_pb2.BindingData:
    return next(b.binding for b in n.inputs if b.var == var)


def _cycle(t: Template) -> None:
    node(t, "n0").upstream_node_ids.append("n1")


def _unreachable(t: Template) -> None:
    node(t, "n0").upstream_node_ids.append("n1")


def _missing_node(t: Template) -> None:
    binding(node(t, "n1"), "a").promise.node_id = "n7"


def _missing_output(t: Template) -> None:
    binding(node(t, "n1"), "a").promise.var = "nope"


def _unknown_input(t: Template) -> None:
    node(t, "n1").inputs.add(var="zzz").binding.scalar.primitive.integer = 1


def _bound_twice(t: Template) -> None:
    node(t, "n1").inputs.add().CopyFrom(node(t, "n1").inputs[1])


def _unbound_input(t: Template) -> None:
    del node(t, "n1").inputs[1]


def _unbound_output(t: Template) -> None:
    del t.outputs[1]


def _wrong_type(t: Template) -> None:
    binding(node(t, "n1"), "a").promise.var = "t1_int_output"


def _list_for_a_str(t: Template) -> None:
    data = binding(node(t, "n1"), "b")
    data.collection.bindings.add().scalar.primitive.string_value = "x"


def _untyped_literal(t: Template) -> None:
    binding(node(t, "n1"), "b").scalar.SetInParent()


def _missing_task(t: Template) -> None:
    node(t, "n1").task_node.reference_id.name = "core.flyte_basics.basic_workflow.gone"


def _duplicate_id(t: Template) -> None:
    node(t, "n1").id = "n0"


def _no_target(t: Template) -> None:
    node(t, "n1").ClearField("task_node")


def _no_nodes(t: Template) -> None:
    del t.nodes[:]


def _alias_twice(t: Template) -> None:
    for alias in ("first", "second"):
        node(t, "n0").output_aliases.add(var="c", alias=alias)


def _bad_reference(t: Template) -> None:
    binding(node(t, "n1"), "a").promise.var = "c["


def _missing_field(t: Template) -> None:
    binding(node(t, "n1"), "a").promise.attr_path.add(string_value="nope")


def _not_an_enum_value(t: Template) -> None:
    binding(node(t, "n0"), "c").scalar.primitive.string_value = "PURPLE"


def _no_default(t: Template) -> None:
    node(t, "n1").branch_node.if_else.ClearField("else_node")


def _no_condition(t: Template) -> None:
    node(t, "n1").branch_node.if_else.case.ClearField("condition")


def _case_without_node(t: Template) -> None:
    node(t, "n1").branch_node.if_else.case.ClearField("then_node")


def _flattened_collision(t: Template) -> None:
    clash = t.nodes.add()
    clash.CopyFrom(node(t, "n0"))
    clash.id = "n1-n0"


def _condition_on_unbound(t: Template) -> None:
    node(t, "n1").branch_node.if_else.case.condition.comparison.left_value.var = "n9.o0"


def _condition_types(t: Template) -> None:
    right = node(t, "n1").branch_node.if_else.case.condition.comparison.right_value
    right.primitive.integer = 1


CASES = [
    ("CycleDetected", BASIC, _cycle),
    ("UnreachableNodes", CHAIN, _unreachable),
    ("NodeReferenceNotFound", BASIC, _missing_node),
    ("VariableNameNotFound", BASIC, _missing_output),
    ("VariableNameNotFound", BASIC, _unknown_input),
    ("ParameterBoundMoreThanOnce", BASIC, _bound_twice),
    ("ParameterNotBound", BASIC, _unbound_input),
    ("ParameterNotBound", BASIC, _unbound_output),
    ("MismatchingTypes", BASIC, _wrong_type),
    ("MismatchingBindings", BASIC, _list_for_a_str),
    ("UnrecognizedValue", BASIC, _untyped_literal),
    ("TaskReferenceNotFound", BASIC, _missing_task),
    ("DuplicateId", BASIC, _duplicate_id),
    ("ValueRequired", BASIC, _no_target),
    ("NoNodesFound", BASIC, _no_nodes),
    ("DuplicateAlias", BASIC, _alias_twice),
    ("SyntaxError", BASIC, _bad_reference),
    ("IllegalEnumValue", ENUMS, _not_an_enum_value),
    ("BranchNodeHasNoDefault", BRANCH, _no_default),
    ("BranchNodeHasNoCondition", BRANCH, _no_condition),
    ("BranchNodeIdNotFound", BRANCH, _case_without_node),
    ("ValueCollision", BRANCH, _flattened_collision),
    ("VariableNameNotFound", BRANCH, _condition_on_unbound),
    ("MismatchingTypes", BRANCH, _condition_types),
]


@pytest.mark.parametrize(
    ("code", "name", "mutate"), CASES, ids=[f"{c}-{m.__name__[1:]}" for c, _, m in CASES]
)
def test_a_broken_corpus_workflow_is_refused_with_the_backends_code(
    code: str, name: str, mutate: Callable[[Template], None]
) -> None:
    errors = corpus_errors(name, mutate)
    assert code in [e.code for e in errors], [str(e) for e in errors]
    assert all(e.code in CODES for e in errors)


def test_every_error_of_a_workflow_is_reported_not_only_the_first() -> None:
    def three_mistakes(t: Template) -> None:
        _wrong_type(t)
        _unknown_input(t)
        _unbound_output(t)

    errors = corpus_errors(BASIC, three_mistakes)
    assert sorted(e.code for e in errors) == [
        "MismatchingTypes",
        "ParameterNotBound",
        "VariableNameNotFound",
    ]


def test_a_type_error_names_workflow_node_input_both_types_and_the_fix() -> None:
    (error,) = corpus_errors(BASIC, _wrong_type)
    assert error.code == "MismatchingTypes"
    assert error.workflow == "core.flyte_basics.basic_workflow.my_wf"
    assert error.node == "n1 (t2)"
    assert error.variable == "a"
    assert error.message == (
        "input 'a' takes str, but is bound to n0.t1_int_output, an int, which the backend cannot "
        "cast to it; pass a value of type str or change one of the two annotations"
    )
    text = str(error)
    assert text.startswith("[MismatchingTypes] workflow 'core.flyte_basics.basic_workflow.my_wf'")


def test_the_exception_lists_every_error_under_one_workflow() -> None:
    corpus = load()
    template = Template()
    template.CopyFrom(corpus.closures[BASIC].workflow)
    _wrong_type(template)
    _unbound_output(template)
    with pytest.raises(WorkflowCompileError) as caught:
        check_workflow(template, corpus.registration)
    assert len(caught.value.errors) == 2
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "workflow 'core.flyte_basics.basic_workflow.my_wf': the backend would refuse it at "
        "registration (2 errors):"
    )
    assert lines[1].startswith("  [MismatchingTypes] node n1 (t2): input 'a' takes str")
    assert lines[2].startswith("  [ParameterNotBound] node end-node: workflow output 'o1' (str)")


def test_a_missing_sub_workflow_or_launch_plan_is_a_workflow_reference_error() -> None:
    corpus = load()
    spec = next(s for s in corpus.specs.values() if s.sub_workflows)
    template = Template()
    template.CopyFrom(spec.template)
    sub = next(n for n in template.nodes if n.HasField("workflow_node"))
    sub.workflow_node.sub_workflow_ref.name = "gone"
    errors = compile_workflow(template, corpus.registration).errors
    assert [e.code for e in errors] == ["WorkflowReferenceNotFound"]
    plan_ref = sub.workflow_node.launchplan_ref
    plan_ref.CopyFrom(identifier_pb2.Identifier(resource_type=3, name="gone_lp"))
    errors = compile_workflow(template, corpus.registration).errors
    assert [e.code for e in errors] == ["WorkflowReferenceNotFound"]
    assert "launch plan gone_lp" in errors[0].message


def test_errors_inside_a_sub_workflow_name_the_sub_workflow() -> None:
    corpus = load()
    spec = next(s for s in corpus.specs.values() if s.sub_workflows)
    registration = Registration.of_messages([*corpus.tasks.values()])
    broken = Template()
    broken.CopyFrom(spec.sub_workflows[0])
    del broken.outputs[:]
    registration.add_workflow(broken)
    errors = compile_workflow(spec.template, registration).errors
    assert {e.workflow for e in errors} == {broken.id.name}
    assert {e.code for e in errors} == {"ParameterNotBound"}


def test_a_launch_plans_inputs_must_be_its_workflows() -> None:
    corpus = load()
    plan = LaunchPlan()
    plan.CopyFrom(next(p for p in corpus.launch_plans.values() if p.spec.default_inputs.parameters))
    name = next(iter(plan.spec.default_inputs.parameters))
    plan.spec.fixed_inputs.literals["not_an_input"].scalar.primitive.integer = 1
    wrong = plan.spec.default_inputs.parameters[name].default
    wrong.Clear()
    wrong.scalar.primitive.boolean = True
    errors = compile_launch_plan(plan, corpus.registration).errors
    assert sorted(e.code for e in errors) == ["MismatchingTypes", "VariableNameNotFound"]


# Shapes the corpus has none of: unions of lists, dataclass attributes, gates.

INT = LiteralType(simple=SimpleType.INTEGER)
FLOAT = LiteralType(simple=SimpleType.FLOAT)
STR = LiteralType(simple=SimpleType.STRING)


def _list(lt: LiteralType) -> LiteralType:
    return LiteralType(collection_type=lt)


def _union(*variants: LiteralType) -> LiteralType:
    return LiteralType(union_type=types_pb2.UnionType(variants=list(variants)))


def _optional(lt: LiteralType) -> LiteralType:
    return _union(lt, LiteralType(simple=SimpleType.NONE))


def _ident(kind: int, name: str) -> identifier_pb2.Identifier:
    return identifier_pb2.Identifier(
        resource_type=kind, project="p", domain="d", name=name, version="v"
    )


def _task(
    name: str, inputs: dict[str, LiteralType], outputs: dict[str, LiteralType]
) -> tasks_pb2.TaskTemplate:
    task = tasks_pb2.TaskTemplate(id=_ident(1, name), type="python-task")
    for var, lt in inputs.items():
        task.interface.inputs.variables[var].type.CopyFrom(lt)
    for var, lt in outputs.items():
        task.interface.outputs.variables[var].type.CopyFrom(lt)
    return task


def _authored(*nodes: workflow_pb2.Node) -> Template:
    template = Template(id=_ident(2, "authored"))
    template.interface.inputs.variables["x"].type.CopyFrom(INT)
    template.nodes.extend(nodes)
    return template


def _task_node(node_id: str, task: str, **bindings: literals_pb2.BindingData) -> workflow_pb2.Node:
    n = workflow_pb2.Node(id=node_id)
    n.task_node.reference_id.CopyFrom(_ident(1, task))
    for var, data in bindings.items():
        n.inputs.add(var=var, binding=data)
    return n


def _ints(*values: int) -> literals_pb2.BindingData:
    data = literals_pb2.BindingData()
    for value in values:
        data.collection.bindings.add().scalar.primitive.integer = value
    return data


def _promise(node_id: str, var: str, *path: str) -> literals_pb2.BindingData:
    data = literals_pb2.BindingData()
    data.promise.node_id = node_id
    data.promise.var = var
    for attr in path:
        data.promise.attr_path.add(string_value=attr)
    return data


def _authored_errors(template: Template, *tasks: tasks_pb2.TaskTemplate) -> list[str]:
    return [e.code for e in compile_workflow(template, Registration.of(tasks=tasks)).errors]


def test_a_list_binding_into_a_union_must_fit_exactly_one_variant() -> None:
    ambiguous = _task("ambiguous", {"xs": _union(_list(INT), _list(_optional(INT)))}, {})
    none = _task("none", {"xs": _union(INT, STR)}, {})
    one = _task("one", {"xs": _union(_list(INT), STR)}, {})
    template = _authored(
        _task_node("n0", "ambiguous", xs=_ints(1, 2)),
        _task_node("n1", "none", xs=_ints(1)),
        _task_node("n2", "one", xs=_ints(1)),
    )
    assert _authored_errors(template, ambiguous, none, one) == [
        "AmbiguousBindingUnionValue",
        "IncompatibleBindingUnionValue",
    ]


def test_an_attribute_path_must_name_a_field_of_the_dataclass() -> None:
    point = LiteralType(simple=SimpleType.STRUCT)
    point.structure.dataclass_type["x"].CopyFrom(INT)
    point.structure.dataclass_type["y"].CopyFrom(FLOAT)
    make = _task("make", {}, {"o0": point})
    use = _task("use", {"v": INT}, {})
    good = _authored(_task_node("n0", "make"), _task_node("n1", "use", v=_promise("n0", "o0", "x")))
    assert _authored_errors(good, make, use) == []
    typed = _authored(
        _task_node("n0", "make"), _task_node("n1", "use", v=_promise("n0", "o0", "y"))
    )
    assert _authored_errors(typed, make, use) == ["MismatchingTypes"]
    missing = _authored(
        _task_node("n0", "make"), _task_node("n1", "use", v=_promise("n0", "o0", "z"))
    )
    errors = compile_workflow(missing, Registration.of(tasks=[make, use])).errors
    assert [e.code for e in errors] == ["FieldNotFound"]
    assert "no field 'z' (its fields: x, y)" in errors[0].message


def test_a_gate_node_needs_a_condition_and_a_signal_its_output() -> None:
    use = _task("use", {"v": INT}, {})
    empty = workflow_pb2.Node(id="n0")
    empty.gate_node.SetInParent()
    assert _authored_errors(_authored(empty), use) == ["NoConditionFound"]
    signal = workflow_pb2.Node(id="n0")
    signal.gate_node.signal.signal_id = "count"
    signal.gate_node.signal.type.CopyFrom(INT)
    signal.gate_node.signal.output_variable_name = "o0"
    waits = _authored(signal, _task_node("n1", "use", v=_promise("n0", "o0")))
    assert _authored_errors(waits, use) == []
    signal.gate_node.signal.type.CopyFrom(STR)
    wrong = _authored(signal, _task_node("n1", "use", v=_promise("n0", "o0")))
    assert _authored_errors(wrong, use) == ["MismatchingTypes"]


def test_an_approve_gate_passes_on_what_it_is_given() -> None:
    use = _task("use", {"v": INT}, {})
    gate = workflow_pb2.Node(id="n0")
    gate.gate_node.approve.signal_id = "ok"
    gate.inputs.add(var="o0", binding=_promise("", "x"))
    template = _authored(gate, _task_node("n1", "use", v=_promise("n0", "o0")))
    compiled = compile_workflow(template, Registration.of(tasks=[use]))
    assert compiled.errors == ()
    assert compiled.connections.downstream == {
        "start-node": ("n0",),
        "n0": ("n1",),
        "n1": ("end-node",),
    }


def test_an_array_node_maps_its_node_over_lists() -> None:
    square = _task("square", {"x": INT, "k": INT}, {"o0": INT})
    array = workflow_pb2.Node(id="n0")
    array.array_node.node.CopyFrom(_task_node("n0-n0", "square"))
    array.array_node.is_original_sub_node_interface.value = True
    array.array_node.bound_inputs.append("k")
    array.inputs.add(var="x", binding=_ints(1, 2, 3))
    array.inputs.add(var="k", binding=_promise("", "x"))
    template = _authored(array)
    template.interface.outputs.variables["o0"].type.CopyFrom(_list(INT))
    template.outputs.add(var="o0", binding=_promise("n0", "o0"))
    assert _authored_errors(template, square) == []
    template.outputs[0].binding.CopyFrom(_promise("", "x"))
    assert _authored_errors(template, square) == ["MismatchingTypes"]


def test_condition_none_comparisons_are_accepted() -> None:
    """`is_none()` compares a value with None: the backend accepts it for any type."""
    flag = _task("flag", {}, {"o0": _optional(LiteralType(simple=SimpleType.BOOLEAN))})
    use = _task("use", {"v": INT}, {"o0": INT})
    branch = workflow_pb2.Node(id="n1")
    branch.inputs.add(var="n0.o0", binding=_promise("n0", "o0"))
    case = branch.branch_node.if_else.case
    case.condition.comparison.left_value.var = "n0.o0"
    case.condition.comparison.right_value.scalar.none_type.SetInParent()
    case.then_node.CopyFrom(_task_node("n0", "use", v=_promise("", "x")))
    branch.branch_node.if_else.error.message = "no"
    template = _authored(_task_node("n0", "flag"), branch)
    assert _authored_errors(template, flag, use) == []


def test_every_code_is_documented() -> None:
    """The catalogue users match codes against: the backend's codes, each explained."""
    backend = {
        "CycleDetected", "BranchNodeIdNotFound", "BranchNodeHasNoCondition",
        "BranchNodeHasNoDefault", "ValueRequired", "InvalidValue", "NodeReferenceNotFound",
        "TaskReferenceNotFound", "WorkflowReferenceNotFound", "VariableNameNotFound",
        "DuplicateAlias", "DuplicateId", "MismatchingTypes", "MismatchingBindings",
        "MismatchingInterfaces", "InconsistentTypes", "ParameterBoundMoreThanOnce",
        "ParameterNotBound", "NoEntryNodeFound", "UnreachableNodes", "UnrecognizedValue",
        "ValueCollision", "NoNodesFound", "IllegalEnumValue", "AmbiguousBindingUnionValue",
        "IncompatibleBindingUnionValue", "NoConditionFound", "FieldNotFound",
    }  # fmt: skip
    assert backend <= set(CODES)
    assert all(CODES.values())


def test_structural_gaps_each_get_their_code() -> None:
    """What an SDK bug or a hand-edited payload leaves out: each named by its own code."""
    use = _task("use", {"v": INT}, {"o0": INT})
    alias = _task_node("n0", "use", v=_promise("", "x"))
    alias.output_aliases.add(var="missing", alias="renamed")
    assert _authored_errors(_authored(alias), use) == ["ParameterNotBound"]
    typeless = workflow_pb2.Node(id="n0")
    typeless.gate_node.signal.signal_id = "count"
    assert _authored_errors(_authored(typeless), use) == ["ValueRequired"]
    nameless = workflow_pb2.Node(id="n0")
    nameless.gate_node.signal.signal_id = "count"
    nameless.gate_node.signal.type.CopyFrom(INT)
    assert _authored_errors(_authored(nameless), use) == ["ValueRequired"]
    nowhere = workflow_pb2.Node(id="n0")
    nowhere.workflow_node.SetInParent()
    assert _authored_errors(_authored(nowhere), use) == ["WorkflowReferenceNotFound"]
    empty = _task_node("n0", "use")
    empty.inputs.add(var="v")
    assert _authored_errors(_authored(empty), use) == ["ValueRequired", "ParameterNotBound"]
    unnamed = _task_node("n0", "use", v=_promise("", "x"))
    unnamed.task_node.ClearField("reference_id")
    assert _authored_errors(_authored(unnamed), use) == ["ValueRequired"]


def test_a_launch_plan_of_an_unregistered_workflow_is_refused() -> None:
    plan = LaunchPlan()
    plan.id.CopyFrom(_ident(3, "orphan_lp"))
    plan.spec.workflow_id.CopyFrom(_ident(2, "never_registered"))
    (error,) = compile_launch_plan(plan, Registration()).errors
    assert error.code == "WorkflowReferenceNotFound"
    assert "launches workflow never_registered@v, which is not registered" in error.message


def test_a_launch_plan_node_exposes_required_and_overridden_inputs() -> None:
    """A launch plan's defaulted input may go unbound; its required one may not."""
    target = _authored(_task_node("n0", "use", v=_promise("", "x")))
    use = _task("use", {"v": INT}, {"o0": INT})
    plan = LaunchPlan()
    plan.id.CopyFrom(_ident(3, "lp"))
    plan.spec.workflow_id.CopyFrom(target.id)
    plan.spec.default_inputs.parameters["x"].var.type.CopyFrom(INT)
    plan.spec.default_inputs.parameters["x"].required = True
    registration = Registration.of(tasks=[use], workflows=[target], launch_plans=[plan])
    caller = workflow_pb2.Node(id="n0")
    caller.workflow_node.launchplan_ref.CopyFrom(plan.id)
    template = Template(id=_ident(2, "caller"))
    template.nodes.append(caller)
    errors = compile_workflow(template, registration).errors
    assert [(e.code, e.variable) for e in errors] == [("ParameterNotBound", "x")]
    plan.spec.default_inputs.parameters["x"].required = False
    plan.spec.default_inputs.parameters["x"].default.scalar.primitive.integer = 1
    registration.add_launch_plan(plan)
    assert compile_workflow(template, registration).errors == ()


def test_failure_nodes_and_dict_bindings_are_checked_like_any_node() -> None:
    report = _task("report", {"x": INT, "err": _optional(STR)}, {})
    counts = _task("counts", {"by_name": LiteralType(map_value_type=INT)}, {})
    by_name = literals_pb2.BindingData()
    by_name.map.bindings["a"].promise.var = "x"
    template = _authored(_task_node("n0", "counts", by_name=by_name))
    template.failure_node.CopyFrom(_task_node("fn0", "report", x=_promise("", "x")))
    compiled = compile_workflow(template, Registration.of(tasks=[report, counts]))
    assert compiled.errors == ()
    assert compiled.connections.upstream["fn0"] == ("start-node",)
    assert "fn0" not in compiled.connections.downstream.get("start-node", ())
    template.failure_node.inputs[0].binding.promise.var = "y"
    by_name.map.bindings["b"].scalar.primitive.string_value = "text"
    template.nodes[0].inputs[0].binding.CopyFrom(by_name)
    errors = compile_workflow(template, Registration.of(tasks=[report, counts])).errors
    assert sorted((e.code, e.node) for e in errors) == [
        ("MismatchingTypes", "n0"),
        ("VariableNameNotFound", "fn0"),
    ]
