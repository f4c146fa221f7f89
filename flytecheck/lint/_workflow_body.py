"""Rules that look inside workflow bodies: which names hold promises there."""

from __future__ import annotations

import libcst as cst

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


class WorkflowBodyRule(LintRule):
    """A rule that needs to know, inside a workflow body, which names are promises: the
    workflow's parameters and whatever an entity call was assigned to."""

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
        if entity is None or entity.kind != "workflow":
            self._promises.append(None)
            return
        names = {p.name.value for p in node.params.params}
        for statement in node.body.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call):
                        for target in small.targets:
                            names.update(_targets(target.target))
                    elif isinstance(small, cst.AnnAssign) and isinstance(small.value, cst.Call):
                        names.update(_targets(small.target))
        self._promises.append(names)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._promises.pop()

    def uses_promise(self, node: cst.CSTNode) -> bool:
        promises = self.promises
        return bool(promises) and bool(names_in(node, self._names) & promises)  # type: ignore[operator]
