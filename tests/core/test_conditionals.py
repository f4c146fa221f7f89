"""Conditionals: how they are written wrong, and what they compile to."""

from __future__ import annotations

import re
import typing

import pytest
from flyteidl.core.condition_pb2 import ComparisonExpression

from flytecheck.core import conditional, task, workflow
from flytecheck.core.exceptions import (
    FlyteCompilationException,
    FlytePromiseMisuseError,
    FlyteValidationException,
)
from flytecheck.core.serialize import SerializationSettings, get_serializable


@task
def one(x: int) -> int:
    return x


@task
def flag(x: int) -> bool:
    return x > 0


def compile_body(body: typing.Callable[[typing.Any], typing.Any]) -> None:
    @workflow
    def wf(x: int) -> None:
        body(x)

    wf.compile()


@pytest.mark.parametrize(
    ("body", "error", "fragment"),
    [
        (
            lambda x: conditional("c").if_(x > 0).fail("no"),
            FlyteValidationException,
            "only else_() can fail",
        ),
        (
            lambda x: conditional("c").if_(x > 0).then(one(x=x)).if_(x > 1),
            FlyteValidationException,
            "already has if_",
        ),
        (
            lambda x: conditional("c").elif_(x > 0),
            FlyteValidationException,
            "start with if_() before elif_",
        ),
        (
            lambda x: conditional("c").else_(),
            FlyteValidationException,
            "start with if_() before else_",
        ),
        (lambda x: conditional("c").if_(one(x=x)), FlytePromiseMisuseError, "use p.is_true()"),
        (lambda x: conditional("c").if_(True), FlytePromiseMisuseError, "needs a comparison"),
        (
            lambda x: conditional("c").if_(x > 0).then(one(x=one(x=x))).else_().then(one(x=x)),
            FlyteCompilationException,
            "creates 2 nodes",
        ),
        (
            lambda x: conditional("c").if_(x > 0).then(3),
            FlyteValidationException,
            "takes the output of an entity call",
        ),
        (
            lambda x: (
                conditional("c").if_(x > 0).then(conditional("inner").if_(x > 1).then(one(x=x)))
            ),
            FlyteCompilationException,
            "conditional 'inner' inside if_() of 'c' has no else_()",
        ),
        (
            lambda x: conditional("c").if_(x > 0).then(one(x=x)).else_().fail("x").then(one(x=x)),  # type: ignore[union-attr]
            FlytePromiseMisuseError,
            "has no attribute 'then'",
        ),
    ],
)
def test_badly_written_conditionals(
    body: typing.Callable[[typing.Any], typing.Any], error: type[Exception], fragment: str
) -> None:
    """Each way to write a conditional wrong says what to write."""
    with pytest.raises(error, match=re.escape(fragment)):
        compile_body(body)


def test_conditional_outside_a_workflow() -> None:
    """conditional() outside a workflow body points to Python's if."""
    with pytest.raises(FlyteValidationException, match="outside one use Python's if"):
        conditional("c")


def test_comparisons_cannot_be_chained_or_negated() -> None:
    """A comparison is not a bool, and cannot be compared again."""
    with pytest.raises(FlytePromiseMisuseError, match=r"combine conditions with & and \|"):
        compile_body(lambda x: bool(x > 0))
    with pytest.raises(FlytePromiseMisuseError, match="cannot be compared again"):
        compile_body(lambda x: x == (x > 0))
    with pytest.raises(FlytePromiseMisuseError, match="is not a condition"):
        compile_body(lambda x: (x > 0) & 3)


@workflow
def every_operator(x: int) -> int:
    b = flag(x=x)
    return (
        conditional("ops")
        .if_(x != 1)
        .then(one(x=x))
        .elif_(x >= 2)
        .then(one(x=x))
        .elif_((x < 3) | (x <= 4))
        .then(one(x=x))
        .elif_(b.is_none() & b.is_false())
        .then(one(x=x))
        .else_()
        .then(one(x=x))
    )


def test_every_operator_serializes_and_runs() -> None:
    """NEQ, GTE, LT, LTE, conjunctions and None comparisons reach the IDL; the run agrees."""
    spec = get_serializable(every_operator, SerializationSettings())
    branch = spec.template.nodes[1].branch_node.if_else  # type: ignore[union-attr]
    ops = [branch.case.condition.comparison.operator] + [
        o.condition.comparison.operator for o in branch.other[:1]
    ]
    assert ops == [ComparisonExpression.NEQ, ComparisonExpression.GTE]
    conj = branch.other[2].condition.conjunction
    assert conj.left_expression.comparison.right_value.scalar.HasField("none_type")
    assert list(spec.template.nodes[1].upstream_node_ids) == ["n0"]  # type: ignore[union-attr]
    assert every_operator(x=5) == 5
    assert every_operator(x=1) == 1


@workflow
def guarded(x: int) -> int:
    return conditional("guard").if_(x > 0).then(one(x=x)).else_().fail("x must be positive")


def test_fail_serializes_as_an_error_block() -> None:
    """else_().fail(msg) is an IfElseBlock error with the message."""
    block = get_serializable(guarded, SerializationSettings()).template.nodes[0].branch_node.if_else  # type: ignore[union-attr]
    assert block.error.message == "x must be positive"
