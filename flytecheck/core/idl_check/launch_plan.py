"""A launch plan, checked as registration checks it: its workflow compiles, and every fixed
or default input is an input of that workflow, of a type the workflow takes."""

from __future__ import annotations

from flyteidl.admin.launch_plan_pb2 import LaunchPlan
from flyteidl.core import literals_pb2

from flytecheck.core._casting import (
    a_type,
    binary_into_struct,
    castable,
    literal_type,
    literal_type_name,
)
from flytecheck.core.idl_check.errors import CompileError
from flytecheck.core.idl_check.registration import Registration, key, short
from flytecheck.core.idl_check.workflow import Compiled, Connections, compile_workflow

__all__ = ["compile_launch_plan"]


def compile_launch_plan(plan: LaunchPlan, registration: Registration) -> Compiled:
    """Compile the plan's workflow and check the plan's inputs against it."""
    name = plan.id.name
    workflow = registration.workflows.get(key(plan.spec.workflow_id))
    if workflow is None:
        error = CompileError(
            "WorkflowReferenceNotFound",
            name,
            "launch plan",
            f"launches workflow {short(plan.spec.workflow_id)}, which is not registered; "
            "register the workflow with the launch plan",
        )
        return Compiled((error,), Connections({}, {}))
    compiled = compile_workflow(workflow, registration)
    errors = list(compiled.errors)
    inputs = workflow.interface.inputs.variables
    given: list[tuple[str, str, literals_pb2.Literal | None]] = [
        ("fixed input", n, lit) for n, lit in sorted(plan.spec.fixed_inputs.literals.items())
    ]
    given += [
        ("default input", n, p.default if p.HasField("default") else None)
        for n, p in sorted(plan.spec.default_inputs.parameters.items())
    ]
    for what, input_name, literal in given:
        variable = inputs.get(input_name)
        if variable is None:
            known = ", ".join(sorted(inputs)) or "none"
            errors.append(
                CompileError(
                    "VariableNameNotFound",
                    name,
                    "launch plan",
                    f"{what} {input_name!r} is not an input of workflow {workflow.id.name} "
                    f"(its inputs: {known}); remove it or rename it",
                    input_name,
                )
            )
            continue
        found = literal_type(literal) if literal is not None else None
        if literal is not None and binary_into_struct(literal.scalar, variable.type):
            continue
        if found is not None and not castable(found, variable.type):
            errors.append(
                CompileError(
                    "MismatchingTypes",
                    name,
                    "launch plan",
                    f"{what} {input_name!r} is {a_type(found)}, but workflow "
                    f"{workflow.id.name} takes {literal_type_name(variable.type)}; give a value "
                    "of that type",
                    input_name,
                )
            )
    return Compiled(tuple(errors), compiled.connections)
