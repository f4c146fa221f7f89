"""`flytecheck check`: import a project's modules, compile every workflow and launch plan in
them with the backend's checks, and report what registration would refuse, in the linter's
formats, before `pyflyte register` is run.

A module that cannot be imported, or a workflow whose body raises while it is compiled, is a
finding too (codes ImportFailed and CompileFailed): nothing is left out in silence.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import importlib.util
import inspect
import re
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from flytecheck._modules import import_name
from flytecheck.lint._model import FileResult, Violation

__all__ = ["CHECK_CODES", "Summary", "check_targets"]

#: The codes `check` adds to the backend's own: what stopped an entity being compiled at all.
CHECK_CODES = {
    "ImportFailed": "the module raised while being imported, so nothing in it was checked",
    "CompileFailed": "the workflow's body raised while being compiled",
}

_SKIPPED_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", ".tox", "build", "dist"}


@dataclasses.dataclass
class Summary:
    """What a run looked at, for the closing line: nothing checked is never reported as
    nothing wrong."""

    modules: int = 0
    workflows: int = 0
    launch_plans: int = 0


def _python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(p in _SKIPPED_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        yield path


def _targets(args: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(module name, file shown in findings) for each path, folder or dotted module name."""
    for arg in args:
        path = Path(arg)
        if path.is_dir():
            files: Iterable[Path] = _python_files(path)
        elif path.is_file():
            files = [path]
        else:
            yield arg, arg
            continue
        for file in files:
            name, root = import_name(file)
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
            yield name, str(file)


def _import(name: str, shown: str) -> tuple[ModuleType | None, Violation | None]:
    try:
        return importlib.import_module(name), None
    except BaseException as e:  # a user's module may raise anything, SystemExit included
        if isinstance(e, KeyboardInterrupt):
            raise
        line = _line_in(e, shown)
        message = (
            f"module {name!r} cannot be imported, so none of its workflows were checked: "
            f"{type(e).__name__}: {e}; fix the error (run `python -c 'import {name}'` to see "
            "it) and check again"
        )
        return None, Violation(shown, line, 1, "ImportFailed", message)


def _shown(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(Path.cwd()))
    except ValueError:
        return file


def _line_in(error: BaseException, file: str) -> int:
    """The line of `file` the error came through, else 1."""
    if isinstance(error, SyntaxError) and error.lineno:
        return error.lineno
    target = str(Path(file).resolve())
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == target and frame.lineno:
            return frame.lineno
    return 1


def _definition_line(module: ModuleType, attribute: str, entity: Any) -> int:
    fn = getattr(entity, "workflow_function", None) or getattr(entity, "function", None)
    if fn is not None:
        try:
            return inspect.getsourcelines(fn)[1]
        except (OSError, TypeError):
            pass
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return 1
    match = re.search(rf"^\s*{re.escape(attribute)}\s*[:=]", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def _kind(entity: Any) -> str:
    return "launch_plans" if "LaunchPlan" in type(entity).__name__ else "workflows"


def _check_entity(entity: Any, shown: str, line: int) -> list[Violation]:
    from flytecheck.core.exceptions import FlyteException
    from flytecheck.core.exceptions.user import FlyteCompilationException
    from flytecheck.discovery import compile_any

    name = getattr(entity, "name", repr(entity))
    try:
        compiled = compile_any(entity)
    except FlyteCompilationException as e:
        code = e.code or "CompileFailed"
        message = str(e).replace(f"[{e.code}] ", "", 1) if e.code else str(e)
        return [Violation(shown, line, 1, code, message)]
    except Exception as e:  # the workflow body is user code, run while compiling
        detail = str(e) if isinstance(e, FlyteException) else f"{type(e).__name__}: {e}"
        message = (
            f"{_kind(entity)[:-1].replace('_', ' ')} {name!r} could not be compiled: {detail}; "
            "a workflow body runs when it is compiled, with promises for inputs: fix it there"
        )
        return [Violation(shown, line, 1, "CompileFailed", message)]
    return [
        Violation(shown, line, 1, error.code, f"{error.location()}: {error.message}")
        for error in compiled.errors
    ]


def check_targets(args: Iterable[str]) -> tuple[list[FileResult], Summary]:
    """One FileResult per module file: its findings, or the reason it could not be read."""
    with contextlib.redirect_stdout(sys.stderr):  # what user modules print is not a report
        return _check_all(args)


def _check_all(args: Iterable[str]) -> tuple[list[FileResult], Summary]:
    summary = Summary()
    results: list[FileResult] = []
    seen: set[int] = set()
    for name, shown in _targets(args):
        module, failure = _import(name, shown)
        if module is None:
            assert failure is not None
            results.append(FileResult(shown, (failure,)))
            continue
        if shown == name:  # given as a dotted name: findings point at its file
            shown = _shown(getattr(module, "__file__", None) or name)
        summary.modules += 1
        from flytecheck.discovery import compilable_entities

        violations: list[Violation] = []
        for attribute, entity in compilable_entities(module):
            if id(entity) in seen:
                continue
            seen.add(id(entity))
            setattr(summary, _kind(entity), getattr(summary, _kind(entity)) + 1)
            line = _definition_line(module, attribute, entity)
            violations += _check_entity(entity, shown, line)
        results.append(FileResult(shown, tuple(violations)))
    return results, summary
