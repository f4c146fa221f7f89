"""TypeEngine: finds the transformer for a Python type and converts values through it.

Lookup order (first match wins): a TypeTransformer inside `Annotated[...]`, Enum subclasses,
the generic origin (`list`, `dict`, `Union`), the exact class, the class's MRO, dataclasses, then
the pickle fallback when asked for, else UnsupportedTypeError naming the type and what to use.
Each concrete type is compiled into a Codec once; converting a value does no lookups.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import threading
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from flyteidl.core.literals_pb2 import Literal, LiteralMap
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.context import FlyteContext, entered
from flytecheck.core.exceptions.user import (
    FlyteValueException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)
from flytecheck.core.types.transformer import Codec, TypeTransformer

__all__ = ["DATACLASSES", "PICKLED", "Resolver", "TypeEngine"]

Resolver = Callable[[Any], Codec]


class DATACLASSES:
    """Registration key (a transformer's python_type) for the transformer of every dataclass."""


class PICKLED:
    """Registration key (a transformer's python_type) for the opt-in pickle fallback."""


_RESTRICTED: dict[Any, str] = {
    tuple: "a tuple cannot be stored as a value; use List[T], a dataclass, or a NamedTuple "
    "return annotation for several outputs",
    set: "sets have no Flyte type; use List[T]",
    frozenset: "frozensets have no Flyte type; use List[T]",
    bytes: "raw bytes have no Flyte type; write them to a FlyteFile",
    bytearray: "raw bytes have no Flyte type; write them to a FlyteFile",
    typing.Any: "Any has no Flyte type (flytekit would silently pickle it)",
    object: "object has no Flyte type (flytekit would silently pickle it)",
    collections.abc.Callable: "functions cannot cross a task boundary",
    collections.abc.Generator: "generators cannot cross a task boundary; return a List[T]",
    collections.abc.Iterable: "iterables have no Flyte type; use List[T]",
}
_NEVER_PICKLED = (tuple,)


def _unsupported_reason(python_type: Any) -> str:
    origin = typing.get_origin(python_type) or python_type
    if origin in _RESTRICTED:
        return _RESTRICTED[origin]
    if isinstance(python_type, typing.TypeVar):
        return "a TypeVar has no concrete type; annotate with the concrete type"
    if isinstance(python_type, (str, typing.ForwardRef)):
        return "it is an unresolved forward reference; import the class it names"
    return (
        "it is not a dataclass, a str-valued Enum or a registered type "
        "(flytekit would silently pickle it)"
    )


class TypeEngine:
    """The registry of transformers and the entry points flytekit users know."""

    _registry: typing.ClassVar[dict[Any, TypeTransformer[Any]]] = {}
    _by_name: typing.ClassVar[dict[str, TypeTransformer[Any]]] = {}
    _enum_transformer: typing.ClassVar[TypeTransformer[Any] | None] = None
    _dataclass_transformer: typing.ClassVar[TypeTransformer[Any] | None] = None
    _pickle_transformer: typing.ClassVar[TypeTransformer[Any] | None] = None
    _codecs: typing.ClassVar[tuple[dict[Any, Codec], dict[Any, Codec]]] = ({}, {})
    _lock: typing.ClassVar[threading.RLock] = threading.RLock()
    _building: typing.ClassVar[set[Any]] = set()
    _plugins_loaded: typing.ClassVar[bool] = False

    # -- registry -------------------------------------------------------------------------------

    @classmethod
    def register(
        cls, transformer: TypeTransformer[Any], additional_types: typing.Sequence[Any] = ()
    ) -> None:
        """Make `transformer` handle its python_type (and `additional_types`); it wins over
        any transformer registered before it for the same types."""
        with cls._lock:
            for t in (transformer.python_type, *additional_types):
                if t is enum.Enum:
                    cls._enum_transformer = transformer
                elif t is DATACLASSES:
                    cls._dataclass_transformer = transformer
                elif t is PICKLED:
                    cls._pickle_transformer = transformer
                else:
                    cls._registry[t] = transformer
            cls._codecs = ({}, {})

    @classmethod
    def register_by_name(cls, qualified_name: str, transformer: TypeTransformer[Any]) -> None:
        """Make `transformer` handle the class named `module.QualName` (pandas.DataFrame is
        `pandas.core.frame.DataFrame`) without importing it: the library loads only when a
        value of it is converted."""
        with cls._lock:
            cls._by_name[qualified_name] = transformer
            cls._codecs = ({}, {})

    @classmethod
    def _ensure_plugins(cls) -> None:
        if cls._plugins_loaded:
            return
        with cls._lock:
            if cls._plugins_loaded:
                return
            cls._plugins_loaded = True
            from flytecheck._plugins import plugin_transformers

            for transformer in plugin_transformers():
                cls.register(transformer)

    @classmethod
    def get_transformer(
        cls, python_type: Any, *, pickle_untyped: bool = False
    ) -> TypeTransformer[Any]:
        """The transformer that handles `python_type`, in the lookup order of this module."""
        cls._ensure_plugins()
        if typing.get_origin(python_type) is typing.Annotated:
            for meta in python_type.__metadata__:
                if isinstance(meta, TypeTransformer):
                    return meta
            return cls.get_transformer(python_type.__origin__, pickle_untyped=pickle_untyped)
        is_enum = isinstance(python_type, type) and issubclass(python_type, enum.Enum)
        if is_enum and cls._enum_transformer is not None:
            return cls._enum_transformer
        origin = typing.get_origin(python_type)
        if origin is not None:
            found = cls._registry.get(origin)
            if found is not None:
                return found
        found = _lookup(cls._registry, python_type)
        if found is not None:
            return found
        if cls._by_name and isinstance(python_type, type):
            found = cls._by_name.get(f"{python_type.__module__}.{python_type.__qualname__}")
            if found is not None:
                return found
        if isinstance(python_type, type) and python_type not in _RESTRICTED:
            for base in python_type.__mro__[1:-1]:
                found = cls._registry.get(base) or cls._by_name.get(
                    f"{base.__module__}.{base.__qualname__}"
                )
                if found is not None:
                    return found
            if dataclasses.is_dataclass(python_type) and cls._dataclass_transformer is not None:
                return cls._dataclass_transformer
        if (
            pickle_untyped
            and cls._pickle_transformer is not None
            and (typing.get_origin(python_type) or python_type) not in _NEVER_PICKLED
        ):
            return cls._pickle_transformer
        raise UnsupportedTypeError(python_type, _unsupported_reason(python_type))

    # -- codecs ---------------------------------------------------------------------------------

    @classmethod
    def codec(cls, python_type: Any, *, pickle_untyped: bool = False) -> Codec:
        """The compiled codec for `python_type`, built on first use and cached."""
        table = cls._codecs[pickle_untyped]
        try:
            found = table.get(python_type)
        except TypeError:  # an unhashable annotation, e.g. Annotated[int, {"a": 1}]
            return cls._build(python_type, pickle_untyped)
        if found is not None:
            return found
        with cls._lock:
            built = cls._build(python_type, pickle_untyped)
            _check_nesting(python_type)
            cls._codecs[pickle_untyped][python_type] = built
            return built

    @classmethod
    def _build(cls, python_type: Any, pickle_untyped: bool) -> Codec:
        key = (python_type, pickle_untyped) if _hashable(python_type) else id(python_type)
        if key in cls._building:
            msg = "it refers to itself; Flyte types cannot be recursive"
            raise UnsupportedTypeError(python_type, msg)
        transformer = cls.get_transformer(python_type, pickle_untyped=pickle_untyped)

        def resolve(inner: Any) -> Codec:
            return cls.codec(inner, pickle_untyped=pickle_untyped)

        cls._building.add(key)
        try:
            if typing.get_origin(python_type) is typing.Annotated and not any(
                isinstance(m, TypeTransformer) for m in python_type.__metadata__
            ):
                from flytecheck.core.types.annotations import annotated_codec

                reads = getattr(transformer, "reads_annotations", False)
                inner = transformer.codec(python_type, resolve) if reads else None
                inner = inner or resolve(python_type.__origin__)
                return annotated_codec(inner, python_type, python_type.__metadata__)
            return transformer.codec(python_type, resolve)
        finally:
            cls._building.discard(key)

    # -- flytekit's entry points ----------------------------------------------------------------

    @classmethod
    def to_literal_type(cls, python_type: Any, *, pickle_untyped: bool = False) -> LiteralType:
        """The Flyte LiteralType for `python_type` (a fresh message the caller may change)."""
        lt = LiteralType()
        lt.CopyFrom(cls.codec(python_type, pickle_untyped=pickle_untyped).literal_type)
        return lt

    @classmethod
    def to_literal(
        cls,
        ctx: FlyteContext,
        python_val: Any,
        python_type: Any,
        expected: LiteralType | None = None,
        *,
        pickle_untyped: bool = False,
    ) -> Literal:
        """Convert `python_val`, declared as `python_type`, to a Literal."""
        codec = cls.codec(python_type, pickle_untyped=pickle_untyped)
        lit = Literal()
        with entered(ctx):
            try:
                codec.encode(python_val, lit)
            except TypeTransformerFailedError as err:
                raise err.within(root=python_type) from err
        return lit

    @classmethod
    def to_python_value(
        cls,
        ctx: FlyteContext,
        lv: Literal,
        expected_python_type: Any,
        *,
        pickle_untyped: bool = False,
    ) -> Any:
        """Convert the Literal `lv` to a value of `expected_python_type`."""
        codec = cls.codec(expected_python_type, pickle_untyped=pickle_untyped)
        with entered(ctx):
            try:
                return codec.decode(lv)
            except TypeTransformerFailedError as err:
                raise err.within(root=expected_python_type) from err

    @classmethod
    def guess_python_type(cls, literal_type: LiteralType) -> Any:
        """A Python type whose values convert to `literal_type` (the reverse of
        to_literal_type), asking transformers from the latest registered to the first."""
        cls._ensure_plugins()
        candidates = [
            *reversed(cls._by_name.values()),
            *reversed(cls._registry.values()),
            cls._enum_transformer,
            cls._dataclass_transformer,
            cls._pickle_transformer,
        ]
        seen: set[int] = set()
        for transformer in candidates:
            if transformer is None or id(transformer) in seen:
                continue
            seen.add(id(transformer))
            try:
                return transformer.guess_python_type(literal_type)
            except ValueError:
                continue
        msg = f"no transformer knows a Python type for the Flyte type {literal_type}"
        raise ValueError(msg)

    @classmethod
    def dict_to_literal_map(
        cls,
        ctx: FlyteContext,
        d: Mapping[str, Any],
        type_hints: Mapping[str, Any] | None = None,
        *,
        where: str = "",
        pickle_untyped: bool = False,
    ) -> LiteralMap:
        """Convert named values to a LiteralMap; errors name the value's key (and `where`).
        `pickle_untyped`: types Flyte does not know are pickled (an interface that pickles)."""
        hints = type_hints or {}
        lm = LiteralMap()
        with entered(ctx):
            for name, value in d.items():
                python_type = hints.get(name, type(value))
                codec = cls.codec(python_type, pickle_untyped=pickle_untyped)
                try:
                    codec.encode(value, lm.literals[name])
                except TypeTransformerFailedError as err:
                    raise err.within(where=_subject(where, name), root=python_type) from err
        return lm

    @classmethod
    def literal_map_to_kwargs(
        cls,
        ctx: FlyteContext,
        lm: LiteralMap,
        python_types: Mapping[str, Any] | None = None,
        literal_types: Mapping[str, Any] | None = None,
        *,
        where: str = "",
        pickle_untyped: bool = False,
    ) -> dict[str, Any]:
        """Convert a LiteralMap to keyword arguments of the given Python types.

        Every name in `python_types` must be in the map, and the map may hold no other name:
        either mismatch is an error naming the names.
        """
        if python_types is None:
            if literal_types is None:
                msg = "literal_map_to_kwargs needs python_types or literal_types"
                raise ValueError(msg)
            python_types = {
                k: cls.guess_python_type(v.type if hasattr(v, "type") else v)
                for k, v in literal_types.items()
            }
        literals = lm.literals
        missing = [name for name in python_types if name not in literals]
        extra = sorted(set(literals) - set(python_types))
        if missing or extra:
            subject = f"{where}: " if where else ""
            parts = []
            if missing:
                parts.append(f"missing input(s) {', '.join(map(repr, missing))}")
            if extra:
                parts.append(f"unexpected input(s) {', '.join(map(repr, extra))}")
            msg = (
                f"{subject}the literal map has {' and '.join(parts)}; "
                f"expected exactly {sorted(python_types)}"
            )
            raise FlyteValueException(msg)
        out: dict[str, Any] = {}
        with entered(ctx):
            for name, python_type in python_types.items():
                try:
                    codec = cls.codec(python_type, pickle_untyped=pickle_untyped)
                    out[name] = codec.decode(literals[name])
                except TypeTransformerFailedError as err:
                    raise err.within(where=_subject(where, name), root=python_type) from err
        return out


MAX_MESSAGE_DEPTH = 101
"""How deep protobuf (upb) reads nested messages: a LiteralMap whose literals nest deeper is
written without complaint and can never be read back, by Flyte or by anyone."""
_SCALARS = (int, float, str, bool, bytes, type(None))


def _message_depth(python_type: Any) -> int:
    """How deep the messages of a LiteralMap holding a value of `python_type` nest: a list adds
    2 (Literal, LiteralCollection), a dict of str keys 3 (Literal, LiteralMap, its entry), a
    union 3; a scalar ends in Literal, Scalar, Primitive; anything else (files, dataclasses,
    which are one msgpack value) is counted as 5."""
    origin, args = typing.get_origin(python_type), typing.get_args(python_type)
    if origin is typing.Annotated:
        return _message_depth(args[0])
    if origin in (list, collections.abc.Sequence) and args:
        return 2 + _message_depth(args[0])
    if origin in (dict, collections.abc.Mapping) and len(args) == 2 and args[0] is str:
        return 3 + _message_depth(args[1])
    if origin is typing.Union or origin is types.UnionType:
        return 3 + max(_message_depth(a) for a in args)
    return 3 if python_type in _SCALARS else 5


def _check_nesting(python_type: Any) -> None:
    depth = 2 + _message_depth(python_type)  # inside inputs.pb / outputs.pb, a LiteralMap
    if depth > MAX_MESSAGE_DEPTH:
        msg = (
            f"its values would be protobuf messages nested {depth} deep, and protobuf cannot "
            f"read back messages nested past {MAX_MESSAGE_DEPTH} levels (about 48 nested lists "
            "or 32 nested dicts)"
        )
        advice = "Flatten it, or make the inner levels a dataclass (stored as one msgpack value)."
        raise UnsupportedTypeError(python_type, msg, advice=advice)


def _subject(where: str, name: str) -> str:
    return f"{where}, input {name!r}" if where else f"input {name!r}"


def _hashable(t: Any) -> bool:
    try:
        hash(t)
    except TypeError:
        return False
    return True


def _lookup(registry: dict[Any, TypeTransformer[Any]], t: Any) -> TypeTransformer[Any] | None:
    try:
        return registry.get(t)
    except TypeError:
        return None
