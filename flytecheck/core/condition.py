"""Conditionals: `conditional(name).if_(expr).then(...).elif_(expr).then(...).else_().then(...)`.

Each case runs exactly one node. `if_`, `elif_` and `else_` open the case (the entity call
written inside `.then(...)` is compiled into it) and `then` closes it. The section ends with
`else_().then(...)` or `else_().fail(message)`, which adds one branch node to the workflow and
returns its outputs: the output names every case produces, which must have the same types.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

from flytecheck.core._casting import castable
from flytecheck.core.context import FlyteContextManager, current_context
from flytecheck.core.exceptions.user import (
    FlyteCompilationException,
    FlytePromiseMisuseError,
    FlyteValidationException,
    type_name,
)
from flytecheck.core.node import Bound, CompilationState, Node, Unfinished, outputs_of
from flytecheck.core.promise import (
    ComparisonExpression,
    ConjunctionExpression,
    Promise,
    VoidPromise,
)
from flytecheck.core.types import TypeEngine

__all__ = ["BranchSpec", "Case", "ConditionalSection", "conditional"]

Expression = ComparisonExpression | ConjunctionExpression


@dataclasses.dataclass
class BranchSpec:
    """A compiled conditional: cases in order, then the else node or the failure message."""

    name: str
    cases: list[tuple[Expression, Node]]
    else_node: Node | None
    error: str | None
    outputs: dict[str, Any]
    case_reads: tuple[Node, ...] = ()
    """Nodes the branch waits for only because a case reads them: the executor orders by
    them, the IDL leaves them out (flytekit lists the nodes the conditions read)."""


class Case(Unfinished):
    """One open case of a conditional; `then` (or `fail`, for else) closes it."""

    def unfinished(self) -> str:
        return (
            f"conditional {self.section.name!r}: {self.label} has no then(); give it the one "
            "entity call to run"
        )

    def __init__(self, section: ConditionalSection, expr: Expression | None, label: str) -> None:
        self.section, self.expr, self.label = section, expr, label
        outer = section.outer
        self.state = CompilationState(outer.workflow, counter=section.counter, prefix=outer.prefix)
        self._scope = contextlib.ExitStack()
        ctx = current_context().new_builder(compilation_state=self.state)
        self._scope.enter_context(FlyteContextManager.with_context(ctx))

    def then(self, promise: Any) -> Any:
        """Close the case with the output of the one entity called in it."""
        self._scope.close()
        node = self._only_node(promise)
        return self.section._close(self, node)

    def fail(self, message: str) -> Any:
        """End the conditional: when no case matched, the workflow fails with `message`."""
        self._scope.close()
        if self.expr is not None:
            msg = (
                f"conditional {self.section.name!r}: only "
                f"else_() can fail(); give {self.label} a then()"
            )
            raise FlyteValidationException(msg)
        if self.state.nodes:
            msg = (
                f"conditional {self.section.name!r}: else_().fail() "
                "runs no node, but one was created in it"
            )
            raise FlyteValidationException(msg)
        return self.section._close(self, None, error=message)

    def _only_node(self, promise: Any) -> Node:
        section = self.section
        if self.state.open_sections:
            inner = self.state.open_sections[0].name
            msg = f"conditional {inner!r} inside {self.label} of {section.name!r} has no else_()"
            raise FlyteCompilationException(
                msg, workflow=section.outer.workflow, code="BranchNodeHasNoDefault"
            )
        if not isinstance(promise, (Promise, VoidPromise, tuple)):
            msg = (
                f"conditional {section.name!r}: then() takes the output of an entity call, "
                f"not {promise!r}"
            )
            raise FlyteValidationException(msg)
        nodes = self.state.nodes
        if len(nodes) != 1:
            msg = (
                f"conditional {section.name!r}: {self.label} creates {len(nodes)} nodes, but a "
                "case runs exactly one; move the steps into a sub-workflow and call that in then()"
            )
            raise FlyteCompilationException(msg, workflow=section.outer.workflow)
        return nodes[0]


def _outputs_of_node(node: Node) -> dict[str, Any]:
    if node.kind == "branch":
        return dict(node.entity.outputs)
    return dict(node.entity.interface.outputs)


class ConditionalSection(Unfinished):
    """A conditional being written in a workflow body."""

    def unfinished(self) -> str:
        return (
            f"conditional {self.name!r} has no else_(): its result exists only once every case "
            "is covered; end it with .else_().then(...) or .else_().fail('...')"
        )

    def __init__(self, name: str, state: CompilationState | None = None) -> None:
        outer = state or current_context().compilation_state
        if outer is None:
            msg = (
                f"conditional({name!r}) works only in a workflow body; outside one use Python's if"
            )
            raise FlyteValidationException(msg)
        self.name = name
        self.outer = outer
        self.counter = [0]
        self.cases: list[tuple[Expression, Node]] = []
        self._open: Case | None = None
        outer.open_sections.append(self)

    def _start(self, expr: Expression | None, label: str) -> Case:
        if self._open is not None:
            msg = f"conditional {self.name!r}: {self._open.label} has no then() yet"
            raise FlyteValidationException(msg)
        if expr is not None and not isinstance(expr, (ComparisonExpression, ConjunctionExpression)):
            hint = " use p.is_true() for a bool promise;" if isinstance(expr, Promise) else ""
            msg = (
                f"conditional {self.name!r}: {label} needs a comparison such as p > 0;{hint} "
                f"got {expr!r}"
            )
            raise FlytePromiseMisuseError(msg)
        self._open = Case(self, expr, label)
        return self._open

    def if_(self, expr: Expression) -> Case:
        if self.cases:
            msg = f"conditional {self.name!r} already has if_(); add more cases with elif_()"
            raise FlyteValidationException(msg)
        return self._start(expr, "if_()")

    def elif_(self, expr: Expression) -> Case:
        if not self.cases:
            msg = f"conditional {self.name!r}: start with if_() before elif_()"
            raise FlyteValidationException(msg)
        return self._start(expr, f"elif_() #{len(self.cases)}")

    def else_(self) -> Case:
        if not self.cases:
            msg = f"conditional {self.name!r}: start with if_() before else_()"
            raise FlyteValidationException(msg)
        return self._start(None, "else_()")

    def _close(self, case: Case, node: Node | None, error: str | None = None) -> Any:
        self._open = None
        if case.expr is not None:
            assert node is not None
            self.cases.append((case.expr, node))
            return self
        self.outer.open_sections.remove(self)
        return self._finish(node, error)

    def _finish(self, else_node: Node | None, error: str | None) -> Any:
        branches = [n for _, n in self.cases] + ([else_node] if else_node is not None else [])
        outputs = self._common_outputs(branches)
        node_id = self.outer.next_id()
        spec = BranchSpec(
            self.name,
            list(self.cases),
            else_node,
            error,
            outputs,
        )
        bindings: dict[str, Bound] = {}
        upstream: list[Node] = []
        for expr, _ in self.cases:
            for promise in expr.promises():
                ref = promise.ref
                bindings[f"{ref.node_id}.{ref.var}"] = Bound(ref.python_type, ref=ref)
                if ref.node is not None and ref.node not in upstream:
                    upstream.append(ref.node)
        case_reads: list[Node] = []
        for branch in branches:
            for dep in branch.upstream:
                if dep not in upstream:
                    upstream.append(dep)
                    case_reads.append(dep)
        spec.case_reads = tuple(case_reads)
        node = Node(node_id, self.name, spec, "branch", bindings, upstream)
        self.outer.add(node)
        return outputs_of(node, outputs)

    def _common_outputs(self, branches: list[Node]) -> dict[str, Any]:
        if not branches:
            return {}
        first = _outputs_of_node(branches[0])
        common = {n: t for n, t in first.items() if all(n in _outputs_of_node(b) for b in branches)}
        for name, python_type in common.items():
            lt = TypeEngine.codec(python_type, pickle_untyped=True).literal_type
            for branch in branches[1:]:
                other = _outputs_of_node(branch)[name]
                olt = TypeEngine.codec(other, pickle_untyped=True).literal_type
                if not (castable(lt, olt) and castable(olt, lt)):
                    msg = (
                        f"conditional {self.name!r}: its branches produce output {name!r} of "
                        f"different types, {type_name(python_type)} ({branches[0].name}) and "
                        f"{type_name(other)} ({branch.name}); every branch must give the same type"
                    )
                    raise FlyteCompilationException(
                        msg, workflow=self.outer.workflow, code="MismatchingTypes"
                    )
        return common


def conditional(name: str) -> ConditionalSection:
    """Start a conditional in a workflow body: `conditional("sign").if_(x > 0).then(...)`."""
    return ConditionalSection(name)
