"""flytekit entities made runnable by flytecheck's executor, through the runner seam.

Each adapter wraps one flytekit entity and is known to mocks by it. A task runs through
flytekit's own `dispatch_execute` (in a local sandbox, as flytekit's local run does), so
flytekit converts its own types and the function receives flytekit's own classes; a dynamic
task's body is compiled by flytekit on the input values and its sub-workflow run node by node
here, so stubs apply inside it; a map task runs each element through the runner; a workflow
or launch plan is its IDL, as flytekit serializes it, run by the executor. Calling an adapter
converts the values with flytekit's type engine and packs the result as flytekit does.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.array_node_map_task import ArrayNodeMapTask
from flytecheck.core.context import (
    ExecutionState,
    FlyteContext,
    FlyteContextManager,
    current_context,
)
from flytecheck.core.exceptions.scopes import run_as_user
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.graph import WorkflowGraph
from flytecheck.core.interface import Interface
from flytecheck.core.task import Task, TaskMetadata
from flytecheck.core.workflow import WorkflowBase, WorkflowFailurePolicy
from flytecheck.interop import _fk_values as values
from flytecheck.interop._fk_sandbox import sandboxed

__all__ = [
    "FlytekitEntity",
    "FlytekitLaunchPlan",
    "FlytekitMapTask",
    "FlytekitReference",
    "FlytekitStubOnly",
    "FlytekitTask",
    "FlytekitWorkflow",
    "serialize",
]


def serialize(entity: Any) -> tuple[Any, OrderedDict[Any, Any]]:
    """flytekit's own registration message for `entity`, and every entity it serialized."""
    from flytekit import FlyteContextManager as FkContexts
    from flytekit.configuration import Image, ImageConfig, SerializationSettings
    from flytekit.tools.translator import get_serializable

    settings = SerializationSettings(
        project="flytecheck",
        domain="test",
        version="v1",
        image_config=ImageConfig(default_image=Image(name="default", fqn="flytecheck", tag="test")),
    )
    entities: OrderedDict[Any, Any] = OrderedDict()
    fk = values.fk_context()
    outside_any_run = fk.new_builder().with_execution_state(fk.new_execution_state())
    with FkContexts.with_context(outside_any_run):  # as registration does, in an eager body too
        spec = get_serializable(entities, settings, entity).to_flyte_idl()
    return spec, entities


def interface_of(entity: Any) -> Interface:
    python = entity.python_interface
    defaults = {n: d for n, (_, d) in python.inputs_with_defaults.items() if d is not None}
    return Interface(dict(python.inputs), dict(python.outputs), defaults)


class FlytekitEntity:
    """What every adapter shares: the wrapped entity, calls, and conversion for stubs."""

    wrapped: Any
    name: str

    @property
    def python_interface(self) -> Any:
        return self.wrapped.python_interface

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run it as flytekit's local run would, with flytecheck's executor: flytekit's
        values in, flytekit's values out."""
        from flytecheck.core.local import run_entity

        if args:
            msg = f"{self.name!r}: call flytekit entities with keyword arguments, as flytekit does"
            raise FlyteValidationException(msg)
        ctx = current_context()
        inputs = values.inputs_to_literals(self.wrapped, kwargs)
        mode = ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION
        running = ctx.new_builder(execution_state=ExecutionState(mode))
        with FlyteContextManager.with_context(running):
            outputs = run_entity(self, inputs, running)
        return values.literals_to_result(self.wrapped, outputs)

    @property
    def open_inputs(self) -> Any:
        """The inputs a caller gives (all of the wrapped entity's, but a launch plan's fixed
        ones)."""
        return self.wrapped.python_interface.inputs

    def stub_inputs(self, inputs: LiteralMap) -> dict[str, Any]:
        """A stubbed call's inputs as the entity's function would receive them (a launch
        plan's fixed inputs are not the caller's to give, so not among them)."""
        given = values.literals_to_inputs(self.wrapped, inputs)
        for name, (_, default) in self.python_interface.inputs_with_defaults.items():
            if name in self.open_inputs:
                given.setdefault(name, default)
        return given

    def stub_outputs(self, result: Any, subject: str) -> LiteralMap:
        return values.result_to_literals(self.wrapped, result, subject)

    def mocked_by_flytekit(self) -> bool:
        """flytekit's own `task_mock`/`patch` replaced the entity's `execute` for now."""
        return "execute" in vars(self.wrapped)


_LOCAL: list[Any] = [None, None]  # flytekit's current context, and the local one made of it


def _local_context() -> Any:
    """flytekit's context for running one task locally, as its local run makes it (made once
    for each context flytekit has current)."""
    from flytekit.core.context_manager import ExecutionState as FkState

    fk = values.fk_context()
    if _LOCAL[0] is fk:
        return _LOCAL[1]
    state = fk.new_execution_state().with_params(mode=FkState.Mode.LOCAL_TASK_EXECUTION)
    local = fk.with_execution_state(state).build()
    _LOCAL[:] = [fk, local]
    return local


class FlytekitTask(FlytekitEntity, Task):
    """A flytekit task of any Python class, run by flytekit's own dispatch_execute."""

    local_attempts = False  # flytekit's sandbox gives it its checkpoint, as flytekit's run

    def __init__(self, wrapped: Any) -> None:
        retries = getattr(getattr(wrapped, "metadata", None), "retries", 0) or 0
        try:
            task_type = wrapped.task_type
        except AttributeError:  # a reference task has none of its own
            task_type = "python-task"
        metadata = TaskMetadata(retries=retries)
        Task.__init__(self, task_type, wrapped.name, interface_of(wrapped), metadata)
        self.wrapped = wrapped

    __call__ = FlytekitEntity.__call__

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        from flytekit import FlyteContextManager as FkContexts
        from flytekit.models.literals import LiteralMap as FkLiteralMap

        if getattr(self.wrapped, "execution_mode", None) == _dynamic_mode():
            return self._dynamic(ctx, inputs)
        with FkContexts.with_context(sandboxed(_local_context())) as fk:
            out = self.wrapped.dispatch_execute(fk, FkLiteralMap.from_flyte_idl(inputs))
        if out is None or not hasattr(out, "to_flyte_idl"):  # a VoidPromise: no outputs
            return LiteralMap()
        result: LiteralMap = out.to_flyte_idl()
        return result

    def _dynamic(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """flytekit compiles the body on the input values; the sub-workflow it built runs
        here, node by node, through the runner."""
        from flytecheck.core.local import execute_workflow

        workflow = FlytekitWorkflow.of_dynamic(
            self.wrapped, values.literals_to_inputs(self.wrapped, inputs)
        )
        return execute_workflow(workflow.compile(), inputs, ctx)


def _dynamic_mode() -> Any:
    from flytekit.core.python_function_task import PythonFunctionTask

    return PythonFunctionTask.ExecutionBehavior.DYNAMIC


class FlytekitStubOnly(FlytekitTask):
    """A flytekit task that cannot run here (a reference, a raw container, a SQL query on a
    remote engine): a test must stub it, and the error says how."""

    def __init__(self, wrapped: Any, why: str) -> None:
        super().__init__(wrapped)
        self.why = why
        self.reference = getattr(wrapped, "reference", None)  # a reference task's identifier

    def unstubbed(self) -> Exception | None:
        """The error for a call no stub answers (none under flytekit's own task_mock, which
        flytekit's dispatch_execute then calls)."""
        from flytecheck.core._stub import needs_stub

        if self.mocked_by_flytekit():
            return None
        return needs_stub(f"task {self.name!r}", self.why, self.name.rpartition(".")[2])


class FlytekitMapTask(FlytekitEntity, ArrayNodeMapTask[..., Any]):
    """A flytekit map task: each element runs through the runner (stubs of the mapped task
    apply), failed elements are None where min_successes allows."""

    def __init__(self, wrapped: Any, adapt: Any) -> None:
        Task.__init__(self, wrapped.task_type, wrapped.name, interface_of(wrapped))
        self.wrapped = wrapped
        self.target = adapt(wrapped.python_function_task)
        self.bound_values = dict.fromkeys(wrapped.bound_inputs)
        self.concurrency = getattr(wrapped, "concurrency", None)
        self.min_successes = getattr(wrapped, "_min_successes", None)
        self.min_success_ratio = getattr(wrapped, "_min_success_ratio", None) or 1.0

    __call__ = FlytekitEntity.__call__


class FlytekitWorkflow(FlytekitEntity, WorkflowBase):
    """A flytekit workflow as flytekit serializes it, run by the executor."""

    def __init__(self, wrapped: Any, spec: Any = None, entities: Any = None) -> None:
        if spec is None:
            spec, entities = serialize(wrapped)
        policy = WorkflowFailurePolicy(int(spec.template.metadata.on_failure))
        WorkflowBase.__init__(self, wrapped.name, interface_of(wrapped), failure_policy=policy)
        self.wrapped = wrapped
        self._spec = spec
        self._entities = entities
        self._by_name = {getattr(e, "name", None): e for e in entities or ()}
        for template in spec.sub_workflows:
            self._by_name.setdefault(template.id.name, None)

    __call__ = FlytekitEntity.__call__

    @classmethod
    def of_dynamic(cls, task: Any, given: dict[str, Any]) -> FlytekitWorkflow:
        """The sub-workflow a flytekit dynamic task's body builds for `given`, compiled by
        flytekit as its container compiles it."""
        from flytekit import FlyteContextManager as FkContexts
        from flytekit.core.context_manager import ExecutionState as FkState
        from flytekit.core.workflow import (
            PythonFunctionWorkflow,
            WorkflowMetadata,
            WorkflowMetadataDefaults,
        )
        from flytekit.core.workflow import WorkflowFailurePolicy as FkPolicy

        fk = values.fk_context()
        state = fk.new_execution_state().with_params(mode=FkState.Mode.DYNAMIC_TASK_EXECUTION)
        building = fk.with_compilation_state(fk.new_compilation_state(prefix="d"))
        with FkContexts.with_context(building.with_execution_state(state)):
            body = PythonFunctionWorkflow(
                task._task_function,
                metadata=WorkflowMetadata(on_failure=FkPolicy.FAIL_IMMEDIATELY),
                default_metadata=WorkflowMetadataDefaults(interruptible=False),
            )
            run_as_user(body.compile, **given)
        spec, entities = serialize(body)
        return cls(body, spec, entities)

    def answer_itself(self, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap | None:
        """Under flytekit's own task_mock of the workflow, its mock answers (the graph is not
        run); otherwise None."""
        if not self.mocked_by_flytekit():
            return None
        result = self.wrapped.execute(**self.stub_inputs(inputs))
        return self.stub_outputs(result, f"flytekit mock of workflow {self.name!r}")

    @property
    def serialized(self) -> tuple[Any, Any]:
        """What flytekit serialized for the workflow: its spec, and every entity it holds."""
        return self._spec, self._entities

    def _check_registration(self) -> None:
        """flytekit's own IDL is what registration sends: check that, not the rebuilt graph."""
        from flytecheck.interop.flytekit import check_flytekit_workflow

        check_flytekit_workflow(self.wrapped, self.serialized)

    def _compile(self) -> WorkflowGraph:
        from flytecheck.interop._fk_graph import GraphBuilder
        from flytecheck.interop.flytekit import adapt

        return GraphBuilder(self, self._spec.template, self._by_name, adapt).build()


class FlytekitLaunchPlan(FlytekitEntity):
    """A flytekit launch plan: its workflow, run with its default and fixed inputs."""

    node_kind = "launch_plan"
    keyword_only = True

    def __init__(self, wrapped: Any, adapt: Any) -> None:
        self.wrapped = wrapped
        self.name = wrapped.name
        self.workflow = adapt(wrapped.workflow)
        full = interface_of(wrapped)
        fixed = set(wrapped.fixed_inputs.literals)  # the inputs a launch cannot set
        self.interface = full.with_inputs(
            {n: t for n, t in full.inputs.items() if n not in fixed},
            {n: d for n, d in full.defaults.items() if n not in fixed},
        )

    @property
    def short_name(self) -> str:
        return str(self.name).rpartition(".")[2]

    @property
    def open_inputs(self) -> Any:
        return self.interface.inputs

    def compile(self) -> WorkflowGraph:
        graph: WorkflowGraph = self.workflow.compile()
        return graph

    def full_inputs(self, inputs: LiteralMap) -> LiteralMap:
        """The workflow's inputs for a launch: what was given, the plan's defaults, its fixed
        inputs (which win)."""
        out = LiteralMap()
        for name, parameter in self.wrapped.parameters.parameters.items():
            if parameter.default is not None and name not in inputs.literals:
                out.literals[name].CopyFrom(parameter.default.to_flyte_idl())
        out.MergeFrom(inputs)
        for name, literal in self.wrapped.fixed_inputs.literals.items():
            out.literals[name].CopyFrom(literal.to_flyte_idl())
        return out


class FlytekitReference(FlytekitEntity):
    """A flytekit reference workflow or launch plan: registered elsewhere, so a test must
    stub it; the error says how."""

    keyword_only = True

    def __init__(self, wrapped: Any, kind: str) -> None:
        self.wrapped = wrapped
        self.name = wrapped.name
        self.node_kind = kind
        self.interface = interface_of(wrapped)

    @property
    def short_name(self) -> str:
        return str(self.name).rpartition(".")[2]

    def unstubbed(self) -> Exception | None:
        from flytecheck.core._stub import needs_stub

        if self.mocked_by_flytekit():
            return None
        kind = self.node_kind.replace("_", " ")
        return needs_stub(
            f"{kind} {self.name!r}",
            "is a flytekit reference, registered elsewhere",
            self.short_name,
        )

    def answer_itself(self, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap | None:
        if not self.mocked_by_flytekit():
            return None
        result = self.wrapped.execute(**self.stub_inputs(inputs))
        return self.stub_outputs(result, f"flytekit mock of {self.name!r}")
