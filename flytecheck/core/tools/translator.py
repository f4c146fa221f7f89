"""`flytekit.tools.translator` under flytekit's path: `get_serializable(entity_mapping,
settings, entity)`, with flytekit's signature. It gives the flyteidl message itself (flytekit
gives its model wrapper of the same message: `.to_flyte_idl()` of it equals this), after the
backend's registration checks, as `flytecheck.core.serialize.get_serializable` does."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flytecheck.core.configuration import SerializationSettings

__all__ = ["get_serializable"]


def get_serializable(
    entity_mapping: OrderedDict[Any, Any], settings: Any, entity: Any, options: Any = None
) -> Any:
    """The registration message of `entity` (a task, workflow or launch plan). Every entity
    serialized on the way (the tasks, sub-workflows and launch plans it uses, then itself) is
    recorded in `entity_mapping` in flytekit's order; flytekit's internal node objects, which
    it records too, are not. `settings` is flytekit's SerializationSettings form
    (`flytecheck.core.configuration`) or the core's own."""
    from flytecheck.core.backend import dependencies
    from flytecheck.core.launch_plan import LaunchPlan
    from flytecheck.core.serialize import get_serializable as serialize
    from flytecheck.core.serialize import to_idl
    from flytecheck.core.workflow import WorkflowBase

    if options is not None:
        msg = "get_serializable(options=...): launch-time options are not serialized here; drop it"
        raise TypeError(msg)
    core = settings.core_settings() if isinstance(settings, SerializationSettings) else settings
    message = serialize(entity, core)
    if isinstance(entity, (WorkflowBase, LaunchPlan)):
        for needed in dependencies(entity):
            if needed is not entity and getattr(needed, "reference", None) is None:
                entity_mapping.setdefault(needed, to_idl(needed, core))
    entity_mapping[entity] = message
    return message
