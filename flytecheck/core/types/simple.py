"""Transformers users make without subclassing: `SimpleTransformer` (a type, its Flyte type
and two functions), and `RestrictedTypeTransformer`, which keeps a type out of every
interface."""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, TypeVar

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.context import FlyteContext
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import TypeTransformer

__all__ = ["RestrictedTypeError", "RestrictedTypeTransformer", "SimpleTransformer"]

T = TypeVar("T")


def _underlying(t: Any) -> Any:
    return typing.get_args(t)[0] if typing.get_origin(t) is typing.Annotated else t


class SimpleTransformer(TypeTransformer[T]):
    """A transformer of exactly one type: `to_literal_transformer(value) -> Literal` and
    `from_literal_transformer(literal) -> value`, under the Flyte type `lt`."""

    def __init__(
        self,
        name: str,
        t: type[T],
        lt: LiteralType,
        to_literal_transformer: Callable[[T], Literal],
        from_literal_transformer: Callable[[Literal], T],
    ) -> None:
        super().__init__(name, t)
        self._type = t
        self._lt = lt
        self._to_literal = to_literal_transformer
        self._from_literal = from_literal_transformer

    @property
    def base_type(self) -> type[T]:
        return self._type

    def get_literal_type(self, t: Any = None) -> LiteralType:
        copied = LiteralType()
        copied.CopyFrom(self._lt)
        return copied

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        if type(python_val) is not self._type:
            msg = f"{self.name} converts {self._type.__name__} values only"
            raise TypeTransformerFailedError(self._type, python_val, msg)
        return self._to_literal(python_val)

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> T:
        expected = _underlying(expected_python_type)
        if expected is not self._type:
            msg = f"{self.name} converts to {self._type.__name__} only"
            raise TypeTransformerFailedError(expected, lv, msg)
        try:
            value = self._from_literal(lv)
        except AttributeError as e:
            raise TypeTransformerFailedError(self._type, lv, f"{self.name}: {e}") from e
        if type(value) is not self._type:
            msg = f"{self.name} gave {type(value).__name__}, not {self._type.__name__}"
            raise TypeTransformerFailedError(self._type, lv, msg)
        return value

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "simple" and literal_type.simple == self._lt.simple:
            return self.python_type
        return super().guess_python_type(literal_type)


class RestrictedTypeError(Exception):
    """A restricted type was used as an input or output."""


class RestrictedTypeTransformer(TypeTransformer[T]):
    """Registered for a type that must not cross a task boundary: any interface naming it is
    refused, naming the type."""

    def __init__(self, name: str, t: type[T]) -> None:
        super().__init__(name, t)

    def _refuse(self) -> RestrictedTypeError:
        return RestrictedTypeError(
            f"Transformer for type {self.python_type} is restricted currently: "
            f"{getattr(self.python_type, '__name__', self.python_type)} cannot be a task's or "
            "workflow's input or output; pass a value Flyte can store instead"
        )

    def get_literal_type(self, t: Any = None) -> LiteralType:
        raise self._refuse()

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        raise self._refuse()

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> T:
        raise self._refuse()
