"""pydantic models (`class Datum(BaseModel)`) as flytekit stores them: a STRUCT whose metadata is
the model's JSON schema (`model_json_schema()`), whose structure lists each field's type, and
whose value is the msgpack of the model's JSON-mode dump. FlyteFile, FlyteDirectory and
StructuredDataset fields are stored as flytekit stores them (`{"path": ...}`, `{"uri": ...,
"file_format": ...}`). pydantic is imported only when a model is converted: the transformer is
found by the name of pydantic's BaseModel in a class's MRO.
"""

from __future__ import annotations

from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType

from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types import _msgpack
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = ["PydanticTransformer", "register"]

BASE_MODEL = "pydantic.main.BaseModel"


class PydanticTransformer(CodecTransformer[Any]):
    def __init__(self) -> None:
        super().__init__("Pydantic Transformer", object)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        model = python_type
        field_codecs: dict[str, Codec] = {}
        for name, info in model.model_fields.items():
            try:
                field_codecs[name] = resolve(info.annotation)
            except UnsupportedTypeError as e:
                raise UnsupportedTypeError(model, f"field {name!r}: {e.reason}") from e

        def literal_type() -> LiteralType:
            lt = _msgpack.struct_type()
            lt.metadata.update(model.model_json_schema())
            for name, codec in field_codecs.items():
                lt.structure.dataclass_type[name].CopyFrom(codec.literal_type)
            return lt

        def to_plain(v: Any) -> Any:
            if not isinstance(v, model):
                raise TypeTransformerFailedError(model, v, f"expected a {model.__name__}")
            return v.model_dump(mode="json")

        def from_plain(d: Any) -> Any:
            try:
                return model.model_validate(d)
            except Exception as e:  # pydantic's ValidationError, which we do not import
                raise TypeTransformerFailedError(model, d, f"does not validate: {e}") from e

        def encode(v: Any, lit: Literal) -> None:
            _msgpack.pack_into(model, to_plain(v), lit)

        def decode(lit: Literal) -> Any:
            if lit.scalar.WhichOneof("value") != "binary":
                raise literal_mismatch(model, lit)
            return from_plain(_msgpack.unpack(model, lit))

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)


def pydantic_schema(cls: Any, handler: Any) -> Any:
    """The pydantic core schema of a flytecheck type used as a model field: serialized as its
    codec's plain form, validated from that form (or from the value itself)."""
    from pydantic_core import core_schema

    codec = TypeEngine.codec(cls)

    def validate(value: Any) -> Any:
        return value if isinstance(value, cls) else codec.from_plain(value)

    return core_schema.no_info_plain_validator_function(
        validate,
        serialization=core_schema.plain_serializer_function_ser_schema(codec.to_plain),
        json_schema_input_schema=core_schema.dict_schema(),
    )


def register() -> None:
    TypeEngine.register_by_name(BASE_MODEL, PydanticTransformer())
