"""Collections: List[T], Dict[str, T], and untyped dicts (dict, Dict[K not str, V]) as msgpack."""

from __future__ import annotations

import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SimpleType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types import _msgpack, key_order
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = ["DictTransformer", "ListTransformer"]


class ListTransformer(CodecTransformer[list[Any]]):
    """List[T] as a collection literal; each element converted by T's codec."""

    def __init__(self) -> None:
        super().__init__("Typed List", list)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "collection_type":
            return list[TypeEngine.guess_python_type(literal_type.collection_type)]  # type: ignore[misc]
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        args = typing.get_args(python_type)
        if not args:
            raise UnsupportedTypeError(
                python_type, "a bare list has no element type; say List[int] (or List[T])"
            )
        item = resolve(args[0])

        def literal_type() -> LiteralType:
            return LiteralType(collection_type=item.literal_type)

        enc, dec, item_plain, item_from_plain = (
            item.encode,
            item.decode,
            item.to_plain,
            item.from_plain,
        )

        def check(v: Any) -> list[Any]:
            if type(v) is list or isinstance(v, list):
                return v
            raise TypeTransformerFailedError(python_type, v, "expected a list")

        def encode(v: Any, lit: Literal) -> None:
            literals = lit.collection.literals
            add = literals.add
            items = check(v)  # not a list: the error is the value's own, at no item
            try:
                for x in items:
                    enc(x, add())
            except TypeTransformerFailedError as err:
                raise err.within(path=f"[{len(literals) - 1}]") from err
            if not v:
                lit.collection.SetInParent()

        def decode(lit: Literal) -> list[Any]:
            literals = lit.collection.literals
            if not literals and lit.WhichOneof("value") != "collection":
                raise literal_mismatch(python_type, lit)
            out = []
            try:
                for x in literals:
                    out.append(dec(x))
            except TypeTransformerFailedError as err:
                raise err.within(path=f"[{len(out)}]") from err
            return out

        if item.pack is not None and item.unpack is not None:
            encode, decode = _binary_list(python_type, item.pack, item.unpack, check, decode)

        is_plain = _plain_list(item.exact)

        to_plain = _each(item_plain, check, is_plain)
        from_plain = _each(item_from_plain, check, is_plain)

        return Codec(
            python_type,
            literal_type,
            self,
            encode,
            decode,
            to_plain,
            from_plain,
            is_plain=is_plain,
        )


class DictTransformer(CodecTransformer[dict[Any, Any]]):
    """Dict[str, T] as a map literal; `dict` and Dict[K, V] with non-str K as a msgpack STRUCT."""

    def __init__(self) -> None:
        super().__init__("Typed Dict", dict)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        kind = literal_type.WhichOneof("type")
        if kind == "map_value_type":
            return dict[str, TypeEngine.guess_python_type(literal_type.map_value_type)]  # type: ignore[misc]
        if (
            kind == "simple"
            and literal_type.simple == SimpleType.STRUCT
            and not literal_type.structure.dataclass_type
        ):
            return dict
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        args = typing.get_args(python_type)
        if args and args[0] is str:
            return self._typed(python_type, resolve(args[1]))
        keys = resolve(args[0]) if args else None
        values = resolve(args[1]) if args else None
        return self._untyped(python_type, keys, values)

    def _typed(self, python_type: Any, item: Codec) -> Codec:
        def literal_type() -> LiteralType:
            return LiteralType(map_value_type=item.literal_type)

        enc, dec, item_plain, item_from_plain = (
            item.encode,
            item.decode,
            item.to_plain,
            item.from_plain,
        )

        def check(v: Any) -> dict[Any, Any]:
            if isinstance(v, dict):
                return v
            raise TypeTransformerFailedError(python_type, v, "expected a dict")

        def bad_key(k: Any) -> TypeTransformerFailedError:
            reason = "map keys must be str; annotate Dict[K, V] to store other keys as msgpack"
            return TypeTransformerFailedError(python_type, k, reason)

        def encode(v: Any, lit: Literal) -> None:
            literals = lit.map.literals
            for k, x in check(v).items():
                if type(k) is not str:
                    raise bad_key(k)
                try:
                    enc(x, literals[k])
                except TypeTransformerFailedError as err:
                    raise err.within(path=f"[{k!r}]") from err
            if not v:
                lit.map.SetInParent()
            key_order.remember(v)

        def decode(lit: Literal) -> dict[str, Any]:
            literals = lit.map.literals
            if not literals and lit.WhichOneof("value") != "map":
                raise literal_mismatch(python_type, lit)
            out = {}
            k = ""
            try:
                for k in key_order.in_written_order(literals):
                    out[k] = dec(literals[k])
            except TypeTransformerFailedError as err:
                raise err.within(path=f"[{k!r}]") from err
            return out

        def to_plain(v: Any) -> dict[str, Any]:
            out = {}
            for k, x in check(v).items():
                if type(k) is not str:
                    raise bad_key(k)
                out[k] = _at(k, item_plain, x)
            return out

        def from_plain(v: Any) -> dict[str, Any]:
            return {str(k): _at(k, item_from_plain, x) for k, x in check(v).items()}

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)

    def _untyped(self, python_type: Any, keys: Codec | None, values: Codec | None) -> Codec:
        literal_type = _msgpack.struct_type()

        def check(v: Any) -> dict[Any, Any]:
            if isinstance(v, dict):
                return v
            raise TypeTransformerFailedError(python_type, v, "expected a dict")

        if keys is None or values is None:

            def to_plain(v: Any) -> dict[Any, Any]:
                return check(v)

            from_plain = to_plain
        else:
            kp, kf, vp, vf = keys.to_plain, keys.from_plain, values.to_plain, values.from_plain

            def to_plain(v: Any) -> dict[Any, Any]:
                return {_at(k, kp, k): _at(k, vp, x) for k, x in check(v).items()}

            def from_plain(v: Any) -> dict[Any, Any]:
                return {_at(k, kf, k): _at(k, vf, x) for k, x in check(v).items()}

        def encode(v: Any, lit: Literal) -> None:
            _msgpack.pack_into(python_type, to_plain(v), lit)

        def decode(lit: Literal) -> dict[Any, Any]:
            return from_plain(_msgpack.unpack(python_type, lit))

        def pack(v: Any) -> bytes:
            return _msgpack.pack(python_type, to_plain(v))

        def unpack(data: bytes) -> dict[Any, Any]:
            return from_plain(_msgpack.unpack_bytes(python_type, data))

        return Codec(
            python_type,
            literal_type,
            self,
            encode,
            decode,
            to_plain,
            from_plain,
            pack=pack,
            unpack=unpack,
        )


def _at(key: Any, convert: Any, value: Any) -> Any:
    try:
        return convert(value)
    except TypeTransformerFailedError as err:
        raise err.within(path=f"[{key!r}]") from err


def _each(convert: Any, check: Any, is_plain: Any) -> Any:
    """A list conversion applying `convert` to each element (none when the list is already
    plain); an error names the element's index."""

    def each(v: Any) -> list[Any]:
        if is_plain is not None and is_plain(v):
            return v  # type: ignore[no-any-return]
        out = []
        try:
            for x in check(v):
                out.append(convert(x))
        except TypeTransformerFailedError as err:
            raise err.within(path=f"[{len(out)}]") from err
        return out

    return each


def _plain_list(exact: type | None) -> Any:
    """A test that a value is a list of exactly `exact` values (its own msgpack form)."""
    if exact is float or exact is str:
        is_instance = exact.__instancecheck__
        return lambda v: type(v) is list and all(map(is_instance, v))
    if exact is not None:
        return lambda v: type(v) is list and all(type(x) is exact for x in v)
    return None


def _binary_list(
    python_type: Any, pack: Any, unpack: Any, check: Any, elementwise: Any
) -> tuple[Any, Any]:
    """Encode and decode for a list whose elements are msgpack binary scalars, in one pass."""

    def encode(v: Any, lit: Literal) -> None:
        _msgpack.binaries_into(python_type, check(v), pack, lit)

    def decode(lit: Literal) -> list[Any]:
        payloads = _msgpack.binaries_of(lit)
        if payloads is None or (not payloads and lit.WhichOneof("value") != "collection"):
            return elementwise(lit)  # type: ignore[no-any-return]
        out = []
        try:
            for data in payloads:
                out.append(unpack(data))
        except TypeTransformerFailedError as err:
            raise err.within(path=f"[{len(out)}]") from err
        return out

    return encode, decode
