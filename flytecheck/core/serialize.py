"""Flyte IDL for tasks, workflows and launch plans: the messages registration sends.

Apart from the runtime metadata (flytecheck's name and version) and the container's entrypoint
(`flytecheck-execute` and its resolver), they equal what flytekit serializes for the same entity.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Iterator
from typing import Any

from flyteidl.admin.common_pb2 import Annotations, Labels, RawOutputDataConfig
from flyteidl.admin.description_entity_pb2 import Description, DescriptionEntity, DescriptionFormat
from flyteidl.admin.launch_plan_pb2 import LaunchPlan as LaunchPlanIDL
from flyteidl.admin.launch_plan_pb2 import LaunchPlanClosure, LaunchPlanMetadata, LaunchPlanSpec
from flyteidl.admin.task_pb2 import TaskSpec
from flyteidl.admin.workflow_pb2 import WorkflowSpec
from flyteidl.core import (
    condition_pb2,
    identifier_pb2,
    literals_pb2,
    tasks_pb2,
    workflow_pb2,
)
from google.protobuf.wrappers_pb2 import BoolValue

from flytecheck.core.cache import Cache
from flytecheck.core.condition import BranchSpec
from flytecheck.core.container_task import ContainerTask
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.graph import WorkflowGraph
from flytecheck.core.image_spec import ImageSpec
from flytecheck.core.launch_plan import LaunchPlan
from flytecheck.core.node import Bound, Node
from flytecheck.core.pod_template import to_k8s_pod
from flytecheck.core.promise import ComparisonExpression, ConjunctionExpression, Promise
from flytecheck.core.resources import (
    Resources,
    ResourceSpec,
    container_resources,
    convert_resources_to_resource_model,
    requests_and_limits,
)
from flytecheck.core.task import PythonAutoContainerTask, PythonFunctionTask, Task
from flytecheck.core.types import TypeEngine
from flytecheck.core.workflow import ImperativeWorkflow, WorkflowBase

__all__ = ["ENTRYPOINT", "SerializationSettings", "get_serializable", "to_idl"]

ENTRYPOINT = "flytecheck-execute"
_ResourceType = identifier_pb2.ResourceType


@dataclasses.dataclass(frozen=True)
class SerializationSettings:
    """Where and as what the entities are registered."""

    project: str = "flytesnacks"
    domain: str = "development"
    version: str = "v1"
    image: str = "ghcr.io/flyteorg/flytekit:latest"
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    images: dict[str, str] = dataclasses.field(default_factory=dict)
    """Named images (`{{.image.gpu.fqn}}` in a task's image), each `fqn:tag`."""
    default_resources: ResourceSpec | None = None
    """Requests and limits for the tasks that ask for none."""


def _id(kind: int, name: str, s: SerializationSettings) -> identifier_pb2.Identifier:
    return identifier_pb2.Identifier(
        resource_type=kind,
        project=s.project,
        domain=s.domain,
        name=name,
        version=s.version,
    )


def _duration(td: datetime.timedelta) -> Any:
    from google.protobuf.duration_pb2 import Duration

    d = Duration()
    d.FromTimedelta(td)
    return d


def _runtime() -> tasks_pb2.RuntimeMetadata:
    import flytecheck

    return tasks_pb2.RuntimeMetadata(
        type=tasks_pb2.RuntimeMetadata.FLYTE_SDK,
        version=flytecheck.__version__,
        flavor="flytecheck",
    )


def _task_resources(task: Any, s: SerializationSettings) -> tasks_pb2.Resources:
    """The container's resources: the task's, or the settings' default when it asks for none
    (as flytekit applies `default_resources`)."""
    requests, limits = task.requests, task.limits
    empty = Resources()
    if s.default_resources is not None and (requests or empty) == (limits or empty) == empty:
        requests, limits = s.default_resources.requests, s.default_resources.limits
    return container_resources(requests, limits)


MAP_ENTRYPOINT = "flytecheck-map-execute"


def _container_args(task: PythonAutoContainerTask) -> list[str]:
    return [
        MAP_ENTRYPOINT if task.node_kind == "array" else ENTRYPOINT,
        "--inputs",
        "{{.input}}",
        "--output-prefix",
        "{{.outputPrefix}}",
        "--raw-output-data-prefix",
        "{{.rawOutputDataPrefix}}",
        "--checkpoint-path",
        "{{.checkpointOutputPrefix}}",
        "--prev-checkpoint",
        "{{.prevCheckpointPrefix}}",
        "--resolver",
        task.resolver,
        "--",
        *task.loader_args(),
    ]


def task_template(task: Task, s: SerializationSettings) -> tasks_pb2.TaskTemplate:
    m = task.metadata
    metadata = tasks_pb2.TaskMetadata(
        discoverable=m.cache,
        runtime=_runtime(),
        retries=literals_pb2.RetryStrategy(retries=m.retries),
        discovery_version=m.cache_version,
        deprecated_error_message=m.deprecated,
        cache_serializable=m.cache_serialize,
        pod_template_name=m.pod_template_name or "",
        generates_deck=BoolValue(value=bool(getattr(task, "enable_deck", False))),
        is_eager=bool(getattr(task, "is_eager", False)),
        cache_ignore_input_vars=m.cache_ignore_input_vars,
    )
    metadata.metadata.SetInParent()
    metadata.metadata.labels.update(m.labels or {})
    metadata.metadata.annotations.update(m.annotations or {})
    if m.timeout is not None:
        metadata.timeout.CopyFrom(_duration(m.timeout))
    if m.interruptible is not None:
        metadata.interruptible = m.interruptible
    template = tasks_pb2.TaskTemplate(
        id=_id(_ResourceType.TASK, task.name, s),
        type=task.task_type,
        metadata=metadata,
        interface=task.interface.to_idl(),
        task_type_version=1 if task.node_kind == "array" else 0,
    )
    custom = getattr(task, "custom", None)
    if custom:
        template.custom.update(custom)
    if isinstance(task, PythonAutoContainerTask):
        container = template.container
        container.image = _image(task.container_image, s, task.name)
        container.args.extend(_container_args(task))
        container.resources.CopyFrom(_task_resources(task, s))
        for key, value in _environment(task, s).items():
            container.env.add(key=key, value=value)
        if task.secret_requests:
            template.security_context.secrets.extend(r.to_idl() for r in task.secret_requests)
        if task.extended_resources is not None:
            template.extended_resources.CopyFrom(task.extended_resources)
    elif isinstance(task, ContainerTask):
        _raw_container(task, template, s)
    pod = getattr(task, "pod_template", None)
    if pod is not None:
        args_given = getattr(task, "arguments_given", True)
        to_k8s_pod(template, pod, lambda image: _image(image, s, task.name), args_given)
    return template


def _environment(task: PythonAutoContainerTask, s: SerializationSettings) -> dict[str, str]:
    """The container's environment: the settings', then for a dynamic or eager task the
    settings themselves (`_F_SS_C`, for what it serializes in the container), then the task's
    own, as flytekit orders them."""
    if not hasattr(task, "sub_graph") and not getattr(task, "is_eager", False):
        return {**s.env, **task.environment}
    from flytecheck.core.serialization_context import SERIALIZED_CONTEXT_ENV_VAR, serialized_context

    return {**s.env, SERIALIZED_CONTEXT_ENV_VAR: serialized_context(s), **task.environment}


def _raw_container(task: ContainerTask, template: tasks_pb2.TaskTemplate, s: Any) -> None:
    """A ContainerTask's container: its image and command, inputs and outputs as files."""
    container = template.container
    container.image = _image(task.image, s, task.name)
    container.command.extend(task.command)
    container.args.extend(task.arguments)
    container.resources.CopyFrom(_task_resources(task, s))
    for key, value in task.environment.items():
        container.env.add(key=key, value=value)
    data = container.data_config
    data.enabled = True
    data.input_path = task.input_data_dir or ""
    data.output_path = task.output_data_dir or ""
    data.format = int(task.metadata_format)
    if task.secret_requests:
        template.security_context.secrets.extend(r.to_idl() for r in task.secret_requests)


_IMAGE_TEMPLATE = re.compile(r"\{\{\s*\.image\.(\w+)\.(fqn|version)\s*\}\}")


def needs_default_image(image: str | ImageSpec | None) -> bool:
    """Whether a task's image is the settings' default (none of its own, or a template)."""
    return not isinstance(image, ImageSpec) and (not image or bool(_IMAGE_TEMPLATE.search(image)))


def no_default_image(whose: str) -> str:
    return (
        f"task {whose!r} names no container image of its own, and there is no default: the "
        "container has no _F_SS_C variable (the registered dynamic task's settings, where the "
        "default image comes from); give the task container_image=..., or run the dynamic "
        "task's template as registered"
    )


def _image(image: str | ImageSpec | None, s: SerializationSettings, whose: str) -> str:
    """The container image: an ImageSpec's name, or a string with flytekit's
    `{{.image.NAME.fqn}}:{{.image.NAME.version}}` templates filled from the settings' default
    image or the named one. Settings without an image (a dynamic task's container with no
    `_F_SS_C`, as pyflyte-execute's) serve only tasks that name their own."""
    if isinstance(image, ImageSpec):
        return image.image_name()
    if not s.image and needs_default_image(image):
        raise FlyteValidationException(no_default_image(whose))
    if not image:
        return s.image

    def fill(m: re.Match[str]) -> str:
        name, part = m.group(1), m.group(2)
        full = s.image if name == "default" else s.images.get(name)
        if full is None:
            known = ", ".join(["default", *s.images]) or "none"
            msg = (
                f"task {whose!r}: its image names image {name!r}, which the serialization "
                f"settings do not have (they have: {known}); add it to the ImageConfig"
            )
            raise FlyteValidationException(msg)
        fqn, _, version = full.rpartition(":") if ":" in full else (full, "", "latest")
        return fqn if part == "fqn" else version

    return _IMAGE_TEMPLATE.sub(fill, image)


def _description(entity: Any) -> DescriptionEntity:
    """The entity's description, as flytekit makes it: its `docs`, with the docstring's short
    and long descriptions winning over theirs."""
    docs = getattr(entity, "docs", None)
    out = docs.to_flyte_idl() if docs is not None else DescriptionEntity()
    if docs is None:
        out.long_description.format = DescriptionFormat.DESCRIPTION_FORMAT_RST
    said = entity.interface.docstring
    if said is not None and said.short_description:
        out.short_description = said.short_description
    if said is not None and said.long_description:
        out.long_description.CopyFrom(
            Description(
                value=said.long_description, format=DescriptionFormat.DESCRIPTION_FORMAT_RST
            )
        )
    return out


# -- bindings and conditions ----------------------------------------------------------------


def binding_data(bound: Bound) -> literals_pb2.BindingData:
    if bound.ref is not None:
        ref = bound.ref
        out = literals_pb2.BindingData()
        out.promise.node_id = ref.node_id
        out.promise.var = ref.var
        for step in ref.attr_path:
            attr = out.promise.attr_path.add()
            if isinstance(step, int):
                attr.int_value = step
            else:
                attr.string_value = step
        return out
    if bound.items is not None:
        return literals_pb2.BindingData(
            collection=literals_pb2.BindingDataCollection(
                bindings=[binding_data(b) for b in bound.items]
            )
        )
    if bound.entries is not None:
        return literals_pb2.BindingData(
            map=literals_pb2.BindingDataMap(bindings={k: binding_data(b) for k, b in bound.entries})
        )
    assert bound.literal is not None
    return literal_binding(bound.literal)


def literal_binding(lit: literals_pb2.Literal) -> literals_pb2.BindingData:
    kind = lit.WhichOneof("value")
    if kind == "collection":
        return literals_pb2.BindingData(
            collection=literals_pb2.BindingDataCollection(
                bindings=[literal_binding(x) for x in lit.collection.literals]
            )
        )
    if kind == "map":
        return literals_pb2.BindingData(
            map=literals_pb2.BindingDataMap(
                bindings={k: literal_binding(v) for k, v in lit.map.literals.items()}
            )
        )
    return literals_pb2.BindingData(scalar=lit.scalar)


def _operand(side: Any) -> condition_pb2.Operand:
    if isinstance(side, Promise):
        return condition_pb2.Operand(var=f"{side.ref.node_id}.{side.ref.var}")
    if side is None:
        operand = condition_pb2.Operand()
        operand.scalar.none_type.SetInParent()
        return operand
    lit = TypeEngine.to_literal(current_context(), side, type(side))
    return condition_pb2.Operand(primitive=lit.scalar.primitive)


def boolean_expression(
    expr: ComparisonExpression | ConjunctionExpression,
) -> condition_pb2.BooleanExpression:
    if isinstance(expr, ConjunctionExpression):
        return condition_pb2.BooleanExpression(
            conjunction=condition_pb2.ConjunctionExpression(
                operator=expr.op,
                left_expression=boolean_expression(expr.lhs),
                right_expression=boolean_expression(expr.rhs),
            )
        )
    return condition_pb2.BooleanExpression(
        comparison=condition_pb2.ComparisonExpression(
            operator=expr.op,
            left_value=_operand(expr.lhs),
            right_value=_operand(expr.rhs),
        )
    )


# -- nodes and workflows --------------------------------------------------------------------


def _entity_id(kind: str, entity: Any, s: SerializationSettings) -> identifier_pb2.Identifier:
    """Where a node's entity is registered: a reference's own identifier, or the settings'."""
    reference = getattr(entity, "reference", None)
    if reference is not None:
        return reference.identifier(kind)
    return _id(_KIND[kind], entity.name, s)


_KIND = {
    "task": _ResourceType.TASK,
    "workflow": _ResourceType.WORKFLOW,
    "launch_plan": _ResourceType.LAUNCH_PLAN,
}


def _node_metadata(node: Node) -> workflow_pb2.NodeMetadata:
    o = node.overrides
    meta = workflow_pb2.NodeMetadata(name=o.get("node_name") or o.get("name") or node.name)
    meta.retries.SetInParent()
    entity = node.entity
    if node.kind == "gate":
        meta.timeout.CopyFrom(_duration(entity.timeout))
        return meta
    if getattr(entity, "reference", None) is not None or node.kind in ("array", "array_node"):
        if "retries" in o:
            meta.retries.retries = o["retries"]
        return meta
    if node.kind == "task":
        m = entity.metadata
        retries = o.get("retries", m.retries)
        timeout = o.get("timeout", m.timeout)
        interruptible = o.get("interruptible", m.interruptible)
        meta.retries.retries = retries
        if timeout is not None:
            meta.timeout.CopyFrom(_duration(timeout))
        if interruptible is not None:
            meta.interruptible = interruptible
        _cache_overrides(node, meta)
    elif node.kind in ("workflow", "launch_plan"):
        meta.interruptible = bool(o.get("interruptible", getattr(entity, "interruptible", False)))
    return meta


def _cache_overrides(node: Node, meta: workflow_pb2.NodeMetadata) -> None:
    """`with_overrides(cache=..., cache_version=..., cache_serialize=...)` on a task node, as
    flytekit writes them (a Cache object gives its version and serialize)."""
    o = node.overrides
    cache: Any = o.get("cache")
    version, serial = o.get("cache_version"), o.get("cache_serialize")
    if isinstance(cache, Cache):
        if version is not None or serial is not None:
            msg = (
                f"node {node.id} ({node.name}): with_overrides(cache=Cache(...)) carries the "
                "version and serialize itself; drop cache_version= and cache_serialize="
            )
            raise FlyteValidationException(msg)
        if cache.version is None:
            msg = f"node {node.id} ({node.name}): with_overrides(cache=Cache(...)) needs a version"
            raise FlyteValidationException(msg)
        version, serial = cache.version, cache.serialize
    if cache is not None:
        meta.cacheable = bool(cache)
    if version is not None:
        meta.cache_version = version
    if serial is not None:
        meta.cache_serializable = serial


def _task_overrides(
    node: Node, out: workflow_pb2.TaskNodeOverrides, s: SerializationSettings
) -> None:
    """`with_overrides` of resources and image on a task node, into the node's overrides."""
    o = node.overrides
    out.SetInParent()
    if o.keys() & {"requests", "limits", "resources"}:
        where = f"node {node.id} ({node.name}): with_overrides"
        req, lim = requests_and_limits(
            where, o.get("resources"), o.get("requests"), o.get("limits")
        )
        out.resources.CopyFrom(convert_resources_to_resource_model(req, lim))
    if o.get("container_image") is not None:
        out.container_image = _image(o["container_image"], s, node.entity.name)


def node_idl(node: Node, s: SerializationSettings) -> workflow_pb2.Node:
    out = workflow_pb2.Node(id=node.id, metadata=_node_metadata(node))
    for name, bound in node.bindings.items():
        out.inputs.add(var=name, binding=binding_data(bound))
    entity = node.entity
    hidden = entity.case_reads if node.kind == "branch" else ()
    out.upstream_node_ids.extend(up.id for up in node.upstream if up not in hidden)
    if node.kind == "task":
        out.task_node.reference_id.CopyFrom(_entity_id("task", entity, s))
        if getattr(entity, "reference", None) is None:
            _task_overrides(node, out.task_node.overrides, s)
    elif node.kind == "workflow":
        out.workflow_node.sub_workflow_ref.CopyFrom(_entity_id("workflow", entity, s))
    elif node.kind == "launch_plan":
        out.workflow_node.launchplan_ref.CopyFrom(_entity_id("launch_plan", entity, s))
    elif node.kind == "array":
        _array_idl(node, out, s)
    elif node.kind == "array_node":
        _array_node_idl(node, out, s)
    elif node.kind == "gate":
        _gate_idl(entity, out.gate_node)
    else:
        _branch_idl(entity, out.branch_node.if_else, s)
    return out


def _array_idl(node: Node, out: workflow_pb2.Node, s: SerializationSettings) -> None:
    """An array node, as flytekit writes it: a sub-node running the map task on the same
    inputs, the parallelism and success criteria, the inputs bound for every element."""
    task = node.entity
    array = out.array_node
    sub = array.node
    sub.id = task.name
    sub.metadata.name = task.name
    sub.metadata.retries.SetInParent()
    sub.inputs.extend(out.inputs)
    sub.task_node.reference_id.CopyFrom(_id(_ResourceType.TASK, task.name, s))
    sub.task_node.overrides.SetInParent()
    _mapping(array, task)
    array.is_original_sub_node_interface.value = False
    array.bound_inputs.extend(task.bound_inputs)
    array.run_all_sub_nodes = task.run_all_sub_nodes


def _array_node_idl(node: Node, out: workflow_pb2.Node, s: SerializationSettings) -> None:
    """An array node of a launch plan or a reference task, as flytekit writes it: a sub-node
    (named for the target, with the node's metadata) launching the plan or running the task on
    the same inputs, the plan's interface kept as it is."""
    mapper = node.entity
    target = mapper.target
    array = out.array_node
    sub = array.node
    sub.id = _dnsify(target.name)
    sub.metadata.CopyFrom(out.metadata)
    sub.inputs.extend(out.inputs)
    if target.node_kind == "launch_plan":
        sub.workflow_node.launchplan_ref.CopyFrom(_entity_id("launch_plan", target, s))
    else:
        sub.task_node.reference_id.CopyFrom(_entity_id("task", target, s))
    _mapping(array, mapper)
    array.execution_mode = mapper.execution_mode
    array.data_mode = mapper.data_mode
    array.is_original_sub_node_interface.value = True
    array.run_all_sub_nodes = mapper.run_all_sub_nodes


def _mapping(array: workflow_pb2.ArrayNode, mapper: Any) -> None:
    """How many elements run at once, and how many must succeed (a count, else a ratio)."""
    if mapper.concurrency is not None:
        array.parallelism = mapper.concurrency
    if mapper.min_successes is not None:
        array.min_successes = mapper.min_successes
    elif mapper.min_success_ratio is not None:
        array.min_success_ratio = mapper.min_success_ratio


def _dnsify(name: str) -> str:
    """A DNS label (RFC 1123) for a node id, as flytekit derives one from a name: lower-case
    letters and digits, `-` for `_`, `.`, `-` and before a capital, at most 63 characters (a
    long name keeps its end, after 10 hex digits of its SHA-224)."""
    if len(name) >= 63:
        name = f"{hashlib.sha224(name.encode()).hexdigest()[:10]}-{name[-52:]}"
    label = ""
    for ch in name:
        if ch in "_-.":
            label += "-" if label and len(label) < 62 else ""
        elif ch.islower() or ch.isdigit():
            label += ch
        elif ch.isalnum():  # a capital: a hyphen before it
            label += "-" if label and label[-1] != "-" and len(label) < 62 else ""
            label += ch.lower()
    return label.removesuffix("-")


def _gate_idl(gate: Any, out: workflow_pb2.GateNode) -> None:
    if gate.kind == "sleep":
        out.sleep.duration.CopyFrom(_duration(gate.duration))
    elif gate.kind == "signal":
        out.signal.signal_id = gate.name
        out.signal.type.CopyFrom(gate.interface.to_idl().outputs.variables["o0"].type)
        out.signal.output_variable_name = "o0"
    else:
        out.approve.signal_id = gate.name


def _branch_idl(
    spec: BranchSpec, if_else: workflow_pb2.IfElseBlock, s: SerializationSettings
) -> None:
    blocks = [
        workflow_pb2.IfBlock(condition=boolean_expression(expr), then_node=node_idl(node, s))
        for expr, node in spec.cases
    ]
    if_else.case.CopyFrom(blocks[0])
    if_else.other.extend(blocks[1:])
    if spec.else_node is not None:
        if_else.else_node.CopyFrom(node_idl(spec.else_node, s))
    else:
        if_else.error.message = spec.error or ""


def workflow_template(
    wf: WorkflowBase, s: SerializationSettings, graph: WorkflowGraph | None = None
) -> workflow_pb2.WorkflowTemplate:
    """The workflow's template (of `graph`, when it was compiled otherwise than as usual)."""
    graph = graph or wf.compile()
    template = workflow_pb2.WorkflowTemplate(
        id=_id(_ResourceType.WORKFLOW, wf.name, s),
        metadata=workflow_pb2.WorkflowMetadata(on_failure=int(wf.failure_policy)),
        interface=wf.interface.to_idl(),
        metadata_defaults=workflow_pb2.WorkflowMetadataDefaults(interruptible=wf.interruptible),
    )
    template.nodes.extend(node_idl(n, s) for n in graph.nodes)
    if graph.failure_node is not None:
        template.failure_node.CopyFrom(node_idl(graph.failure_node, s))
    for name, bound in graph.outputs.items():
        template.outputs.add(var=name, binding=binding_data(bound))
    return template


def _sub_workflows(wf: WorkflowBase, seen: dict[str, WorkflowBase]) -> Iterator[WorkflowBase]:
    for node in wf.compile().walk():
        if node.kind == "workflow" and node.entity.name not in seen:
            seen[node.entity.name] = node.entity
            yield node.entity
            yield from _sub_workflows(node.entity, seen)


def launch_plan_idl(plan: LaunchPlan[Any], s: SerializationSettings) -> LaunchPlanIDL:
    ctx = current_context()
    wf_inputs = plan.workflow.interface.inputs
    o = plan.options
    metadata = LaunchPlanMetadata(notifications=[n.to_idl() for n in o.notifications])
    if o.schedule is not None:
        metadata.schedule.CopyFrom(o.schedule.to_idl())
    spec = LaunchPlanSpec(
        workflow_id=_id(_ResourceType.WORKFLOW, plan.workflow.name, s),
        entity_metadata=metadata,
        labels=Labels(values=o.labels.values if o.labels else {}),
        annotations=Annotations(values=o.annotations.values if o.annotations else {}),
        raw_output_data_config=RawOutputDataConfig(
            output_location_prefix=o.raw_output_data_config.output_location_prefix
            if o.raw_output_data_config
            else ""
        ),
        max_parallelism=o.max_parallelism or 0,
    )
    if o.overwrite_cache is not None:
        spec.overwrite_cache = o.overwrite_cache
    security = o.security_context.to_flyte_idl() if o.security_context is not None else None
    if security is not None:
        spec.security_context.CopyFrom(security)
    if o.concurrency is not None:
        spec.concurrency_policy.CopyFrom(o.concurrency.to_flyte_idl())
    spec.default_inputs.CopyFrom(plan.parameters)
    spec.fixed_inputs.SetInParent()
    for name, value in plan.fixed_inputs.items():
        spec.fixed_inputs.literals[name].CopyFrom(
            TypeEngine.to_literal(ctx, value, wf_inputs[name])
        )
    closure = LaunchPlanClosure()
    closure.expected_inputs.SetInParent()
    closure.expected_outputs.SetInParent()
    return LaunchPlanIDL(
        id=_id(_ResourceType.LAUNCH_PLAN, plan.name, s), spec=spec, closure=closure
    )


def get_serializable(
    entity: Any, settings: SerializationSettings
) -> TaskSpec | WorkflowSpec | LaunchPlanIDL:
    """The registration message for a task, workflow or launch plan; a workflow or launch
    plan the backend would refuse raises WorkflowCompileError listing every error."""
    if isinstance(entity, (WorkflowBase, LaunchPlan)):
        from flytecheck.core.backend import check_registration

        check_registration(entity, settings)
    return to_idl(entity, settings)


def to_idl(entity: Any, settings: SerializationSettings) -> TaskSpec | WorkflowSpec | LaunchPlanIDL:
    """The registration message, unchecked: what the backend's checker is given."""
    reference = getattr(entity, "reference", None)
    if reference is not None:
        msg = (
            f"{entity!r} is a reference to {reference.project}/{reference.domain} "
            f"{reference.name} version {reference.version}, registered elsewhere: it has no "
            "IDL of its own; serialize the workflows that use it"
        )
        raise FlyteValidationException(msg)
    if isinstance(entity, Task):
        spec = TaskSpec(template=task_template(entity, settings))
        if isinstance(entity, PythonFunctionTask):  # flytekit describes function tasks only
            spec.description.CopyFrom(_description(entity))
        return spec
    if isinstance(entity, WorkflowBase):
        subs = [workflow_template(w, settings) for w in _sub_workflows(entity, {})]
        spec = WorkflowSpec(template=workflow_template(entity, settings), sub_workflows=subs)
        if not isinstance(entity, ImperativeWorkflow):  # flytekit describes function ones only
            spec.description.CopyFrom(_description(entity))
        return spec
    if isinstance(entity, LaunchPlan):
        return launch_plan_idl(entity, settings)
    msg = f"{entity!r} is not a task, workflow or launch plan, so it has no Flyte IDL"
    raise FlyteValidationException(msg)
