"""What the backend's compiler reports, under its own codes, and the exception that carries
every error of a workflow at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from flytecheck.core.exceptions.user import FlyteCompilationException

__all__ = ["CODES", "NO_NODES", "CompileError", "WorkflowCompileError"]

#: flytepropeller's compiler error codes (pkg/compiler/errors), each with what it means.
CODES: dict[str, str] = {
    "CycleDetected": "nodes wait for each other in a cycle",
    "BranchNodeIdNotFound": "a branch case has no node to run",
    "BranchNodeHasNoCondition": "a branch has no if case or a case has no condition",
    "BranchNodeHasNoDefault": "a branch has neither an else node nor an error",
    "ValueRequired": "a field the backend needs is empty",
    "InvalidValue": "a field holds a value the backend refuses",
    "NodeReferenceNotFound": "a binding or dependency names a node the workflow lacks",
    "TaskReferenceNotFound": "a node runs a task that was not registered with the workflow",
    "WorkflowReferenceNotFound": "a node runs a workflow or launch plan that is not there",
    "VariableNameNotFound": "a binding names an input or output the entity lacks",
    "DuplicateAlias": "an output alias is used twice",
    "DuplicateId": "two nodes (or workflows) share an id",
    "MismatchingTypes": "a value's type cannot be bound to the input's type",
    "MismatchingBindings": "a list or dict binding for an input that is not a list or dict",
    "MismatchingInterfaces": "two interfaces that must match do not",
    "InconsistentTypes": "types that must agree do not",
    "ParameterBoundMoreThanOnce": "an input is bound twice",
    "ParameterNotBound": "a required input or a workflow output is not bound",
    "NoEntryNodeFound": "no node can start the workflow",
    "UnreachableNodes": "nodes that no path from the start reaches",
    "UnrecognizedValue": "a literal of a kind the backend cannot type",
    "ValueCollision": "two nodes end up with the same id once branches are flattened",
    "NoNodesFound": "a workflow with no nodes",
    "IllegalEnumValue": "a literal that is not one of the enum's values",
    "AmbiguousBindingUnionValue": "a binding that more than one union variant takes",
    "IncompatibleBindingUnionValue": "a binding that no union variant takes",
    "NoConditionFound": "a gate node with no sleep, signal or approve",
    "FieldNotFound": "an attribute path names a field the dataclass lacks",
    "SyntaxError": "an output reference that does not parse",
}


NO_NODES = (
    "the workflow has no nodes, and the backend refuses a workflow that runs nothing; "
    "call at least one task in it (a workflow cannot only return its inputs)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class CompileError:
    """One error, as the backend would report it at registration: its code, the workflow and
    node at fault (`start-node` for the workflow's inputs, `end-node` for its outputs), the
    variable when there is one, and a message that ends with what to change."""

    code: str
    workflow: str
    node: str
    message: str
    variable: str = ""

    def __str__(self) -> str:
        return self.text()

    def location(self, *, workflow: bool = True) -> str:
        """`workflow 'w', node n1 (name)`; only the node when the reader knows the workflow."""
        node = f"node {self.node}"
        return f"workflow {self.workflow!r}, {node}" if workflow else node

    def text(self, *, workflow: bool = True) -> str:
        """`[Code] workflow 'w', node n1 (name): message`."""
        return f"[{self.code}] {self.location(workflow=workflow)}: {self.message}"


class WorkflowCompileError(FlyteCompilationException):
    """Every error the backend's compiler would report for a workflow, not only the first.
    `errors` holds them as CompileError values; the message lists them one per line."""

    def __init__(self, errors: Sequence[CompileError]) -> None:
        self.errors = tuple(errors)
        workflow = self.errors[0].workflow
        count = f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"
        head = f"the backend would refuse it at registration ({count})"
        body = "\n".join(f"  {e.text(workflow=e.workflow != workflow)}" for e in self.errors)
        super().__init__(f"{head}:\n{body}", workflow=workflow)
