"""Everything DESIGN section 5 says a user can get wrong raises an error naming what and where."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest

from flytecheck.core import FlytePickleWarning, LaunchPlan, conditional, task, workflow
from flytecheck.core.exceptions import (
    FlyteAssertion,
    FlyteCompilationException,
    FlyteMissingTypeException,
    FlytePromiseMisuseError,
    FlyteValidationException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)


@task
def inc(x: int) -> int:
    return x + 1


@task
def shout(s: str) -> str:
    return s.upper()


@task
def log(x: int) -> None:
    print(x)


@task
def wrong_type(x: int) -> int:
    return str(x)  # type: ignore[return-value]


@task
def two_for_one(x: int) -> int:
    return x, x  # type: ignore[return-value]


@task
def pair(x: int) -> typing.Tuple[int, int]:
    return x, x


@dataclasses.dataclass
class Box:
    n: int


@task
def boxed(x: int) -> Box:
    return Box(x)


def test_a_promise_in_an_if() -> None:
    """`if promise:` explains to use conditional instead."""

    @workflow
    def wf(x: int) -> int:
        y = inc(x=x)
        if y:
            return inc(x=y)
        return y

    with pytest.raises(
        FlytePromiseMisuseError, match=r"n0\.o0.*truth value.*conditional\('name'\)"
    ):
        wf.compile()


@pytest.mark.parametrize(
    ("use", "fragment"),
    [
        (lambda p: list(p), "iterable"),
        (lambda p: len(p), "len"),
        (lambda p: p + 1, "arithmetic"),
        (lambda p: 2 * p, "arithmetic"),
        (lambda p: f"{p}", "f-string"),
        (lambda p: str(p), "str()"),
        (lambda p: p and True, "truth value"),
        (lambda p: not p, "truth value"),
        (lambda p: 3 in p, "container"),
        (lambda p: p & p, "&"),
    ],
)
def test_promise_misuse_says_what_to_do(
    use: typing.Callable[[typing.Any], typing.Any], fragment: str
) -> None:
    """Each Python operation on a promise raises, naming the operation and the way out."""

    @workflow
    def wf(x: int) -> int:
        y = inc(x=x)
        use(y)
        return y

    with pytest.raises(FlytePromiseMisuseError, match=re_escape(fragment)):
        wf.compile()


def re_escape(text: str) -> str:
    import re

    return re.escape(text)


def test_a_conditional_without_else() -> None:
    """A conditional that never reaches else_() is a compile error naming it."""

    @workflow
    def wf(x: int) -> None:
        conditional("sign").if_(x > 0).then(inc(x=x))

    with pytest.raises(
        FlyteCompilationException, match=r"workflow '.*wf'.*conditional 'sign' has no else_\(\)"
    ):
        wf.compile()


def test_a_str_input_wired_into_an_int_input() -> None:
    """Binding a str promise to an int input names workflow, node, input and both types."""

    @workflow
    def wf(name: str) -> int:
        return inc(x=name)

    with pytest.raises(FlyteCompilationException) as info:
        wf.compile()
    message = str(info.value)
    assert "wf'" in message
    assert "node n0" in message
    assert "input 'x' takes int, but is bound to wf.name, a str" in message
    assert message.startswith("[MismatchingTypes] workflow ")
    assert (info.value.node, info.value.input) == ("n0 (inc)", "x")


def test_branches_with_different_output_types() -> None:
    """Every branch must give the same type for a shared output."""

    @workflow
    def wf(x: int) -> int:
        return conditional("c").if_(x > 0).then(inc(x=x)).else_().then(shout(s="no"))

    with pytest.raises(
        FlyteCompilationException, match=r"output 'o0' of different types, int .* and str"
    ):
        wf.compile()


@workflow
def adder(a: int, b: int) -> int:
    return inc(x=a)


lp = LaunchPlan.get_or_create(adder, name="test_authoring_errors.adder_lp", fixed_inputs={"a": 1})


def test_a_launch_plan_called_positionally() -> None:
    """Launch plans take keyword arguments only, and the error shows the keyword call."""
    with pytest.raises(FlyteValidationException, match=r"keyword arguments only.*\(b=\.\.\.\)"):
        lp(3)

    @workflow
    def wf(b: int) -> int:
        return lp(b)

    with pytest.raises(FlyteValidationException, match="keyword arguments only"):
        wf.compile()


def test_fixed_inputs_cannot_be_overridden() -> None:
    """Passing a launch plan's fixed input is refused, locally and in a workflow body."""
    with pytest.raises(FlyteValidationException, match=r"fixes input 'a' to 1"):
        lp(a=2, b=3)

    @workflow
    def wf(b: int) -> int:
        return lp(a=5, b=b)

    with pytest.raises(FlyteValidationException, match="fixes input 'a'"):
        wf.compile()


def test_a_task_returning_the_wrong_type() -> None:
    """A wrong return value names the task, the output and both types."""
    with pytest.raises(
        TypeTransformerFailedError, match=r"task '.*wrong_type'.*output 'o0'.*int.*'3'"
    ):
        wrong_type(x=3)


def test_a_tuple_returned_for_one_output() -> None:
    """A tuple returned where one output is declared says so."""
    with pytest.raises(
        TypeTransformerFailedError, match=r"returned a tuple of 2 values but declares one output"
    ):
        two_for_one(x=3)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: inc(y=1), FlyteValidationException, r"has no input 'y'; its inputs are x"),
        (lambda: inc(), FlyteAssertion, r"missing input\(s\) 'x'"),  # flytekit's class
        (lambda: inc(1, x=1), FlyteValidationException, r"got two values for input 'x'"),
        (lambda: inc(1, 2), FlyteValidationException, r"takes 1 input\(s\) \(x\) but 2 were"),
    ],
)
def test_bad_arguments_name_the_entity(
    call: typing.Callable[[], typing.Any], error: type[Exception], fragment: str
) -> None:
    """Unknown, missing, duplicate and extra arguments are errors naming the task."""
    with pytest.raises(error, match=fragment):
        call()


def test_an_entity_called_with_an_unknown_argument_in_a_workflow() -> None:
    """The same holds inside a workflow body."""

    @workflow
    def wf(x: int) -> int:
        return inc(z=x)

    with pytest.raises(FlyteValidationException, match=r"task '.*inc' has no input 'z'"):
        wf.compile()


def test_a_parameter_without_annotation() -> None:
    """An untyped parameter names the function and the parameter."""
    with pytest.raises(
        FlyteMissingTypeException, match=r"workflow '.*wf'.*parameter 'x' has no type annotation"
    ):

        @workflow
        def wf(x) -> None:  # type: ignore[no-untyped-def]
            pass


def test_a_value_returned_without_return_annotation() -> None:
    """A body returning a value without a return annotation is reported, not dropped: at the
    compile, where the returned call is known to have outputs."""

    @workflow
    def wf(x: int):  # type: ignore[no-untyped-def]
        return inc(x=x)

    with pytest.raises(
        FlyteMissingTypeException, match="returns a value but has no return annotation"
    ):
        wf.compile()


def test_returning_a_call_of_an_entity_without_outputs_drops_nothing() -> None:
    """`return cleanup(...)` of a task with no outputs is fine (flytesnacks' failure_node)."""

    @workflow
    def wf(x: int):  # type: ignore[no-untyped-def]
        return log(x=x)

    wf(x=1)


def test_a_constant_returned_without_return_annotation_is_refused_at_once() -> None:
    with pytest.raises(
        FlyteMissingTypeException, match="returns a value but has no return annotation"
    ):

        @workflow
        def wf(x: int):  # type: ignore[no-untyped-def]
            return 3


def test_varargs_are_refused() -> None:
    """*args and **kwargs are named with the way out."""
    with pytest.raises(FlyteValidationException, match=r"parameter \*args is not supported"):

        @workflow
        def wf(*args: int) -> None:
            pass


def test_a_type_flyte_does_not_know_is_pickled_with_a_warning() -> None:
    """As flytekit, an unknown type is stored as a pickle; the warning names the entity, the
    parameter and the type, and says how to make it an error."""
    with pytest.warns(
        FlytePickleWarning,
        match=r"workflow '.*wf', input 'xs': type Set\[int\].*pickles.*FLYTECHECK_STRICT_TYPES=1",
    ):

        @workflow
        def wf(xs: typing.Set[int]) -> None:
            pass

    assert wf.interface.pickle_untyped


def test_strict_types_refuse_what_would_be_pickled(monkeypatch: pytest.MonkeyPatch) -> None:
    """FLYTECHECK_STRICT_TYPES=1 turns the pickle into a refusal at decoration."""
    monkeypatch.setenv("FLYTECHECK_STRICT_TYPES", "1")
    with pytest.raises(UnsupportedTypeError, match=r"workflow '.*wf', input 'xs'.*set"):

        @workflow
        def wf(xs: typing.Set[int]) -> None:
            pass


def test_what_cannot_even_be_pickled_is_refused() -> None:
    """A tuple as a value is refused by flytekit too (RestrictedTypeError)."""
    with pytest.raises(UnsupportedTypeError, match=r"workflow '.*wf', input 'xs'.*tuple"):

        @workflow
        def wf(xs: tuple) -> None:  # type: ignore[type-arg]
            pass


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        ({"retries": -1}, "retries must be a whole number"),
        ({"timeout": "1h"}, "timeout must be a positive int"),
        ({"cache": True}, "cache=True needs cache_version"),
        ({"bogus": 1}, "no option bogus"),
    ],
)
def test_bad_task_options(options: dict[str, typing.Any], fragment: str) -> None:
    """Task options Flyte would refuse are refused at decoration, naming the option."""
    with pytest.raises(FlyteValidationException, match=fragment):
        task(**options)(inc.task_function)


def test_a_cycle_through_runs_before() -> None:
    """Ordering nodes into a cycle is a compile error naming them."""

    @workflow
    def wf(x: int) -> None:
        a = inc(x=x)
        b = inc(x=x)
        a >> b
        b >> a

    with pytest.raises(
        FlyteCompilationException, match=r"n0 \(inc\), n1 \(inc\) wait for each other"
    ):
        wf.compile()


def test_attribute_access_needs_a_dataclass() -> None:
    """Attribute access on a promise of a non-dataclass type says where it works."""

    @workflow
    def wf(x: int) -> int:
        return inc(x=inc(x=x).n)

    with pytest.raises(FlytePromiseMisuseError, match="has no attribute 'n'"):
        wf.compile()


def test_unknown_override() -> None:
    """with_overrides refuses keys it does not know, listing the known ones."""

    @workflow
    def wf(x: int) -> int:
        return inc(x=x).with_overrides(retires=3)

    with pytest.raises(FlyteValidationException, match=r"unknown override.*retires"):
        wf.compile()


def test_returning_the_wrong_number_of_outputs_from_a_workflow() -> None:
    """A body returning fewer values than declared outputs says how many."""

    @workflow
    def wf(x: int) -> typing.Tuple[int, int]:
        return inc(x=x)  # type: ignore[return-value]

    with pytest.raises(
        FlyteValidationException, match=r"returned 1 value\(s\) but declares 2 outputs"
    ):
        wf.compile()


def test_a_constant_of_the_wrong_type_names_the_node() -> None:
    """A constant argument that does not fit names the workflow, node and input."""

    @workflow
    def wf() -> int:
        return inc(x="three")

    with pytest.raises(
        TypeTransformerFailedError, match=r"workflow '.*wf', node n0 \(inc\), input 'x'"
    ):
        wf.compile()


@task
def nothing() -> None:
    pass


def test_passing_a_void_promise() -> None:
    """A task with no outputs cannot feed an input."""

    @workflow
    def wf() -> int:
        return inc(x=nothing())

    with pytest.raises(FlyteCompilationException, match=r"has no outputs.*use `>>`"):
        wf.compile()


def test_the_pickle_warning_points_at_the_users_line(tmp_path: Path) -> None:
    """The warning is reported at the decorated function in the user's file, not in flytecheck."""
    from tests.authoring import load_core

    source = """
        from flytekit import task

        class Plain:
            pass

        @task
        def make() -> Plain:
            return Plain()
    """
    with pytest.warns(FlytePickleWarning) as record:
        load_core(tmp_path, source)
    assert record[0].filename.startswith(str(tmp_path))


def test_a_warnings_filter_makes_the_pickle_an_error() -> None:
    """`-W error::flytecheck.core.FlytePickleWarning` under pytest, as a filter."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", FlytePickleWarning)
        with pytest.raises(FlytePickleWarning, match="input 'xs'"):

            @workflow
            def wf(xs: typing.Set[int]) -> None:
                pass


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ("    raise ValueError('always')", True),
        ("    print(x)", True),
        ("    return x", False),
        ("    if x:\n        return x\n    raise ValueError('no')", False),
    ],
)
def test_declared_outputs_need_a_return_as_flytekit_demands(
    tmp_path: Path, body: str, refused: bool
) -> None:
    """flytekit refuses, when the module is imported, a task declaring outputs whose body never
    returns; the core refuses the same functions, and flytekit agrees on every case here."""
    import textwrap

    from flytecheck.core.exceptions import FlyteMissingReturnValueException
    from tests.authoring import load_both, load_core

    source = "from flytekit import task\n\n@task\ndef t(x: int) -> int:\n" + body + "\n"
    if refused:
        with pytest.raises(FlyteMissingReturnValueException, match=r"'.*\.t' declares outputs"):
            load_core(tmp_path, source)
        flytekit_user = pytest.importorskip("flytekit.exceptions.user")
        with pytest.raises(flytekit_user.FlyteMissingReturnValueException):
            load_both(tmp_path, textwrap.dedent(source))
    else:
        fk, core = load_both(tmp_path, source)
        assert core.t(x=2) == fk.t(x=2) == 2
