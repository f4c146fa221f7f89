"""Rules that look inside workflow bodies: which names hold promises there."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from flytecheck.lint._resolve import dotted
from flytecheck.lint._walk import children
from flytecheck.lint.rule import LintRule

__all__ = ["WorkflowBodyRule", "names_in"]


def names_in(node: cst.CSTNode, memo: dict[int, frozenset[str]] | None = None) -> frozenset[str]:
    """Every Name used in an expression (not attribute names). With `memo` (by node id), each
    node is read once however many enclosing expressions ask: an operator chain n terms long
    costs n, not n squared."""
    if memo is not None:
        found = memo.get(id(node))
        if found is not None:
            return found
    if isinstance(node, cst.Name):
        found = frozenset((node.value,))
    elif isinstance(node, cst.Attribute):
        found = names_in(node.value, memo)
    else:
        found = frozenset().union(*(names_in(child, memo) for child in children(node)))
    if memo is not None:
        memo[id(node)] = found
    return found


def _targets(target: cst.BaseAssignTargetExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _targets(e.value)]  # type: ignore[arg-type]
    return []


def _statements(body: Sequence[cst.CSTNode]) -> Iterator[cst.BaseSmallStatement]:
    """Every small statement of a function body, inside loops, ifs, withs and trys too (not in
    nested functions or classes)."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            yield from statement.body
        elif isinstance(statement, (cst.For, cst.While, cst.If, cst.With, cst.Try)):
            blocks = [statement.body, getattr(statement, "orelse", None)]
            blocks += list(getattr(statement, "handlers", ()))
            blocks.append(getattr(statement, "finalbody", None))
            for block in blocks:
                while block is not None:
                    inner = getattr(block, "body", None)
                    if isinstance(inner, Sequence):
                        yield from _statements(inner)
                        break
                    block = inner


def _assigned_calls(body: Sequence[cst.CSTNode]) -> Iterator[tuple[list[str], cst.Call]]:
    for small in _statements(body):
        if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
            for target in small.targets:
                yield _targets(target.target), small.value
        elif isinstance(small, cst.AnnAssign) and isinstance(small.value, cst.Call):
            yield _targets(small.target), small.value


class WorkflowBodyRule(LintRule):
    """A rule that needs to know, inside a workflow body, which names are promises: in a
    workflow its parameters and whatever a call was assigned to; in a dynamic workflow (whose
    inputs are real values) only what a call of a known entity was assigned to. An eager
    workflow awaits real values, so it has none."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._promises: list[set[str] | None] = []
        self._names: dict[int, frozenset[str]] = {}

    @property
    def promises(self) -> set[str] | None:
        """Promise names of the workflow body being visited; None outside one."""
        return self._promises[-1] if self._promises else None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        entity = self.entity(node)
        if entity is None or entity.kind not in ("workflow", "dynamic"):
            self._promises.append(None)
            return
        body = node.body.body
        if entity.kind == "workflow":
            names = {p.name.value for p in node.params.params}
            for targets, _ in _assigned_calls(body):
                names.update(targets)
        else:
            names = set()
            for targets, call in _assigned_calls(body):
                if self.is_entity_call(call):
                    names.update(targets)
        self._promises.append(names)

    def is_entity_call(self, call: cst.Call) -> bool:
        """A call of a task, workflow or launch plan this file defines, or of a map_task."""
        func = call.func
        resolver = self.context.imports
        if isinstance(func, cst.Call):  # map_task(t)(...)
            return resolver.kind_of(func.func) == "map"
        name = dotted(func)
        return (
            name in self.context.by_name
            or name in self.context.launch_plans
            or resolver.kind_of(func) == "entity"
        )

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._promises.pop()

    def uses_promise(self, node: cst.CSTNode) -> bool:
        promises = self.promises
        return bool(promises) and bool(names_in(node, self._names) & promises)  # type: ignore[operator]
