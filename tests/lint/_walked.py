"""What the linter's walk visits under a node, for the tests that check it."""

from __future__ import annotations

import libcst as cst

from flytecheck.lint._walk import walk


def walked(node: cst.CSTNode) -> list[cst.CSTNode]:
    """Every node the walk visits under (and including) `node`, in order."""
    seen: list[cst.CSTNode] = []

    class Everything(dict[str, list[object]]):
        def get(self, key: str, default: object = None) -> list[object]:
            return [seen.append]

    walk(node, Everything())  # type: ignore[arg-type]
    return seen
