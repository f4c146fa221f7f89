"""flytekit's own local execution, seen and stubbed.

Most flytekit test suites call their workflows directly (`assert wf(x=1) == 3`): the run goes
through flytekit's executor, not flytecheck's. While `--flyte` is on (or a test stubs a flytekit
entity), the `local_execute` of flytekit's tasks, workflows, gates and array nodes, and a launch
plan's call, are wrapped for the session: flytekit runs exactly as it would, and

- each entity a running workflow calls is matched to its node of the workflow's compiled graph
  (the same graph a `flyte_run` measures: nodes in the order flytekit made them, a branch's
  case by the call it ran), and told to the observers, so the coverage report counts direct
  runs node by node and branch by branch; a `@dynamic` run is measured as the graph of the calls
  it made, as `flyte_run` measures it;
- an entity a test stubbed (`flyte_mock`, `flytecheck.mocks.task_mock`) is answered by its mock:
  its `execute` is replaced for that one call, as flytekit's own `task_mock` replaces it, and
  the answer is checked against the entity's outputs as any stub's is.

Removed when the last user is done: a session without either leaves flytekit untouched."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import re
import types
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["watching", "watching_if_flytekit"]

Observer = Callable[[Any, Any, "str | None", str], None]
FAILED = "failed"  # flytecheck.core.local.FAILED, without importing the executor here

_OBSERVERS: list[Observer] = []
_USERS = [0]
_ORIGINALS: list[tuple[type, str, Any]] = []


_Path = tuple[tuple[Any, str], ...]
"""The branches a node sits in, outermost first, with the case of each that runs it."""


@dataclasses.dataclass
class _Frame:
    """A flytekit workflow running locally (its graph, and the nodes its calls have not yet
    matched), a dynamic task running (the calls it made), or anything else (`graph` None):
    calls inside a task's own run are not the workflow's nodes."""

    graph: Any = None
    pending: list[tuple[Any, _Path]] = dataclasses.field(default_factory=list)
    dynamic: list[Any] | None = None
    launch_plan: bool = False
    """A launch plan's call: the workflow it runs is not answered by that workflow's stub
    (flytecheck's executor keeps the two apart too)."""


_CURRENT: contextvars.ContextVar[_Frame | None] = contextvars.ContextVar(
    "flytecheck_fk_frame", default=None
)
_AFTER_FAILURE: contextvars.ContextVar[tuple[Any, Any] | None] = contextvars.ContextVar(
    "flytecheck_fk_failure", default=None
)
"""A workflow that just failed, and its failure node: flytekit calls the handler from the
workflow's `__call__`, after its run has raised, so the next call is the handler's."""


@contextlib.contextmanager
def watching(observer: Observer | None = None) -> Iterator[None]:
    """Watch flytekit's local runs (and let stubs answer in them) inside the block; with
    `observer`, tell it `(graph, node, case, "flytekit")` for each node they run."""
    if observer is not None:
        _OBSERVERS.append(observer)
    if _USERS[0] == 0:
        _install()
    _USERS[0] += 1
    try:
        yield
    finally:
        _USERS[0] -= 1
        if _USERS[0] == 0:
            _uninstall()
        if observer is not None:
            _OBSERVERS.remove(observer)


def watching_if_flytekit(entity: Any) -> contextlib.AbstractContextManager[None]:
    """`watching()` for a stub of a flytekit entity (an adapter), so that its direct calls,
    which flytekit's executor runs, are answered too; nothing for any other entity."""
    return watching() if hasattr(entity, "wrapped") else contextlib.nullcontext()


def _install() -> None:
    from flytekit.core.array_node import ArrayNode
    from flytekit.core.base_task import Task
    from flytekit.core.gate import Gate
    from flytekit.core.launch_plan import LaunchPlan
    from flytekit.core.python_function_task import PythonFunctionTask
    from flytekit.core.workflow import WorkflowBase

    for cls, name, wrapper in (
        (WorkflowBase, "local_execute", _workflow_run),
        (Task, "local_execute", _entity_run),
        (PythonFunctionTask, "dynamic_execute", _dynamic_run),
        (Gate, "local_execute", _entity_run),
        (ArrayNode, "local_execute", _entity_run),
        (LaunchPlan, "__call__", _launch_plan_call),
    ):
        _ORIGINALS.append((cls, name, cls.__dict__.get(name, _ABSENT)))
        setattr(cls, name, _method(getattr(cls, name), wrapper))


_ABSENT = object()


def _method(original: Any, wrapper: Any) -> Any:
    @functools.wraps(original)
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return wrapper(original, self, *args, **kwargs)

    return method


def _uninstall() -> None:
    while _ORIGINALS:
        cls, name, original = _ORIGINALS.pop()
        if original is _ABSENT:
            delattr(cls, name)
        else:
            setattr(cls, name, original)


# -- the wrappers --------------------------------------------------------------------------------


@contextlib.contextmanager
def _node_run(entity: Any, frame: _Frame) -> Iterator[None]:
    """`entity` runs as a node of the running workflow (told to the observers; told again as
    failed if it raises), with `frame` current for the calls it makes."""
    node = _matched(entity)
    token = _CURRENT.set(frame)
    try:
        yield
    except BaseException:
        _failed(node)
        raise
    finally:
        _CURRENT.reset(token)


def _entity_run(original: Any, entity: Any, ctx: Any, **kwargs: Any) -> Any:
    """A task, gate or array node run by flytekit: a node of the workflow running it."""
    with _node_run(entity, _Frame()), _stubbed(entity):
        return original(entity, ctx, **kwargs)


def _workflow_run(original: Any, workflow: Any, ctx: Any, **kwargs: Any) -> Any:
    """A workflow run by flytekit: a node of its caller, and a frame for its own nodes."""
    caller = _CURRENT.get()
    graph = _graph_of(workflow) if _OBSERVERS else None
    frame = _Frame(graph, _candidates(graph)) if graph is not None else _Frame()
    try:
        with (
            _node_run(workflow, frame),
            _stubbed(workflow, skip=caller is not None and caller.launch_plan),
        ):
            return original(workflow, ctx, **kwargs)
    except BaseException:
        failure = getattr(graph, "failure_node", None)
        if failure is not None:
            _AFTER_FAILURE.set((graph, failure))
        raise


def _launch_plan_call(original: Any, plan: Any, *args: Any, **kwargs: Any) -> Any:
    """A launch plan called outside a compile runs its workflow: a node of its caller."""
    from flytekit.core.context_manager import FlyteContextManager

    if FlyteContextManager.current_context().compilation_state is not None:
        return original(plan, *args, **kwargs)
    with _node_run(plan, _Frame(launch_plan=True)), _stubbed(plan, standing_in=plan.workflow):
        return original(plan, *args, **kwargs)


def _dynamic_run(original: Any, task: Any, *args: Any, **kwargs: Any) -> Any:
    """A dynamic task run locally makes its calls as it goes: they are measured as its graph,
    one node a call, as `flyte_run` measures the graph the dynamic task yields."""
    if not _OBSERVERS:
        return original(task, *args, **kwargs)
    calls: list[Any] = []
    token = _CURRENT.set(_Frame(dynamic=calls))
    try:
        return original(task, *args, **kwargs)
    finally:
        _CURRENT.reset(token)
        if calls:
            graph = types.SimpleNamespace(name=task.name, nodes=calls, failure_node=None)
            for node in calls:
                _tell(graph, node, None)


# -- matching a call to its node ------------------------------------------------------------


def _matched(entity: Any) -> Any:
    """The node of the running workflow that `entity` is being run for, told to the
    observers; None outside a workflow (a direct call of a task) or when nothing matches."""
    if not _OBSERVERS:
        return None
    failed = _AFTER_FAILURE.get()
    if failed is not None:
        _AFTER_FAILURE.set(None)
        graph, handler = failed
        if _is(handler.entity, entity):
            _tell(graph, handler, None)
            return (graph, handler)
    frame = _CURRENT.get()
    if frame is None:
        return None
    if frame.dynamic is not None:
        node = types.SimpleNamespace(
            id=f"n{len(frame.dynamic)}",
            name=_short(entity.name),
            kind="task",
            entity=None,
        )
        frame.dynamic.append(node)
        return None
    if frame.graph is None:
        return None
    for i, (node, path) in enumerate(frame.pending):
        if _is(node.entity, entity):
            # flytekit runs a workflow's calls in the order it made their nodes: whatever is
            # still pending before this one was skipped, and so are the other cases of the
            # branches this one is in
            taken = {id(branch): case for branch, case in path}
            frame.pending = [
                (later, where)
                for later, where in frame.pending[i + 1 :]
                if all(taken.get(id(b), c) == c for b, c in where)
            ]
            for branch, case in path:
                _tell(frame.graph, branch, case)
            _tell(frame.graph, node, None)
            return (frame.graph, node)
    return None


def _is(adapted: Any, entity: Any) -> bool:
    wrapped = getattr(adapted, "wrapped", adapted)
    if wrapped is entity:
        return True
    name = getattr(wrapped, "name", None)
    return name is not None and name == getattr(entity, "name", None)


def _failed(matched: tuple[Any, Any] | None) -> None:
    if matched is not None:
        _tell(matched[0], matched[1], FAILED)


def _tell(graph: Any, node: Any, case: str | None) -> None:
    for observer in _OBSERVERS:
        observer(graph, node, case, "flytekit")


def _candidates(graph: Any) -> list[tuple[Any, _Path]]:
    """Every node a call can run, in the order flytekit made them: a branch's cases by the
    node each runs (nested branches too); the failure node last."""
    found: list[tuple[Any, _Path]] = []

    def add(node: Any, path: _Path) -> None:
        if node.kind != "branch":
            found.append((node, path))
            return
        spec = node.entity
        for i, (_, inner) in enumerate(spec.cases):
            add(inner, (*path, (node, str(i))))
        if spec.else_node is not None:
            add(spec.else_node, (*path, (node, "else")))

    for node in sorted(graph.nodes, key=lambda n: _order(n.id)):
        add(node, ())
    if getattr(graph, "failure_node", None) is not None:
        add(graph.failure_node, ())
    return found


def _order(node_id: str) -> tuple[int, str]:
    found = re.match(r"n(\d+)$", node_id)
    return (int(found.group(1)), "") if found else (1 << 30, node_id)


_GRAPHS: dict[int, tuple[Any, Any]] = {}


def _graph_of(workflow: Any) -> Any:
    """The compiled graph of a flytekit workflow (once per workflow); None for one that does
    not compile (its compile item says why)."""
    known = _GRAPHS.get(id(workflow))
    if known is not None and known[0] is workflow:
        return known[1]
    from flytecheck.interop.flytekit import adapt

    try:
        graph = adapt(workflow).compile()
    except Exception:
        graph = None
    _GRAPHS[id(workflow)] = (workflow, graph)
    return graph


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


# -- stubs -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _stubbed(entity: Any, standing_in: Any = None, skip: bool = False) -> Iterator[None]:
    """While `entity` runs, its mock (if the test made one) answers for it: `execute` of the
    entity (or of the workflow a launch plan runs) is replaced for this call."""
    mock = None if skip else _mock_for(entity)
    if mock is None:
        yield
        return
    target = standing_in if standing_in is not None else entity
    had = "execute" in vars(target)
    previous = vars(target).get("execute")
    target.execute = _answering(mock)
    try:
        yield
    finally:
        if had:
            target.execute = previous
        else:
            del target.execute


def _mock_for(entity: Any) -> Any:
    from flytecheck.core.context import current_context

    runner = current_context().runner
    find = getattr(runner, "mock_for", None)
    return find(entity) if find is not None else None


def _answering(mock: Any) -> Callable[..., Any]:
    """`execute` answered by `mock`: the call's inputs as Python values (a workflow's come as
    flytekit's promises of literals), the answer checked against the entity's outputs."""
    adapted = mock.entity

    def execute(**kwargs: Any) -> Any:
        inputs = adapted.stub_inputs(_literal_map(kwargs)) if _promised(kwargs) else kwargs
        for name, (_, default) in adapted.python_interface.inputs_with_defaults.items():
            inputs.setdefault(name, default)
        answer = mock.answer(inputs)
        adapted.stub_outputs(answer, f"mock of {mock.kind} {adapted.name!r}")
        return answer

    return execute


def _promised(kwargs: dict[str, Any]) -> bool:
    from flytekit.core.promise import Promise

    return any(isinstance(v, Promise) for v in kwargs.values())


def _literal_map(kwargs: dict[str, Any]) -> Any:
    from flyteidl.core import literals_pb2

    out = literals_pb2.LiteralMap()
    for name, promise in kwargs.items():
        out.literals[name].CopyFrom(promise.val.to_flyte_idl())
    return out
