"""`create_node`: an entity call in a workflow body that gives back the node itself, so the
code can order it (`a >> b`) and read its outputs by name (`node.o0`, `node.outputs["o0"]`), as
flytekit's `flytekit.core.node_creation.create_node` does."""

from __future__ import annotations

from typing import Any

from flytecheck.core.context import current_context

__all__ = ["create_node"]


def create_node(entity: Any, *args: Any, **kwargs: Any) -> Any:
    """In a workflow body: add a node calling `entity` and return the Node. Outside one (a
    local run): call the entity and return its outputs."""
    if not callable(entity) or not hasattr(entity, "interface"):
        msg = f"create_node takes a task, workflow or launch plan, not {entity!r}"
        raise TypeError(msg)
    state = current_context().compilation_state
    if state is None:
        return entity(*args, **kwargs)
    entity(*args, **kwargs)
    return state.nodes[-1]
