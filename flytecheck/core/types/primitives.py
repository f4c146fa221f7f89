"""Scalars: int, float, str, bool, datetime, date, timedelta and None.

Strict as flytekit is: `True` is not an int and `3` is not a float. Decoding checks the literal's
kind only when the value read is the protobuf default (0, 0.0, "" or False), because a set oneof
field never reads as its default otherwise; so the check costs nothing on the common path.
"""

from __future__ import annotations

import datetime
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SimpleType

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.engine import Resolver
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = [
    "BoolTransformer",
    "DateTransformer",
    "DatetimeTransformer",
    "FloatTransformer",
    "IntTransformer",
    "NoneTransformer",
    "StrTransformer",
    "TimedeltaTransformer",
]

_UTC = datetime.timezone.utc
_DURATION_LIMIT = datetime.timedelta(seconds=315_576_000_000)


def _simple(kind: int) -> LiteralType:
    return LiteralType(simple=kind)


def _prim(lit: Literal, field: str, python_type: Any) -> Any:
    prim = lit.scalar.primitive
    if prim.WhichOneof("value") != field:
        raise literal_mismatch(python_type, lit)
    return getattr(prim, field)


class _Scalar(CodecTransformer[Any]):
    simple: int = SimpleType.NONE

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "simple" and literal_type.simple == self.simple:
            return self.python_type
        return super().guess_python_type(literal_type)


class IntTransformer(_Scalar):
    simple = SimpleType.INTEGER

    def __init__(self) -> None:
        super().__init__("int", int)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> int:
            if type(v) is int or (isinstance(v, int) and not isinstance(v, bool)):
                return v
            raise TypeTransformerFailedError(int, v)

        def encode(v: Any, lit: Literal) -> None:
            if type(v) is not int:
                check(v)
            try:
                lit.scalar.primitive.integer = v
            except ValueError as e:
                raise TypeTransformerFailedError(int, v, "outside the 64-bit range") from e

        def decode(lit: Literal) -> int:
            v: int = lit.scalar.primitive.integer
            if v == 0:
                return int(_prim(lit, "integer", int))
            return v

        literal_type = _simple(self.simple)
        return Codec(python_type, literal_type, self, encode, decode, check, check, int)


class FloatTransformer(_Scalar):
    simple = SimpleType.FLOAT

    def __init__(self) -> None:
        super().__init__("float", float)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> float:
            if isinstance(v, float):
                return v
            raise TypeTransformerFailedError(float, v)

        def encode(v: Any, lit: Literal) -> None:
            if type(v) is not float:
                check(v)
            lit.scalar.primitive.float_value = v

        def decode(lit: Literal) -> float:
            v: float = lit.scalar.primitive.float_value
            if v == 0.0:
                return float(_prim(lit, "float_value", float))
            return v

        def from_plain(v: Any) -> float:
            if type(v) is int:
                return float(v)
            return check(v)

        literal_type = _simple(self.simple)
        return Codec(python_type, literal_type, self, encode, decode, check, from_plain, float)


class StrTransformer(_Scalar):
    simple = SimpleType.STRING

    def __init__(self) -> None:
        super().__init__("str", str)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> str:
            if isinstance(v, str):
                return v
            raise TypeTransformerFailedError(str, v)

        def encode(v: Any, lit: Literal) -> None:
            if type(v) is not str:
                check(v)
            try:
                lit.scalar.primitive.string_value = v
            except UnicodeEncodeError as e:
                reason = (
                    f"{e.reason} at index {e.start}, so it is not valid UTF-8 (a file name from "
                    "os.fsdecode?); decode the bytes with errors='replace' first"
                )
                raise TypeTransformerFailedError(str, v, reason) from e

        def decode(lit: Literal) -> str:
            v: str = lit.scalar.primitive.string_value
            if not v:
                return str(_prim(lit, "string_value", str))
            return v

        return Codec(python_type, _simple(self.simple), self, encode, decode, check, check, str)


class BoolTransformer(_Scalar):
    simple = SimpleType.BOOLEAN

    def __init__(self) -> None:
        super().__init__("bool", bool)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> bool:
            if type(v) is bool:
                return v
            raise TypeTransformerFailedError(bool, v)

        def encode(v: Any, lit: Literal) -> None:
            lit.scalar.primitive.boolean = check(v)

        def decode(lit: Literal) -> bool:
            if lit.scalar.primitive.boolean:
                return True
            return bool(_prim(lit, "boolean", bool))

        return Codec(python_type, _simple(self.simple), self, encode, decode, check, check, bool)


class DatetimeTransformer(_Scalar):
    """A datetime is stored in UTC; a naive one is taken as UTC and comes back aware."""

    simple = SimpleType.DATETIME

    def __init__(self) -> None:
        super().__init__("datetime", datetime.datetime)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> datetime.datetime:
            if isinstance(v, datetime.datetime):
                return v
            reason = (
                "a date has no time of day: pass datetime.combine(d, time()), or annotate the "
                "parameter as date"
                if isinstance(v, datetime.date)
                else ""
            )
            raise TypeTransformerFailedError(datetime.datetime, v, reason)

        def encode(v: Any, lit: Literal) -> None:
            value = check(v)
            try:
                lit.scalar.primitive.datetime.FromDatetime(value)
            except (ValueError, OverflowError) as e:
                raise TypeTransformerFailedError(datetime.datetime, v, str(e)) from e

        def decode(lit: Literal) -> datetime.datetime:
            ts = _prim(lit, "datetime", datetime.datetime)
            return ts.ToDatetime(tzinfo=_UTC)  # type: ignore[no-any-return]

        def to_plain(v: Any) -> str:
            return check(v).isoformat()

        def from_plain(v: Any) -> datetime.datetime:
            if isinstance(v, datetime.datetime):
                return v
            try:
                return datetime.datetime.fromisoformat(v)
            except (TypeError, ValueError) as e:
                raise TypeTransformerFailedError(datetime.datetime, v, str(e)) from e

        return Codec(python_type, _simple(self.simple), self, encode, decode, to_plain, from_plain)


class DateTransformer(_Scalar):
    """A date is stored as midnight UTC of that day."""

    simple = SimpleType.DATETIME

    def __init__(self) -> None:
        super().__init__("date", datetime.date)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        raise ValueError("DATETIME guesses to datetime, not date")

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> datetime.date:
            if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
                return v
            lossy = isinstance(v, datetime.datetime)
            reason = "a datetime would lose its time; pass .date()" if lossy else ""
            raise TypeTransformerFailedError(datetime.date, v, reason)

        def encode(v: Any, lit: Literal) -> None:
            midnight = datetime.datetime.combine(check(v), datetime.time(), tzinfo=_UTC)
            lit.scalar.primitive.datetime.FromDatetime(midnight)

        def decode(lit: Literal) -> datetime.date:
            ts = _prim(lit, "datetime", datetime.date)
            return ts.ToDatetime(tzinfo=_UTC).date()  # type: ignore[no-any-return]

        def to_plain(v: Any) -> str:
            return check(v).isoformat()

        def from_plain(v: Any) -> datetime.date:
            if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime):
                return v
            try:
                return datetime.date.fromisoformat(v)
            except (TypeError, ValueError) as e:
                raise TypeTransformerFailedError(datetime.date, v, str(e)) from e

        return Codec(python_type, _simple(self.simple), self, encode, decode, to_plain, from_plain)


class TimedeltaTransformer(_Scalar):
    """A timedelta is a protobuf Duration; inside a dataclass, float seconds (as mashumaro)."""

    simple = SimpleType.DURATION

    def __init__(self) -> None:
        super().__init__("timedelta", datetime.timedelta)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> datetime.timedelta:
            if isinstance(v, datetime.timedelta):
                return v
            raise TypeTransformerFailedError(datetime.timedelta, v)

        def encode(v: Any, lit: Literal) -> None:
            if not -_DURATION_LIMIT <= check(v) <= _DURATION_LIMIT:
                reason = "outside the +-10,000 years a protobuf Duration holds"
                raise TypeTransformerFailedError(datetime.timedelta, v, reason)
            lit.scalar.primitive.duration.FromTimedelta(v)

        def decode(lit: Literal) -> datetime.timedelta:
            return _prim(lit, "duration", datetime.timedelta).ToTimedelta()  # type: ignore[no-any-return]

        def to_plain(v: Any) -> float:
            return check(v).total_seconds()

        def from_plain(v: Any) -> datetime.timedelta:
            if isinstance(v, datetime.timedelta):
                return v
            if type(v) in (int, float):
                return datetime.timedelta(seconds=v)
            raise TypeTransformerFailedError(datetime.timedelta, v)

        return Codec(python_type, _simple(self.simple), self, encode, decode, to_plain, from_plain)


class NoneTransformer(_Scalar):
    simple = SimpleType.NONE

    def __init__(self) -> None:
        super().__init__("none", type(None))

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        def check(v: Any) -> None:
            if v is not None:
                raise TypeTransformerFailedError(type(None), v)

        def encode(v: Any, lit: Literal) -> None:
            check(v)
            lit.scalar.none_type.SetInParent()

        def decode(lit: Literal) -> None:
            if lit.scalar.WhichOneof("value") != "none_type":
                raise literal_mismatch(type(None), lit)

        return Codec(python_type, _simple(self.simple), self, encode, decode, check, check)
