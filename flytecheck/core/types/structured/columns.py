"""What an `Annotated[StructuredDataset, ...]` says: its columns, format and Arrow schema.

Columns come from a dict or `kwtypes(...)` (nested dicts and dataclasses are flattened to dotted
names, `info.contacts.tel`, as flytekit names them, which is also how pyarrow selects nested
fields) or from a dataclass (its fields are the columns). A column's type is a scalar
(int, float, str, bool, datetime, timedelta, numpy's scalar types) or a list or dict of them:
the types flytekit accepts, so a column flytekit refuses at registration is refused here too.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
from typing import Any

from flyteidl.core.types_pb2 import LiteralType, SimpleType
from flyteidl.core.types_pb2 import StructuredDatasetType as TypeIDL

from flytecheck.core.exceptions.user import UnsupportedTypeError, type_name

__all__ = ["Declared", "declared", "flatten_dict"]

_SCALARS = {
    int: SimpleType.INTEGER,
    float: SimpleType.FLOAT,
    bool: SimpleType.BOOLEAN,
    str: SimpleType.STRING,
    datetime.datetime: SimpleType.DATETIME,
    datetime.timedelta: SimpleType.DURATION,
}
_NUMPY_SCALARS = {
    "int32": SimpleType.INTEGER,
    "int64": SimpleType.INTEGER,
    "uint32": SimpleType.INTEGER,
    "uint64": SimpleType.INTEGER,
    "float32": SimpleType.FLOAT,
    "float64": SimpleType.FLOAT,
    "bool_": SimpleType.BOOLEAN,
    "datetime64": SimpleType.DATETIME,
    "timedelta64": SimpleType.DURATION,
    "bytes_": SimpleType.STRING,
    "str_": SimpleType.STRING,
    "object_": SimpleType.STRING,
}


class Declared(typing.NamedTuple):
    base: Any
    columns: dict[str, Any]
    format: str
    arrow_schema: Any


def declared(python_type: Any) -> Declared:
    """The base type and what the annotation declares about it."""
    if typing.get_origin(python_type) is not typing.Annotated:
        return Declared(python_type, {}, "", None)
    columns: dict[str, Any] | None = None
    fmt = ""
    schema = None
    for meta in python_type.__metadata__:
        if isinstance(meta, dict):
            columns = dict(meta)
        elif isinstance(meta, type) and dataclasses.is_dataclass(meta):
            columns = typing.get_type_hints(meta)
        elif isinstance(meta, str):
            if fmt:
                msg = f"two formats given ({fmt!r} and {meta!r}); give one"
                raise UnsupportedTypeError(python_type, msg)
            fmt = meta
        elif type(meta).__module__.startswith("pyarrow") and type(meta).__name__ == "Schema":
            schema = meta
    return Declared(python_type.__origin__, flatten_dict(columns or {}), fmt, schema)


def flatten_dict(columns: dict[str, Any], parent: str = "") -> dict[str, Any]:
    """Nested column maps and dataclasses as dotted column names."""
    flat: dict[str, Any] = {}
    for name, value in columns.items():
        key = f"{parent}.{name}" if parent else name
        if isinstance(value, dict):
            flat.update(flatten_dict(value, key))
        elif isinstance(value, type) and dataclasses.is_dataclass(value):
            flat.update(flatten_dict(typing.get_type_hints(value), key))
        else:
            flat[key] = value
    return flat


def column_literal_type(python_type: Any, column: str) -> LiteralType:
    simple = _SCALARS.get(python_type)
    if simple is None and getattr(python_type, "__module__", "") == "numpy":
        simple = _NUMPY_SCALARS.get(getattr(python_type, "__name__", ""))
    if simple is not None:
        return LiteralType(simple=simple)
    origin, args = typing.get_origin(python_type), typing.get_args(python_type)
    if origin is list and len(args) == 1:
        return LiteralType(collection_type=column_literal_type(args[0], column))
    if origin is dict and len(args) == 2:
        return LiteralType(map_value_type=column_literal_type(args[1], column))
    msg = f"column {column!r} is a {type_name(python_type)}"
    raise UnsupportedTypeError(python_type, msg, advice=_COLUMN_ADVICE)


_COLUMN_ADVICE = (
    "A column is an int, float, str, bool, datetime or timedelta (or numpy's), or a List or Dict "
    "of them; declare the column with one of those."
)


def dataset_type(python_type: Any, found: Declared) -> TypeIDL:
    """The StructuredDatasetType the annotation declares (flytekit's, field for field)."""
    columns = [
        TypeIDL.DatasetColumn(name=name, literal_type=_column(python_type, name, t))
        for name, t in found.columns.items()
    ]
    out = TypeIDL(columns=columns, format=found.format)
    if found.arrow_schema is not None:
        out.external_schema_type = "arrow"
        out.external_schema_bytes = found.arrow_schema.to_string().encode()
    return out


def _column(python_type: Any, name: str, column_type: Any) -> LiteralType:
    try:
        return column_literal_type(column_type, name)
    except UnsupportedTypeError as e:
        raise UnsupportedTypeError(python_type, e.reason, advice=_COLUMN_ADVICE) from e
