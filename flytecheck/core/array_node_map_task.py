"""`map_task`: one task run once per element of its list inputs, as the backend's ArrayNode.

`map_task(t)(x=[...])` maps `t` over `x`; `map_task(functools.partial(t, k=v))` binds `k` to
the same value for every element. In a workflow it is an array node. When it runs, every element
goes through the context's runner as a run of `t` (so a stub of `t` answers per element, and a
stub of the map task itself answers for the whole node). Elements run one after another: the
`concurrency` a map task declares is what the backend may run at once, and changes nothing
locally. With `min_success_ratio` (or `min_successes`) below all, failed elements give None
outputs while enough succeed, as the backend does; the outputs are then `List[Optional[T]]`.
"""

from __future__ import annotations

import functools
import hashlib
import typing
from typing import Any, Generic, ParamSpec, TypeVar, overload

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.array_node import array_node, check_mapped, run_elements
from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.interface import Interface
from flytecheck.core.task import PythonAutoContainerTask, PythonFunctionTask, PythonInstanceTask

__all__ = ["ArrayNodeMapTask", "MapTaskResolver", "array_node_map_task", "map_task"]

RESOLVER = "flytecheck.core.array_node_map_task.map_task_resolver"


def _mapped_interface(task: Any, bound: set[str], optional_outputs: bool) -> Interface:
    """The map task's interface: lists of the task's inputs (bound ones kept as they are) and
    a list of its output (of Optionals when failures are allowed), as flytekit spells them
    (`typing.List`, which `list[...]` does not equal)."""
    iface = task.interface
    inputs = {n: t if n in bound else typing.List[t] for n, t in iface.inputs.items()}  # type: ignore[valid-type]  # noqa: UP006
    outputs = {
        n: typing.List[typing.Optional[t]] if optional_outputs else typing.List[t]  # type: ignore[valid-type]  # noqa: UP006, UP045
        for n, t in iface.outputs.items()
    }
    defaults = {n: v for n, v in iface.defaults.items() if n in bound}
    return Interface(inputs, outputs, defaults, pickle_untyped=iface.pickle_untyped)


P = ParamSpec("P")
R = TypeVar("R")


class ArrayNodeMapTask(PythonAutoContainerTask, Generic[P, R]):
    """A task mapped over lists: the entity behind an array node. Generic over its call (lists
    of the task's inputs, the list of its output) for flytecheck.mypy, which fills them in;
    without the plugin a map task's call is untyped."""

    node_kind = "array"

    def __init__(
        self,
        target: Any,
        *,
        concurrency: int | None = None,
        min_successes: int | None = None,
        min_success_ratio: float | None = 1.0,
        run_all_sub_nodes: bool = False,
        metadata: Any = None,
    ) -> None:
        bound_values: dict[str, Any] = {}
        if isinstance(target, functools.partial):
            if target.args:
                msg = (
                    f"map_task: functools.partial({getattr(target.func, 'name', target.func)}, "
                    "...) binds inputs by position; bind them by name (partial(t, k=v))"
                )
                raise FlyteValidationException(msg)
            bound_values = dict(target.keywords)
            target = target.func
        _check_target(target, bound_values, min_successes, min_success_ratio)
        bound = set(bound_values)
        interface = _mapped_interface(
            target,
            bound,
            min_successes is not None or (min_success_ratio is not None and min_success_ratio != 1),
        )
        module, function = _module_and_function(target)
        digest = hashlib.md5(
            f"{','.join(sorted(bound))}{concurrency}{min_successes}{min_success_ratio}".encode()
        ).hexdigest()
        name = f"{module}.map_{function}_{digest}-arraynode"
        super().__init__(
            target.task_type,
            name,
            interface,
            metadata or target.metadata,
            container_image=target.container_image,
            environment=target.environment,
            requests=target.requests,
            limits=target.limits,
            resolver=RESOLVER,
            secret_requests=target.secret_requests,
        )
        self.target = target
        self.bound_values = bound_values
        self.concurrency = concurrency
        self.run_all_sub_nodes = run_all_sub_nodes
        self.min_successes = min_successes
        self.min_success_ratio = min_success_ratio

    @property
    def short_name(self) -> str:
        return self.name

    @property
    def bound_inputs(self) -> list[str]:
        return sorted(self.bound_values)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if args:
            msg = f"map task {self.name!r} takes keyword arguments only: the lists to map over"
            raise FlyteValidationException(msg)
        return typing.cast("R", super().__call__(**{**self.bound_values, **kwargs}))

    def loader_args(self) -> list[str]:
        return [
            "vars",
            ",".join(self.bound_inputs),
            "resolver",
            self.target.resolver,
            *self.target.loader_args(),
        ]

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """Run the task on each element, through the runner; collect the outputs."""
        from flytecheck.core.local import run_entity

        return run_elements(
            self,
            inputs,
            mapped=[n for n in self.interface.inputs if n not in self.bound_values],
            run=lambda element: run_entity(self.target, element, ctx),
            remedy=(
                "pass lists of one length, or bind the inputs that are the same for every "
                "element with functools.partial"
            ),
        )


def _check_target(
    target: Any,
    bound: dict[str, Any],
    min_successes: int | None,
    min_success_ratio: float | None,
) -> None:
    name = getattr(target, "name", repr(target))
    from flytecheck.core.dynamic import DynamicTask
    from flytecheck.core.eager import EagerTask

    if isinstance(target, (DynamicTask, EagerTask)) or not isinstance(
        target, (PythonFunctionTask, PythonInstanceTask)
    ):
        msg = (
            f"map_task({name}): only plain tasks (@task, or a PythonInstanceTask), launch "
            "plans and reference tasks can be mapped, not dynamic tasks or workflows; map a "
            "launch plan of a workflow (LaunchPlan.get_or_create(wf)), and call a dynamic "
            "task's work from a task"
        )
        raise FlyteValidationException(msg)
    unknown = [n for n in bound if n not in target.interface.inputs]
    if unknown:
        msg = (
            f"map_task({name}): functools.partial binds {unknown[0]!r}, which the task does "
            f"not take (its inputs: {', '.join(target.interface.inputs) or 'none'})"
        )
        raise FlyteValidationException(msg)
    check_mapped(
        f"map_task({name})", target, min_successes, min_success_ratio, FlyteValidationException
    )


def _module_and_function(target: Any) -> tuple[str, str]:
    """How flytekit names what is mapped: a function task by its module and function, an
    instance task by its type and name."""
    if isinstance(target, PythonFunctionTask):
        module, _, function = target.name.rpartition(".")
        return module, function
    return target.task_type, target.name.rsplit(".", 1)[-1]


@overload
def map_task(
    target: PythonFunctionTask[..., R], concurrency: int | None = None
) -> ArrayNodeMapTask[..., list[R]]: ...


@overload
def map_task(
    target: PythonFunctionTask[..., R],
    concurrency: int | None = None,
    *,
    min_successes: int,
) -> ArrayNodeMapTask[..., list[R | None]]: ...


@overload
def map_task(
    target: PythonFunctionTask[..., R],
    concurrency: int | None = None,
    *,
    min_success_ratio: float,
) -> ArrayNodeMapTask[..., list[R | None]]: ...


@overload
def map_task(
    target: Any,
    concurrency: int | None = None,
    min_successes: int | None = None,
    min_success_ratio: float = 1.0,
    run_all_sub_nodes: bool = False,
    **kwargs: Any,
) -> Any: ...


def map_task(
    target: Any,
    concurrency: int | None = None,
    min_successes: int | None = None,
    min_success_ratio: float | None = 1.0,
    run_all_sub_nodes: bool = False,
    **kwargs: Any,
) -> Any:
    """Map a task (or a functools.partial of one) over its list inputs; a launch plan or a
    reference task, as flytekit does, through an array node (`array_node`). Typed by its
    output: the list of the task's output (of Optionals when failures are allowed);
    flytecheck.mypy types the inputs too (a list for each)."""
    metadata = kwargs.pop("metadata", None)  # the map task's own TaskMetadata, as in flytekit
    if kwargs:
        msg = (
            f"map_task has no option {', '.join(sorted(kwargs))}; it takes concurrency, "
            "min_successes, min_success_ratio, run_all_sub_nodes and metadata"
        )
        raise FlyteValidationException(msg)
    kind = getattr(target, "node_kind", None)
    if kind == "launch_plan" or (kind == "task" and getattr(target, "reference", None)):
        return array_node(
            target,
            concurrency=concurrency,
            min_successes=min_successes,
            min_success_ratio=min_success_ratio,
            run_all_sub_nodes=run_all_sub_nodes,
        )
    return ArrayNodeMapTask(
        target,
        concurrency=concurrency,
        min_successes=min_successes,
        min_success_ratio=min_success_ratio,
        run_all_sub_nodes=run_all_sub_nodes,
        metadata=metadata,
    )


array_node_map_task = map_task
"""flytekit's other name for map_task."""


class MapTaskResolver:
    """Where a map task's container loads it: `vars <bound> resolver <r> <task's loader
    args>`: the mapped task through its own resolver, and which inputs are bound.
    `flytecheck-map-execute` runs one element of it (see map_element.py)."""

    location = RESOLVER

    def load_task(self, loader_args: list[str]) -> Any:
        from flytecheck.core.exceptions.system import FlyteEntrypointNotLoadable
        from flytecheck.core.map_element import MapElement
        from flytecheck.core.resolver import load_resolver

        if len(loader_args) < 4 or loader_args[0] != "vars" or loader_args[2] != "resolver":
            msg = (
                f"map task loader args {loader_args} must be: vars <bound inputs> resolver "
                "<task resolver> <the task's loader args>"
            )
            raise FlyteEntrypointNotLoadable(msg)
        bound = frozenset(n for n in loader_args[1].split(",") if n)
        target = load_resolver(loader_args[3]).load_task(list(loader_args[4:]))
        return MapElement(target, bound)

    def loader_args(self, task: Any) -> list[str]:
        return list(task.loader_args())


map_task_resolver = MapTaskResolver()
