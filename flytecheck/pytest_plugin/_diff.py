"""Readable failures for graph assertions: a unified diff of the text renderings."""

from __future__ import annotations

import difflib
from typing import Any

__all__ = ["explain"]


def _text(value: Any) -> str | None:
    from flytecheck.graph import Graph, render

    if isinstance(value, Graph):
        return render(value, "text")
    return None


def explain(left: Any, right: Any) -> list[str] | None:
    from flytecheck.graph import Graph
    from flytecheck.pytest_plugin._snapshot import FlyteSnapshot

    if isinstance(left, Graph) and isinstance(right, FlyteSnapshot):
        return _snapshot_lines(right)
    if isinstance(right, Graph) and isinstance(left, FlyteSnapshot):
        return _snapshot_lines(left)
    a, b = _text(left), _text(right)
    if a is None or b is None:
        return None
    diff = difflib.unified_diff(
        a.splitlines(), b.splitlines(), "left graph", "right graph", lineterm="", n=1
    )
    return [f"graphs of {left.name} and {right.name} differ:", *diff]


def _snapshot_lines(snapshot: Any) -> list[str]:
    if snapshot.last_expected is None:
        return [
            f"no graph snapshot at {snapshot.last_path}",
            "run pytest with --flyte-snapshot-update to create it",
        ]
    diff = difflib.unified_diff(
        snapshot.last_expected.splitlines(),
        (snapshot.last_actual or "").splitlines(),
        f"snapshot {snapshot.last_path}",
        "graph now",
        lineterm="",
        n=1,
    )
    return ["the graph differs from its snapshot (update with --flyte-snapshot-update):", *diff]
