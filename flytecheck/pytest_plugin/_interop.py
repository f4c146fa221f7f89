"""flytekit interop: a flytekit workflow gets the same graph model and backend checks, through
its own serialization (flytekit is imported only when a flytekit entity is passed)."""

from __future__ import annotations

from typing import Any

__all__ = ["graph_of_any", "is_flytekit_entity"]


def is_flytekit_entity(entity: Any) -> bool:
    return type(entity).__module__.startswith("flytekit.")


def flytekit_workflow_spec(entity: Any) -> Any:
    """flytekit's own WorkflowSpec message for a flytekit workflow."""
    from collections import OrderedDict

    from flytekit.configuration import Image, ImageConfig, SerializationSettings
    from flytekit.tools.translator import get_serializable

    settings = SerializationSettings(
        project="flytecheck",
        domain="test",
        version="v1",
        image_config=ImageConfig(default_image=Image(name="default", fqn="flytecheck", tag="test")),
    )
    return get_serializable(OrderedDict(), settings, entity).to_flyte_idl()


def graph_of_any(entity: Any) -> Any:
    from flytecheck.graph import graph_of

    if is_flytekit_entity(entity):
        return graph_of(flytekit_workflow_spec(entity))
    return graph_of(entity)


def check_flytekit_workflow(entity: Any) -> None:
    """Serialize a flytekit workflow with flytekit and apply the backend's binding rules to its
    IDL; raises FlyteCompilationException naming workflow, node, input and types."""
    from collections import OrderedDict

    from flytekit.configuration import Image, ImageConfig, SerializationSettings
    from flytekit.tools.translator import get_serializable

    from flytecheck.core.idl_check import check_workflow_template

    settings = SerializationSettings(
        project="flytecheck",
        domain="test",
        version="v1",
        image_config=ImageConfig(default_image=Image(name="default", fqn="flytecheck", tag="test")),
    )
    entities: OrderedDict[Any, Any] = OrderedDict()
    spec = get_serializable(entities, settings, entity).to_flyte_idl()
    interfaces: dict[str, Any] = {}
    for model in entities.values():
        idl = model.to_flyte_idl()
        template = getattr(idl, "template", None)
        if template is not None and template.HasField("interface"):
            interfaces[template.id.name] = template.interface
        for sub in getattr(idl, "sub_workflows", ()):
            interfaces[sub.id.name] = sub.interface
    for sub in spec.sub_workflows:
        interfaces[sub.id.name] = sub.interface
    check_workflow_template(spec.template, interfaces)
