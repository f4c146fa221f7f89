"""`--flyte`: every workflow and launch plan in the modules the tests import becomes a test item
that compiles it with the backend's rules; a failure shows the compile error, not a traceback."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

__all__ = [
    "FlyteCompileItem",
    "FlyteModule",
    "eager_workflows_in_project",
    "entities_in_project",
    "project_modules",
]


def project_modules(root: Path) -> list[tuple[str, ModuleType]]:
    """The modules under `root` imported now (the tests' own and what they import)."""
    inside: dict[str, bool] = {}  # a folder: under root, once its real path is known

    def under_root(folder: str) -> bool:
        known = inside.get(folder)
        if known is None:
            known = inside[folder] = Path(folder).resolve().is_relative_to(root)
        return known

    found = []
    for module_name, module in sorted(sys.modules.items()):
        path = _file_of(module)
        if not path or module_name.startswith("flytecheck.") or "site-packages" in path:
            continue
        if under_root(os.path.dirname(path)):
            found.append((module_name, module))
    return found


def _file_of(module: Any) -> str | None:
    """A module's file, read without loading a lazily loaded module (which reading any
    attribute does)."""
    try:
        path = object.__getattribute__(module, "__dict__").get("__file__")
    except AttributeError:
        return None
    return path if isinstance(path, str) else None


def entities_in_project(modules: list[tuple[str, ModuleType]]) -> list[tuple[str, str, Any]]:
    """(module, name, entity) for each workflow and launch plan the project's `modules`
    define, each once."""
    from flytecheck.discovery import compilable_entities

    found: list[tuple[str, str, Any]] = []
    seen: set[int] = set()
    for module_name, module in modules:
        for name, value in compilable_entities(module):
            if id(value) not in seen:
                seen.add(id(value))
                found.append((module_name, name, value))
    return found


def eager_workflows_in_project(modules: list[tuple[str, ModuleType]]) -> list[str]:
    """The names of the @eager workflows (either SDK's) the project's `modules` define:
    they have no graph to measure, and the coverage report says so."""
    from flytecheck.interop.flytekit import is_eager_workflow

    names = set()
    for module_name, module in modules:
        for value in vars(module).values():
            fn = getattr(value, "task_function", None) or getattr(value, "_task_function", None)
            if is_eager_workflow(value) and getattr(fn, "__module__", None) == module_name:
                names.add(str(value.name))
    return sorted(names)


class FlyteModule(pytest.File):
    """The module file that defines workflows, as the parent of their compile items."""

    def collect(self) -> list[pytest.Item]:
        return []


class FlyteCompileError(Exception):
    """A compile failure, shown as its message."""


def _raised_in_body(error: Exception) -> str:
    """A short account of an exception the workflow's body raised while being compiled: the
    error and the user's line it came from, not pytest's and pluggy's frames."""
    import traceback

    from flytecheck.core.exceptions.scopes import safe_str

    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if "/flytecheck/" not in f.filename
        and "/_pytest/" not in f.filename
        and "/pluggy/" not in f.filename
        and "/flytekit/" not in f.filename
    ]
    where = f" at {frames[-1].filename}:{frames[-1].lineno} ({frames[-1].line})" if frames else ""
    return (
        f"its body raised {type(error).__name__}: {safe_str(error)}{where}; a workflow body "
        "runs when it is compiled, with promises for inputs: fix the code there"
    )


class FlyteCompileItem(pytest.Item):
    """Compiles one workflow or launch plan, and serializes it (what registration does)."""

    def __init__(self, *, entity: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entity = entity
        self.funcargs: dict[
            str, Any
        ] = {}  # plugins that wrap every test's call (pytest-lsp) read it
        self.add_marker("flyte_compile")

    def runtest(self) -> None:
        from flytecheck.core.exceptions import FlyteException
        from flytecheck.core.idl_check import WorkflowCompileError
        from flytecheck.discovery import compile_any

        try:
            compiled = compile_any(self.entity)
            if compiled.errors:
                raise WorkflowCompileError(compiled.errors)
        except FlyteException as e:
            raise FlyteCompileError(str(e)) from e
        except Exception as e:  # the workflow body is user code, run while compiling
            raise FlyteCompileError(_raised_in_body(e)) from e

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if excinfo.errisinstance(FlyteCompileError):
            return f"{self.entity.name} does not compile:\n{excinfo.value}"
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"flyte compile: {self.entity.name}"
