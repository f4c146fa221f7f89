"""Workflows: graphs of tasks, sub-workflows, launch plans and conditionals.

A function workflow's body runs once, in compilation mode, the first time the workflow is
called, compiled or serialized (so it may call tasks defined below it). Called outside a
workflow, it runs locally by interpreting the compiled graph node by node, as the backend does;
inside another workflow's body, it becomes a sub-workflow node.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Protocol, TypeVar, overload

from flyteidl.core import workflow_pb2

from flytecheck.core._entity import Entity
from flytecheck.core.compiler import bind_output, compile_function_workflow, finish_graph
from flytecheck.core.condition import ConditionalSection
from flytecheck.core.context import (
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    current_context,
)
from flytecheck.core.exceptions.user import FlyteCompilationException, FlyteValidationException
from flytecheck.core.graph import WorkflowGraph
from flytecheck.core.interface import Interface, check_types, transform_function_to_interface
from flytecheck.core.node import Bound, CompilationState, Node, create_node, map_arguments
from flytecheck.core.promise import NodeOutput, Promise

__all__ = [
    "ImperativeWorkflow",
    "PythonFunctionWorkflow",
    "Workflow",
    "WorkflowBase",
    "WorkflowFailurePolicy",
    "WorkflowMetadata",
    "WorkflowMetadataDefaults",
    "workflow",
]

P = ParamSpec("P")
R = TypeVar("R")


class WorkflowFailurePolicy(enum.IntEnum):
    """What the backend does with running nodes when one fails."""

    FAIL_IMMEDIATELY = 0
    FAIL_AFTER_EXECUTABLE_NODES_COMPLETE = 1


@dataclasses.dataclass
class WorkflowMetadata:
    """Metadata of the workflow itself: its failure policy (flytekit's class, IDL out)."""

    on_failure: WorkflowFailurePolicy

    def __post_init__(self) -> None:
        if self.on_failure not in tuple(WorkflowFailurePolicy):
            msg = (
                f"Failure policy {self.on_failure} not acceptable: use a WorkflowFailurePolicy "
                "(FAIL_IMMEDIATELY or FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)"
            )
            raise FlyteValidationException(msg)

    def to_flyte_model(self) -> workflow_pb2.WorkflowMetadata:
        return workflow_pb2.WorkflowMetadata(on_failure=int(self.on_failure))


@dataclasses.dataclass
class WorkflowMetadataDefaults:
    """Defaults handed down to the workflow's nodes: whether they are interruptible."""

    interruptible: bool

    def __post_init__(self) -> None:
        if self.interruptible is not True and self.interruptible is not False:
            msg = f"Interruptible must be boolean, {self.interruptible} invalid: pass True or False"
            raise FlyteValidationException(msg)

    def to_flyte_model(self) -> workflow_pb2.WorkflowMetadataDefaults:
        return workflow_pb2.WorkflowMetadataDefaults(interruptible=self.interruptible)


class WorkflowBase(Entity):
    """What every workflow offers: a name, an interface, a compiled graph, and calls."""

    node_kind = "workflow"

    def __init__(
        self,
        name: str,
        interface: Interface,
        *,
        failure_policy: WorkflowFailurePolicy = WorkflowFailurePolicy.FAIL_IMMEDIATELY,
        interruptible: bool = False,
        on_failure: Any = None,
    ) -> None:
        super().__init__(name, interface)
        self.failure_policy = failure_policy
        self.interruptible = interruptible
        self.on_failure = on_failure
        self._graph: WorkflowGraph | None = None
        self._registrable = False

    def compile(self) -> WorkflowGraph:
        """The compiled graph, built on first use with the backend's rules."""
        if self._graph is None:
            graph = self._compile()
            _refuse_recursion(self, graph)
            self._graph = graph
        return self._graph

    def check_registration(self) -> None:
        """The backend's whole compiler on the IDL this workflow serializes to (the checker
        flytekit's IDL goes through), once: before the first local run and on serialization,
        so a workflow that runs here also registers. Raises WorkflowCompileError listing every
        error. `compile()` applies the core's own rules only, which keeps it fast."""
        if not self._registrable:
            self.compile()
            self._check_registration()
            self._registrable = True

    def _check_registration(self) -> None:
        from flytecheck.core.backend import check_registration

        check_registration(self)

    def _compile(self) -> WorkflowGraph:
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ctx = current_context()
        if ctx.compilation_state is not None:
            return create_node(self, args, kwargs)
        return self.local_call(ctx, map_arguments(self, args, kwargs))

    def local_call(self, ctx: FlyteContext, given: dict[str, Any]) -> Any:
        """Run the workflow locally: convert inputs, interpret the graph, convert outputs."""
        from flytecheck.core.local import run_locally

        self.check_registration()
        return run_locally(self, ctx, given, ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION)


def _refuse_recursion(workflow: WorkflowBase, graph: WorkflowGraph) -> None:
    """A workflow that reaches itself through its nodes (itself, a sub-workflow, a launch
    plan) would never finish compiling on the backend, and locally would recurse until Python
    gives up: refuse it here, naming the path."""
    path: list[tuple[WorkflowBase, str]] = []

    def visit(current: WorkflowBase, nodes: Any) -> None:
        for node in nodes:
            target = getattr(node.entity, "workflow", node.entity)  # a launch plan's workflow
            if not isinstance(target, WorkflowBase):
                continue
            if target is workflow:
                chain = " -> ".join(f"{w.name} (node {n})" for w, n in [*path, (current, node.id)])
                msg = (
                    f"workflow {workflow.name!r} calls itself: {chain} -> {workflow.name}. "
                    "Flyte workflows cannot recurse; loop inside a task, or use a @dynamic "
                    "workflow that decides at run time how deep to go"
                )
                raise FlyteCompilationException(
                    msg, workflow=workflow.name, node=node.id, code="CycleDetected"
                )
            if any(target is w for w, _ in path) or target._graph is None:
                continue  # compiled later on its own, where its own cycle is found
            path.append((current, node.id))
            visit(target, target._graph.walk())
            path.pop()

    visit(workflow, graph.walk())


class PythonFunctionWorkflow(WorkflowBase, Generic[P, R]):
    """A workflow written as a Python function (`@workflow`); generic over the function's
    parameters and return, as PythonFunctionTask is."""

    if TYPE_CHECKING:

        def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def __init__(
        self,
        workflow_function: Callable[..., Any],
        *,
        failure_policy: WorkflowFailurePolicy = WorkflowFailurePolicy.FAIL_IMMEDIATELY,
        interruptible: bool = False,
        on_failure: Any = None,
        docs: Any = None,
    ) -> None:
        from flytecheck.core.task import _module_of

        name = f"{_module_of(workflow_function)}.{workflow_function.__name__}"
        interface = transform_function_to_interface(workflow_function, kind="workflow", name=name)
        super().__init__(
            name,
            interface,
            failure_policy=failure_policy,
            interruptible=interruptible,
            on_failure=on_failure,
        )
        self.workflow_function = workflow_function
        self.docs = docs
        self.__doc__ = workflow_function.__doc__
        self.__wrapped__ = workflow_function

    def _compile(self) -> WorkflowGraph:
        return compile_function_workflow(self)


class ImperativeWorkflow(WorkflowBase):
    """A workflow built by calls rather than written as a function."""

    failure_node_id = "efn"  # flytekit's id for an imperative workflow's failure node

    def __init__(
        self,
        name: str,
        failure_policy: WorkflowFailurePolicy = WorkflowFailurePolicy.FAIL_IMMEDIATELY,
        interruptible: bool = False,
    ) -> None:
        super().__init__(
            name, Interface(), failure_policy=failure_policy, interruptible=interruptible
        )
        self._state = CompilationState(name)
        self._outputs: dict[str, Bound] = {}
        self.inputs: dict[str, Promise[Any]] = {}

    def add_workflow_input(self, name: str, python_type: Any) -> Promise[Any]:
        """Declare an input; returns the Promise to bind entities to."""
        if name in self._interface.inputs:
            msg = f"workflow {self.name!r} already has an input {name!r}"
            raise FlyteValidationException(msg)
        inputs = {**self._interface.inputs, name: python_type}
        self._interface = check_types(
            Interface(inputs, dict(self._interface.outputs)), "workflow", self.name
        )
        self.inputs[name] = Promise(name, NodeOutput(None, name, python_type))
        self._graph = None
        return self.inputs[name]

    def add_entity(self, entity: Any, **kwargs: Any) -> Node:
        """Add a node calling `entity` with `kwargs` (Promises or constants); returns the node,
        whose `outputs` are Promises."""
        with self._compiling():
            create_node(entity, (), kwargs)
        self._graph = None
        return self._state.nodes[-1]

    def add_workflow_output(self, name: str, p: Promise[Any], python_type: Any = None) -> None:
        """Make `p` the workflow's output `name` (of `python_type`, or of p's own type)."""
        if name in self._interface.outputs:
            msg = f"workflow {self.name!r} already has an output {name!r}"
            raise FlyteValidationException(msg)
        outputs = {**self._interface.outputs, name: python_type or p.python_type}
        self._interface = check_types(
            Interface(dict(self._interface.inputs), outputs), "workflow", self.name
        )
        self._outputs[name] = bind_output(self, name, p)
        self._graph = None

    def add_on_failure_handler(self, entity: Any) -> None:
        """Run `entity` (given the workflow's inputs) when the workflow fails."""
        self.on_failure = entity
        self._graph = None

    def create_conditional(self, name: str) -> ConditionalSection:
        """Start a conditional whose branch node joins this workflow."""
        return ConditionalSection(name, self._state)

    def ready(self) -> bool:
        """Whether the workflow compiles: every conditional closed and the graph acyclic."""
        try:
            self.compile()
        except FlyteValidationException:
            return False
        return True

    def _compiling(self) -> Any:
        ctx = current_context().new_builder(compilation_state=self._state)
        return FlyteContextManager.with_context(ctx)

    def _compile(self) -> WorkflowGraph:
        return finish_graph(self, self._state, dict(self._outputs))


Workflow = ImperativeWorkflow
"""flytekit's name for an imperative workflow (`from flytekit import Workflow`)."""


class WorkflowDecorator(Protocol):
    """What `@workflow(...)` gives: the decorator, configured (a type of its own, so a type
    checker's plugin knows a workflow body when it sees this form too)."""

    def __call__(self, fn: Callable[P, R], /) -> PythonFunctionWorkflow[P, R]: ...


@overload
def workflow(_workflow_function: Callable[P, R], /) -> PythonFunctionWorkflow[P, R]: ...


@overload
def workflow(
    _workflow_function: None = None,
    /,
    *,
    failure_policy: WorkflowFailurePolicy = ...,
    interruptible: bool = ...,
    on_failure: Any = ...,
    docs: Any = ...,
) -> WorkflowDecorator: ...


def workflow(
    _workflow_function: Callable[..., Any] | None = None,
    /,
    *,
    failure_policy: WorkflowFailurePolicy = WorkflowFailurePolicy.FAIL_IMMEDIATELY,
    interruptible: bool = False,
    on_failure: Any = None,
    docs: Any = None,
) -> (
    PythonFunctionWorkflow[Any, Any]
    | Callable[[Callable[..., Any]], PythonFunctionWorkflow[Any, Any]]
):
    """Make a Flyte workflow of a typed function; usable bare or with options."""

    def wrap(fn: Callable[..., Any]) -> PythonFunctionWorkflow[Any, Any]:
        return PythonFunctionWorkflow(
            fn,
            failure_policy=failure_policy,
            interruptible=interruptible,
            on_failure=on_failure,
            docs=docs,
        )

    if _workflow_function is not None:
        return wrap(_workflow_function)
    return wrap


_ELSEWHERE = {
    "ReferenceWorkflow": "flytecheck.core.reference",
    "reference_workflow": "flytecheck.core.reference",
}
"""Names flytekit keeps in `flytekit.core.workflow` that the core keeps in `core.reference`
(loaded on first use: it builds on this module)."""


def __getattr__(name: str) -> Any:
    from flytecheck._lazy import attribute_elsewhere

    return attribute_elsewhere(__name__, name, _ELSEWHERE)
