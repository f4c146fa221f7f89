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

    @classmethod
    def create(
        cls,
        name: str,
        workflow: WorkflowBase,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
    ) -> LaunchPlan:
        """Create and register a launch plan; a second one under the same name is an error."""
        if name in cls._registry:
            msg = (
                f"a launch plan named {name!r} already exists; "
                "pick another name or use get_or_create"
            )
            raise FlyteEntityAlreadyExistsException(msg)
        plan = cls(name, workflow, default_inputs, fixed_inputs)
        cls._registry[name] = plan
        return plan

    @classmethod
    def get_or_create(
        cls,
        workflow: WorkflowBase,
        name: str | None = None,
        default_inputs: Mapping[str, Any] | None = None,
        fixed_inputs: Mapping[str, Any] | None = None,
    ) -> LaunchPlan:
        """The launch plan `name` (default: the workflow's own); created if new, and an error if
        it exists with other inputs."""
        name = name or workflow.name
        existing = cls._registry.get(name)
        if existing is None:
            return cls.create(name, workflow, default_inputs, fixed_inputs)
        same = (
            existing.workflow is workflow
            and existing.default_inputs == dict(default_inputs or {})
            and existing.fixed_inputs == dict(fixed_inputs or {})
        )
        if not same and (default_inputs or fixed_inputs or existing.workflow is not workflow):
            msg = (
                f"launch plan {name!r} already exists with "
                "other settings; give the new one another name"
            )
            raise FlyteEntityAlreadyExistsException(msg)
        return existing

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
        given = map_arguments(self, args, kwargs)
        values = {n: given.get(n, self._interface.default_for(n)) for n in self._interface.inputs}
        return self.workflow.local_call(ctx, {**values, **self.fixed_inputs})

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
