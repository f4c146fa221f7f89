"""`array_node`: a launch plan (or a reference task) run once per element of its list inputs,
as the backend's ArrayNode runs it.

flytekit maps tasks with `map_task` (array_node_map_task.py) and launch plans with
`array_node(lp)`: called with a list for every input the plan leaves open, it launches the plan
once per element and gives the list of its outputs. In a workflow it is an array node whose
sub-node launches the plan (a reference task's sub-node runs the task). Run locally, each
element goes through the context's runner as a launch of the plan, so a stub of the plan
answers per element and a stub of the array node answers for all of them. Elements run one
after another; with `min_successes` or `min_success_ratio` below all, failed elements give None
while enough succeed, as on the backend.

The element loop here serves map tasks too.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from typing import Any

from flyteidl.core import workflow_pb2
from flyteidl.core.literals_pb2 import Literal, LiteralMap

from flytecheck.core._entity import Entity
from flytecheck.core.context import FlyteContext, current_context
from flytecheck.core.exceptions.user import FlyteValidationException, FlyteValueException
from flytecheck.core.interface import Interface

__all__ = ["ArrayNode", "array_node", "check_mapped", "run_elements"]


class ArrayNode(Entity):
    """A launch plan or a reference task mapped over lists: the entity of an array node."""

    node_kind = "array_node"
    keyword_only = True
    is_original_sub_node_interface = True
    missing_inputs_remedy = (
        "an array node maps every input its target leaves open; pass a list for each (or fix "
        "the input in the launch plan's fixed_inputs)"
    )

    def __init__(
        self,
        target: Any,
        *,
        concurrency: int | None = None,
        min_successes: int | None = None,
        min_success_ratio: float | None = None,
        run_all_sub_nodes: bool = False,
    ) -> None:
        _check_target(target, min_successes, min_success_ratio)
        self.target = target
        self.concurrency = concurrency
        self.run_all_sub_nodes = run_all_sub_nodes
        self.min_successes = min_successes
        self.min_success_ratio = (
            None
            if min_successes is not None
            else (1.0 if min_success_ratio is None else min_success_ratio)
        )
        optional = min_success_ratio is not None and min_success_ratio != 1
        super().__init__(str(target.name), _list_interface(target.interface, optional))
        launches = target.node_kind == "launch_plan"
        array = workflow_pb2.ArrayNode
        self.data_mode = array.SINGLE_INPUT_FILE if launches else array.INDIVIDUAL_INPUT_FILES
        self.execution_mode = array.FULL_STATE if launches else array.MINIMAL_STATE

    @property
    def short_name(self) -> str:
        return self.name  # flytekit names the node for the plan, in full

    @property
    def flyte_entity(self) -> Any:
        return self.target

    @property
    def bound_inputs(self) -> list[str]:
        """flytekit binds no input of an array node to one value for every element."""
        return []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from flytecheck.core.context import ExecutionState
        from flytecheck.core.local import run_locally
        from flytecheck.core.node import create_node, map_arguments

        ctx = current_context()
        if ctx.compilation_state is not None:
            return create_node(self, args, kwargs)
        given = map_arguments(self, args, kwargs)
        return run_locally(self, ctx, given, ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION)

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """Launch the target once per element, through the runner; collect the outputs."""
        from flytecheck.core.local import run_entity

        return run_elements(
            self,
            inputs,
            mapped=list(self.interface.inputs),
            run=lambda element: run_entity(self.target, element, ctx),
        )


def _list_interface(interface: Interface, optional_outputs: bool) -> Interface:
    """The target's inputs and outputs as lists of them (every input mapped, none defaulted),
    spelt `typing.List` as flytekit spells them."""
    inputs = {n: typing.List[t] for n, t in interface.inputs.items()}  # type: ignore[valid-type]  # noqa: UP006
    outputs = {
        n: typing.List[typing.Optional[t]] if optional_outputs else typing.List[t]  # type: ignore[valid-type]  # noqa: UP006, UP045
        for n, t in interface.outputs.items()
    }
    return Interface(inputs, outputs, {}, pickle_untyped=interface.pickle_untyped)


def _check_target(target: Any, min_successes: int | None, ratio: float | None) -> None:
    name = getattr(target, "name", repr(target))
    kind = getattr(target, "node_kind", None)
    reference_task = kind == "task" and getattr(target, "reference", None) is not None
    if kind != "launch_plan" and not reference_task:
        msg = (
            f"array_node({name}): only launch plans and reference tasks can be mapped by an "
            "array node; map a task with map_task(...), and a workflow through a launch plan "
            "of it (LaunchPlan.get_or_create(wf))"
        )
        raise FlyteValueException(msg)
    check_mapped(f"array_node({name})", target, min_successes, ratio, FlyteValueException)


def check_mapped(
    where: str,
    target: Any,
    min_successes: int | None,
    ratio: float | None,
    error: type[Exception],
) -> None:
    """What a mapped entity and the success criteria must be, for map tasks and array nodes
    alike: one output at most, a ratio between 0 and 1, a count not below 0."""
    outputs = len(target.interface.outputs)
    if outputs > 1:
        msg = (
            f"{where}: it has {outputs} outputs; what is mapped must have one output (or "
            "none): return a dataclass or NamedTuple of one field"
        )
        raise error(msg)
    if ratio is not None and not 0 <= ratio <= 1:
        msg = f"{where}: min_success_ratio must be between 0 and 1, not {ratio}"
        raise error(msg)
    if min_successes is not None and min_successes < 0:
        msg = f"{where}: min_successes must be >= 0, not {min_successes}"
        raise error(msg)


def array_node(
    target: Any,
    concurrency: int | None = None,
    min_success_ratio: float | None = None,
    min_successes: int | None = None,
    run_all_sub_nodes: bool = False,
) -> ArrayNode:
    """Map a launch plan (or a reference task) over lists of its inputs: call the result with
    a list for each input, in a workflow or outside one."""
    return ArrayNode(
        target,
        concurrency=concurrency,
        min_successes=min_successes,
        min_success_ratio=min_success_ratio,
        run_all_sub_nodes=run_all_sub_nodes,
    )


def run_elements(
    mapper: Any,
    inputs: LiteralMap,
    *,
    mapped: list[str],
    run: Callable[[LiteralMap], LiteralMap],
    remedy: str = "pass lists of one length",
) -> LiteralMap:
    """Run every element of a mapping node (the item of each `mapped` list, the other inputs
    as they are) one after another; gather each output into a list, None for an element that
    failed. The first failure is raised unless enough succeeded (the mapper's `min_successes`,
    else its `min_success_ratio`, None meaning all). Lists of different lengths are refused,
    the error ending with `remedy`."""
    count = _element_count(mapper, inputs, mapped, remedy)
    results: list[LiteralMap | None] = []
    errors: list[Exception] = []
    for index in range(count):
        try:
            results.append(run(element_inputs(inputs, mapped, index)))
        except Exception as error:
            results.append(None)
            errors.append(error)
    if errors and count - len(errors) < _needed(mapper, count):
        raise errors[0]
    out = LiteralMap()
    for name in mapper.interface.outputs:
        collection = out.literals[name].collection
        collection.SetInParent()
        for result in results:
            item = collection.literals.add()
            if result is None:
                item.scalar.none_type.SetInParent()
            else:
                item.CopyFrom(result.literals[name])
    return out


def _needed(mapper: Any, count: int) -> int:
    """How many of `count` elements must succeed."""
    if mapper.min_successes is not None:
        return int(mapper.min_successes)
    ratio = 1.0 if mapper.min_success_ratio is None else mapper.min_success_ratio
    return math.ceil(ratio * count)


def element_inputs(inputs: LiteralMap, mapped: list[str], index: int) -> LiteralMap:
    """The inputs of element `index`: that item of each mapped list, the others as they are."""
    element = LiteralMap()
    for name, literal in inputs.literals.items():
        value: Literal = literal.collection.literals[index] if name in mapped else literal
        element.literals[name].CopyFrom(value)
    return element


def _element_count(mapper: Any, inputs: LiteralMap, mapped: list[str], remedy: str) -> int:
    from flytecheck.core.node import kind_name

    lengths = {n: len(inputs.literals[n].collection.literals) for n in mapped}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{n} has {k}" for n, k in lengths.items())
        msg = (
            f"{kind_name(mapper)} {mapper.name!r} maps over lists of different lengths "
            f"({shown}); {remedy}"
        )
        raise FlyteValidationException(msg)
    return next(iter(lengths.values()), 0)
