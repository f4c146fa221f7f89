"""Local execution: interpreting a compiled workflow the way the backend runs it.

Nodes run in graph order; each reads its inputs as Literals from the outputs of earlier nodes,
so every value crosses the type engine exactly as it would between containers. A branch node
evaluates its cases and runs only the node of the one taken, at any depth. Tasks run through the
context's TaskRunner, the seam mocks plug into. A task's own error is re-raised as its own class,
with the task named.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable
from typing import Any

from flyteidl.core.condition_pb2 import ComparisonExpression as _Cmp
from flyteidl.core.condition_pb2 import ConjunctionExpression as _Conj
from flyteidl.core.literals_pb2 import Literal, LiteralMap

from flytecheck.core._runner import DEFAULT_RUNNER
from flytecheck.core.checkpoint import SyncCheckpoint, local_checkpoint
from flytecheck.core.context import (
    FlyteContext,
    FlyteContextManager,
    TaskAttempt,
    begin_attempt,
    end_attempt,
)
from flytecheck.core.exceptions.scopes import (
    FlyteScopedSystemException,
    FlyteScopedUserException,
    safe_str,
)
from flytecheck.core.exceptions.user import FlyteAssertion
from flytecheck.core.graph import WorkflowGraph
from flytecheck.core.node import Bound, Node, kind_name
from flytecheck.core.promise import ComparisonExpression, ConjunctionExpression, NodeOutput, Promise
from flytecheck.core.types import TypeEngine, key_order

__all__ = [
    "add_observer",
    "execute_workflow",
    "remove_observer",
    "run_entity",
    "run_locally",
    "run_task",
]

log = logging.getLogger("flytecheck.local")
FAILED = "failed"  # what observers are told of a node that raised

Observer = Callable[[WorkflowGraph, Node, str | None], None]
_OBSERVERS: list[Observer] = []


def add_observer(observer: Observer) -> None:
    """Call `observer(graph, node, case)` for every node run (`case` is the branch taken by a
    conditional: "0", "1", ... or "else"), and again with FAILED for a node that raised; the
    pytest plugin's coverage report listens here."""
    _OBSERVERS.append(observer)


def remove_observer(observer: Observer) -> None:
    _OBSERVERS.remove(observer)


Values = dict[tuple[Any, str], Literal]

_COMPARE = {
    _Cmp.EQ: operator.eq,
    _Cmp.NEQ: operator.ne,
    _Cmp.GT: operator.gt,
    _Cmp.GTE: operator.ge,
    _Cmp.LT: operator.lt,
    _Cmp.LTE: operator.le,
}


def run_entity(entity: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
    """Run a task, workflow or launch plan through the context's runner; a task's failure comes
    back as its own error (the user's exception class, with the task named) or flytecheck's.

    A task runs as attempts, as on the backend: each with a checkpoint of its own, and one that
    raises FlyteRecoverableException is run again, up to the task's `retries`, reading the
    failed attempt's checkpoint as the previous one."""
    runner = ctx.runner or DEFAULT_RUNNER
    if entity.node_kind != "task" or not entity.local_attempts:
        return _scoped(runner, entity, inputs, ctx)
    retries = getattr(getattr(entity, "metadata", None), "retries", 0)
    previous: SyncCheckpoint | None = None
    for number in range(retries + 1):
        attempt = TaskAttempt(local_checkpoint, ctx, previous)
        token = begin_attempt(attempt)
        try:
            return _scoped(runner, entity, inputs, ctx, attempt=(number, retries))
        except _Retry:
            log.info(
                "task %r: attempt %d raised a recoverable error; retrying", entity.name, number
            )
            previous = attempt.checkpoint
        finally:
            end_attempt(token)
    raise AssertionError("unreachable: the last attempt raises")


class _Retry(Exception):
    """The attempt raised FlyteRecoverableException and the task has retries left."""


def _scoped(
    runner: Any,
    entity: Any,
    inputs: LiteralMap,
    ctx: FlyteContext,
    *,
    attempt: tuple[int, int] = (0, 0),
) -> LiteralMap:
    try:
        outputs: LiteralMap = runner.run(entity, inputs, ctx)
        return outputs
    except FlyteScopedUserException as scoped:
        if not isinstance(scoped.value, Exception):
            raise scoped.value from None  # Ctrl-C and sys.exit() stop a local run, as in pytest
        number, retries = attempt
        if scoped.recoverable and number < retries:
            raise _Retry from scoped.value
        when = f" on attempt {number + 1} of {retries + 1}" if number else ""
        raise _renamed(scoped.value, entity.name, when) from scoped.value
    except FlyteScopedSystemException as scoped:
        raise scoped.value from None


run_task = run_entity


def run_locally(entity: Any, ctx: FlyteContext, given: dict[str, Any], mode: Any) -> Any:
    """Call a task, workflow or launch plan outside a workflow body: the given inputs (with
    defaults) converted to literals, the entity run in `mode` through the runner, its outputs
    converted back to Python values. In an @eager body the call is an awaitable instead."""
    from flytecheck.core.eager import awaitable_run, in_eager_body, refuse_pending

    subject = f"{kind_name(entity)} {entity.name!r}"
    if in_eager_body(ctx):  # awaited in an @eager body: runs when awaited
        for name, value in given.items():
            refuse_pending(value, f"input {name!r} of {subject}")
        return awaitable_run(subject, lambda: _run_now(entity, ctx, given, mode, subject))
    return _run_now(entity, ctx, given, mode, subject)


def _run_now(entity: Any, ctx: FlyteContext, given: dict[str, Any], mode: Any, subject: str) -> Any:
    from flytecheck.core.context import ExecutionState
    from flytecheck.core.task import pack_outputs

    iface = entity.interface
    values = {n: given[n] if n in given else iface.default_for(n) for n in iface.inputs}
    pickled = iface.pickle_untyped
    with key_order.remembering():  # dicts keep the order they were written in, as in flytekit
        inputs = TypeEngine.dict_to_literal_map(
            ctx, values, iface.inputs, where=subject, pickle_untyped=pickled
        )
        running = ctx.new_builder(execution_state=ExecutionState(mode))
        with FlyteContextManager.with_context(running):
            outputs = run_entity(entity, inputs, running)
        results = TypeEngine.literal_map_to_kwargs(
            ctx, outputs, iface.outputs, where=f"{subject} output", pickle_untyped=pickled
        )
    return pack_outputs(iface, results)


def _renamed(error: BaseException, task_name: str, when: str = "") -> BaseException:
    """The same exception class, its message prefixed with the task's name."""
    text = safe_str(error)
    try:
        renamed = type(error)(f"task {task_name!r} failed{when}: {text}")
        return renamed if text in str(renamed) else error
    except Exception:
        return error


def execute_workflow(graph: WorkflowGraph, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
    """Run every node of `graph` on `inputs`; return the workflow's output literals.

    When a node fails, the workflow's failure policy decides what else runs: by default
    nothing; with FAIL_AFTER_EXECUTABLE_NODES_COMPLETE, every node that does not depend on a
    failed one. Then the `on_failure` entity runs, and the first error is raised.
    """
    values: Values = {(None, name): lit for name, lit in inputs.literals.items()}
    keep_going = getattr(graph.workflow, "failure_policy", 0) == 1
    failed: set[Node] = set()
    first: tuple[Node, Exception] | None = None
    for node in graph.nodes:
        if failed and _depends_on(node, failed):
            failed.add(node)
            continue
        try:
            _run_node(graph, node, values, ctx)
        except Exception as error:
            for observer in _OBSERVERS:
                observer(graph, node, FAILED)
            failed.add(node)
            first = first or (node, error)
            if not keep_going:
                break
    if first is not None:
        _on_failure(graph, values, ctx, first[0], first[1])
        raise first[1]
    out = LiteralMap()
    for name, bound in graph.outputs.items():
        out.literals[name].CopyFrom(resolve(bound, values))
    return out


def _depends_on(node: Node, failed: set[Node]) -> bool:
    reads = {ref.node for b in node.bindings.values() for ref in b.refs()}
    return any(n in failed for n in (*node.upstream, *reads))


def _on_failure(
    graph: WorkflowGraph, values: Values, ctx: FlyteContext, node: Node, error: Exception
) -> None:
    handler = graph.failure_node
    if handler is None:
        return
    inputs = _inputs(handler, values)
    for observer in _OBSERVERS:
        observer(graph, handler, None)
    if "err" in handler.entity.interface.inputs:
        from flytecheck.core.types.error import FlyteError, error_type

        err_type = error_type(handler.entity.interface.inputs["err"])
        err = FlyteError(message=str(error), failed_node_id=node.id)
        inputs.literals["err"].CopyFrom(TypeEngine.codec(err_type).to_literal(err))
    run_task(handler.entity, inputs, ctx)


def _inputs(node: Node, values: Values) -> LiteralMap:
    lm = LiteralMap()
    literals = lm.literals
    for name, bound in node.bindings.items():
        literals[name].CopyFrom(resolve(bound, values))
    return lm


def _store(node: Node, outputs: LiteralMap, values: Values) -> None:
    for name, lit in outputs.literals.items():
        values[(node, name)] = lit


def _run_node(graph: WorkflowGraph, node: Node, values: Values, ctx: FlyteContext) -> None:
    if node.kind == "branch":
        _run_branch(graph, node, values, ctx)
        return
    if _OBSERVERS:
        for observer in _OBSERVERS:
            observer(graph, node, None)
    _store(node, run_entity(node.entity, _inputs(node, values), ctx), values)


def _run_branch(graph: WorkflowGraph, node: Node, values: Values, ctx: FlyteContext) -> None:
    spec = node.entity
    chosen = spec.else_node
    case = "else"
    for i, (expr, then_node) in enumerate(spec.cases):
        if _holds(expr, values):
            chosen, case = then_node, str(i)
            break
    else:
        if spec.else_node is None:
            msg = (
                f"workflow {graph.name!r}: conditional {spec.name!r} "
                f"matched no case and fails: {spec.error}"
            )
            raise FlyteAssertion(msg)
    for observer in _OBSERVERS:
        observer(graph, node, case)
    _run_node(graph, chosen, values, ctx)
    for name in spec.outputs:
        values[(node, name)] = values[(chosen, name)]


def _operand(side: Any, values: Values) -> Any:
    if isinstance(side, Promise):
        ref = side.ref
        return TypeEngine.codec(ref.python_type).decode(_read(ref, values))
    return side


def _holds(expr: ComparisonExpression | ConjunctionExpression, values: Values) -> bool:
    if isinstance(expr, ConjunctionExpression):
        left = _holds(expr.lhs, values)
        if expr.op == _Conj.AND:
            return left and _holds(expr.rhs, values)
        return left or _holds(expr.rhs, values)
    lhs, rhs = _operand(expr.lhs, values), _operand(expr.rhs, values)
    if rhs is None or lhs is None:
        same = lhs is rhs
        return same if expr.op == _Cmp.EQ else not same
    return bool(_COMPARE[expr.op](lhs, rhs))


def _read(ref: NodeOutput, values: Values) -> Literal:
    lit = values[(ref.node, ref.var)]
    if not ref.attr_path:
        return lit
    value = TypeEngine.codec(ref.source_type).decode(lit)
    for step in ref.attr_path:
        value = (
            value[step]
            if isinstance(step, int) or isinstance(value, dict)
            else getattr(value, step)
        )
    return TypeEngine.codec(ref.python_type).to_literal(value)


def resolve(bound: Bound, values: Values) -> Literal:
    """The Literal an input binding stands for, given the outputs so far."""
    if bound.ref is not None:
        return _read(bound.ref, values)
    if bound.literal is not None:
        return bound.literal
    lit = Literal()
    if bound.items is not None:
        lit.collection.SetInParent()
        for item in bound.items:
            lit.collection.literals.add().CopyFrom(resolve(item, values))
    else:
        lit.map.SetInParent()
        for key, entry in bound.entries or ():
            lit.map.literals[key].CopyFrom(resolve(entry, values))
        key_order.remember(key for key, _ in bound.entries or ())
    return lit
