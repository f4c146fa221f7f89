"""Dataclasses: a STRUCT whose metadata is the class's JSON schema and whose value is msgpack.

The LiteralType carries mashumaro's JSON schema (exactly what flytekit stores), the msgpack
annotation, and `structure.dataclass_type` mapping each field to its own LiteralType. The value is
the msgpack of the field dict: enums as values, datetimes as ISO strings, timedeltas as float
seconds, nested dataclasses as maps. The field-dict conversion is generated as Python source once
per class (as attrs and mashumaro do), so converting 10,000 values makes no per-field lookups.
"""

from __future__ import annotations

import dataclasses
import keyword
import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types import _msgpack
from flytecheck.core.types.engine import DATACLASSES, Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer

__all__ = ["DataclassTransformer", "json_schema"]


def json_schema(cls: type) -> dict[str, Any] | None:
    """mashumaro's JSON schema for `cls`, as flytekit stores it; None when it has none.

    mashumaro costs ~150 ms to import, so it is imported the first time a dataclass is seen.
    """
    from mashumaro.jsonschema import build_json_schema

    try:
        schema: dict[str, Any] = build_json_schema(cls).to_dict()
    except (
        Exception
    ):  # a field type mashumaro does not know (e.g. a plugin's); the type stays valid
        return None
    return schema


def _attr(name: str) -> str:
    return (
        f"v.{name}"
        if name.isidentifier() and not keyword.iskeyword(name)
        else f"getattr(v, {name!r})"
    )


class DataclassTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("Object-Dataclass-Transformer", DATACLASSES)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        fields = literal_type.structure.dataclass_type
        if literal_type.WhichOneof("type") != "simple" or not fields:
            return super().guess_python_type(literal_type)
        schema = _struct_to_dict(literal_type)
        # a Struct's keys come back in no order; the schema's `required` is a list, in field
        # order: those fields first (as declared), then the ones with defaults, by name
        named = list(schema.get("properties", {})) or list(fields)
        required = [n for n in schema.get("required", sorted(named)) if n in fields]
        order = required + sorted(n for n in named if n not in required)
        specs: list[Any] = []
        for name in order:
            hint = TypeEngine.guess_python_type(fields[name])
            if name in required:
                specs.append((name, hint))
            else:
                default = schema["properties"][name].get("default")
                specs.append((name, hint, dataclasses.field(default=default)))
        return dataclasses.make_dataclass(str(schema.get("title", "DynamicDataclass")), specs)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        cls = python_type
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except (NameError, TypeError) as e:
            raise UnsupportedTypeError(cls, f"its field annotations do not resolve ({e})") from e
        fields = [f for f in dataclasses.fields(cls) if f.init]
        codecs: list[Codec] = []
        for f in fields:
            try:
                codecs.append(resolve(hints[f.name]))
            except UnsupportedTypeError as e:
                raise UnsupportedTypeError(cls, f"field {f.name!r}: {e.reason}") from e

        def literal_type() -> LiteralType:
            lt = _msgpack.struct_type()
            schema = json_schema(cls)
            if schema is not None:
                lt.metadata.update(schema)
            for f, codec in zip(fields, codecs, strict=True):
                lt.structure.dataclass_type[f.name].CopyFrom(codec.literal_type)
            return lt

        to_plain, from_plain, pack, unpack = _compile(cls, fields, codecs)

        def encode(v: Any, lit: Literal) -> None:
            binary = lit.scalar.binary
            binary.value = pack(v)
            binary.tag = _msgpack.TAG

        def decode(lit: Literal) -> Any:
            return from_plain(_msgpack.unpack(cls, lit))

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


def _struct_to_dict(literal_type: LiteralType) -> dict[str, Any]:
    if not literal_type.HasField("metadata"):
        return {}
    from google.protobuf.json_format import MessageToDict

    return MessageToDict(literal_type.metadata)


def _compile(cls: type, fields: list[dataclasses.Field[Any]], codecs: list[Codec]) -> Any:
    """Generate to_plain, from_plain, pack and unpack for `cls`.

    The generated functions make no call for a field whose plain form is the value itself, and
    one call for other fields. On an error they hand over to a field-by-field walk that names the
    field at fault.
    """
    pairs = list(zip(fields, codecs, strict=True))

    def explain_to(v: Any, err: TypeTransformerFailedError) -> Exception:
        if err.expected is cls:
            return err
        return _locate(pairs, lambda f, c: c.to_plain(getattr(v, f.name)))

    def explain_from(d: Any, err: Exception) -> Exception:
        if not isinstance(d, dict):
            return TypeTransformerFailedError(cls, d, "expected a map of its fields")
        missing = [f.name for f, _ in pairs if f.name not in d and _required(f)]
        if missing:
            reason = f"missing required field(s) {', '.join(map(repr, missing))}"
            return TypeTransformerFailedError(cls, d, reason)
        if isinstance(err, TypeTransformerFailedError) and err.expected is cls:
            return err
        return _locate(pairs, lambda f, c: f.name in d and c.from_plain(d[f.name]))

    env: dict[str, Any] = {
        "cls": cls,
        "Failed": TypeTransformerFailedError,
        "raw_pack": _msgpack.raw_pack,
        "raw_unpack": _msgpack.raw_unpack,
        "not_serializable": _msgpack.not_serializable,
        "corrupt": _msgpack.corrupt,
        "explain_to": explain_to,
        "explain_from": explain_from,
    }
    to_items, from_args = [], []
    for i, (f, codec) in enumerate(pairs):
        env[f"p{i}"], env[f"f{i}"], env[f"t{i}"] = codec.to_plain, codec.from_plain, codec.is_plain
        to_items.append(f"{f.name!r}: {_checked(codec, f'p{i}', _attr(f.name), i)}")
        read = _checked(codec, f"f{i}", f"d[{f.name!r}]", i)
        if f.default is not dataclasses.MISSING:
            env[f"d{i}"] = f.default
            from_args.append(f"{f.name}={read} if {f.name!r} in d else d{i}")
        elif f.default_factory is not dataclasses.MISSING:
            env[f"d{i}"] = f.default_factory
            from_args.append(f"{f.name}={read} if {f.name!r} in d else d{i}()")
        else:
            from_args.append(f"{f.name}={read}")
    plain = "{" + ", ".join(to_items) + "}"
    build = "cls(" + ", ".join(from_args) + ")"
    source = f"""
def to_plain(v):
    if type(v) is not cls and not isinstance(v, cls):
        raise Failed(cls, v)
    try:
        return {plain}
    except Failed as err:
        raise explain_to(v, err) from err

def pack(v):
    if type(v) is not cls and not isinstance(v, cls):
        raise Failed(cls, v)
    try:
        return raw_pack({plain})
    except Failed as err:
        raise explain_to(v, err) from err
    except (TypeError, ValueError, OverflowError) as e:
        raise not_serializable(cls, v, e) from e

def from_plain(d):
    try:
        return {build}
    except (Failed, KeyError, TypeError) as err:
        raise explain_from(d, err) from err

def unpack(data):
    try:
        d = raw_unpack(data)
    except Exception as e:
        raise corrupt(cls, data, e) from e
    try:
        return {build}
    except (Failed, KeyError, TypeError) as err:
        raise explain_from(d, err) from err
"""
    exec(compile(source, f"<flytecheck dataclass codec {cls.__qualname__}>", "exec"), env)
    return env["to_plain"], env["from_plain"], env["pack"], env["unpack"]


def _checked(codec: Codec, convert: str, read: str, i: int) -> str:
    """Source that converts `read`: for a field whose plain form is the value itself, only a
    type test on the common path, then the conversion call when the test fails."""
    if codec.exact is not None:
        test = f"type(x{i} := {read}) is {codec.exact.__name__}"
    elif codec.is_plain is not None:
        test = f"t{i}(x{i} := {read})"
    else:
        return f"{convert}({read})"
    return f"(x{i} if {test} else {convert}(x{i}))"


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _locate(pairs: list[tuple[dataclasses.Field[Any], Codec]], attempt: Any) -> Exception:
    for f, codec in pairs:
        try:
            attempt(f, codec)
        except TypeTransformerFailedError as err:
            return err.within(path=f".{f.name}")
    return RuntimeError("a dataclass conversion failed and then succeeded field by field")
