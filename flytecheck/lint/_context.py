"""What the rules of one file share, computed once before the single traversal: what its names
mean (`_resolve.py`), the task and workflow functions, the classes and named tuples the file
defines, its launch plans."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

import libcst as cst

from flytecheck.lint._resolve import SDK_ROOTS, Resolver, dotted

__all__ = ["FileContext"]


ENTITY_KINDS = ("task", "workflow", "dynamic", "eager", "reference_launch_plan")
_NAMED_TUPLE = ("typing.NamedTuple", "typing_extensions.NamedTuple")
BODY_KINDS = ("workflow", "dynamic", "eager")
"""Entities whose body is Flyte code: a workflow's runs on promises, a dynamic workflow's on
values with promises from its calls, an eager workflow's on awaited values."""


@dataclasses.dataclass
class Entity:
    node: cst.FunctionDef
    kind: str
    """task, workflow, dynamic or eager."""
    decorator: cst.Decorator
    nested: bool
    statement: cst.CSTNode
    """The top-level statement that holds it (the function itself unless nested)."""

    @property
    def is_task(self) -> bool:
        """flytekit makes a task of it (dynamic and eager workflows are tasks that run)."""
        return self.kind in ("task", "dynamic", "eager")


class FileContext:
    def __init__(
        self,
        module: cst.Module,
        path: str,
        extra_types: frozenset[str] = frozenset(),
        *,
        module_name: str = "",
        sdk_roots: tuple[str, ...] = SDK_ROOTS,
        factories: Mapping[str, str] | None = None,
        default_cache_policy: bool = False,
    ) -> None:
        self.module = module
        self.path = path
        self.imports = Resolver(module, module_name, sdk_roots, factories)
        self.extra_types = extra_types
        self.memo: dict[str, Any] = {}
        """What a helper computed for the file, kept for the other rules that ask."""
        self.default_cache_policy = default_cache_policy or any(
            q.split(".")[0] == "union" for q in self.imports.imports.values()
        )
        """Tasks get a cache policy without a version: the project uses Union's SDK, whose
        plugin supplies one (a file importing `union` is taken to be such a project)."""
        self.entities: dict[cst.FunctionDef, Entity] = {}
        self.by_name: dict[str, Entity] = {}
        """Module-level entities by function name (the last definition wins, as in Python)."""
        self.functions: dict[str, cst.FunctionDef] = {}
        """Module-level functions by name (the last definition wins)."""
        self.named_tuples: dict[str, list[tuple[str, cst.BaseExpression]]] = {}
        """Functional NamedTuples (`N = NamedTuple("N", a=int)`), their fields in order."""
        self.classes: dict[str, cst.ClassDef] = {}
        self.launch_plans: dict[str, cst.Call] = {}
        self.imperative_workflows: set[str] = set()
        self.imperative_calls: list[tuple[cst.Call, cst.CSTNode]] = []
        """`wf.add_entity(entity, **inputs)` calls on an imperative workflow, with their
        top-level statement."""
        for statement in module.body:
            self._scan([statement], nested=False, top=statement)

    def _scan(self, body: object, nested: bool, top: cst.CSTNode) -> None:
        for statement in body:  # type: ignore[attr-defined]
            if isinstance(statement, cst.FunctionDef):
                if not nested:
                    self.functions[statement.name.value] = statement
                for decorator in statement.decorators:
                    kind = self.imports.decorator_kind(decorator.decorator)
                    if kind is not None:
                        entity = Entity(statement, kind, decorator, nested, top)
                        self.entities[statement] = entity
                        if not nested:
                            self.by_name[statement.name.value] = entity
                        break
                self._scan(_body(statement), nested=True, top=top)
            elif isinstance(statement, cst.ClassDef):
                if not nested:
                    self.classes[statement.name.value] = statement
                self._scan(_body(statement), nested=True, top=top)
            elif isinstance(statement, (cst.If, cst.With, cst.For, cst.While, cst.Try)):
                self._scan(_body(statement), nested=nested, top=top)
            elif isinstance(statement, cst.SimpleStatementLine) and not nested:
                for small in statement.body:
                    self._assignment(small, statement)

    def _assignment(self, small: cst.BaseSmallStatement, statement: cst.CSTNode) -> None:
        value = getattr(small, "value", None)
        if not isinstance(value, cst.Call):
            return
        if isinstance(small, cst.Assign):
            names = [t.target.value for t in small.targets if isinstance(t.target, cst.Name)]
            made = self.imports.kind_of(value.func)
            if made == "imperative":
                self.imperative_workflows.update(names)
                return
            if made == "launch_plan_factory":
                self.launch_plans.update(dict.fromkeys(names, value))
            fields = self._named_tuple_fields(value)
            if fields is not None:
                self.named_tuples.update(dict.fromkeys(names, fields))
        func = value.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "add_entity"
            and isinstance(func.value, cst.Name)
            and func.value.value in self.imperative_workflows
            and value.args
        ):
            self.imperative_calls.append((value, statement))

    def _named_tuple_fields(self, call: cst.Call) -> list[tuple[str, cst.BaseExpression]] | None:
        """The fields of `NamedTuple("N", a=int)` or `NamedTuple("N", [("a", int)])`."""
        if self.imports.qualified(call.func) not in _NAMED_TUPLE:
            return None
        fields: list[tuple[str, cst.BaseExpression]] = []
        for arg in call.args[1:]:
            if arg.keyword is not None:
                fields.append((arg.keyword.value, arg.value))
            elif isinstance(arg.value, (cst.List, cst.Tuple)):
                for element in arg.value.elements:
                    pair = element.value
                    if (
                        isinstance(pair, cst.Tuple)
                        and len(pair.elements) == 2
                        and isinstance(pair.elements[0].value, cst.SimpleString)
                    ):
                        key = pair.elements[0].value.evaluated_value
                        fields.append((str(key), pair.elements[1].value))
                    else:
                        return None
            else:
                return None
        return fields

    def entity(self, node: cst.FunctionDef) -> Entity | None:
        return self.entities.get(node)

    def is_plain_function(self, name: str) -> bool:
        """A module-level function known to be plain Python: no decorator at all, and the name
        not rebound since (`f = task(f)`). A decorator nothing resolves may make an entity, so
        a decorated function is never known to be plain."""
        function = self.functions.get(name)
        return (
            function is not None
            and not function.decorators
            and name not in self.by_name
            and name not in self.imports.assigned
            and name not in self.imports.kinds
        )

    def output_fields(self, name: str) -> list[str] | None:
        """The output names of a NamedTuple the file defines (class or functional form)."""
        if name in self.named_tuples:
            return [field for field, _ in self.named_tuples[name]]
        cls = self.classes.get(name)
        if cls is None or not self.is_named_tuple(name):
            return None
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else []
        return [
            small.target.value
            for s in body
            if isinstance(s, cst.SimpleStatementLine)
            for small in s.body
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name)
        ]

    def is_dataclass(self, name: str) -> bool:
        cls = self.classes.get(name)
        return cls is not None and any(
            (
                dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or ""
            ).endswith("dataclass")
            for d in cls.decorators
        )

    def enum_values(self, name: str) -> list[cst.BaseExpression] | None:
        """The member values of an Enum class defined in the file; None if it is not one."""
        cls = self.classes.get(name)
        if cls is None or not any((dotted(b.value) or "").endswith("Enum") for b in cls.bases):
            return None
        values = []
        for statement in _body(cls):
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign):
                        values.append(small.value)
        return values

    @functools.cached_property
    def signatures(self) -> dict[str, Any]:
        """Every entity and launch plan defined at the top level, by name (the project index's
        Signature values): computed once a file, however many workflow bodies call them."""
        from flytecheck.lint._index import signatures

        return signatures(self)

    @functools.cached_property
    def local_callees(self) -> dict[str, str]:
        """The entities and launch plans a call here may name, each to itself."""
        return {name: name for name in self.signatures}

    def has_transformer(self, name: str) -> bool:
        """Whether flytekit converts the class without pickling it: a pydantic model (a
        `BaseModel` subclass, directly or through another class here) or a class a
        `TypeTransformer[X]` defined in this file handles."""
        if name in self._registered:
            return True
        seen: set[str] = set()
        while name in self.classes and name not in seen:
            seen.add(name)
            bases = [dotted(b.value) or "" for b in self.classes[name].bases]
            if any(b.rsplit(".", 1)[-1] == "BaseModel" for b in bases):
                return True
            local = [b for b in bases if b in self.classes]
            if not local:
                return False
            name = local[0]
        return False

    @functools.cached_property
    def _registered(self) -> frozenset[str]:
        """The classes `TypeTransformer[X]` subclasses here are written for."""
        names = set()
        for cls in self.classes.values():
            for base in cls.bases:
                value = base.value
                if isinstance(value, cst.Subscript) and (dotted(value.value) or "").endswith(
                    "TypeTransformer"
                ):
                    for element in value.slice:
                        if isinstance(element.slice, cst.Index):
                            names.add((dotted(element.slice.value) or "").rsplit(".", 1)[-1])
        return frozenset(names)

    def is_named_tuple(self, name: str) -> bool:
        cls = self.classes.get(name)
        return cls is not None and any(
            (dotted(b.value) or "").endswith("NamedTuple") for b in cls.bases
        )


def _body(node: cst.CSTNode) -> list[cst.CSTNode]:
    body = getattr(node, "body", None)
    inner = getattr(body, "body", body)
    out = list(inner) if isinstance(inner, (list, tuple)) else []
    for extra in ("orelse", "handlers", "finalbody"):
        value = getattr(node, extra, None)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            for item in value:
                out.extend(_body(item))
        else:
            out.extend(_body(value))
    return out
