"""Launch plans: defaults, fixed inputs, and launch plans as nodes."""

from __future__ import annotations

import pytest

from flytecheck.core import LaunchPlan, task, workflow
from flytecheck.core.exceptions import (
    FlyteEntityAlreadyExistsException,
    FlyteValidationException,
    TypeTransformerFailedError,
)
from flytecheck.core.serialize import SerializationSettings, get_serializable


@task
def scale(x: int, factor: int) -> int:
    return x * factor


@workflow
def scaled(x: int, factor: int = 2) -> int:
    return scale(x=x, factor=factor)


triple = LaunchPlan.get_or_create(scaled, name="tests.triple", default_inputs={"factor": 3})
fixed_ten = LaunchPlan.create("tests.fixed_ten", scaled, fixed_inputs={"x": 10})


@workflow
def via_plans(x: int) -> int:
    return fixed_ten(factor=triple(x=x))


def test_launch_plans_as_nodes_run_with_their_inputs() -> None:
    """A launch plan node applies its defaults and fixed inputs."""
    assert triple(x=2) == 6
    assert via_plans(x=1) == 30


def test_launch_plan_nodes_serialize_as_references() -> None:
    """A launch plan node refers to the plan by id and binds only what was passed."""
    nodes = get_serializable(via_plans, SerializationSettings()).template.nodes  # type: ignore[union-attr]
    assert nodes[0].workflow_node.launchplan_ref.name == "tests.triple"
    assert [b.var for b in nodes[0].inputs] == ["x"]
    spec = get_serializable(
        scaled_default := LaunchPlan.get_or_create(scaled), SerializationSettings()
    )
    params = spec.spec.default_inputs.parameters  # type: ignore[union-attr]
    assert params["x"].required
    assert params["factor"].default.scalar.primitive.integer == 2
    assert LaunchPlan.get_or_create(scaled) is scaled_default


def test_declaring_the_same_plan_again_replaces_it() -> None:
    """A module imported anew declares its plans again: the same settings are accepted."""
    again = LaunchPlan.create("tests.triple", scaled, default_inputs={"factor": 3})
    assert (
        LaunchPlan.get_or_create(scaled, name="tests.triple", default_inputs={"factor": 3}) is again
    )


@pytest.mark.parametrize(
    ("make", "error", "fragment"),
    [
        (
            lambda: LaunchPlan.create("tests.bad1", scaled, default_inputs={"y": 1}),
            FlyteValidationException,
            "'y' is not an input",
        ),
        (
            lambda: LaunchPlan.create("tests.bad2", scaled, fixed_inputs={"x": "one"}),
            TypeTransformerFailedError,
            "fixed input 'x'",
        ),
        (
            lambda: LaunchPlan.create(
                "tests.bad3", scaled, default_inputs={"x": 1}, fixed_inputs={"x": 1}
            ),
            FlyteValidationException,
            "both a default and a fixed input",
        ),
        (
            lambda: LaunchPlan.create("tests.triple", scaled),
            FlyteEntityAlreadyExistsException,
            "already exists",
        ),
        (
            lambda: LaunchPlan.get_or_create(
                scaled, name="tests.triple", default_inputs={"factor": 4}
            ),
            FlyteEntityAlreadyExistsException,
            "already exists with other settings",
        ),
    ],
)
def test_bad_launch_plans(make: object, error: type[Exception], fragment: str) -> None:
    """Launch plans that could not launch are refused when made, naming the input."""
    with pytest.raises(error, match=fragment):
        make()  # type: ignore[operator]
