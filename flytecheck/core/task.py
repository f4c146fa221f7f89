"""Tasks: the units of work Flyte runs in containers.

`@task` turns a typed function into a PythonFunctionTask. Outside a workflow a task call runs it
(inputs and outputs converted through the type engine both ways, as in a container); inside a
workflow body it adds a node and returns Promises.
"""

from __future__ import annotations

import datetime
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, TypeVar, overload

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck._lazy import attribute_elsewhere
from flytecheck.core._entity import Entity
from flytecheck.core.cache import Cache, VersionParameters
from flytecheck.core.context import ExecutionState, FlyteContext, current_context
from flytecheck.core.exceptions.scopes import run_as_user, system_entry_point
from flytecheck.core.exceptions.user import (
    FlyteValidationException,
    TypeTransformerFailedError,
    refuse_options_not_serialized,
    type_name,
)
from flytecheck.core.extended_resources import extended_resources
from flytecheck.core.image_spec import ImageSpec
from flytecheck.core.interface import Interface, check_types, transform_function_to_interface
from flytecheck.core.node import create_node, map_arguments
from flytecheck.core.pod_template import PodTemplate, checked_pod_template
from flytecheck.core.resources import Resources, ResourceSpec, requests_and_limits
from flytecheck.core.secrets import Secret
from flytecheck.core.types import TypeEngine

__all__ = [
    "DEFAULT_RESOLVER",
    "PythonAutoContainerTask",
    "PythonFunctionTask",
    "PythonInstanceTask",
    "PythonTask",
    "Resources",
    "Task",
    "TaskMetadata",
    "task",
]

DEFAULT_RESOLVER = "flytecheck.core.resolver.default_task_resolver"
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class TaskMetadata:
    """What Flyte needs to schedule a task: caching, retries, timeout, interruptibility."""

    cache: bool = False
    cache_version: str = ""
    cache_serialize: bool = False
    interruptible: bool | None = None
    deprecated: str = ""
    retries: int = 0
    timeout: datetime.timedelta | None = None
    pod_template_name: str | None = None
    cache_ignore_input_vars: tuple[str, ...] = ()
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None

    def check(self, name: str) -> None:
        """Refuse settings Flyte would refuse, naming the task and the setting."""
        if not isinstance(self.retries, int) or isinstance(self.retries, bool) or self.retries < 0:
            msg = f"task {name!r}: retries must be a whole number >= 0, not {self.retries!r}"
            raise FlyteValidationException(msg)
        if self.cache and not self.cache_version:
            msg = (
                f"task {name!r}: cache=True needs cache_version, the key that decides when "
                "cached results are stale: pass cache_version='1.0'"
            )
            raise FlyteValidationException(msg)


def _timeout(name: str, timeout: Any) -> datetime.timedelta | None:
    if timeout is None or timeout == 0:
        return None
    if isinstance(timeout, datetime.timedelta):
        return timeout
    if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > 0:
        return datetime.timedelta(seconds=timeout)
    msg = f"task {name!r}: timeout must be a positive int (seconds) or a timedelta, not {timeout!r}"
    raise FlyteValidationException(msg)


class Task(Entity):
    """Anything Flyte can run as a task: a name, a type, an interface and metadata."""

    node_kind = "task"
    local_attempts = True  # a local run gives each attempt a checkpoint and retries (local.py)

    def __init__(
        self,
        task_type: str,
        name: str,
        interface: Interface,
        metadata: TaskMetadata | None = None,
    ) -> None:
        super().__init__(name, interface)
        self.task_type = task_type
        self.metadata = metadata or TaskMetadata()
        self.metadata.check(name)
        unknown = [n for n in self.metadata.cache_ignore_input_vars if n not in interface.inputs]
        if unknown:
            msg = (
                f"task {name!r}: cache ignores input {unknown[0]!r}, which the task does not "
                f"have (its inputs: {', '.join(interface.inputs) or 'none'}); fix the name"
            )
            raise FlyteValidationException(msg)

    def execute(self, **kwargs: Any) -> Any:
        """Run the task's own work on Python inputs; return its Python outputs."""
        raise NotImplementedError

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ctx = current_context()
        if ctx.compilation_state is not None:
            return create_node(self, args, kwargs)
        return self.local_call(ctx, map_arguments(self, args, kwargs))

    def local_call(self, ctx: FlyteContext, given: dict[str, Any]) -> Any:
        """Run the task outside a workflow, as a container would: inputs and outputs converted
        through the type engine, errors raised as the task's own."""
        from flytecheck.core.local import run_locally

        return run_locally(self, ctx, given, ExecutionState.Mode.LOCAL_TASK_EXECUTION)

    def inputs_to_literals(self, ctx: FlyteContext, given: dict[str, Any]) -> LiteralMap:
        """Convert given inputs (defaults filled in) to a LiteralMap, naming the task on error."""
        iface = self._interface
        values = {n: given[n] if n in given else iface.default_for(n) for n in iface.inputs}
        return TypeEngine.dict_to_literal_map(
            ctx,
            values,
            iface.inputs,
            where=f"task {self.name!r}",
            pickle_untyped=iface.pickle_untyped,
        )

    def literals_to_outputs(self, ctx: FlyteContext, outputs: LiteralMap) -> Any:
        iface = self._interface
        values = TypeEngine.literal_map_to_kwargs(
            ctx,
            outputs,
            iface.outputs,
            where=f"task {self.name!r} output",
            pickle_untyped=iface.pickle_untyped,
        )
        return pack_outputs(iface, values)

    @system_entry_point
    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """Literals in, literals out: convert the inputs, run `execute` as user code, convert
        the outputs. What the user's code raises is scoped USER, the rest SYSTEM."""
        iface = self._interface
        kwargs = TypeEngine.literal_map_to_kwargs(
            ctx,
            inputs,
            iface.inputs,
            where=f"task {self.name!r}",
            pickle_untyped=iface.pickle_untyped,
        )
        result = run_as_user(self.execute, **kwargs)
        return self.outputs_to_literals(ctx, result)

    def outputs_to_literals(self, ctx: FlyteContext, result: Any) -> LiteralMap:
        """Check what the task returned against its declared outputs and convert it."""
        return outputs_to_literal_map(ctx, self._interface, result, f"task {self.name!r}")


def unpack_outputs(interface: Interface, result: Any, subject: str) -> dict[str, Any]:
    """Match what an entity returned to its declared outputs, by position."""
    names = list(interface.outputs)
    if not names:
        if result is not None:
            msg = (
                f"{subject} returned {result!r} but declares no outputs; annotate the return "
                "type or return nothing"
            )
            raise FlyteValidationException(msg)
        return {}
    if len(names) == 1:
        only = interface.outputs[names[0]]
        if interface.output_tuple is not None and isinstance(result, interface.output_tuple):
            return {names[0]: result[0]}
        if isinstance(result, tuple) and not _is_tuple_type(only):
            msg = (
                f"{subject} returned a tuple of {len(result)} values but declares one output "
                f"({type_name(only)}); return one value, or annotate Tuple[...] for several outputs"
            )
            raise TypeTransformerFailedError(
                only, result, msg, where=f"{subject}, output {names[0]!r}"
            )
        return {names[0]: result}
    if not isinstance(result, tuple) or len(result) != len(names):
        count = len(result) if isinstance(result, tuple) else 1
        msg = (
            f"{subject} returned {count} value(s) but declares "
            f"{len(names)} outputs ({', '.join(names)})"
        )
        raise FlyteValidationException(msg)
    return dict(zip(names, result, strict=True))


def _is_tuple_type(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, tuple)


def outputs_to_literal_map(
    ctx: FlyteContext, interface: Interface, result: Any, subject: str
) -> LiteralMap:
    values = unpack_outputs(interface, result, subject)
    try:
        return TypeEngine.dict_to_literal_map(
            ctx,
            values,
            interface.outputs,
            where=f"{subject} output",
            pickle_untyped=interface.pickle_untyped,
        )
    except TypeTransformerFailedError as err:
        raise err.within(where=err.where.replace(" output, input ", ", output ")) from err


def pack_outputs(interface: Interface, values: dict[str, Any]) -> Any:
    """Python outputs as a caller receives them, as flytekit gives them: None, one value, or
    the declared NamedTuple (a one-field one too; `DefaultNamedTupleOutput` for a tuple)."""
    if not values:
        return None
    if interface.output_tuple is not None:
        return interface.output_tuple(**values)
    if len(values) == 1:
        return next(iter(values.values()))
    return tuple(values.values())


class PythonTask(Task):
    """A task whose work is Python code: subclass it and implement `execute(**kwargs)`, as a
    flytekit plugin does (flytekit's constructor: task type, name, config, interface)."""

    def __init__(
        self,
        task_type: str,
        name: str,
        task_config: Any = None,
        interface: Interface | None = None,
        environment: dict[str, str] | None = None,
        *,
        metadata: TaskMetadata | None = None,
        enable_deck: bool | None = None,
        **options: Any,
    ) -> None:
        interface = check_types(interface or Interface(), "task", name)
        unknown = sorted(o for o in options if o not in _NO_EFFECT)
        if unknown:
            msg = f"task {name!r}: {type(self).__name__} has no option {', '.join(unknown)}"
            raise FlyteValidationException(msg)
        super().__init__(task_type, name, interface, metadata)
        self.task_config = task_config
        self.environment = dict(environment or {})
        self.enable_deck = bool(enable_deck)

    def stub_name(self) -> str:
        """The name to stub this task by, as the user's code knows it."""
        return self.short_name

    def needs_stub(self, why: str) -> Exception:
        """The error for a task that cannot run locally, with the stub to write."""
        from flytecheck.core._stub import needs_stub

        return needs_stub(f"task {self.name!r}", why, self.stub_name())


class PythonAutoContainerTask(PythonTask):
    """A Python task that runs in the project's image, loaded by the entrypoint through a
    resolver (module + name)."""

    def __init__(
        self,
        task_type: str,
        name: str,
        interface: Interface,
        metadata: TaskMetadata | None = None,
        *,
        container_image: str | ImageSpec | None = None,
        environment: dict[str, str] | None = None,
        requests: Resources | None = None,
        limits: Resources | None = None,
        resolver: str = DEFAULT_RESOLVER,
        secret_requests: list[Secret] | None = None,
        enable_deck: bool = False,
        accelerator: Any = None,
        shared_memory: bool | str | None = None,
        docs: Any = None,
        pod_template: PodTemplate | None = None,
    ) -> None:
        Task.__init__(self, task_type, name, interface, metadata)
        self.extended_resources = extended_resources(name, accelerator, shared_memory)
        self.docs = docs
        self.pod_template = checked_pod_template(name, pod_template)
        self.container_image = container_image
        self.environment = dict(environment or {})
        self.requests = requests
        self.limits = limits
        self.resolver = resolver
        self.secret_requests = list(secret_requests or [])
        self.enable_deck = enable_deck
        for secret in self.secret_requests:
            if not isinstance(secret, Secret):
                msg = (
                    f"task {name!r}: secret_requests takes Secret objects, not "
                    f"{secret!r}: write Secret(group=..., key=...)"
                )
                raise FlyteValidationException(msg)

    def loader_args(self) -> list[str]:
        """How the entrypoint finds this task again: its module and its name there."""
        module, _, attr = self.name.rpartition(".")
        return ["task-module", module, "task-name", attr]


def _module_of(fn: Callable[..., Any]) -> str:
    module = fn.__module__
    if module == "__main__":
        main_file = getattr(sys.modules["__main__"], "__file__", None)
        if main_file:
            return Path(main_file).stem
    return module


def is_test_module(module: str) -> bool:
    """A test module (`test_*` or `*_test`), where flytekit accepts tasks defined inside
    functions: they run locally, though no container could load them by module and name."""
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last.endswith("_test")


class PythonFunctionTask(PythonAutoContainerTask, Generic[P, R]):
    """A task made from a typed Python function (`@task`). Generic over the function's
    parameters and return, so a type checker sees a call as the function: `add(a=1, b=2)` is an
    `int` outside a workflow, and a wrong or missing input is reported (flytecheck.mypy makes
    it a Promise inside a workflow body)."""

    if TYPE_CHECKING:

        def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def __init__(
        self,
        task_function: Callable[P, R],
        metadata: TaskMetadata | None = None,
        *,
        pickle_untyped: bool = False,
        task_type: str = "python-task",
        **kwargs: Any,
    ) -> None:
        module = _module_of(task_function)
        name = f"{module}.{task_function.__name__}"
        if "<locals>" in task_function.__qualname__ and not is_test_module(module):
            outer = task_function.__qualname__.rsplit(".<locals>", 1)[0]
            msg = (
                f"task {name!r} is defined inside {outer}(); "
                "the container loads tasks by module and name, so define it at module level "
                "(flytekit and flytecheck accept it only in a test module, test_*.py or *_test.py)"
            )
            raise FlyteValidationException(msg)
        interface = transform_function_to_interface(
            task_function, kind="task", name=name, pickle_untyped=pickle_untyped
        )
        super().__init__(task_type, name, interface, metadata, **kwargs)
        self.task_function = task_function
        self.__doc__ = task_function.__doc__
        self.__wrapped__ = task_function

    def execute(self, **kwargs: Any) -> Any:
        call: Callable[..., Any] = self.task_function
        return call(**kwargs)


class PythonInstanceTask(PythonAutoContainerTask):
    """A task that is an instance of a class with an `execute(**kwargs)` method, declared with
    `inputs=kwtypes(...)` and `outputs=kwtypes(...)`."""

    def __init__(
        self,
        name: str,
        task_config: Any = None,
        task_type: str = "python-task",
        *,
        inputs: dict[str, Any] | None = None,
        outputs: dict[str, Any] | None = None,
        metadata: TaskMetadata | None = None,
        **kwargs: Any,
    ) -> None:
        interface = check_types(Interface(dict(inputs or {}), dict(outputs or {})), "task", name)
        super().__init__(task_type, name, interface, metadata, **kwargs)
        self.task_config = task_config
        self._module = _caller_module()

    def loader_args(self) -> list[str]:
        module = sys.modules.get(self._module)
        for attr, value in vars(module).items() if module else ():
            if value is self:
                return ["task-module", self._module, "task-name", attr]
        msg = (
            f"task {self.name!r} is not a module-level variable of {self._module}; the container "
            "loads tasks by module and name, so assign it at module level"
        )
        raise FlyteValidationException(msg)


def _caller_module() -> str:
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("flytecheck.core"):
        frame = frame.f_back  # type: ignore[assignment]
    return str(frame.f_globals.get("__name__", "__main__")) if frame is not None else "__main__"


# flytekit options that change nothing in the task's IDL or its local run.
_NO_EFFECT = ("deck_fields", "node_dependency_hints", "disable_deck")
# flytekit options flytecheck does not serialize yet: refused by name, never dropped in silence.
_NOT_YET = (
    "task_resolver",
    "execution_mode",
)


@overload
def task(_task_function: Callable[P, R], /) -> PythonFunctionTask[P, R]: ...


@overload
def task(
    _task_function: None = None,
    /,
    *,
    task_config: Any = ...,
    cache: bool | Cache = ...,
    cache_version: str = ...,
    cache_serialize: bool = ...,
    cache_ignore_input_vars: tuple[str, ...] = ...,
    retries: int = ...,
    interruptible: bool | None = ...,
    deprecated: str = ...,
    timeout: int | datetime.timedelta = ...,
    container_image: str | ImageSpec | None = ...,
    environment: dict[str, str] | None = ...,
    requests: Resources | None = ...,
    limits: Resources | None = ...,
    resources: Resources | ResourceSpec | None = ...,
    secret_requests: list[Secret] | None = ...,
    enable_deck: bool | None = ...,
    pickle_untyped: bool = ...,
    pod_template_name: str | None = ...,
    accelerator: Any = ...,
    shared_memory: bool | str | None = ...,
    labels: dict[str, str] | None = ...,
    annotations: dict[str, str] | None = ...,
    docs: Any = ...,
    pod_template: PodTemplate | None = ...,
    **options: Any,
) -> Callable[[Callable[P, R]], PythonFunctionTask[P, R]]: ...


def task(
    _task_function: Callable[..., Any] | None = None,
    /,
    *,
    task_config: Any = None,
    cache: bool | Cache = False,
    cache_version: str = "",
    cache_serialize: bool = False,
    cache_ignore_input_vars: tuple[str, ...] = (),
    retries: int = 0,
    interruptible: bool | None = None,
    deprecated: str = "",
    timeout: int | datetime.timedelta = 0,
    container_image: str | ImageSpec | None = None,
    environment: dict[str, str] | None = None,
    requests: Resources | None = None,
    limits: Resources | None = None,
    resources: Resources | ResourceSpec | None = None,
    secret_requests: list[Secret] | None = None,
    enable_deck: bool | None = None,
    pickle_untyped: bool = False,
    pod_template_name: str | None = None,
    accelerator: Any = None,
    shared_memory: bool | str | None = None,
    labels: dict[str, str] | None = None,
    annotations: dict[str, str] | None = None,
    docs: Any = None,
    pod_template: PodTemplate | None = None,
    _task_class: type[PythonFunctionTask[Any, Any]] | None = None,
    **options: Any,
) -> PythonFunctionTask[Any, Any] | Callable[[Callable[..., Any]], PythonFunctionTask[Any, Any]]:
    """Make a Flyte task of a typed function; usable bare (`@task`) or with flytekit's options
    (`@task(retries=3, cache=True, cache_version="1")`). `@dynamic` builds on it with its own
    `_task_class`."""

    def wrap(fn: Callable[..., Any]) -> PythonFunctionTask[Any, Any]:
        name = f"{_module_of(fn)}.{fn.__name__}"
        _refuse_options(name, task_config, options)
        req, lim = requests_and_limits(f"task {name!r}", resources, requests, limits)
        metadata = TaskMetadata(
            retries=retries,
            interruptible=interruptible,
            deprecated=deprecated,
            timeout=_timeout(name, timeout),
            pod_template_name=pod_template_name,
            labels=labels,
            annotations=annotations,
            **_cache_settings(
                cache,
                cache_version,
                cache_serialize,
                tuple(cache_ignore_input_vars),
                VersionParameters(fn, container_image, pod_template, pod_template_name),
            ),
        )
        return (_task_class or _function_task_class(fn))(
            fn,
            metadata,
            pickle_untyped=pickle_untyped,
            container_image=container_image,
            environment=environment,
            requests=req,
            limits=lim,
            secret_requests=secret_requests,
            enable_deck=bool(enable_deck),
            accelerator=accelerator,
            shared_memory=shared_memory,
            docs=docs,
            pod_template=pod_template,
        )

    if _task_function is not None:
        return wrap(_task_function)
    return wrap


def _function_task_class(fn: Callable[..., Any]) -> type[PythonFunctionTask[Any, Any]]:
    """PythonFunctionTask, or for an `async def` AsyncPythonFunctionTask (which runs the
    coroutine; loaded on first use, as it builds on this module)."""
    if not inspect.iscoroutinefunction(fn):
        return PythonFunctionTask
    from flytecheck.core.async_task import AsyncPythonFunctionTask

    return AsyncPythonFunctionTask


def _refuse_options(name: str, task_config: Any, options: dict[str, Any]) -> None:
    """Options flytecheck cannot honour are errors naming them, never dropped in silence."""
    if task_config is not None:
        msg = (
            f"task {name!r}: task_config={type(task_config).__name__}(...) configures a backend "
            "plugin that flytecheck does not have; test the task without it, or stub it"
        )
        raise FlyteValidationException(msg)
    refuse_options_not_serialized(f"task {name!r}", options, _NOT_YET)
    unknown = sorted(o for o in options if o not in _NO_EFFECT and o not in _NOT_YET)
    if unknown:
        msg = f"task {name!r}: @task has no option {', '.join(unknown)}"
        raise FlyteValidationException(msg)


def _cache_settings(
    cache: bool | Cache,
    version: str,
    serialize: bool,
    ignored: tuple[str, ...],
    params: VersionParameters[Any, Any],
) -> dict[str, Any]:
    """TaskMetadata's cache fields from `cache=True` + `cache_*` options or a Cache object
    (whose version its policies may compute from the task)."""
    if not isinstance(cache, Cache):
        return {
            "cache": bool(cache),
            "cache_version": version,
            "cache_serialize": serialize,
            "cache_ignore_input_vars": ignored,
        }
    return {
        "cache": True,
        "cache_version": cache.get_version(params),
        "cache_serialize": cache.serialize,
        "cache_ignore_input_vars": cache.ignored(),
    }


_ELSEWHERE = {
    "Echo": "flytecheck.core.echo_task",
    "ReferenceTask": "flytecheck.core.reference",
    "reference_task": "flytecheck.core.reference",
    "eager": "flytecheck.core.eager",
}
"""Names flytekit keeps in `flytekit.core.task` that the core keeps in modules of their own
(loaded on first use: they build on this module)."""


def __getattr__(name: str) -> Any:
    return attribute_elsewhere(__name__, name, _ELSEWHERE)
