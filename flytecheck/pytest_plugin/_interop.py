"""The plugin's entry to interop: a flytekit entity is handled through flytecheck.interop."""

from __future__ import annotations

from typing import Any

from flytecheck.interop.flytekit import check_flytekit_workflow, is_flytekit_entity

__all__ = ["check_flytekit_workflow", "graph_of_any", "is_flytekit_entity", "run_any"]


def graph_of_any(entity: Any) -> Any:
    """The canonical graph of a flytecheck or flytekit workflow (of its workflow, for a
    launch plan)."""
    from flytecheck.graph import graph_of

    if is_flytekit_entity(entity) and type(entity).__name__ == "LaunchPlan":
        entity = entity.workflow
    if is_flytekit_entity(entity):
        from flytecheck.interop.flytekit import flytekit_workflow_spec

        return graph_of(flytekit_workflow_spec(entity))
    return graph_of(entity)


def run_any(entity: Any, **inputs: Any) -> Any:
    """Run a task or workflow locally with flytecheck's executor, whatever SDK wrote it."""
    from flytecheck.interop.flytekit import adapt

    return adapt(entity)(**inputs)
