"""Launch plans: a workflow with some inputs given defaults and some fixed.

A fixed input cannot be passed by the caller, locally or in a workflow body: that is what the
backend enforces, and flytecheck enforces it at the call. Launch plans take keyword arguments
only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import (
    FlyteEntityAlreadyExistsException,
    FlyteValidationException,
    TypeTransformerFailedError,
)
from flytecheck.core.interface import Interface
from flytecheck.core.node import create_node, map_arguments
from flytecheck.core.types import TypeEngine
from flytecheck.core.workflow import WorkflowBase

__all__ = ["LaunchPlan"]


class LaunchPlan:
    """A named way to launch a workflow, with default and fixed inputs."""

    node_kind = "launch_plan"
    keyword_only = True
    _registry: ClassVar[dict[str, LaunchPlan]] = {}

    def __init__(
        self,
        name: str,
        workflow: WorkflowBase,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
    ) -> None:
        self._name = name
        self.workflow = workflow
        self.default_inputs = dict(default_inputs or {})
        self.fixed_inputs = dict(fixed_inputs or {})
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

    @property
    def name(self) -> str:
        return self._name

    @property
    def short_name(self) -> str:
        return self._name

    @property
    def interface(self) -> Interface:
        return self._interface

    def __repr__(self) -> str:
        return f"LaunchPlan({self.name!r} of {self.workflow.name!r})"

    def _same_as(self, other: LaunchPlan) -> bool:
        return (
            self.workflow.name == other.workflow.name
            and self.default_inputs == other.default_inputs
            and self.fixed_inputs == other.fixed_inputs
        )

    @classmethod
    def _register(cls, plan: LaunchPlan) -> LaunchPlan:
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
        workflow: WorkflowBase,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
    ) -> LaunchPlan:
        """Create and register a launch plan; another plan under the same name is an error."""
        return cls._register(cls(name, workflow, default_inputs, fixed_inputs))

    @classmethod
    def get_or_create(
        cls,
        workflow: WorkflowBase,
        name: str | None = None,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
    ) -> LaunchPlan:
        """The launch plan `name` (default: the workflow's own), created if new; an error if a
        plan of that name exists with other settings."""
        name = name or workflow.name
        existing = cls._registry.get(name)
        if (
            existing is not None
            and existing.workflow is workflow
            and not (default_inputs or fixed_inputs)
        ):
            return existing
        if existing is not None and existing.workflow is workflow:
            candidate = cls(name, workflow, default_inputs, fixed_inputs)
            if existing._same_as(candidate):
                return existing
            return cls._register(candidate)
        return cls._register(cls(name, workflow, default_inputs, fixed_inputs))

    def _refuse_fixed(self, given: Mapping[str, Any]) -> None:
        fixed = [n for n in given if n in self.fixed_inputs]
        if fixed:
            name = fixed[0]
            msg = (
                f"launch plan {self.name!r} fixes input {name!r} to {self.fixed_inputs[name]!r}; "
                "it cannot be passed: drop the argument or launch another plan"
            )
            raise FlyteValidationException(msg)

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
