"""Promises: the outputs of nodes while a workflow body is being compiled.

Calling a task inside a workflow does not run it; it adds a node and returns a Promise, a
reference to an output that exists only when the workflow runs. A Promise can be passed to other
entities, compared (building the expressions `conditional` branches on), ordered with `>>`, and
narrowed with attribute or index access. Anything that needs its value (`if`, `and`, arithmetic,
formatting, iteration, len) raises FlytePromiseMisuseError saying what to write instead.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

from flyteidl.core.condition_pb2 import ComparisonExpression as _Cmp
from flyteidl.core.condition_pb2 import ConjunctionExpression as _Conj

from flytecheck.core.exceptions.user import FlytePromiseMisuseError, type_name

if TYPE_CHECKING:
    from flytecheck.core.node import Node

__all__ = [
    "ComparisonExpression",
    "ConjunctionExpression",
    "NodeOutput",
    "Promise",
    "VoidPromise",
]


T = TypeVar("T")


@dataclasses.dataclass(frozen=True, eq=False)
class NodeOutput:
    """Where a promised value comes from: output `var` of `node` (None: the workflow's input)."""

    node: Node | None
    var: str
    python_type: Any
    attr_path: tuple[str | int, ...] = ()
    output_type: Any = None

    @property
    def source_type(self) -> Any:
        """The type of the whole output, before attribute or index access narrowed it."""
        return self.output_type if self.output_type is not None else self.python_type

    @property
    def node_id(self) -> str:
        return self.node.id if self.node is not None else ""

    def __str__(self) -> str:
        path = "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in self.attr_path)
        source = f"{self.node_id}.{self.var}" if self.node is not None else f"input {self.var!r}"
        return f"{source}{path}"


def _misuse(ref: Any, action: str, instead: str) -> NoReturn:
    msg = (
        f"Promise {ref} is used as {action} in a workflow body, but its value exists only when "
        f"the workflow runs. {instead}"
    )
    raise FlytePromiseMisuseError(msg)


_TRUTH = (
    "Branch on it with conditional('name').if_(p == 1).then(...).else_().then(...), and combine "
    "conditions with & and | (p.is_true(), p.is_none())."
)
_COMPUTE = "Compute it in a task that takes the value as an input."


class _NoValue:
    """The Python operations a promised value cannot support, each with its way out."""

    def _ref(self) -> Any:
        raise NotImplementedError

    def __bool__(self) -> bool:
        _misuse(self._ref(), "a truth value (if, while, and, or, not)", _TRUTH)

    def __iter__(self) -> Iterator[Any]:  # raises; a task's several outputs unpack as a tuple
        _misuse(
            self._ref(),
            "an iterable (for, unpacking, list())",
            "Pass the whole list to a task that loops over it.",
        )

    def __len__(self) -> int:
        _misuse(self._ref(), "an argument of len()", _COMPUTE)

    def __contains__(self, item: Any) -> bool:
        _misuse(self._ref(), "a container (`in`)", _COMPUTE)

    def __str__(self) -> str:
        _misuse(self._ref(), "a string (str(), print())", "Pass it to a task that formats it.")

    def __format__(self, spec: str) -> str:
        _misuse(self._ref(), "a string (f-string, format())", "Pass it to a task that formats it.")

    def __int__(self) -> int:
        _misuse(self._ref(), "a number (int())", _COMPUTE)

    def __float__(self) -> float:
        _misuse(self._ref(), "a number (float())", _COMPUTE)

    def __index__(self) -> int:
        _misuse(self._ref(), "an index", _COMPUTE)

    def _arithmetic(self, *_: Any) -> Any:  # raises; Any: flytecheck.mypy names the mistake
        _misuse(self._ref(), "an operand of arithmetic", _COMPUTE)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _arithmetic
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _arithmetic
    __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = __matmul__ = __rmatmul__ = _arithmetic


def _operand_check(value: Any) -> None:
    if isinstance(value, (ComparisonExpression, ConjunctionExpression)):
        msg = "a comparison cannot be compared again; combine conditions with & and |"
        raise FlytePromiseMisuseError(msg)


if TYPE_CHECKING:

    class _PromiseBase(_NoValue, Any):  # type: ignore[misc]
        """For type checkers only: a promise stands in for its value anywhere (a task's input,
        the workflow's return), so it derives from Any; flytecheck.mypy checks the promised
        type where it is used, and what cannot be done with a promise."""

else:
    _PromiseBase = _NoValue


class Promise(_PromiseBase, Generic[T]):
    """A node's output (or a workflow's input) inside a workflow body; `Promise[T]` to a type
    checker, T the promised value's type."""

    __slots__ = ("ref",)

    def __init__(self, var: str, ref: NodeOutput) -> None:
        self.ref = ref

    def _ref(self) -> Any:
        return self.ref

    @property
    def var(self) -> str:
        return self.ref.var

    @property
    def node_id(self) -> str:
        return self.ref.node_id

    @property
    def python_type(self) -> Any:
        return self.ref.python_type

    def __repr__(self) -> str:
        return f"Promise({self.ref}: {type_name(self.ref.python_type)})"

    __hash__ = object.__hash__

    # -- expressions for conditionals ----------------------------------------------------------

    def _compare(self, op: int, other: Any) -> ComparisonExpression:
        _operand_check(other)
        return ComparisonExpression(self, op, other)

    def __eq__(self, other: object) -> ComparisonExpression:  # type: ignore[override]
        return self._compare(_Cmp.EQ, other)

    def __ne__(self, other: object) -> ComparisonExpression:  # type: ignore[override]
        return self._compare(_Cmp.NEQ, other)

    def __gt__(self, other: Any) -> ComparisonExpression:
        return self._compare(_Cmp.GT, other)

    def __ge__(self, other: Any) -> ComparisonExpression:
        return self._compare(_Cmp.GTE, other)

    def __lt__(self, other: Any) -> ComparisonExpression:
        return self._compare(_Cmp.LT, other)

    def __le__(self, other: Any) -> ComparisonExpression:
        return self._compare(_Cmp.LTE, other)

    def is_true(self) -> ComparisonExpression:
        return self._compare(_Cmp.EQ, True)

    def is_false(self) -> ComparisonExpression:
        return self._compare(_Cmp.EQ, False)

    def is_none(self) -> ComparisonExpression:
        return self._compare(_Cmp.EQ, None)

    def __and__(self, other: Any) -> NoReturn:
        _misuse(self.ref, "an operand of &", "Combine comparisons: p.is_true() & q.is_true().")

    __or__ = __rand__ = __ror__ = __and__

    # -- ordering and overrides ----------------------------------------------------------------

    def _node(self) -> Node:
        if self.ref.node is None:
            msg = f"{self.ref} is a workflow input, not a node: it cannot be ordered or overridden"
            raise FlytePromiseMisuseError(msg)
        return self.ref.node

    def runs_before(self, other: Any) -> Any:
        self._node().runs_before(other)
        return other

    def __rshift__(self, other: Any) -> Any:
        return self.runs_before(other)

    def with_overrides(self, **overrides: Any) -> Promise[Any]:
        self._node().with_overrides(**overrides)
        return self

    # -- narrowing -----------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Promise[Any]:
        if name.startswith("__") or name in ("ref", "_ref"):
            raise AttributeError(name)
        return self._narrow(name, _attribute_type(self.ref, name))

    def __getitem__(self, key: str | int) -> Promise[Any]:
        return self._narrow(key, _item_type(self.ref, key))

    def _narrow(self, step: str | int, python_type: Any) -> Promise[Any]:
        ref = self.ref
        narrowed = NodeOutput(
            ref.node, ref.var, python_type, (*ref.attr_path, step), ref.source_type
        )
        return Promise(ref.var, narrowed)


def _attribute_type(ref: NodeOutput, name: str) -> Any:
    t = ref.python_type
    if dataclasses.is_dataclass(t) and isinstance(t, type):
        hints = typing.get_type_hints(t, include_extras=True)
        if name in hints:
            return hints[name]
    msg = f"Promise {ref} of type {type_name(t)} has no attribute {name!r}"
    raise FlytePromiseMisuseError(msg + "; attribute access works on dataclass promises")


def _item_type(ref: NodeOutput, key: Any) -> Any:
    t = ref.python_type
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is list and isinstance(key, int) and args:
        return args[0]
    if origin is dict and isinstance(key, str) and args and args[0] is str:
        return args[1]
    msg = (
        f"Promise {ref} of type {type_name(t)} cannot be indexed with {key!r}; index List[T] "
        "promises with an int and Dict[str, T] promises with a str"
    )
    raise FlytePromiseMisuseError(msg)


class VoidPromise(_NoValue):
    """What a node with no outputs returns: usable only to order nodes and set overrides."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node

    def _ref(self) -> Any:
        return f"{self.node.id} ({self.node.name}, no outputs)"

    def __repr__(self) -> str:
        return f"VoidPromise({self.node.id})"

    def runs_before(self, other: Any) -> Any:
        self.node.runs_before(other)
        return other

    def __rshift__(self, other: Any) -> Any:
        return self.runs_before(other)

    def with_overrides(self, **overrides: Any) -> VoidPromise:
        self.node.with_overrides(**overrides)
        return self


class ComparisonExpression:
    """`lhs <op> rhs`, where either side is a Promise or a constant."""

    def __init__(self, lhs: Any, op: int, rhs: Any) -> None:
        self.lhs, self.op, self.rhs = lhs, op, rhs

    def __repr__(self) -> str:
        return f"({self.lhs!r} {_Cmp.Operator.Name(self.op)} {self.rhs!r})"

    def __and__(self, other: Any) -> ConjunctionExpression:
        return ConjunctionExpression(self, _Conj.AND, other)

    def __or__(self, other: Any) -> ConjunctionExpression:
        return ConjunctionExpression(self, _Conj.OR, other)

    def __bool__(self) -> bool:
        msg = (
            f"the condition {self!r} is used as a Python truth value (if, and, or, not); it can "
            "only be evaluated when the workflow runs: use conditional('name').if_(condition), "
            "and combine conditions with & and |"
        )
        raise FlytePromiseMisuseError(msg)

    def promises(self) -> list[Promise[Any]]:
        return [p for p in (self.lhs, self.rhs) if isinstance(p, Promise)]


class ConjunctionExpression:
    """`lhs & rhs` or `lhs | rhs` over comparisons."""

    def __init__(self, lhs: Any, op: int, rhs: Any) -> None:
        for side in (lhs, rhs):
            if not isinstance(side, (ComparisonExpression, ConjunctionExpression)):
                msg = (
                    f"{side!r} is not a condition; combine "
                    "comparisons such as p == 1 or p.is_true()"
                )
                raise FlytePromiseMisuseError(msg)
        self.lhs, self.op, self.rhs = lhs, op, rhs

    def __repr__(self) -> str:
        return f"({self.lhs!r} {_Conj.LogicalOperator.Name(self.op)} {self.rhs!r})"

    __and__ = ComparisonExpression.__and__
    __or__ = ComparisonExpression.__or__
    __bool__ = ComparisonExpression.__bool__

    def promises(self) -> list[Promise[Any]]:
        return [*self.lhs.promises(), *self.rhs.promises()]
