"""The plugin's entry to interop: a flytekit entity is handled through flytecheck.interop."""

from __future__ import annotations

from typing import Any

from flytecheck.interop.flytekit import (
    check_flytekit_workflow,
    is_eager_workflow,
    is_flytekit_entity,
)

__all__ = ["check_flytekit_workflow", "graph_of_any", "is_flytekit_entity", "run_any"]


def graph_of_any(entity: Any) -> Any:
    """The canonical graph of a flytecheck or flytekit workflow (of its workflow, for a
    launch plan)."""
    from flytecheck.graph import graph_of

    if is_flytekit_entity(entity) and type(entity).__name__ == "LaunchPlan":
        entity = entity.workflow
    if is_flytekit_entity(entity):
        from flyteidl.admin.workflow_pb2 import WorkflowSpec

        from flytecheck.interop.flytekit import flytekit_workflow_spec

        spec = flytekit_workflow_spec(entity)
        if not isinstance(spec, WorkflowSpec):
            why = (
                "an @eager workflow has no graph before it runs (its body makes the calls as "
                "it goes): test it with flyte_run and stubs"
                if is_eager_workflow(entity)
                else "flyte_graph takes a workflow or a launch plan"
            )
            kind = type(entity).__name__
            msg = f"{entity.name!r} is a flytekit {kind}, so it has no graph: {why}"
            raise TypeError(msg)
        return graph_of(spec)
    return graph_of(entity)


def run_any(entity: Any, **inputs: Any) -> Any:
    """Run a task or workflow locally with flytecheck's executor, whatever SDK wrote it."""
    from flytecheck.interop.flytekit import adapt

    return adapt(entity)(**inputs)
