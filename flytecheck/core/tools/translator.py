"""`flytekit.tools.translator` under flytekit's path: `get_serializable(entity_mapping,
settings, entity, options)`, with flytekit's signature. It gives the flyteidl message itself
(flytekit gives its model wrapper of the same message: `.to_flyte_idl()` of it equals this),
after the backend's registration checks, as `flytecheck.core.serialize.get_serializable`
does."""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from flytecheck.core.configuration import SerializationSettings
from flytecheck.core.options import Options

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

    if options is not None and not isinstance(options, Options):
        msg = f"get_serializable(options={options!r}): pass flytekit's Options(...) or None"
        raise TypeError(msg)
    core = settings.core_settings() if isinstance(settings, SerializationSettings) else settings
    message = serialize(_with(options, entity), core)
    if isinstance(entity, (WorkflowBase, LaunchPlan)):
        for needed in dependencies(entity):
            if needed is not entity and getattr(needed, "reference", None) is None:
                entity_mapping.setdefault(needed, to_idl(_with(options, needed), core))
    entity_mapping[entity] = message
    return message


def _with(options: Options | None, entity: Any) -> Any:
    """The entity as registration with `options` sees it: a launch plan with them laid over
    its own; anything else as it is."""
    from flytecheck.core.launch_plan import LaunchPlan

    if options is None or not isinstance(entity, LaunchPlan):
        return entity
    seen = copy.copy(entity)
    seen.options = options.over(entity.options)
    return seen
