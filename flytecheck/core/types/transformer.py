"""The TypeTransformer protocol, and the compiled per-type codec the engine caches.

A transformer knows one family of Python types. flytekit's four methods (`get_literal_type`,
`to_literal`, `to_python_value`, `guess_python_type`) are the public protocol, so a transformer
written for flytekit ports by changing its imports. Built-in transformers go further: they compile
a `Codec` once per concrete type, a pair of closures that fill a Literal in place and read it back,
with every lookup already done. That is what makes a 100,000-element list cost little more than
building the protobuf message itself.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, type_name

if TYPE_CHECKING:
    from flytecheck.core.context import FlyteContext
    from flytecheck.core.types.engine import Resolver

__all__ = ["Codec", "CodecTransformer", "TypeTransformer", "literal_mismatch"]

T = TypeVar("T")

Encode = Callable[[Any, Literal], None]
Decode = Callable[[Literal], Any]
Plain = Callable[[Any], Any]


def _no_plain(python_type: Any) -> Plain:
    def refuse(value: Any) -> Any:
        msg = f"{type_name(python_type)} has no msgpack form, so it cannot sit inside a dataclass"
        raise TypeTransformerFailedError(python_type, value, msg)

    return refuse


class Codec:
    """Everything needed to convert one concrete Python type, computed once.

    `encode(value, literal)` fills an empty Literal in place; `decode(literal)` reads it back.
    `to_plain`/`from_plain` give the value's msgpack form, used inside dataclasses and untyped
    dicts. All four raise TypeTransformerFailedError on a value or literal that does not fit.
    `exact` is set when a value whose type is exactly that class is its own msgpack form, which
    lets containers of such values skip the per-element calls; `is_plain(value)`, when set, says
    the same of a whole value (a list of floats). `pack`/`unpack` are set when the literal is a
    msgpack binary scalar (dataclasses, untyped dicts): value <-> payload bytes, so a list of
    them is written and read in one pass.

    `literal_type` may be given as a function: it is then built on first read. Running a task
    never reads it, so a container does not pay for a dataclass's JSON schema.
    """

    __slots__ = (
        "_literal_type",
        "decode",
        "encode",
        "exact",
        "from_plain",
        "is_plain",
        "pack",
        "python_type",
        "to_plain",
        "transformer",
        "unpack",
    )

    def __init__(
        self,
        python_type: Any,
        literal_type: LiteralType | Callable[[], LiteralType],
        transformer: TypeTransformer[Any],
        encode: Encode,
        decode: Decode,
        to_plain: Plain,
        from_plain: Plain,
        exact: type | None = None,
        *,
        is_plain: Callable[[Any], bool] | None = None,
        pack: Plain | None = None,
        unpack: Plain | None = None,
    ) -> None:
        self.python_type = python_type
        self._literal_type = literal_type
        self.transformer = transformer
        self.encode = encode
        self.decode = decode
        self.to_plain = to_plain
        self.from_plain = from_plain
        self.exact = exact
        self.is_plain = is_plain
        self.pack = pack
        self.unpack = unpack

    @property
    def literal_type(self) -> LiteralType:
        lt = self._literal_type
        if not isinstance(lt, LiteralType):
            lt = self._literal_type = lt()
        return lt

    def __repr__(self) -> str:
        return f"Codec({self.python_type!r} by {self.transformer!r})"

    def to_literal(self, value: Any) -> Literal:
        lit = Literal()
        self.encode(value, lit)
        return lit


class TypeTransformer(Generic[T]):
    """Converts one family of Python types to Flyte literals and back.

    Subclass it, implement the four methods, and register an instance with
    `TypeEngine.register` or the `flytecheck_type_transformers` hook.
    """

    def __init__(self, name: str, t: type[T] | Any, enable_type_assertions: bool = True) -> None:
        self.name = name
        self.python_type = t
        self.type_assertions_enabled = enable_type_assertions

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def get_literal_type(self, t: Any) -> LiteralType:
        """The Flyte type for the Python type `t`."""
        raise NotImplementedError

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        """Convert `python_val`, declared as `python_type`, to a Literal of type `expected`."""
        raise NotImplementedError

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> T:
        """Convert the Literal `lv` back to a value of `expected_python_type`."""
        raise NotImplementedError

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        """The Python type for a Flyte type; raises ValueError if this transformer has none."""
        msg = f"{self.name} cannot guess a Python type for {literal_type}"
        raise ValueError(msg)

    def assert_type(self, t: Any, v: Any) -> None:
        """Raise TypeTransformerFailedError unless `v` is a valid value of `t`."""
        if self.type_assertions_enabled and isinstance(t, type) and not isinstance(v, t):
            raise TypeTransformerFailedError(t, v)

    def codec(self, python_type: Any, resolve: Resolver) -> Codec:
        """Compile the codec for `python_type`; by default it calls the four methods above,
        with the context user code sees (a file access provider included, as flytekit's)."""
        from flytecheck.core.context import current_context

        literal_type = self.get_literal_type(python_type)
        checked = typing.get_args(python_type)[0] if _is_annotated(python_type) else python_type

        def encode(value: Any, lit: Literal) -> None:
            self.assert_type(checked, value)
            try:
                ctx = current_context().for_user()
                produced = self.to_literal(ctx, value, python_type, literal_type)
            except (TypeError, ValueError, AttributeError) as e:
                if isinstance(e, TypeTransformerFailedError):
                    raise
                reason = f"transformer {self.name!r} failed: {e}"
                raise TypeTransformerFailedError(python_type, value, reason) from e
            lit.CopyFrom(produced)

        def decode(lit: Literal) -> Any:
            return self.to_python_value(current_context().for_user(), lit, python_type)

        refuse = _no_plain(python_type)
        return Codec(python_type, literal_type, self, encode, decode, refuse, refuse)


def _is_annotated(t: Any) -> bool:
    return typing.get_origin(t) is typing.Annotated


class CodecTransformer(TypeTransformer[T]):
    """A transformer that builds codecs itself; flytekit's methods are served by the codec."""

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        raise NotImplementedError

    def codec(self, python_type: Any, resolve: Resolver) -> Codec:
        return self.build(python_type, resolve)

    def get_literal_type(self, t: Any) -> LiteralType:
        from flytecheck.core.types.engine import TypeEngine

        return TypeEngine.to_literal_type(t)

    def to_literal(
        self, ctx: FlyteContext, python_val: Any, python_type: Any, expected: LiteralType
    ) -> Literal:
        from flytecheck.core.types.engine import TypeEngine

        return TypeEngine.to_literal(ctx, python_val, python_type, expected)

    def to_python_value(self, ctx: FlyteContext, lv: Literal, expected_python_type: Any) -> T:
        from flytecheck.core.types.engine import TypeEngine

        value: T = TypeEngine.to_python_value(ctx, lv, expected_python_type)
        return value


def describe_literal(lit: Literal) -> str:
    """A short description of what a Literal holds, for error messages."""
    kind = lit.WhichOneof("value")
    if kind == "scalar":
        scalar = lit.scalar
        inner = scalar.WhichOneof("value")
        if inner == "primitive":
            prim = scalar.primitive.WhichOneof("value")
            return f"a {prim} literal {getattr(scalar.primitive, prim or 'integer')!r}"
        if inner == "binary":
            return f"a binary literal tagged {scalar.binary.tag!r}"
        return f"a {inner or 'empty'} scalar literal"
    if kind == "collection":
        return f"a collection literal of {len(lit.collection.literals)}"
    if kind == "map":
        return f"a map literal with keys {sorted(lit.map.literals)}"
    return "an empty literal"


def literal_mismatch(python_type: Any, lit: Literal) -> TypeTransformerFailedError:
    """The error for a Literal whose kind cannot hold a value of `python_type`."""
    return TypeTransformerFailedError(
        python_type,
        lit,
        got=describe_literal(lit),
    )
