"""The layers docs/architecture.md draws hold in the code, counting every import a module makes
(at module level, under TYPE_CHECKING, and inside functions): the context depends on nothing
that depends on it, and the linter never imports the core."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "flytecheck"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([base] if base else [])])
                candidates = [base, *(f"{base}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            else:
                continue
            for candidate in candidates:
                while candidate and candidate not in modules:
                    candidate = candidate.rpartition(".")[0]
                if candidate and candidate != name:
                    deps.add(candidate)
        graph[name] = deps
    return graph


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for dep in graph[todo.pop()]:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def test_the_context_depends_on_nothing_above_it() -> None:
    graph = _graph()
    below = _reaches(graph, "flytecheck.core.context")
    circle = sorted(m for m in below if "flytecheck.core.context" in _reaches(graph, m))
    assert circle == [], f"flytecheck.core.context and these import each other: {circle}"
    assert "flytecheck.core.io" in below  # the graph is read at all


def test_the_linter_never_imports_the_core() -> None:
    graph = _graph()
    lint = [m for m in graph if m.startswith("flytecheck.lint")]
    reached = {dep for m in lint for dep in _reaches(graph, m)}
    assert sorted(m for m in reached if m.startswith("flytecheck.core")) == []
