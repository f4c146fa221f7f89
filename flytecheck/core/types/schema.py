"""FlyteSchema: a table stored as Parquet files in a directory, behind a schema literal.

Columns are declared with kwtypes: `FlyteSchema[kwtypes(id=int, name=str)]`. A task may return a
FlyteSchema or a pandas DataFrame; a reader gets a FlyteSchema whose `open().all()` is a
DataFrame. pandas and pyarrow (extra `pandas`) are imported only when a table is read or written.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any, ClassVar

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SchemaType

from flytecheck.core._uri import is_remote
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError, UnsupportedTypeError
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = ["FlyteSchema", "FlyteSchemaTransformer", "register"]

_Column = SchemaType.SchemaColumn
_COLUMN_TYPES: dict[Any, int] = {
    int: _Column.INTEGER,
    float: _Column.FLOAT,
    str: _Column.STRING,
    bool: _Column.BOOLEAN,
    datetime.datetime: _Column.DATETIME,
    datetime.timedelta: _Column.DURATION,
}
_PYTHON_TYPES = {v: k for k, v in _COLUMN_TYPES.items()}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        msg = (
            "reading or writing a FlyteSchema table needs pandas: pip install 'flytecheck[pandas]'"
        )
        raise ImportError(msg) from e
    return pandas


class _Handle:
    """What `FlyteSchema.open()` returns: `all()` reads the table, `write(df)` writes it."""

    def __init__(self, schema: FlyteSchema) -> None:
        self._schema = schema

    def all(self) -> Any:
        pandas = _pandas()
        folder = Path(self._schema.download())
        files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            return pandas.DataFrame({name: [] for name in self._schema.columns()})
        return pandas.concat([pandas.read_parquet(f) for f in files], ignore_index=True)

    def write(self, dataframe: Any) -> None:
        folder = Path(self._schema.local_path)
        folder.mkdir(parents=True, exist_ok=True)
        dataframe.to_parquet(folder / "00000", index=False)


class FlyteSchema:
    """A table with named, typed columns."""

    _columns: ClassVar[dict[str, Any]] = {}
    _cache: ClassVar[dict[tuple[tuple[str, Any], ...], type[FlyteSchema]]] = {}

    def __init__(
        self,
        local_path: str | os.PathLike[str] | None = None,
        remote_path: str | None = None,
        *,
        remote_source: str | None = None,
    ) -> None:
        self.local_path = (
            os.fspath(local_path)
            if local_path is not None
            else str(Path(current_context().sandbox) / f"schema-{id(self):x}")
        )
        self.remote_path = remote_path
        self.remote_source = remote_source
        self._downloaded = remote_source is None

    def __class_getitem__(cls, columns: dict[str, Any]) -> type[FlyteSchema]:
        key = tuple(columns.items())
        for name, t in key:
            if t not in _COLUMN_TYPES:
                raise UnsupportedTypeError(
                    t,
                    f"FlyteSchema column {name!r} must be one of "
                    "int, float, str, bool, datetime, timedelta",
                )
        if key not in cls._cache:
            cls._cache[key] = type(
                "FlyteSchema", (cls,), {"_columns": dict(columns), "__module__": cls.__module__}
            )
        return cls._cache[key]

    @classmethod
    def columns(cls) -> dict[str, Any]:
        return dict(cls._columns)

    def download(self) -> str:
        if not self._downloaded:
            fa = current_context().file_access
            if fa is None:
                from flytecheck.core.types.files import _default_access

                fa = _default_access()
            fa.get(self.remote_source or "", self.local_path, recursive=True)
            self._downloaded = True
        return self.local_path

    def open(self, dataframe_type: Any = None) -> _Handle:
        return _Handle(self)

    def __repr__(self) -> str:
        return f"FlyteSchema({self.local_path!r}, columns={list(self.columns())})"


class FlyteSchemaTransformer(CodecTransformer[FlyteSchema]):
    def __init__(self) -> None:
        super().__init__("FlyteSchema Transformer", FlyteSchema)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "schema":
            cols = {c.name: _PYTHON_TYPES[c.type] for c in literal_type.schema.columns}
            schema: Any = FlyteSchema
            return schema[cols] if cols else schema
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        cls = (
            python_type
            if isinstance(python_type, type) and issubclass(python_type, FlyteSchema)
            else FlyteSchema
        )
        schema_type = SchemaType(
            columns=[_Column(name=n, type=_COLUMN_TYPES[t]) for n, t in cls.columns().items()]
        )
        literal_type = LiteralType(schema=schema_type)

        def uri_of(v: Any) -> str:
            if isinstance(v, FlyteSchema):
                if v.remote_source is not None and not v._downloaded:
                    return v.remote_source
                local = v.local_path
            elif type(v).__name__ == "DataFrame":
                schema = cls()
                schema.open().write(v)
                local = schema.local_path
            else:
                raise TypeTransformerFailedError(
                    python_type, v, "expected a FlyteSchema or a pandas DataFrame"
                )
            if is_remote(local):
                return local
            fa = current_context().file_access
            if fa is None:
                return str(Path(local).resolve())
            return fa.upload_to_raw_output(local, recursive=True)

        def encode(v: Any, lit: Literal) -> None:
            lit.scalar.schema.uri = uri_of(v)
            lit.scalar.schema.type.CopyFrom(schema_type)

        def decode(lit: Literal) -> FlyteSchema:
            if lit.scalar.WhichOneof("value") != "schema":
                raise literal_mismatch(python_type, lit)
            uri = lit.scalar.schema.uri
            if not is_remote(uri):
                return cls(uri)
            fa = current_context().file_access
            local = fa.get_random_local_directory() if fa is not None else None
            return cls(local, remote_source=uri)

        def no_plain(v: Any) -> Any:
            raise TypeTransformerFailedError(
                python_type, v, "a FlyteSchema cannot sit inside a dataclass"
            )

        return Codec(python_type, literal_type, self, encode, decode, no_plain, no_plain)


def register() -> None:
    TypeEngine.register(FlyteSchemaTransformer())
