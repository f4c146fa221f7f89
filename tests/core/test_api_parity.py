"""flytekit's public API against the core's: every public module a flytekit user imports
(flytekit's top level, `configuration`, `core.*`, `types.*`, `extras.*`, `exceptions.*`,
`tools.translator`, `testing`) exists under `flytecheck.core` with the same names
(`flytekit.core.X` and `flytekit.X` are both `flytecheck.core.X`), or is in the one table of
docs/core.md that says what is elsewhere, deliberately absent, or not there yet, and why.
The test walks the installed flytekit, so the table cannot go stale either way: a row for
something flytekit no longer has, or that the core now has, fails it too."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from types import ModuleType

import pytest

from tests.conftest import REPO
from tests.flytesnacks import core_module

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)

BEGIN = "<!-- parity: checked by tests/core/test_api_parity.py -->"
END = "<!-- end of parity -->"
STATUSES = ("elsewhere", "absent", "not yet")
_ROW = re.compile(r"^\|\s*`(flytekit[\w.]*(?:\.\*)?)`\s*\|\s*([a-z ]+?)\s*\|\s*(.+?)\s*\|\s*$")


def table() -> dict[str, tuple[str, str]]:
    """docs/core.md's parity table: flytekit path (a module, `module.*`, or `module.Name`) to
    (status, why)."""
    page = (REPO / "docs" / "core.md").read_text()
    section = page[page.index(BEGIN) : page.index(END)]
    rows = {}
    for line in section.splitlines():
        found = _ROW.match(line)
        if found is not None:
            path, status, why = found.groups()
            assert status in STATUSES, f"docs/core.md: {path}: status {status!r}"
            rows[path] = (status, why)
    return rows


def public_modules() -> list[str]:
    names = ["flytekit", "flytekit.configuration", "flytekit.tools.translator", "flytekit.testing"]
    for base in ("flytekit.core", "flytekit.types", "flytekit.extras", "flytekit.exceptions"):
        package = importlib.import_module(base)
        names.append(base)
        for info in pkgutil.walk_packages(package.__path__, f"{base}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                names.append(info.name)
    return names


def public_names(module: ModuleType) -> list[str]:
    """What a user imports from the module: its `__all__`, and the classes and functions it
    defines or, for a package, re-exports from flytekit's modules (`flytekit.Config`, which
    flytekit's short `__all__` leaves out); type variables are not API."""
    names = set(getattr(module, "__all__", ()))
    package = hasattr(module, "__path__")
    for name, value in vars(module).items():
        if name.startswith("_") or not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        home = getattr(value, "__module__", "") or ""
        if home == module.__name__ or (package and home.startswith("flytekit")):
            names.add(name)
    return sorted(
        n
        for n in names
        if not isinstance(getattr(module, n, None), (typing.TypeVar, typing.ParamSpec))
    )


def _covered(path: str, rows: dict[str, tuple[str, str]]) -> bool:
    parts = path.split(".")
    return path in rows or any(".".join(parts[:i]) + ".*" in rows for i in range(1, len(parts) + 1))


def _core(path: str) -> str:
    return core_module(path[len("flytekit") :])


def test_every_public_name_is_in_the_core_or_the_table() -> None:
    rows = table()
    problems: list[str] = []
    used: set[str] = set()
    for name in public_modules():
        try:
            theirs = importlib.import_module(name)
        except Exception:  # a flytekit module needing a package not installed here
            continue
        if _covered(name, rows):
            used.update(r for r in rows if r == name or name.startswith(r.removesuffix("*")))
            continue
        try:
            ours = importlib.import_module(_core(name))
        except ImportError:
            problems.append(f"{name}: no module {_core(name)}")
            continue
        for attr in public_names(theirs):
            path = f"{name}.{attr}"
            if _covered(path, rows):
                used.add(path)
                if path in rows and rows[path][0] == "not yet" and hasattr(ours, attr):
                    problems.append(f"{path}: the core has it now; remove its row")
            elif not hasattr(ours, attr):
                problems.append(f"{path}: not in {_core(name)}")
    stale = sorted(r for r in rows if r not in used and not r.endswith(".*"))
    problems += [f"{r}: in the table, but flytekit has no such public name" for r in stale]
    assert problems == [], "\n".join(problems)


def test_the_faces_are_the_cores_own_objects() -> None:
    """A module under flytekit's path is a face, not a copy: the same classes as the core's."""
    from flytecheck.core import context, types
    from flytecheck.core.context_manager import FlyteContextManager
    from flytecheck.core.type_engine import TypeEngine

    assert FlyteContextManager is context.FlyteContextManager
    assert TypeEngine is types.TypeEngine
