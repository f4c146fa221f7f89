"""Finding the workflows and launch plans a module defines, whichever SDK wrote them, and
compiling one with the backend's checks. `flytecheck check` and `pytest --flyte` both use it,
so they find the same entities and report the same errors."""

from __future__ import annotations

import ast
import functools
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flytecheck.core.idl_check import Compiled

__all__ = ["compilable_entities", "compile_any"]


def _flytekit_kinds() -> tuple[type, ...]:
    kinds: list[type] = []
    workflow = sys.modules.get("flytekit.core.workflow")
    if workflow is not None:
        kinds.append(workflow.WorkflowBase)
    plan = sys.modules.get("flytekit.core.launch_plan")
    if plan is not None:
        kinds.append(plan.LaunchPlan)
    return tuple(kinds)


def _defined_in(entity: Any, module: ModuleType, attribute: str) -> bool:
    """A function workflow belongs to the module its function is in; an imperative workflow
    or a launch plan to the module whose code assigns it (not one that imports it). When no
    source says, to every module that holds it (callers keep the first)."""
    fn = getattr(entity, "workflow_function", None) or getattr(entity, "function", None)
    if fn is not None:
        return bool(getattr(fn, "__module__", module.__name__) == module.__name__)
    imported, assigned = _bindings(getattr(module, "__file__", None))
    return attribute in assigned or attribute not in imported


@functools.lru_cache(maxsize=512)
def _bindings(path: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The names a module's source binds by import, and those it assigns."""
    try:
        with open(path or "", "rb") as source:
            tree = ast.parse(source.read())
    except (OSError, SyntaxError, ValueError):
        return frozenset(), frozenset()
    imported: set[str] = set()
    assigned: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
    return frozenset(imported), frozenset(assigned)


def compilable_entities(module: ModuleType) -> list[tuple[str, Any]]:
    """(attribute, entity) for each workflow and launch plan at the module's top level, in
    attribute order; one imported from another module is left to that module."""
    from flytecheck.core.launch_plan import LaunchPlan
    from flytecheck.core.workflow import WorkflowBase

    kinds = (WorkflowBase, LaunchPlan, *_flytekit_kinds())
    found: list[tuple[str, Any]] = []
    for name, value in sorted(vars(module).items()):
        reference = type(value).__name__.startswith("Reference")
        if isinstance(value, kinds) and not reference and _defined_in(value, module, name):
            found.append((name, value))
    return found


def compile_any(entity: Any) -> Compiled:
    """Every error the backend would report for a workflow or launch plan, flytekit's or the
    core's. Raises what the entity's own code raises while it is compiled (a workflow body
    runs then) and FlyteCompilationException for what the core refuses while building it."""
    from flytecheck.interop.flytekit import adapt, compile_flytekit_entity, is_flytekit_entity

    if is_flytekit_entity(entity):  # a workflow's adapter holds what flytekit serialized
        return compile_flytekit_entity(entity, getattr(adapt(entity), "serialized", None))
    from flytecheck.core.backend import compile_entity

    return compile_entity(entity)
