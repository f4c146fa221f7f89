"""Readable names for Flyte LiteralTypes: what a graph shows next to each input and output."""

from __future__ import annotations

from flyteidl.core.types_pb2 import BlobType, LiteralType, SimpleType

_SIMPLE = {
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


def literal_type_name(lt: LiteralType) -> str:
    kind = lt.WhichOneof("type")
    if kind == "simple":
        if lt.simple == SimpleType.STRUCT and "title" in lt.metadata.fields:
            return str(lt.metadata.fields["title"].string_value)
        return _SIMPLE.get(lt.simple, "?")
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
    return kind or "?"
