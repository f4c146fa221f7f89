"""Nodes: what calling an entity inside a workflow body creates.

`create_node` is the single path every entity call in a workflow body takes: it maps positional
and keyword arguments onto the entity's inputs, binds each to a Promise or a constant, checks
each Promise's type against the input with the backend's rules (so the error points at the
user's line), and returns Promises for the node's outputs.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import functools
import typing
from typing import TYPE_CHECKING, Any, Protocol

from flyteidl.core.literals_pb2 import Literal

from flytecheck.core._casting import castable, mismatch
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import (
    FlyteAssertion,
    FlyteCompilationException,
    FlytePromiseMisuseError,
    FlyteValidationException,
    TypeTransformerFailedError,
    type_name,
)
from flytecheck.core.interface import Interface
from flytecheck.core.promise import NodeOutput, Promise, VoidPromise
from flytecheck.core.types import TypeEngine

if TYPE_CHECKING:
    from flytecheck.core.condition import ConditionalSection

__all__ = ["Bound", "CompilationState", "Entity", "Node", "Unfinished", "create_node", "kind_name"]


class Unfinished:
    """Something written in a workflow body that is not a value yet (a conditional without
    its else_()): binding it says what is missing instead of reporting a type mismatch."""

    def unfinished(self) -> str:
        raise NotImplementedError


class Entity(Protocol):
    """What a task, a workflow or a launch plan offers to become a node."""

    @property
    def name(self) -> str: ...

    @property
    def short_name(self) -> str: ...

    @property
    def interface(self) -> Interface: ...

    node_kind: str
    keyword_only: bool


@dataclasses.dataclass(frozen=True)
class Bound:
    """What one input of a node is bound to: a promise, a constant literal, or a list or dict of
    those (when a constant container holds promises)."""

    python_type: Any
    ref: NodeOutput | None = None
    literal: Literal | None = None
    items: tuple[Bound, ...] | None = None
    entries: tuple[tuple[str, Bound], ...] | None = None

    def refs(self) -> list[NodeOutput]:
        if self.ref is not None:
            return [self.ref]
        nested = self.items or tuple(b for _, b in self.entries or ())
        return [r for b in nested for r in b.refs()]


_OVERRIDES = {
    "name",
    "node_name",
    "retries",
    "timeout",
    "interruptible",
    "requests",
    "limits",
    "resources",
    "container_image",
    "cache",
    "cache_version",
    "cache_serialize",
}


@dataclasses.dataclass(eq=False)
class Node:
    """One step of a workflow: an entity, its bound inputs, and the nodes it must follow."""

    id: str
    name: str
    entity: Any
    kind: str
    bindings: dict[str, Bound]
    upstream: list[Node] = dataclasses.field(default_factory=list)
    overrides: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Node({self.id}, {self.kind} {self.name})"

    @property
    def outputs(self) -> dict[str, Promise[Any]]:
        """The node's outputs as Promises, by name (for imperative workflows)."""
        return {n: Promise(n, NodeOutput(self, n, t)) for n, t in self._output_types().items()}

    def __getattr__(self, name: str) -> Promise[Any]:
        """An output by name (`node.o0`), as flytekit's create_node gives it."""
        if not name.startswith("_") and name in self._output_types():
            return self.outputs[name]
        msg = f"node {self.id} ({self.name}) has no attribute or output {name!r}"
        raise AttributeError(msg)

    def _output_types(self) -> dict[str, Any]:
        entity = self.__dict__.get("entity")
        if entity is None:
            return {}
        outputs: dict[str, Any] = (
            entity.outputs if self.__dict__.get("kind") == "branch" else entity.interface.outputs
        )
        return outputs

    def runs_before(self, other: Any) -> Any:
        """Make `other` (a Promise, VoidPromise or Node) wait for this node; returns it, so
        `a >> b >> c` chains."""
        target = _node_of(other)
        if target is self:
            msg = f"node {self.id} ({self.name}) cannot run before itself"
            raise FlyteValidationException(msg)
        if self not in target.upstream:
            target.upstream.append(self)
        return other

    def __rshift__(self, other: Any) -> Any:
        return self.runs_before(other)

    def with_overrides(self, **overrides: Any) -> None:
        unknown = sorted(set(overrides) - _OVERRIDES)
        if unknown:
            msg = (
                f"node {self.id} ({self.name}): unknown override(s) {', '.join(unknown)}; "
                f"known: {', '.join(sorted(_OVERRIDES))}"
            )
            raise FlyteValidationException(msg)
        if "timeout" in overrides and isinstance(overrides["timeout"], int):
            overrides["timeout"] = datetime.timedelta(seconds=overrides["timeout"])
        self.overrides.update(overrides)


def _node_of(other: Any) -> Node:
    if isinstance(other, Node):
        return other
    if isinstance(other, VoidPromise):
        return other.node
    if isinstance(other, Promise) and other.ref.node is not None:
        return other.ref.node
    if isinstance(other, tuple) and other and isinstance(other[0], Promise):
        return _node_of(other[0])
    msg = f"{other!r} is not a node's output; `>>` orders the outputs of entity calls"
    raise FlytePromiseMisuseError(msg)


class CompilationState:
    """The workflow body being compiled: its nodes, in creation order, and open conditionals."""

    def __init__(
        self, workflow: str, *, counter: list[int] | None = None, prefix: str = ""
    ) -> None:
        self.workflow = workflow
        self.nodes: list[Node] = []
        self.open_sections: list[ConditionalSection] = []
        self._counter = counter if counter is not None else [0]
        self.prefix = prefix

    def next_id(self) -> str:
        """n0, n1, ...; a dynamic task's sub-workflow in a container is dn0, dn1, ... (flytekit's
        prefix for it)."""
        n = self._counter[0]
        self._counter[0] += 1
        return f"{self.prefix}n{n}"

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node


_KIND_NAMES = {"array": "map task", "array_node": "array node", "launch_plan": "launch plan"}


def kind_name(entity: Any) -> str:
    """What an entity is called in messages: task, workflow, launch plan, map task."""
    kind: str = entity.node_kind
    return _KIND_NAMES.get(kind, kind)


def map_arguments(entity: Entity, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
    names = list(entity.interface.inputs)
    if args and entity.keyword_only:
        example = ", ".join(f"{n}=..." for n in names)
        msg = (
            f"{kind_name(entity)} {entity.name!r} takes keyword arguments "
            f"only: call it as {entity.short_name}({example})"
        )
        raise FlyteValidationException(msg)
    if len(args) > len(names):
        msg = (
            f"{kind_name(entity)} {entity.name!r} takes {len(names)} input(s) "
            f"({', '.join(names)}) but {len(args)} were passed"
        )
        raise FlyteValidationException(msg)
    given = dict(zip(names, args, strict=False))
    for name, value in kwargs.items():
        if name in given:
            msg = (
                f"{kind_name(entity)} {entity.name!r} got two values for "
                f"input {name!r}, one positional and one by name"
            )
            raise FlyteValidationException(msg)
        given[name] = value
    unknown = [n for n in given if n not in entity.interface.inputs]
    if unknown:
        msg = (
            f"{kind_name(entity)} {entity.name!r} has no input {unknown[0]!r}; its inputs are "
            f"{', '.join(names) or 'none'}"
        )
        raise FlyteValidationException(msg)
    missing = [n for n in entity.interface.required if n not in given]
    if missing:
        shown = ", ".join(map(repr, missing))
        remedy = getattr(entity, "missing_inputs_remedy", "pass each by name")
        msg = f"{kind_name(entity)} {entity.name!r} is missing input(s) {shown}: {remedy}"
        raise FlyteAssertion(msg)  # flytekit's class (and error code) for it
    return given


def bind(value: Any, python_type: Any, *, workflow: str, node: str, input: str) -> Bound:
    """Bind `value` (a Promise, a constant, or a container holding promises) to an input."""
    if isinstance(value, Unfinished):
        raise FlyteCompilationException(
            value.unfinished(),
            workflow=workflow,
            node=node,
            input=input,
            code="BranchNodeHasNoDefault",
        )
    if isinstance(value, Promise):
        check_binding(value.ref, python_type, workflow=workflow, node=node, input=input)
        return Bound(value.ref.python_type, ref=value.ref)
    if isinstance(value, VoidPromise):
        msg = (
            f"{value.node.name} has no outputs, so it cannot "
            "be passed as an input; use `>>` to order nodes"
        )
        raise FlyteCompilationException(
            msg, workflow=workflow, node=node, input=input, code="VariableNameNotFound"
        )
    origin, args = typing.get_origin(python_type), typing.get_args(python_type)
    if isinstance(value, list) and origin is list and args and _holds_promises(value):
        items = tuple(
            bind(v, args[0], workflow=workflow, node=node, input=f"{input}[{i}]")
            for i, v in enumerate(value)
        )
        return Bound(python_type, items=items)
    if (
        isinstance(value, dict)
        and origin is dict
        and args
        and args[0] is str
        and _holds_promises(value)
    ):
        entries = tuple(
            (k, bind(v, args[1], workflow=workflow, node=node, input=f"{input}[{k!r}]"))
            for k, v in value.items()
        )
        return Bound(python_type, entries=entries)
    if _holds_promises(value):
        msg = (
            f"a {type(value).__name__} holding promises cannot be "
            f"bound to an input of type {type_name(python_type)}"
        )
        fields: tuple[str, ...] = getattr(value, "_fields", ())
        if len(fields) == 1 and isinstance(value[0], Promise):
            msg = (
                f"{msg}: it is the one-field NamedTuple output of {value[0].ref.node_id}; "
                f"pass its field, `.{fields[0]}`"
            )
        raise FlyteCompilationException(
            msg, workflow=workflow, node=node, input=input, code="MismatchingBindings"
        )
    try:
        literal = TypeEngine.to_literal(current_context(), value, python_type)
    except TypeTransformerFailedError as err:
        raise err.within(where=f"workflow {workflow!r}, node {node}, input {input!r}") from err
    return Bound(python_type, literal=literal)


def _holds_promises(value: Any) -> bool:
    if isinstance(value, (Promise, VoidPromise)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_promises(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_promises(v) for v in value.values())
    return False


def check_binding(
    ref: NodeOutput, python_type: Any, *, workflow: str, node: str, input: str
) -> None:
    """Raise FlyteCompilationException unless `ref`'s type may flow into `python_type`."""
    if ref.python_type is python_type:  # the common case: one task's output type is the next's
        return
    upstream = TypeEngine.codec(ref.python_type, pickle_untyped=True).literal_type
    downstream = TypeEngine.codec(python_type, pickle_untyped=True).literal_type
    if not castable(upstream, downstream):
        source = f"{ref.node.id if ref.node is not None else 'wf'}.{ref.var}"
        msg = mismatch(f"input {input!r}", downstream, source, upstream)
        raise FlyteCompilationException(
            msg, workflow=workflow, node=node, input=input, code="MismatchingTypes"
        )


def outputs_of(node: Node, outputs: dict[str, Any], output_tuple: Any = None) -> Any:
    """The Promises a node call returns: none, one, or a named tuple of them."""
    promises: list[Promise[Any]] = [
        Promise(name, NodeOutput(node, name, t)) for name, t in outputs.items()
    ]
    if not promises:
        return VoidPromise(node)
    if output_tuple is not None:
        return _node_outputs(output_tuple)(*promises)
    if len(promises) == 1:
        return promises[0]
    plain = collections.namedtuple(f"{node.name}_outputs", list(outputs))  # type: ignore[misc]
    return _node_outputs(plain)(*promises)


@functools.cache
def _node_outputs(tuple_class: type[Any]) -> type[Any]:
    """The output tuple's class (a NamedTuple the function declared, so `isinstance` holds)
    with the node's own methods, as flytekit's output tuple has them:
    `t(...).with_overrides(...)`, `.runs_before(...)` and `>>`."""

    def with_overrides(self: Any, **overrides: Any) -> Any:
        self[0].with_overrides(**overrides)
        return self

    def runs_before(self: Any, other: Any) -> Any:
        return self[0].runs_before(other)

    return type(
        tuple_class.__name__,
        (tuple_class,),
        {
            "__slots__": (),
            "__module__": tuple_class.__module__,
            "__qualname__": tuple_class.__qualname__,
            "with_overrides": with_overrides,
            "runs_before": runs_before,
            "__rshift__": runs_before,
        },
    )


def create_node(entity: Entity, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Add a node for `entity` to the workflow body being compiled; return its Promises."""
    state = current_context().compilation_state
    assert state is not None
    given = map_arguments(entity, args, kwargs)
    node_id = state.next_id()
    label = f"{node_id} ({entity.short_name})"  # as the backend's errors name a node
    interface = entity.interface
    bindings: dict[str, Bound] = {}
    for name in sorted(interface.inputs):
        python_type = interface.inputs[name]
        if name in given:
            value = given[name]
        elif entity.node_kind == "launch_plan":
            continue  # the launch plan applies its own defaults
        else:
            value = interface.default_for(name)
        bindings[name] = bind(value, python_type, workflow=state.workflow, node=label, input=name)
    node = Node(node_id, entity.short_name, entity, entity.node_kind, bindings)
    for bound in bindings.values():
        for ref in bound.refs():
            if ref.node is not None and ref.node not in node.upstream:
                node.upstream.append(ref.node)
    state.add(node)
    return outputs_of(node, interface.outputs, interface.output_tuple)
