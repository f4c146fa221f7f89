"""Launch plans: a workflow with some inputs given defaults and some fixed.

A fixed input cannot be passed by the caller, locally or in a workflow body: that is what the
backend enforces, and flytecheck enforces it at the call. Launch plans take keyword arguments
only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, ParamSpec, TypeVar, overload

from flyteidl.core.interface_pb2 import ParameterMap, Variable
from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import (
    FlyteEntityAlreadyExistsException,
    FlyteValidationException,
    TypeTransformerFailedError,
    refuse_options_not_serialized,
)
from flytecheck.core.interface import Interface
from flytecheck.core.node import create_node, map_arguments
from flytecheck.core.notification import Notification
from flytecheck.core.schedule import Schedule
from flytecheck.core.types import TypeEngine
from flytecheck.core.workflow import WorkflowBase

if TYPE_CHECKING:
    from flytecheck.core.workflow import PythonFunctionWorkflow

__all__ = ["Annotations", "Labels", "LaunchPlan", "RawOutputDataConfig"]

P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=WorkflowBase)
WF = TypeVar("WF", bound=WorkflowBase)  # a method's own: pyright solves it from the argument


@dataclass(frozen=True)
class Labels:
    """Kubernetes labels for the executions a launch plan starts."""

    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Annotations:
    """Kubernetes annotations for the executions a launch plan starts."""

    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RawOutputDataConfig:
    """Where an execution's raw outputs (files, dataframes) go."""

    output_location_prefix: str = ""


@dataclass(frozen=True)
class LaunchOptions:
    """How a launch plan's executions run: schedule, notifications, labels, annotations,
    raw output location, parallelism, cache overwriting."""

    schedule: Schedule | None = None
    notifications: tuple[Notification, ...] = ()
    labels: Labels | None = None
    annotations: Annotations | None = None
    raw_output_data_config: RawOutputDataConfig | None = None
    max_parallelism: int | None = None
    overwrite_cache: bool | None = None
    auto_activate: bool = False
    security_context: Any = None
    concurrency: Any = None


# flytekit launch-plan options flytecheck does not serialize yet: refused by name (flytekit
# itself refuses to serialize `trigger`: "not implemented yet").
_NOT_YET = ("trigger",)
_MORE = ("security_context", "auth_role", "concurrency")


class LaunchPlan(Generic[W]):
    """A named way to launch a workflow, with default and fixed inputs, and how its executions
    run (schedule, notifications, labels, ...). Generic over its workflow, so a type checker
    sees what a call of the plan returns (its inputs are keywords, defaults may be left out)."""

    node_kind = "launch_plan"
    keyword_only = True
    _registry: ClassVar[dict[str, LaunchPlan[Any]]] = {}

    def __init__(
        self,
        name: str,
        workflow: WorkflowBase,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
        options: LaunchOptions | None = None,
    ) -> None:
        self._name = name
        self.workflow = workflow
        self.default_inputs = dict(default_inputs or {})
        self.fixed_inputs = dict(fixed_inputs or {})
        self.options = options or LaunchOptions()
        wf_inputs = workflow.interface.inputs
        for kind, given in (("default", self.default_inputs), ("fixed", self.fixed_inputs)):
            for input_name, value in given.items():
                if input_name not in wf_inputs:
                    msg = (
                        f"launch plan {name!r}: {kind} input {input_name!r} is not an input of "
                        f"workflow {workflow.name!r} ({', '.join(wf_inputs) or 'none'})"
                    )
                    raise FlyteValidationException(msg)
                try:
                    TypeEngine.to_literal(current_context(), value, wf_inputs[input_name])
                except TypeTransformerFailedError as err:
                    raise err.within(
                        where=f"launch plan {name!r}, {kind} input {input_name!r}"
                    ) from err
        both = sorted(set(self.default_inputs) & set(self.fixed_inputs))
        if both:
            msg = f"launch plan {name!r}: input {both[0]!r} is both a default and a fixed input"
            raise FlyteValidationException(msg)
        inputs = {n: t for n, t in wf_inputs.items() if n not in self.fixed_inputs}
        defaults = {
            n: v
            for n, v in {**workflow.interface.defaults, **self.default_inputs}.items()
            if n in inputs
        }
        self._interface = workflow.interface.with_inputs(inputs, defaults)
        self._check_kickoff()

    def _check_kickoff(self) -> None:
        """A schedule's kickoff-time argument must be a datetime input the schedule can set."""
        import datetime

        schedule = self.options.schedule
        arg = schedule.kickoff_time_input_arg if schedule is not None else None
        if not arg:
            return
        wf_inputs = self.workflow.interface.inputs
        if arg not in wf_inputs or arg in self.fixed_inputs:
            msg = (
                f"launch plan {self.name!r}: the schedule's kickoff_time_input_arg {arg!r} is "
                f"not an input of workflow {self.workflow.name!r} the schedule can set (inputs: "
                f"{', '.join(n for n in wf_inputs if n not in self.fixed_inputs) or 'none'})"
            )
            raise FlyteValidationException(msg)
        if wf_inputs[arg] is not datetime.datetime:
            msg = (
                f"launch plan {self.name!r}: the schedule passes its kickoff time to input "
                f"{arg!r}, which takes {getattr(wf_inputs[arg], '__name__', wf_inputs[arg])}, "
                "not datetime; annotate it `datetime.datetime`"
            )
            raise FlyteValidationException(msg)

    @property
    def name(self) -> str:
        return self._name

    @property
    def short_name(self) -> str:
        return self._name

    @property
    def interface(self) -> Interface:
        return self._interface

    @property
    def python_interface(self) -> Interface:
        return self._interface

    @property
    def concurrency(self) -> Any:
        """The plan's ConcurrencyPolicy, or None."""
        return self.options.concurrency

    @property
    def parameters(self) -> ParameterMap:
        """The plan's inputs as registration gives them: each input's type, and its default
        (the plan's, else the workflow's) or `required`."""
        ctx = current_context()
        out = ParameterMap()
        for name, python_type in self._interface.inputs.items():
            param = out.parameters[name]
            param.var.CopyFrom(
                Variable(type=TypeEngine.to_literal_type(python_type), description=name)
            )
            given = self.default_inputs if name in self.default_inputs else self._interface.defaults
            if name in given:
                param.default.CopyFrom(TypeEngine.to_literal(ctx, given[name], python_type))
            else:
                param.required = True
        return out

    def __repr__(self) -> str:
        return f"LaunchPlan({self.name!r} of {self.workflow.name!r})"

    def _same_as(self, other: LaunchPlan[Any]) -> bool:
        return (
            self.workflow.name == other.workflow.name
            and self.default_inputs == other.default_inputs
            and self.fixed_inputs == other.fixed_inputs
            and _settings(self.options) == _settings(other.options)
        )

    @classmethod
    def _register(cls, plan: LaunchPlan[WF]) -> LaunchPlan[WF]:
        """Keep `plan` under its name. Declaring the same plan again (a module imported anew)
        replaces the old one; another plan under the same name is an error."""
        existing = cls._registry.get(plan.name)
        if existing is not None and not existing._same_as(plan):
            msg = (
                f"launch plan {plan.name!r} already exists with other settings (workflow "
                f"{existing.workflow.name!r}); give the new one another name"
            )
            raise FlyteEntityAlreadyExistsException(msg)
        cls._registry[plan.name] = plan
        return plan

    @classmethod
    def create(
        cls,
        name: str,
        workflow: WF,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
        schedule: Schedule | None = None,
        notifications: Sequence[Notification] | None = None,
        labels: Labels | Mapping[str, str] | None = None,
        annotations: Annotations | Mapping[str, str] | None = None,
        raw_output_data_config: RawOutputDataConfig | str | None = None,
        max_parallelism: int | None = None,
        overwrite_cache: bool | None = None,
        auto_activate: bool = False,
        **unsupported: Any,
    ) -> LaunchPlan[WF]:
        """Create and register a launch plan; another plan under the same name is an error."""
        options = _options(
            name,
            schedule,
            notifications,
            labels,
            annotations,
            raw_output_data_config,
            max_parallelism,
            overwrite_cache,
            auto_activate,
            unsupported,
        )
        made: LaunchPlan[WF] = LaunchPlan(name, workflow, default_inputs, fixed_inputs, options)
        return cls._register(made)

    @classmethod
    def get_or_create(
        cls,
        workflow: WF,
        name: str | None = None,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
        schedule: Schedule | None = None,
        notifications: Sequence[Notification] | None = None,
        labels: Labels | Mapping[str, str] | None = None,
        annotations: Annotations | Mapping[str, str] | None = None,
        raw_output_data_config: RawOutputDataConfig | str | None = None,
        max_parallelism: int | None = None,
        overwrite_cache: bool | None = None,
        auto_activate: bool = False,
        **unsupported: Any,
    ) -> LaunchPlan[WF]:
        """The launch plan `name` (default: the workflow's own), created if new; an error if a
        plan of that name exists with other settings."""
        name = name or workflow.name
        options = _options(
            name,
            schedule,
            notifications,
            labels,
            annotations,
            raw_output_data_config,
            max_parallelism,
            overwrite_cache,
            auto_activate,
            unsupported,
        )
        existing = cls._registry.get(name)
        asks_nothing = not (default_inputs or fixed_inputs) and options == LaunchOptions()
        if existing is not None and existing.workflow is workflow and asks_nothing:
            return existing
        candidate: LaunchPlan[WF] = LaunchPlan(
            name, workflow, default_inputs, fixed_inputs, options
        )
        if existing is not None and existing.workflow is workflow and existing._same_as(candidate):
            return existing
        return cls._register(candidate)

    @classmethod
    def get_default_launch_plan(cls, ctx: Any, workflow: WF) -> LaunchPlan[WF]:
        """The plan every workflow has: its own name, no defaults beyond the workflow's."""
        return cls.get_or_create(workflow)

    def _refuse_fixed(self, given: Mapping[str, Any]) -> None:
        fixed = [n for n in given if n in self.fixed_inputs]
        if fixed:
            name = fixed[0]
            msg = (
                f"launch plan {self.name!r} fixes input {name!r} to {self.fixed_inputs[name]!r}; "
                "it cannot be passed: drop the argument or launch another plan"
            )
            raise FlyteValidationException(msg)

    @overload
    def __call__(self: LaunchPlan[PythonFunctionWorkflow[P, R]], **kwargs: Any) -> R: ...

    @overload
    def __call__(self, **kwargs: Any) -> Any: ...

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_fixed(kwargs)
        ctx = current_context()
        if ctx.compilation_state is not None:
            return create_node(self, args, kwargs)
        from flytecheck.core.context import ExecutionState
        from flytecheck.core.local import run_locally

        given = map_arguments(self, args, kwargs)
        self.workflow.check_registration()
        return run_locally(self, ctx, given, ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION)

    def full_inputs(self, inputs: LiteralMap) -> LiteralMap:
        """The workflow's inputs for a launch: what was given, the defaults, the fixed values."""
        ctx = current_context()
        out = LiteralMap()
        out.MergeFrom(inputs)
        wf_inputs = self.workflow.interface.inputs
        for name, value in {**self._interface.defaults, **self.fixed_inputs}.items():
            if name not in inputs.literals or name in self.fixed_inputs:
                out.literals[name].CopyFrom(TypeEngine.to_literal(ctx, value, wf_inputs[name]))
        for name in self._interface.inputs:
            if name not in out.literals:
                out.literals[name].CopyFrom(TypeEngine.to_literal(ctx, None, wf_inputs[name]))
        return out


def _settings(options: LaunchOptions) -> Any:
    """What two declarations of the same plan must share (schedules and notifications by their
    IDL, which is what registration compares)."""
    schedule = options.schedule.to_idl() if options.schedule is not None else None
    return (
        schedule,
        [n.to_idl() for n in options.notifications],
        options.labels,
        options.annotations,
        options.raw_output_data_config,
        options.max_parallelism,
        options.overwrite_cache,
        repr(options.security_context),
        options.concurrency,
    )


def _options(
    name: str,
    schedule: Schedule | None,
    notifications: Sequence[Notification] | None,
    labels: Labels | Mapping[str, str] | None,
    annotations: Annotations | Mapping[str, str] | None,
    raw_output: RawOutputDataConfig | str | None,
    max_parallelism: int | None,
    overwrite_cache: bool | None,
    auto_activate: bool,
    unsupported: dict[str, Any],
) -> LaunchOptions:
    """LaunchOptions from LaunchPlan.create's arguments, each checked, naming the plan."""
    refuse_options_not_serialized(f"launch plan {name!r}", unsupported, _NOT_YET)
    unknown = sorted(o for o in unsupported if o not in _NOT_YET and o not in _MORE)
    if unknown:
        msg = f"launch plan {name!r}: LaunchPlan has no option {', '.join(unknown)}"
        raise FlyteValidationException(msg)
    if schedule is not None and not isinstance(schedule, Schedule):
        msg = (
            f"launch plan {name!r}: schedule takes CronSchedule(...) or FixedRate(...), not "
            f"{schedule!r}"
        )
        raise FlyteValidationException(msg)
    for n in notifications or ():
        if not isinstance(n, Notification):
            msg = (
                f"launch plan {name!r}: notifications take Email(...), Slack(...) or "
                f"PagerDuty(...), not {n!r}"
            )
            raise FlyteValidationException(msg)
    if max_parallelism is not None and (
        not isinstance(max_parallelism, int)
        or isinstance(max_parallelism, bool)
        or max_parallelism < 1
    ):
        msg = (
            f"launch plan {name!r}: max_parallelism must be a whole number >= 1, "
            f"not {max_parallelism!r}"
        )
        raise FlyteValidationException(msg)
    return LaunchOptions(
        security_context=_security_context(name, unsupported),
        concurrency=_concurrency(name, unsupported.get("concurrency")),
        schedule=schedule,
        notifications=tuple(notifications or ()),
        labels=Labels(dict(labels)) if isinstance(labels, Mapping) else labels,
        annotations=Annotations(dict(annotations))
        if isinstance(annotations, Mapping)
        else annotations,
        raw_output_data_config=RawOutputDataConfig(raw_output)
        if isinstance(raw_output, str)
        else raw_output,
        max_parallelism=max_parallelism,
        overwrite_cache=overwrite_cache,
        auto_activate=auto_activate,
    )


def _security_context(name: str, given: dict[str, Any]) -> Any:
    """The plan's SecurityContext; an AuthRole becomes one, as flytekit makes it."""
    from flytecheck.core.models.security import Identity, SecurityContext

    context, role = given.get("security_context"), given.get("auth_role")
    if context is not None and role is not None:
        msg = (
            f"launch plan {name!r}: give security_context or auth_role, not both (auth_role is "
            "the older form: write security_context=SecurityContext(run_as=Identity(...)))"
        )
        raise FlyteValidationException(msg)
    if role is not None:
        return SecurityContext(
            run_as=Identity(
                iam_role=role.assumable_iam_role,
                k8s_service_account=role.kubernetes_service_account,
            )
        )
    if context is not None and not callable(getattr(context, "to_flyte_idl", None)):
        msg = (
            f"launch plan {name!r}: security_context={context!r} is not a SecurityContext; "
            "write SecurityContext(run_as=Identity(k8s_service_account=...))"
        )
        raise FlyteValidationException(msg)
    return context


def _concurrency(name: str, given: Any) -> Any:
    if given is not None and not callable(getattr(given, "to_flyte_idl", None)):
        msg = (
            f"launch plan {name!r}: concurrency={given!r} is not a ConcurrencyPolicy; write "
            "ConcurrencyPolicy(max_concurrency=1)"
        )
        raise FlyteValidationException(msg)
    return given


_ELSEWHERE = {
    "ReferenceLaunchPlan": "flytecheck.core.reference",
    "reference_launch_plan": "flytecheck.core.reference",
}
"""Names flytekit keeps in `flytekit.core.launch_plan` that the core keeps in `core.reference`
(loaded on first use: it builds on this module)."""


def __getattr__(name: str) -> Any:
    from flytecheck._lazy import attribute_elsewhere

    return attribute_elsewhere(__name__, name, _ELSEWHERE)
