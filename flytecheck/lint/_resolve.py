"""What the names of one file mean, found by resolution rather than spelling: every import (of
any module, relative ones against the file's package), and the module-level bindings that make
Flyte entities: aliases (`task_ = flytekit.task`), `functools.partial(task, ...)`, configured
decorators (`cached = task(cache=True)`), environments whose `.task` makes tasks (flytekit's
`Environment`, Union's `ActorEnvironment`), entities made by a call (`t = task(f)`,
`m = map_task(t)`), and the file's own decorators that return an entity. Names the project's
other modules bind the same way come in from the project index (`factories`).

An SDK is flytekit, flytecheck.core, Union's `union` (which re-exports flytekit), or a module the
configuration names (`sdk-modules`). Flyte 2 (`flyte`) is not one: it has no workflow DSL.

A light pass over the module's top level, instead of libcst's QualifiedNameProvider, which
costs five to ten times the parse."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence

import libcst as cst

__all__ = [
    "DECORATOR_KINDS",
    "SDK_ROOTS",
    "Resolver",
    "dotted",
    "local_name",
    "relative_module",
]

SDK_ROOTS = ("flytekit", "flytecheck", "union")
FACTORIES = {
    "task": "task",
    "workflow": "workflow",
    "dynamic": "dynamic",
    "eager": "eager",
    "reference_task": "task",
    "reference_workflow": "workflow",
    "reference_launch_plan": "reference_launch_plan",
    "conditional": "conditional",
    "LaunchPlan": "launch_plan",
    "map_task": "map",
    "map": "map",
    "Workflow": "imperative",
    "ImperativeWorkflow": "imperative",
    "Environment": "environment_class",
    "ActorEnvironment": "environment_class",
}
"""The last part of an SDK name, to what it makes."""
DECORATOR_KINDS = ("task", "workflow", "dynamic", "eager", "reference_launch_plan")
"""What a decorator can make of a function."""
EXPORTED_KINDS = (*DECORATOR_KINDS, "environment")
"""Module-level names another module of the project may import and use as a decorator."""


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


def relative_module(module: str, level: int, name: str) -> str:
    """The module `from {'.' * level}{name} import ...` names, in the file `module`."""
    package = module.rsplit(".", 1)[0].split(".") if "." in module else []
    up = level - 1
    base = package[: len(package) - up] if up else package
    return ".".join([*base, *([name] if name else [])])


class Resolver:
    """Local names of a module to what they mean: an import's qualified name, or a kind."""

    def __init__(
        self,
        module: cst.Module,
        module_name: str = "",
        sdk_roots: tuple[str, ...] = SDK_ROOTS,
        factories: Mapping[str, str] | None = None,
    ) -> None:
        self.module_name = module_name
        self.sdk_roots = sdk_roots
        self.factories = factories or {}
        """Kinds of names other modules of the project bind (`pkg.env.actor` -> environment)."""
        self.imports: dict[str, str] = {}
        """Local name -> qualified name, for every import."""
        self.kinds: dict[str, str] = {}
        """Local name -> what a module-level binding of this file makes."""
        self.assigned: set[str] = set()
        """Every name a module-level assignment binds (a function rebound is no longer plain)."""
        self.uses_sdk = False
        self.unresolved: set[str] = set()
        """Qualified names of the project's own modules used as decorators that nothing here
        resolves: the project index may know them (a second pass)."""
        for statement, guarded in _top_level(module.body):
            self._bind(statement, guarded)

    # -- bindings -----------------------------------------------------------------------------

    def _bind(self, statement: cst.CSTNode, guarded: bool) -> None:
        """Bind what a statement binds; in a guarded block (`if`, `try`), a binding whose
        meaning is unknown (`except ImportError: union = None`) keeps the other branch's."""
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    self._import(small)
                elif isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
                    self._assign(small, guarded)
        elif isinstance(statement, cst.FunctionDef):
            name = statement.name.value
            self.kinds.pop(name, None)
            self.imports.pop(name, None)
            if not statement.decorators:
                kind = self._returned_kind(statement)
                if kind is not None:
                    self.kinds[name] = kind
        elif isinstance(statement, cst.ClassDef):
            self.kinds.pop(statement.name.value, None)
            self.imports.pop(statement.name.value, None)

    def _import(self, node: cst.Import | cst.ImportFrom) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                name = dotted(alias.name) or ""
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self._set_import(alias.asname.name.value, name)
                else:
                    head = name.split(".")[0]
                    self._set_import(head, head)
            return
        source = dotted(node.module) if node.module is not None else ""
        if node.relative:
            source = relative_module(self.module_name, len(node.relative), source or "")
        if not source or isinstance(node.names, cst.ImportStar):
            if source and source.split(".")[0] in self.sdk_roots:
                self.uses_sdk = True
            return
        for alias in node.names:
            if isinstance(alias.name, cst.Name):
                self._set_import(local_name(alias), f"{source}.{alias.name.value}")

    def _set_import(self, local: str, qualified: str) -> None:
        self.kinds.pop(local, None)
        self.imports[local] = qualified
        if qualified.split(".")[0] in self.sdk_roots:
            self.uses_sdk = True

    def _assign(self, node: cst.Assign | cst.AnnAssign, guarded: bool) -> None:
        targets = (
            [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        )
        kind = self._value_kind(node.value) if node.value is not None else None
        for target in targets:
            if isinstance(target, cst.Name):
                name = target.value
                self.assigned.add(name)
                if kind is not None:
                    self.imports.pop(name, None)
                    self.kinds[name] = kind
                elif not guarded:
                    self.imports.pop(name, None)
                    self.kinds.pop(name, None)

    def _value_kind(self, value: cst.BaseExpression) -> str | None:
        """What a name bound to `value` makes."""
        if not isinstance(value, cst.Call):
            return self.kind_of(value)
        made = self.kind_of(value.func)
        if made == "environment_class":
            return "environment"
        if made == "partial":
            first = value.args[0].value if value.args else None
            inner = self.kind_of(first) if first is not None else None
            return inner if inner in DECORATOR_KINDS else None
        if made in DECORATOR_KINDS or made == "environment":
            positional = any(a.keyword is None and not a.star for a in value.args)
            return "entity" if positional else ("task" if made == "environment" else made)
        return "entity" if made == "map" else None

    def _returned_kind(self, node: cst.FunctionDef) -> str | None:
        """The kind of entity a function of the file returns, when it is a decorator of its
        own (`def my_task(fn): return task(fn)`, or one that returns a wrapper doing so)."""
        for value in _returns(node):
            if isinstance(value, cst.Call):
                kind = self.kind_of(value)
                if kind in DECORATOR_KINDS:
                    return kind
        return None

    # -- lookups ------------------------------------------------------------------------------

    def qualified(self, node: cst.BaseExpression) -> str | None:
        """The qualified name an expression (or a call's callee) refers to through the file's
        imports; None for a name no import binds."""
        name = dotted(node.func if isinstance(node, cst.Call) else node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        base = self.imports.get(head)
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def kind_of(self, node: cst.BaseExpression) -> str | None:
        """What `node` makes, used as a decorator or a callee: one of DECORATOR_KINDS,
        "conditional", "launch_plan", "map", "imperative", "environment", "entity" (an entity
        bound by a call), or None when nothing says (an unknown name is not an entity)."""
        if isinstance(node, cst.Call):
            made = self.kind_of(node.func)
            if made in DECORATOR_KINDS:
                return made
            if made == "environment":
                return "task"  # flytekit's Environment is itself a task decorator
            if made == "partial" and node.args:
                inner = self.kind_of(node.args[0].value)
                return inner if inner in DECORATOR_KINDS else None
            return None
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        local = self.kinds.get(head)
        if local is not None:
            return _member_kind(local, rest)
        base = self.imports.get(head)
        if base is None:
            return None
        return self.kind_of_qualified(f"{base}.{rest}" if rest else base)

    def kind_of_qualified(self, qualified: str) -> str | None:
        if qualified == "functools.partial":
            return "partial"
        found = self.factories.get(qualified)
        if found is not None:
            return found
        owner, _, member = qualified.rpartition(".")
        if owner in self.factories:
            return _member_kind(self.factories[owner], member)
        if qualified.split(".")[0] not in self.sdk_roots:
            return None
        if member in ("get_or_create", "create") and FACTORIES.get(owner.rsplit(".", 1)[-1]) == (
            "launch_plan"
        ):
            return "launch_plan_factory"
        return FACTORIES.get(member)

    def decorator_kind(self, node: cst.BaseExpression) -> str | None:
        """What a decorator makes of the function (one of DECORATOR_KINDS, or None). A
        decorator imported from one of the project's own modules that nothing here resolves
        is remembered in `unresolved`, for the project index to resolve."""
        kind = self.kind_of(node)
        if kind == "environment":
            return "task"  # flytekit's Environment is itself a task decorator
        if kind in DECORATOR_KINDS:
            return kind
        if kind is None:
            qualified = self.qualified(node)
            if qualified is not None and self.is_project(qualified):
                self.unresolved.add(qualified)
        return None

    def is_project(self, qualified: str) -> bool:
        """Whether a qualified name may be the project's own: not the standard library's nor
        an SDK's. (A third-party package is not read, so it stays unknown either way.)"""
        return qualified.split(".")[0] not in _NOT_PROJECT and "." in qualified

    def exported(self) -> dict[str, str]:
        """The module-level names another module may use as a decorator, with their kinds."""
        return {name: kind for name, kind in self.kinds.items() if kind in EXPORTED_KINDS}


def _member_kind(kind: str, member: str) -> str | None:
    """What `x.member` makes when `x` makes `kind`."""
    if not member:
        return kind
    if kind == "environment":
        return {"task": "task", "extend": "environment_class"}.get(member)
    if kind == "launch_plan" and member in ("get_or_create", "create"):
        return "launch_plan_factory"
    return None


def _blocks(statement: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists of a compound statement: body, elif/else, handlers, finally."""
    for part in (
        getattr(statement, "body", None),
        getattr(statement, "orelse", None),
        *getattr(statement, "handlers", ()),
        getattr(statement, "finalbody", None),
    ):
        if isinstance(part, cst.If):
            yield from _blocks(part)
        elif isinstance(part, cst.IndentedBlock):
            yield part.body
        elif part is not None and isinstance(getattr(part, "body", None), cst.IndentedBlock):
            yield part.body.body


def _top_level(
    body: Sequence[cst.CSTNode], guarded: bool = False
) -> Iterator[tuple[cst.CSTNode, bool]]:
    """Module-level statements, including those under `if`, `try` and `with` (guarded
    imports, `if TYPE_CHECKING:`), each with whether it is under an `if` or a `try`."""
    for statement in body:
        if isinstance(statement, (cst.If, cst.Try, cst.With)):
            inner = guarded or not isinstance(statement, cst.With)
            for block in _blocks(statement):
                yield from _top_level(block, inner)
        else:
            yield statement, guarded


def _returns(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """The values a function's `return` statements give, nested functions included."""
    for block in _blocks(node):
        for statement in block:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Return) and small.value is not None:
                        yield small.value
            else:
                yield from _returns(statement)


_NOT_PROJECT = frozenset(
    (*sys.stdlib_module_names, "typing_extensions", "__future__", *SDK_ROOTS, "flyte")
)
