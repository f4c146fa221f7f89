"""Which names in a file mean flytekit's (or flytecheck.core's) task, workflow, conditional and
LaunchPlan, whatever the import style: `from flytekit import task`, `import flytekit as fk`,
`from flytecheck.core import task as t`, `from flytekit.core.task import task`.

A light pass over the module's imports, instead of libcst's QualifiedNameProvider, which costs
five to ten times the parse."""

from __future__ import annotations

import libcst as cst

__all__ = ["Imports"]

ROOTS = ("flytekit", "flytecheck")
KINDS = {
    "task": "task",
    "workflow": "workflow",
    "dynamic": "dynamic",
    "eager": "eager",
    "reference_task": "task",
    "reference_workflow": "workflow",
    "reference_launch_plan": "reference_launch_plan",
    "conditional": "conditional",
    "LaunchPlan": "launch_plan",
}


def dotted(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name/Attribute chain; None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def local_name(alias: cst.ImportAlias) -> str:
    """The name `from m import x [as y]` binds: y, else x."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return dotted(alias.name) or ""


def _module_name(node: cst.BaseExpression | None) -> str:
    return dotted(node) or "" if node is not None else ""


class Imports:
    """Local names bound to Flyte SDK modules and objects."""

    def __init__(self, module: cst.Module) -> None:
        self.aliases: dict[str, str] = {}
        for statement in module.body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._add(small)

    def _add(self, node: cst.BaseSmallStatement) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                name = _module_name(alias.name)
                if name.split(".")[0] in ROOTS:
                    local = (
                        alias.asname.name.value
                        if alias.asname and isinstance(alias.asname.name, cst.Name)
                        else name.split(".")[0]
                    )
                    self.aliases[local] = name if alias.asname else name.split(".")[0]
        elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
            module = _module_name(node.module)
            if module.split(".")[0] not in ROOTS or isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                if isinstance(alias.name, cst.Name):
                    self.aliases[local_name(alias)] = f"{module}.{alias.name.value}"

    @property
    def uses_flyte(self) -> bool:
        return bool(self.aliases)

    def qualified(self, node: cst.BaseExpression) -> str | None:
        """The qualified name an expression refers to, through the file's Flyte imports."""
        name = dotted(node.func if isinstance(node, cst.Call) else node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        base = self.aliases.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def kind(self, node: cst.BaseExpression) -> str | None:
        """ "task", "workflow", "conditional" or "launch_plan" when `node` (a decorator, a callee)
        is one of the SDK's; None otherwise."""
        qualified = self.qualified(node)
        if qualified is None:
            return None
        return KINDS.get(qualified.rsplit(".", 1)[-1])
