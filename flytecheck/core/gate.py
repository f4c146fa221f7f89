"""Gate nodes: `sleep`, `wait_for_input` and `approve`, the points where a workflow waits.

In a workflow body each is a node, serialized as flytekit's gate nodes. A local run never
waits and never reads standard input: `sleep` passes at once, and a signal's value or an
approval comes from the test (`flytecheck.mocks.signal("title", "Q3")`,
`flytecheck.mocks.approve("ok")` or `reject("ok")`; `flyte_mock.signal(...)` under pytest). A
gate reached with nothing supplied stops the run with an error naming the gate and the call
to add. Gates run through the context's runner like any entity, which is where those answers
plug in.
"""

from __future__ import annotations

import datetime
from typing import Any

from flyteidl.core.literals_pb2 import LiteralMap

from flytecheck.core._stub import NeedsStub
from flytecheck.core.context import FlyteContext, current_context
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.interface import Interface, check_types
from flytecheck.core.node import create_node
from flytecheck.core.promise import Promise, VoidPromise

__all__ = ["Gate", "GateNotAnswered", "approve", "sleep", "wait_for_input"]

SLEEP_TIMEOUT = datetime.timedelta(hours=1)  # what flytekit writes on a sleep gate


class GateNotAnswered(NeedsStub):
    """A local run reached a signal or approval gate that the test gave no answer for."""


class Gate:
    """One gate: a sleep, a typed signal, or an approval of an upstream value."""

    node_kind = "gate"
    keyword_only = True

    def __init__(
        self,
        name: str,
        kind: str,
        timeout: datetime.timedelta,
        interface: Interface,
        duration: datetime.timedelta | None = None,
    ) -> None:
        self.name = name
        self.kind = kind
        self.timeout = timeout
        self.duration = duration
        self._interface = interface

    @property
    def short_name(self) -> str:
        return self.name

    @property
    def interface(self) -> Interface:
        return self._interface

    def __repr__(self) -> str:
        return f"Gate({self.kind} {self.name!r})"

    def dispatch_execute(self, ctx: FlyteContext, inputs: LiteralMap) -> LiteralMap:
        """What a gate does with no answer from the test: a sleep passes at once; a signal or
        an approval cannot be made up, so the run stops naming the call to add."""
        if self.kind == "sleep":
            return LiteralMap()
        if self.kind == "signal":
            expected = self.interface.outputs["o0"]
            shown = getattr(expected, "__name__", str(expected))
            msg = (
                f"the workflow waits for input {self.name!r} (a {shown}) and the test gave "
                f"none: supply it with `with signal({self.name!r}, value):` "
                f"(flytecheck.mocks), or `flyte_mock.signal({self.name!r}, value)` in a test"
            )
            raise GateNotAnswered(msg)
        msg = (
            f"the workflow waits for approval {self.name!r} and the test gave none: approve it "
            f"with `with approve({self.name!r}):` (flytecheck.mocks) or "
            f"`flyte_mock.approve({self.name!r})`, or reject it with reject({self.name!r})"
        )
        raise GateNotAnswered(msg)


def _timeout(gate: str, timeout: Any) -> datetime.timedelta:
    if not isinstance(timeout, datetime.timedelta) or timeout <= datetime.timedelta(0):
        msg = f"gate {gate!r}: timeout must be a positive timedelta, not {timeout!r}"
        raise FlyteValidationException(msg)
    return timeout


def _compiling(what: str) -> None:
    if current_context().compilation_state is None:
        msg = (
            f"{what} is a node of a workflow: call it inside a @workflow body (outside one "
            "there is nothing to wait for)"
        )
        raise FlyteValidationException(msg)


def sleep(duration: datetime.timedelta) -> VoidPromise:
    """Wait `duration` before the nodes ordered after it (`sleep(...) >> node`)."""
    _compiling("sleep()")
    if not isinstance(duration, datetime.timedelta) or duration < datetime.timedelta(0):
        msg = f"sleep(): duration must be a timedelta >= 0, not {duration!r}"
        raise FlyteValidationException(msg)
    gate = Gate("sleep-gate", "sleep", SLEEP_TIMEOUT, Interface(), duration)
    result: VoidPromise = create_node(gate, (), {})
    return result


def wait_for_input(name: str, timeout: datetime.timedelta, expected_type: Any) -> Promise[Any]:
    """A value of `expected_type` that someone (in a test: the test) gives the execution."""
    _compiling(f"wait_for_input({name!r})")
    iface = check_types(Interface({}, {"o0": expected_type}), "gate", name)
    gate = Gate(name, "signal", _timeout(name, timeout), iface)
    result: Promise[Any] = create_node(gate, (), {})
    return result


def approve(upstream_item: Any, name: str, timeout: datetime.timedelta) -> Any:
    """`upstream_item`, passed on once someone approves it (a test: `approve(name)`)."""
    _compiling(f"approve(..., {name!r})")
    timeout = _timeout(name, timeout)
    if isinstance(upstream_item, VoidPromise):
        gate = Gate(name, "approve", timeout, Interface())
        node_result: VoidPromise = create_node(gate, (), {})
        upstream_item.runs_before(node_result)
        return node_result
    if isinstance(upstream_item, tuple) and len(upstream_item) == 1:
        upstream_item = upstream_item[0]
    if not isinstance(upstream_item, Promise):
        msg = (
            f"approve(..., {name!r}) approves the output of a node (a promise), not "
            f"{upstream_item!r}; pass one output of an entity call"
        )
        raise FlyteValidationException(msg)
    kind = upstream_item.python_type
    gate = Gate(name, "approve", timeout, Interface({"o0": kind}, {"o0": kind}))
    return create_node(gate, (), {"o0": upstream_item})
