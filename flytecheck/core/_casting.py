"""Which Flyte types a value may flow between: the backend's binding rules.

flytepropeller checks every binding of a workflow at registration: the upstream type must be
castable to the downstream input's type. flytekit's local run never checks, so a workflow can
pass its tests and fail to register; flytecheck applies the same rules, decided the way the
backend decides them (flytepropeller's `AreTypesCastable`, one checker per downstream kind),
so that nothing it accepts is refused at registration and nothing it refuses is accepted.
"""

from __future__ import annotations

from flyteidl.core import literals_pb2
from flyteidl.core.types_pb2 import (
    BlobType,
    LiteralType,
    SchemaType,
    SimpleType,
    StructuredDatasetType,
)

_NONE = int(SimpleType.NONE)
_STRING = int(SimpleType.STRING)
_STRUCT = int(SimpleType.STRUCT)

__all__ = [
    "a_type",
    "binary_into_struct",
    "castable",
    "is_none_type",
    "literal_type",
    "literal_type_name",
    "mismatch",
    "scalar_type",
]


def castable(upstream: LiteralType, downstream: LiteralType) -> bool:
    """Whether a value of type `upstream` may be bound to an input of type `downstream`."""
    variants = upstream.union_type.variants
    single = upstream.WhichOneof("type") == "union_type" and len(variants) == 1
    if single and _casts_from(downstream, variants[0]):
        return True
    return _casts_from(downstream, upstream)


def is_none_type(lt: LiteralType) -> bool:
    return bool(lt.WhichOneof("type") == "simple" and lt.simple == _NONE)


def _casts_from(down: LiteralType, up: LiteralType) -> bool:
    kind = down.WhichOneof("type")
    if kind == "collection_type":
        if up.WhichOneof("type") != "collection_type":
            return False
        inner = up.collection_type
        return is_none_type(inner) or _casts_from(down.collection_type, inner)
    if kind == "map_value_type":
        if up.WhichOneof("type") != "map_value_type":
            return False
        inner = up.map_value_type
        return is_none_type(inner) or _casts_from(down.map_value_type, inner)
    if kind == "blob":
        return _blob(down.blob, up)
    if kind == "schema":
        return _schema(down.schema, up)
    if kind == "union_type":
        return _union(down, up)
    if kind == "structured_dataset_type":
        return _structured_dataset(down.structured_dataset_type, up)
    if is_none_type(down):
        return is_none_type(up)
    return _trivial(down, up)


def _trivial(down: LiteralType, up: LiteralType) -> bool:
    """Equal types, metadata aside; an enum reads as a string both ways; a dataclass reads from
    one whose fields cover its own."""
    up_kind, down_kind = up.WhichOneof("type"), down.WhichOneof("type")
    if up_kind == down_kind == "simple" and up.simple != _STRUCT:
        return up.simple == down.simple and (not up.structure.tag or _same_tag(up, down))
    if up.WhichOneof("type") == "enum_type" and _simple(down) == _STRING:
        return True
    if down.WhichOneof("type") == "enum_type" and _simple(up) == _STRING:
        return True
    if up.structure.tag and up.structure.tag != down.structure.tag:
        return False
    if _simple(up) == _STRUCT and _simple(down) == _STRUCT:
        return _structs(up, down)
    plain_up, plain_down = LiteralType(), LiteralType()
    plain_up.CopyFrom(up)
    plain_down.CopyFrom(down)
    for plain in (plain_up, plain_down):
        plain.ClearField("structure")
        plain.ClearField("metadata")
        plain.ClearField("annotation")
    return bool(plain_up == plain_down)


def _same_tag(up: LiteralType, down: LiteralType) -> bool:
    return bool(up.structure.tag == down.structure.tag)


def _simple(lt: LiteralType) -> int | None:
    return int(lt.simple) if lt.WhichOneof("type") == "simple" else None


def _structs(upstream: LiteralType, downstream: LiteralType) -> bool:
    """Dataclasses and pydantic models: the backend compares their JSON schemas when both sides
    carry one (a generic `dict` carries none and takes any). flytekit serializes the same
    shape as `structure.dataclass_type`: every field the downstream reads must exist upstream
    with a castable type."""
    if not upstream.HasField("metadata") or not downstream.HasField("metadata"):
        return True
    down_fields = downstream.structure.dataclass_type
    up_fields = upstream.structure.dataclass_type
    if not down_fields:
        return True
    if not up_fields:
        return bool(upstream.metadata == downstream.metadata)
    return all(
        name in up_fields and castable(up_fields[name], t) for name, t in down_fields.items()
    )


def _blob(down: BlobType, up: LiteralType) -> bool:
    """By format only, as the backend decides: an empty format on either side takes any."""
    if up.WhichOneof("type") != "blob":
        return False
    return not up.blob.format or not down.format or up.blob.format == down.format


def _union(down: LiteralType, up: LiteralType) -> bool:
    """A union takes a union whose every variant it takes, or a type exactly one of its
    variants takes (two would make the choice ambiguous)."""
    variants = down.union_type.variants
    if up.WhichOneof("type") == "union_type":
        return all(any(castable(u, d) for d in variants) for u in up.union_type.variants)
    return sum(1 for v in variants if castable(up, v)) == 1


_SCHEMA_COLUMN_SIMPLE = {
    SchemaType.SchemaColumn.INTEGER: SimpleType.INTEGER,
    SchemaType.SchemaColumn.FLOAT: SimpleType.FLOAT,
    SchemaType.SchemaColumn.STRING: SimpleType.STRING,
    SchemaType.SchemaColumn.BOOLEAN: SimpleType.BOOLEAN,
    SchemaType.SchemaColumn.DATETIME: SimpleType.DATETIME,
    SchemaType.SchemaColumn.DURATION: SimpleType.DURATION,
}


def _columns_cover(up: dict[str, object], down: dict[str, object]) -> bool:
    """An empty column list on either side takes anything; otherwise every downstream column
    must be upstream with the same type."""
    if not up or not down:
        return True
    return all(name in up and up[name] == t for name, t in down.items())


def _schema_columns(schema: SchemaType) -> dict[str, object]:
    return {c.name: _SCHEMA_COLUMN_SIMPLE.get(c.type) for c in schema.columns}


def _dataset_columns(up: LiteralType) -> dict[str, object]:
    return {c.name: _simple(c.literal_type) for c in up.structured_dataset_type.columns}


def _parquet_or_any(fmt: str) -> bool:
    return not fmt or fmt.lower() == "parquet"


def _schema(down: SchemaType, up: LiteralType) -> bool:
    kind = up.WhichOneof("type")
    if kind == "schema":
        return _columns_cover(
            {c.name: c.type for c in up.schema.columns}, {c.name: c.type for c in down.columns}
        )
    if kind != "structured_dataset_type" or not _parquet_or_any(up.structured_dataset_type.format):
        return False
    return _columns_cover(_dataset_columns(up), _schema_columns(down))


def _structured_dataset(down: StructuredDatasetType, up: LiteralType) -> bool:
    """Datasets are nullable; a FlyteSchema reads as a parquet dataset; formats must agree
    where both are given; columns as for schemas."""
    if is_none_type(up):
        return True
    kind = up.WhichOneof("type")
    down_cols = {c.name: c.literal_type for c in down.columns}
    if kind == "schema":
        if not _parquet_or_any(down.format):
            return False
        simple_down = {n: _simple(t) for n, t in down_cols.items()}
        return _columns_cover(_schema_columns(up.schema), dict(simple_down))
    if kind != "structured_dataset_type":
        return False
    up_type = up.structured_dataset_type
    if up_type.format and down.format and up_type.format.lower() != down.format.lower():
        return False
    up_cols = {c.name: c.literal_type for c in up_type.columns}
    if not up_cols or not down_cols:
        return True
    return all(name in up_cols and _casts_from(t, up_cols[name]) for name, t in down_cols.items())


def scalar_type(scalar: literals_pb2.Scalar) -> LiteralType | None:
    """The type the backend infers for a literal bound in a workflow; None if it cannot tell
    (the backend's UnrecognizedValue)."""
    kind = scalar.WhichOneof("value")
    if kind == "primitive":
        field = scalar.primitive.WhichOneof("value")
        return LiteralType(simple=_PRIMITIVE_SIMPLE.get(field or "", _NONE))
    if kind == "blob":
        if not scalar.blob.HasField("metadata"):
            return None
        return LiteralType(blob=scalar.blob.metadata.type)
    if kind == "binary":
        return LiteralType(simple=SimpleType.BINARY)
    if kind == "schema":
        return LiteralType(schema=scalar.schema.type)
    if kind == "structured_dataset":
        sd = scalar.structured_dataset
        lt = LiteralType()
        lt.structured_dataset_type.SetInParent()
        if sd.HasField("metadata"):
            lt.structured_dataset_type.CopyFrom(sd.metadata.structured_dataset_type)
        return lt
    if kind == "none_type":
        return LiteralType(simple=_NONE)
    if kind == "error":
        return LiteralType(simple=SimpleType.ERROR)
    if kind == "generic":
        return LiteralType(simple=SimpleType.STRUCT)
    if kind == "union":
        lt = LiteralType()
        lt.union_type.variants.add().CopyFrom(scalar.union.type)
        return lt
    return None


def binary_into_struct(scalar: literals_pb2.Scalar, expected: LiteralType) -> bool:
    """A msgpack-encoded value (flytekit 1.16 writes dataclass and pydantic defaults so) bound
    to a dataclass input: the backend's type for it is `bytes`, but it reads it as the struct."""
    return bool(scalar.WhichOneof("value") == "binary" and _simple(expected) == _STRUCT)


def literal_type(literal: literals_pb2.Literal) -> LiteralType | None:
    """The type the backend infers for a whole literal: a scalar's, or a list's or dict's of
    its elements' (of None when it is empty)."""
    kind = literal.WhichOneof("value")
    if kind == "scalar":
        return scalar_type(literal.scalar)
    if kind in ("collection", "map"):
        items = (
            list(literal.collection.literals)
            if kind == "collection"
            else list(literal.map.literals.values())
        )
        inner = next((t for t in map(literal_type, items) if t is not None), None)
        out = LiteralType()
        field = out.collection_type if kind == "collection" else out.map_value_type
        field.CopyFrom(inner or LiteralType(simple=_NONE))
        return out
    return None


_PRIMITIVE_SIMPLE = {
    "integer": SimpleType.INTEGER,
    "float_value": SimpleType.FLOAT,
    "string_value": SimpleType.STRING,
    "boolean": SimpleType.BOOLEAN,
    "datetime": SimpleType.DATETIME,
    "duration": SimpleType.DURATION,
}

_SIMPLE_NAMES = {
    SimpleType.NONE: "None",
    SimpleType.INTEGER: "int",
    SimpleType.FLOAT: "float",
    SimpleType.STRING: "str",
    SimpleType.BOOLEAN: "bool",
    SimpleType.DATETIME: "datetime",
    SimpleType.DURATION: "timedelta",
    SimpleType.BINARY: "bytes",
    SimpleType.ERROR: "error",
    SimpleType.STRUCT: "dict",
}


def mismatch(what: str, expected: LiteralType, source: str, found: LiteralType) -> str:
    """The message for a value bound where the backend cannot cast it: the same words for a
    workflow the core is compiling and for any SDK's IDL."""
    return (
        f"{what} takes {literal_type_name(expected)}, but is bound to {source}, "
        f"{a_type(found)}, which the backend cannot cast to it; pass a value of type "
        f"{literal_type_name(expected)} or change one of the two annotations"
    )


def a_type(lt: LiteralType) -> str:
    """`an int`, `a List[str]`: a type's name with its article, for messages."""
    name = literal_type_name(lt)
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def literal_type_name(lt: LiteralType) -> str:
    """A Flyte type as the Python annotation a user would write for it."""
    kind = lt.WhichOneof("type")
    if kind == "simple":
        if lt.simple == _STRUCT and "title" in lt.metadata.fields:
            return str(lt.metadata.fields["title"].string_value)
        return _SIMPLE_NAMES.get(lt.simple, "?")
    if kind == "collection_type":
        return f"List[{literal_type_name(lt.collection_type)}]"
    if kind == "map_value_type":
        return f"Dict[str, {literal_type_name(lt.map_value_type)}]"
    if kind == "union_type":
        names = [literal_type_name(v) for v in lt.union_type.variants]
        if len(names) == 2 and "None" in names:
            names.remove("None")
            return f"Optional[{names[0]}]"
        return f"Union[{', '.join(names)}]"
    if kind == "enum_type":
        return f"Enum[{', '.join(lt.enum_type.values)}]"
    if kind == "blob":
        base = "FlyteDirectory" if lt.blob.dimensionality == BlobType.MULTIPART else "FlyteFile"
        return f'{base}["{lt.blob.format}"]' if lt.blob.format else base
    if kind == "schema":
        return "FlyteSchema"
    if kind == "structured_dataset_type":
        sd = lt.structured_dataset_type
        cols = ", ".join(f"{c.name}: {literal_type_name(c.literal_type)}" for c in sd.columns)
        fmt = f', format="{sd.format}"' if sd.format else ""
        return f"StructuredDataset[{cols}{fmt}]" if cols or fmt else "StructuredDataset"
    return kind or "?"
