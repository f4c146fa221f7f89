"""EntityMock: what stands in for a task, workflow or launch plan, and what it was called with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["EntityMock"]

UNSET: Any = object()


class EntityMock:
    """Answers calls to one entity with `return_value` or `side_effect`, and records them.

    `side_effect` may be an exception (class or instance) to raise, a callable taking the call's
    keyword arguments, or an iterable of return values, one per call. Calls are recorded as
    dicts of Python values: `mock.calls == [{"x": 1}]`.
    """

    def __init__(
        self,
        entity: Any,
        return_value: Any = UNSET,
        side_effect: Any = None,
        *,
        strict: bool = False,
    ) -> None:
        self.entity = entity
        self.return_value = return_value
        self.side_effect = side_effect
        self.strict = strict
        self.calls: list[dict[str, Any]] = []
        self._effects: Iterator[Any] | None = None

    def __repr__(self) -> str:
        return f"<mock of {self.kind} {self.entity.name!r}, {self.call_count} call(s)>"

    @property
    def kind(self) -> str:
        return str(self.entity.node_kind).replace("_", " ")

    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def called(self) -> bool:
        return bool(self.calls)

    def answer(self, kwargs: dict[str, Any]) -> Any:
        """Record the call and give what the entity would have returned."""
        self.calls.append(dict(kwargs))
        effect = self.side_effect
        if effect is not None:
            if isinstance(effect, BaseException) or (
                isinstance(effect, type) and issubclass(effect, BaseException)
            ):
                raise effect
            if callable(effect):
                return effect(**kwargs)
            if self._effects is None:
                self._effects = iter(effect)
            try:
                return next(self._effects)
            except StopIteration:
                msg = f"{self!r}: side_effect ran out of values at call {self.call_count}"
                raise AssertionError(msg) from None
        if self.return_value is UNSET:
            if not self.entity.interface.outputs:
                return None
            msg = (
                f"{self!r} was called but has no return_value; set mock.return_value (or "
                "side_effect) to what the entity should give"
            )
            raise AssertionError(msg)
        return self.return_value

    def reset_mock(self) -> None:
        self.calls.clear()
        self._effects = None

    # -- assertions, as unittest.mock names them --------------------------------------------

    def _fail(self, message: str) -> None:
        __tracebackhide__ = True
        calls = (
            "\n".join(f"  call {i + 1}: {c}" for i, c in enumerate(self.calls)) or "  (no calls)"
        )
        raise AssertionError(f"{self!r}: {message}\n{calls}")

    def assert_called(self) -> None:
        __tracebackhide__ = True
        if not self.calls:
            self._fail("expected a call")

    def assert_called_once(self) -> None:
        __tracebackhide__ = True
        if self.call_count != 1:
            self._fail(f"expected one call, got {self.call_count}")

    def assert_not_called(self) -> None:
        __tracebackhide__ = True
        if self.calls:
            self._fail("expected no call")

    def assert_called_with(self, **kwargs: Any) -> None:
        """The last call had exactly these inputs."""
        __tracebackhide__ = True
        if not self.calls or self.calls[-1] != kwargs:
            self._fail(f"expected the last call to be {kwargs}")

    def assert_called_once_with(self, **kwargs: Any) -> None:
        __tracebackhide__ = True
        self.assert_called_once()
        self.assert_called_with(**kwargs)

    def assert_any_call(self, **kwargs: Any) -> None:
        __tracebackhide__ = True
        if kwargs not in self.calls:
            self._fail(f"expected a call with {kwargs}")
