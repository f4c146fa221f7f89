"""Hypothesis strategies for every type the type engine supports.

    from flytecheck.strategies import values_for, supported_types, round_trip

`values_for(T)` gives values Flyte can store for T (ints within 64 bits, no NaN, timedeltas within
a Duration); `supported_types()` gives the annotations themselves, nested; `literals_for(lt)` gives
Literals of a LiteralType; `st.from_type(Literal)` (and LiteralType, LiteralMap) works once
hypothesis is imported; `round_trip(T)` runs each value through to_literal, protobuf
serialization and to_python_value, for properties such as `rt.back == rt.value`.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import itertools
import typing
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "RoundTrip",
    "literal_maps",
    "literal_types",
    "literals",
    "literals_for",
    "register_type_strategies",
    "round_trip",
    "supported_types",
    "values_for",
]

INT64 = (-(2**63), 2**63 - 1)
# Within a Duration (+-10,000 years), and exact to the microsecond as the float seconds a
# timedelta is inside a dataclass or an untyped dict (flytekit's form too): that holds while a
# float's spacing at the value is under half a microsecond, |seconds| < 2**52 * 0.5e-6, about
# 26,000 days. Beyond it both flytekit and flytecheck round to the nearest representable value.
TIMEDELTA_BOUND = datetime.timedelta(days=20_000)
_UTC = datetime.timezone.utc
_names = itertools.count()


def _json_like() -> st.SearchStrategy[Any]:
    leaves = (
        st.none()
        | st.booleans()
        | st.integers(*INT64)
        | st.floats(allow_nan=False)
        | st.text(max_size=8)
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=8,
    )


_SCALARS: dict[Any, st.SearchStrategy[Any]] = {
    int: st.integers(*INT64),
    float: st.floats(allow_nan=False),
    str: st.text(),
    bool: st.booleans(),
    type(None): st.none(),
    datetime.datetime: st.datetimes(timezones=st.just(_UTC)),
    datetime.date: st.dates(),
    datetime.timedelta: st.timedeltas(-TIMEDELTA_BOUND, TIMEDELTA_BOUND),
}


def values_for(python_type: Any) -> st.SearchStrategy[Any]:
    """Values of `python_type` that Flyte can store and give back equal.

    Validates `python_type` at once: an unsupported annotation raises UnsupportedTypeError
    here, not when the test draws. Containers shrink towards empty, numbers towards zero,
    Optionals towards None.
    """
    from flytecheck.core.types import TypeEngine

    TypeEngine.codec(python_type)  # raises UnsupportedTypeError early
    return _values(python_type)


def _values(t: Any) -> st.SearchStrategy[Any]:
    if t in _SCALARS:
        return _SCALARS[t]
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        return _values(args[0])
    if origin is list:
        return st.lists(_values(args[0]), max_size=5)
    if t is dict or t is dict:
        return st.dictionaries(st.text(max_size=5), _json_like(), max_size=4)
    if origin is dict:
        return st.dictionaries(_values(args[0]), _values(args[1]), max_size=4)
    if origin in (typing.Union, _UnionType):
        if type(None) in args:
            rest = [a for a in args if a is not type(None)]
            inner = _values(typing.Union[tuple(rest)]) if rest else st.nothing()  # noqa: UP007
            return st.none() | inner
        return st.one_of([_values(a) for a in args]).filter(_unambiguous(t))
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return st.sampled_from(t)
    if dataclasses.is_dataclass(t) and isinstance(t, type):
        hints = typing.get_type_hints(t, include_extras=True)
        fields = {f.name: _values(hints[f.name]) for f in dataclasses.fields(t) if f.init}
        return st.builds(t, **fields)
    return st.from_type(t)


def _unambiguous(t: Any) -> Any:
    from flytecheck.core.exceptions import TypeTransformerFailedError
    from flytecheck.core.types import TypeEngine

    codec = TypeEngine.codec(t)

    def fits(value: Any) -> bool:
        try:
            codec.to_literal(value)
        except TypeTransformerFailedError:
            return False
        return True

    return fits


_UnionType: Any = type(int | None)


def _enums() -> st.SearchStrategy[type[enum.Enum]]:
    values = st.lists(st.text(max_size=6), min_size=1, max_size=4, unique=True)
    return values.map(_make_enum)


def _make_enum(values: list[str]) -> type[enum.Enum]:
    members = {f"M{i}": v for i, v in enumerate(values)}
    return typing.cast(type[enum.Enum], enum.Enum(f"GeneratedEnum{next(_names)}", members))


def _dataclasses(fields: st.SearchStrategy[Any]) -> st.SearchStrategy[type]:
    return st.lists(fields, min_size=1, max_size=4).map(
        lambda ts: dataclasses.make_dataclass(
            f"Generated{next(_names)}", [(f"f{i}", t) for i, t in enumerate(ts)]
        )
    )


def supported_types(max_leaves: int = 6) -> st.SearchStrategy[Any]:
    """Type annotations the type engine supports, nested: scalars, untyped dicts, str Enums,
    List, Dict[str, T], Dict[int, T], Optional, unions of scalars and dataclasses of any of them.
    Shrinks towards `int`."""
    scalars = st.sampled_from(
        [int, float, str, bool, datetime.datetime, datetime.date, datetime.timedelta]
    )
    unions = st.sets(st.sampled_from([int, float, str, bool]), min_size=2, max_size=3).map(
        lambda ts: typing.Union[tuple(sorted(ts, key=lambda x: x.__name__))]  # noqa: UP007
    )
    leaves = scalars | st.just(dict) | unions | _enums()
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            inner.map(lambda t: typing.List[t]),  # type: ignore[valid-type]  # noqa: UP006
            inner.map(lambda t: typing.Dict[str, t]),  # type: ignore[valid-type]  # noqa: UP006
            inner.map(lambda t: typing.Dict[int, t]),  # type: ignore[valid-type]  # noqa: UP006
            inner.map(lambda t: typing.Optional[t]),  # noqa: UP045
            _dataclasses(inner),
        ),
        max_leaves=max_leaves,
    )


def literals_for(literal_type: Any) -> st.SearchStrategy[Any]:
    """Literals (flyteidl messages) of `literal_type`, built from values of the Python type the
    type engine guesses for it."""
    from flytecheck.core.types import TypeEngine

    python_type = TypeEngine.guess_python_type(literal_type)
    codec = TypeEngine.codec(python_type)
    return _values(python_type).map(codec.to_literal)


@dataclasses.dataclass(frozen=True)
class RoundTrip:
    """One value's trip: to a Literal, to bytes and back, to Python."""

    python_type: Any
    value: Any
    literal: Any
    back: Any


def round_trip(python_type: Any) -> st.SearchStrategy[RoundTrip]:
    """Values of `python_type` each sent through to_literal -> SerializeToString -> parse ->
    to_python_value. The property a user asserts is `rt.back == rt.value`."""
    from flyteidl.core.literals_pb2 import Literal

    from flytecheck.core.types import TypeEngine

    codec = TypeEngine.codec(python_type)

    def travel(value: Any) -> RoundTrip:
        literal = Literal.FromString(codec.to_literal(value).SerializeToString())
        return RoundTrip(python_type, value, literal, codec.decode(literal))

    return values_for(python_type).map(travel)


def literal_types() -> st.SearchStrategy[Any]:
    """LiteralType messages of supported Python types."""
    from flytecheck.core.types import TypeEngine

    return supported_types().map(TypeEngine.to_literal_type)


def literals() -> st.SearchStrategy[Any]:
    """Literal messages of any supported type."""
    from flytecheck.core.types import TypeEngine

    return supported_types().flatmap(lambda t: _values(t).map(TypeEngine.codec(t).to_literal))


def literal_maps() -> st.SearchStrategy[Any]:
    """LiteralMap messages: a task's inputs or outputs, with identifier names."""
    from flyteidl.core.literals_pb2 import LiteralMap

    names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
    return st.dictionaries(names, literals(), max_size=4).map(lambda d: LiteralMap(literals=d))


def register_type_strategies() -> None:
    """Teach `st.from_type` the flyteidl messages: `st.from_type(Literal)` gives valid literals
    of supported types (called by the hypothesis entry point)."""
    from flyteidl.core.literals_pb2 import Literal, LiteralMap
    from flyteidl.core.types_pb2 import LiteralType

    st.register_type_strategy(Literal, st.deferred(literals))
    st.register_type_strategy(LiteralType, st.deferred(literal_types))
    st.register_type_strategy(LiteralMap, st.deferred(literal_maps))


register_type_strategies()
