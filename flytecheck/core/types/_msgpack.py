"""msgpack as Flyte stores it: binary scalars tagged "msgpack", maps with any key type."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgpack
from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SimpleType, TypeAnnotation

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.transformer import literal_mismatch

TAG = "msgpack"

_packb = msgpack.Packer(use_bin_type=True, datetime=False).pack


def raw_unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, raw=False, strict_map_key=False)


def _out_of_range(plain: Any) -> tuple[str, int] | None:
    """Where in a msgpack-form value an int does not fit msgpack's 64 bits (`.field[2]`), so
    the error names the field instead of the whole value."""
    stack: list[tuple[str, Any]] = [("", plain)]
    while stack:
        path, value = stack.pop()
        if type(value) is int and not -(2**63) <= value < 2**64:
            return path, value
        if isinstance(value, dict):
            stack.extend(
                (f".{k}" if isinstance(k, str) else f"[{k!r}]", v) for k, v in value.items()
            )
        elif isinstance(value, (list, tuple)):
            stack.extend((f"{path}[{i}]", v) for i, v in enumerate(value))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            stack.extend((f"{path}.{f.name}", getattr(value, f.name, None)) for f in fields)
    return None


def not_serializable(python_type: Any, value: Any, e: Exception) -> TypeTransformerFailedError:
    found = _out_of_range(value) if isinstance(e, OverflowError | ValueError) else None
    if found is not None:
        path, number = found
        reason = f"{number} is outside the 64-bit range msgpack stores"
        return TypeTransformerFailedError(int, number, reason, path=path, root=python_type)
    return TypeTransformerFailedError(python_type, value, f"not msgpack-serializable: {e}")


def corrupt(python_type: Any, data: bytes, e: Exception) -> TypeTransformerFailedError:
    reason = f"the msgpack payload is corrupt ({type(e).__name__}: {e})"
    return TypeTransformerFailedError(python_type, data, reason, got="a binary literal")


def struct_type() -> LiteralType:
    """STRUCT with the annotation that tells Flyte the payload is msgpack."""
    lt = LiteralType(simple=SimpleType.STRUCT)
    lt.annotation.CopyFrom(_msgpack_annotation())
    return lt


def _msgpack_annotation() -> TypeAnnotation:
    ann = TypeAnnotation()
    ann.annotations.update({"cache-key-metadata": {"serialization-format": TAG}})
    return ann


def pack(python_type: Any, plain: Any) -> bytes:
    """The msgpack bytes of `plain` (already in msgpack form)."""
    try:
        data: bytes = _packb(plain)
    except (TypeError, ValueError, OverflowError) as e:
        raise not_serializable(python_type, plain, e) from e
    return data


def pack_into(python_type: Any, plain: Any, lit: Literal) -> None:
    """Write `plain` (already in msgpack form) into `lit` as a tagged binary scalar."""
    try:
        data = _packb(plain)
    except (TypeError, ValueError, OverflowError) as e:
        raise not_serializable(python_type, plain, e) from e
    binary = lit.scalar.binary
    binary.value = data
    binary.tag = TAG


def unpack_bytes(python_type: Any, data: bytes) -> Any:
    """The msgpack form held in `data`; corrupt data is a type error that says so."""
    try:
        return raw_unpack(data)
    except Exception as e:  # msgpack raises several unrelated types on corrupt data
        raise corrupt(python_type, data, e) from e


def unpack(python_type: Any, lit: Literal) -> Any:
    """Read the msgpack form back from a binary scalar, or from an older JSON Struct scalar."""
    scalar = lit.scalar
    kind = scalar.WhichOneof("value")
    if kind == "binary":
        if scalar.binary.tag != TAG:
            raise literal_mismatch(python_type, lit)
        try:
            return msgpack.unpackb(scalar.binary.value, raw=False, strict_map_key=False)
        except Exception as e:  # msgpack raises several unrelated types on corrupt data
            reason = f"the msgpack payload is corrupt ({type(e).__name__}: {e})"
            raise TypeTransformerFailedError(
                python_type, lit, reason, got="a binary literal"
            ) from e
    if kind == "generic":
        from google.protobuf.json_format import MessageToDict

        return _ints(MessageToDict(scalar.generic))
    raise literal_mismatch(python_type, lit)


def _ints(value: Any) -> Any:
    """JSON Structs (written by older flytekit) hold every number as a double: give integral
    ones back as int, which a float field still accepts."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_ints(v) for v in value]
    if isinstance(value, dict):
        return {k: _ints(v) for k, v in value.items()}
    return value


# A collection of binary scalars, written as protobuf wire bytes in one pass and parsed by upb in
# one call: per element, setting `binary.value` and `binary.tag` through the message API costs
# four times the msgpack packing itself. The bytes are exactly what the message API would write:
#   LiteralCollection.literals(1) > Literal.scalar(1) > Scalar.binary(3) > Binary{value(1), tag(2)}
raw_pack = _packb
_TAG_FIELD = b"\x12" + bytes([len(TAG)]) + TAG.encode()
_prefixes: dict[int, bytes] = {}


def _varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _prefix(n: int) -> bytes:
    binary = n + len(_varint(n)) + 1 + len(_TAG_FIELD)
    scalar = binary + len(_varint(binary)) + 1
    literal = scalar + len(_varint(scalar)) + 1
    return (
        b"\x0a"
        + _varint(literal)
        + b"\x0a"
        + _varint(scalar)
        + b"\x1a"
        + _varint(binary)
        + b"\x0a"
        + _varint(n)
    )


def binaries_into(python_type: Any, items: Any, pack_one: Any, lit: Literal) -> None:
    """Fill `lit` with a collection holding one msgpack binary scalar per item."""
    parts: list[bytes] = []
    append = parts.append
    get = _prefixes.get
    try:
        for item in items:
            data = pack_one(item)
            prefix = get(len(data))
            if prefix is None:
                prefix = _prefixes[len(data)] = _prefix(len(data))
            append(prefix)
            append(data)
            append(_TAG_FIELD)
    except TypeTransformerFailedError as err:
        raise err.within(path=f"[{len(parts) // 3}]") from err
    collection = lit.collection
    collection.SetInParent()
    collection.MergeFromString(b"".join(parts))


def binaries_of(lit: Literal) -> list[bytes] | None:
    """The msgpack payloads of a collection of binary scalars; None unless every element is one
    (then the caller reads element by element, which also reads older JSON Structs)."""
    out: list[bytes] = []
    append = out.append
    for item in lit.collection.literals:
        binary = item.scalar.binary
        if binary.tag != TAG:
            return None
        append(binary.value)
    return out
