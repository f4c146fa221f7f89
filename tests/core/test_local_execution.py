"""Local execution interprets the compiled graph as the backend runs it."""

from __future__ import annotations

import dataclasses
import typing
from typing import List, Optional

import pytest
from flyteidl.core import tasks_pb2
from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core import (
    ImperativeWorkflow,
    PythonInstanceTask,
    Resources,
    conditional,
    kwtypes,
    task,
    workflow,
)
from flytecheck.core.context import FlyteContext, FlyteContextManager, current_context
from flytecheck.core.exceptions import FlyteAssertion, FlyteRecoverableException
from flytecheck.core.exceptions.scopes import (
    FlyteScopedSystemException,
    FlyteScopedUserException,
    system_entry_point,
    user_entry_point,
)
from flytecheck.core.serialize import SerializationSettings, get_serializable

RAN: list[str] = []


@pytest.fixture(autouse=True)
def _clear_ran() -> None:
    RAN.clear()


@task
def record(label: str, x: int) -> int:
    RAN.append(label)
    return x


@task
def double(x: int) -> int:
    RAN.append("double")
    return 2 * x


@task
def boom(x: int) -> int:
    raise KeyError(f"no row {x}")
    return x  # flytekit refuses a task declaring outputs whose body has no return


@task
def flaky(x: int) -> int:
    raise FlyteRecoverableException("try again")
    return x  # flytekit refuses a task declaring outputs whose body has no return


@task
def maybe_name(name: Optional[str] = None) -> str:
    return "anonymous" if name is None else name


@dataclasses.dataclass
class Stats:
    total: int
    values: List[int]


@task
def stats(xs: List[int]) -> Stats:
    return Stats(sum(xs), xs)


@task
def total_of(xs: List[int]) -> int:
    return sum(xs)


@workflow
def inner_branch(x: int) -> int:
    return (
        conditional("inner")
        .if_(x > 10)
        .then(record(label="inner-big", x=x))
        .else_()
        .then(record(label="inner-small", x=x))
    )


@workflow
def outer(x: int) -> int:
    return (
        conditional("outer")
        .if_(x > 0)
        .then(inner_branch(x=x))
        .elif_(x == 0)
        .then(record(label="zero", x=x))
        .else_()
        .then(
            conditional("negative")
            .if_(x < -10)
            .then(record(label="very-negative", x=x))
            .else_()
            .then(record(label="negative", x=x))
        )
    )


@pytest.mark.parametrize(
    ("x", "ran"),
    [
        (20, ["inner-big"]),
        (5, ["inner-small"]),
        (0, ["zero"]),
        (-5, ["negative"]),
        (-50, ["very-negative"]),
    ],
)
def test_only_the_taken_branch_runs_at_any_depth(x: int, ran: list[str]) -> None:
    """Untaken branches never run: nested conditionals and those in sub-workflows included."""
    assert outer(x=x) == x
    assert ran == RAN


@workflow
def failing(x: int) -> int:
    return conditional("guard").if_(x > 0).then(double(x=x)).else_().fail("x must be positive")


def test_fail_branch() -> None:
    """else_().fail() fails the run with its message, running nothing."""
    assert failing(x=2) == 4
    with pytest.raises(
        FlyteAssertion, match="conditional 'guard' matched no case and fails: x must be positive"
    ):
        failing(x=-1)


@workflow
def combined(x: int, flag: bool) -> int:
    return (
        conditional("both")
        .if_((x > 0) & flag.is_true())
        .then(record(label="both", x=x))
        .elif_((x < 0) | flag.is_false())
        .then(record(label="either", x=x))
        .else_()
        .then(record(label="neither", x=x))
    )


@pytest.mark.parametrize(
    ("x", "flag", "label"),
    [(1, True, "both"), (-1, True, "either"), (1, False, "either"), (0, True, "neither")],
)
def test_conjunctions(x: int, flag: bool, label: str) -> None:
    """& and | combine comparisons; is_true/is_false compare booleans."""
    combined(x=x, flag=flag)
    assert label == RAN[0]


@workflow
def optional_default() -> str:
    return maybe_name()


def test_optional_inputs_left_out_are_none() -> None:
    """An Optional input left out is None, in a direct call and in a workflow."""
    assert maybe_name() == "anonymous"
    assert optional_default() == "anonymous"


@workflow
def calls_later(x: int) -> int:
    return defined_later(x=x)


@task
def defined_later(x: int) -> int:
    return x * 10


def test_compilation_is_lazy() -> None:
    """A workflow may call a task defined below it: the body runs at first call."""
    assert calls_later(x=2) == 20


@workflow
def runs_boom(x: int) -> int:
    return boom(x=double(x=x))


def test_user_errors_keep_their_class_and_name_the_task() -> None:
    """The task's own exception class comes back, its message naming the task."""
    with pytest.raises(KeyError, match=r"task '.*boom' failed: .*no row 3") as info:
        boom(x=3)
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(KeyError, match="no row 4"):
        runs_boom(x=2)


def test_recoverable_user_errors() -> None:
    """FlyteRecoverableException is scoped USER and recoverable."""
    with pytest.raises(FlyteRecoverableException, match="try again"):
        flaky(x=1)


def test_scopes_classify_errors() -> None:
    """User code's errors are USER, flytecheck's own SYSTEM; the innermost scope wins."""

    def user() -> None:
        raise ValueError("bad input")

    def recoverable() -> None:
        raise FlyteRecoverableException("again")

    with pytest.raises(FlyteScopedUserException) as info:
        system_entry_point(user_entry_point(user))()
    assert (info.value.error_code, info.value.recoverable, info.value.kind) == (
        "USER:RuntimeError",
        False,
        "USER",
    )
    assert "Trace:" in info.value.verbose_message
    assert "Message:" in info.value.verbose_message
    assert "ValueError: bad input" in info.value.verbose_message

    with pytest.raises(FlyteScopedUserException) as info:
        user_entry_point(recoverable)()
    assert (info.value.error_code, info.value.recoverable) == ("USER:Recoverable", True)

    with pytest.raises(FlyteScopedSystemException) as sys_info:
        system_entry_point(user)()
    assert (sys_info.value.error_code, sys_info.value.recoverable) == ("SYSTEM:Unknown", True)


@workflow
def narrow(xs: List[int]) -> int:
    s = stats(xs=xs)
    return total_of(xs=s.values)


@workflow
def gathers(a: int, b: int) -> int:
    return total_of(xs=[double(x=a), double(x=b), 100])


def test_attribute_paths_and_collections_of_promises() -> None:
    """Attribute access on a dataclass promise, and a list mixing promises and constants."""
    assert narrow(xs=[1, 2, 3]) == 6
    assert gathers(a=1, b=2) == 106
    spec = get_serializable(narrow, SerializationSettings())
    binding = spec.template.nodes[1].inputs[0].binding  # type: ignore[union-attr]
    assert [a.string_value for a in binding.promise.attr_path] == ["values"]
    gathered = (
        get_serializable(gathers, SerializationSettings()).template.nodes[2].inputs[0].binding
    )  # type: ignore[union-attr]
    assert len(gathered.collection.bindings) == 3


@workflow
def ordered(x: int) -> int:
    first = record(label="first", x=x)
    second = record(label="second", x=x)
    second >> first
    return first


def test_runs_before_orders_execution() -> None:
    """`b >> a` makes a wait for b, in local runs and in the IDL."""
    ordered(x=1)
    assert RAN == ["second", "first"]
    nodes = get_serializable(ordered, SerializationSettings()).template.nodes  # type: ignore[union-attr]
    assert [n.id for n in nodes] == ["n1", "n0"]
    assert list(nodes[1].upstream_node_ids) == ["n1"]


@task(retries=2, timeout=30, requests=Resources(cpu="1", mem="1Gi"), environment={"MODE": "x"})
def heavy(x: int) -> int:
    return x


@workflow
def overridden(x: int) -> int:
    return heavy(x=x).with_overrides(retries=5, name="renamed")


def test_task_options_and_overrides_reach_the_idl() -> None:
    """Resources, environment, retries and timeouts are serialized; overrides win on the node."""
    s = SerializationSettings()
    template = get_serializable(heavy, s).template  # type: ignore[union-attr]
    assert template.metadata.retries.retries == 2
    assert template.metadata.timeout.seconds == 30
    requests = [(r.name, r.value) for r in template.container.resources.requests]
    assert requests == [(tasks_pb2.Resources.CPU, "1"), (tasks_pb2.Resources.MEMORY, "1Gi")]
    assert [(e.key, e.value) for e in template.container.env] == [("MODE", "x")]
    node = get_serializable(overridden, s).template.nodes[0]  # type: ignore[union-attr]
    assert (node.metadata.name, node.metadata.retries.retries) == ("renamed", 5)


class Multiply(PythonInstanceTask):
    def execute(self, **kwargs: int) -> int:
        return kwargs["a"] * kwargs["b"]


multiply = Multiply("tests.multiply", inputs=kwtypes(a=int, b=int), outputs=kwtypes(o0=int))


def test_instance_tasks_run_and_load_by_variable_name() -> None:
    """A PythonInstanceTask runs, and the container finds it by its module variable."""
    assert multiply(a=3, b=4) == 12
    args = list(get_serializable(multiply, SerializationSettings()).template.container.args)  # type: ignore[union-attr]
    assert args[-4:] == ["task-module", __name__, "task-name", "multiply"]


def test_imperative_workflows() -> None:
    """An ImperativeWorkflow builds, runs and serializes like a function workflow."""
    wb = ImperativeWorkflow(name="tests.imperative")
    x = wb.add_workflow_input("x", int)
    first = wb.add_entity(double, x=x)
    second = wb.add_entity(double, x=first.outputs["o0"])
    wb.add_workflow_output("result", second.outputs["o0"])
    assert wb.ready()
    assert wb(x=3) == 12
    spec = get_serializable(wb, SerializationSettings())
    assert [n.id for n in spec.template.nodes] == ["n0", "n1"]  # type: ignore[union-attr]


def test_imperative_conditionals_and_readiness() -> None:
    """create_conditional adds a branch node; an unclosed one makes ready() false."""
    wb = ImperativeWorkflow(name="tests.imperative_cond")
    x = wb.add_workflow_input("x", int)
    out = (
        wb.create_conditional("pick")
        .if_(x > 1)
        .then(double(x=x))
        .else_()
        .then(record(label="small", x=x))
    )
    wb.add_workflow_output("o0", out)
    assert wb(x=5) == 10
    assert wb(x=0) == 0
    open_one = ImperativeWorkflow(name="tests.imperative_open")
    y = open_one.add_workflow_input("y", int)
    open_one.create_conditional("left-open").if_(y > 1).then(double(x=y))
    assert not open_one.ready()


def test_contexts_mark_compilation_and_isolate_it() -> None:
    """A compilation does not leak: after it, the context has no compilation state."""
    outer(x=1)
    assert current_context().compilation_state is None


def test_a_custom_runner_is_the_seam_for_tasks() -> None:
    """Tasks run through the context's runner; swapping it changes what runs, without patching."""

    from flytecheck.core._runner import DEFAULT_RUNNER

    class Stub:
        def run(self, entity: typing.Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap:
            if entity.node_kind != "task":
                return DEFAULT_RUNNER.run(entity, inputs, ctx)
            return entity.outputs_to_literals(ctx, 99)

    with FlyteContextManager.with_context(current_context().new_builder(runner=Stub())):
        assert double(x=1) == 99
        assert gathers(a=1, b=1) == 99
    assert double(x=1) == 2


@task
def pick(
    xs: List[int], table: typing.Dict[str, int]
) -> typing.Tuple[List[int], typing.Dict[str, int]]:
    return xs, table


@workflow
def indexes(xs: List[int]) -> int:
    lists, tables = pick(xs=xs, table={"a": 7})
    return total_of(xs=[lists[1], tables["a"]])


def test_index_access_on_list_and_dict_promises() -> None:
    """`p[0]` on a List promise and `p["k"]` on a Dict[str, T] promise read one element."""
    assert indexes(xs=[1, 2, 3]) == 9
