"""StructuredDataset: a table stored as Parquet files under a directory, as flytekit stores it.

`pandas.DataFrame` and `StructuredDataset` (optionally `Annotated[..., kwtypes(a=int), "parquet"]`
for columns and format) are structured-dataset literals: the table is written as
`<dir>/00000` (Parquet) under the raw output prefix, the literal carries the URI and the
format. A reader annotated with columns gets only those columns. pandas and pyarrow (extra
`pandas`) are imported when a table is read or written, never at `import flytecheck.core`.

Custom encoders and decoders (flytekit's StructuredDatasetEncoder/Decoder for other dataframe
libraries or formats) are not supported yet: registering one is an error that says so.
"""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.literals_pb2 import StructuredDatasetMetadata as MetadataIDL
from flyteidl.core.types_pb2 import LiteralType
from flyteidl.core.types_pb2 import StructuredDatasetType as TypeIDL

from flytecheck.core._uri import is_remote
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import (
    FlyteValidationException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = [
    "CSV",
    "PARQUET",
    "StructuredDataset",
    "StructuredDatasetDecoder",
    "StructuredDatasetEncoder",
    "StructuredDatasetTransformerEngine",
]

PARQUET = "parquet"
CSV = "csv"
DATAFRAMES = ("pandas.DataFrame", "pandas.core.frame.DataFrame")  # pandas says the first


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        msg = "reading or writing a dataframe needs pandas: pip install 'flytecheck[pandas]'"
        raise ImportError(msg) from e
    return pandas


class StructuredDataset:
    """A table: made from a dataframe (`StructuredDataset(dataframe=df)`), or read from a URI
    (`.open(pandas.DataFrame).all()`)."""

    def __init__(
        self,
        dataframe: Any = None,
        uri: str | None = None,
        metadata: Any = None,
        file_format: str = PARQUET,
    ) -> None:
        self.dataframe = dataframe
        self.uri = uri
        self.metadata = metadata
        self.file_format = file_format
        self._as: Any = None

    def __repr__(self) -> str:
        return f"StructuredDataset(uri={self.uri!r}, file_format={self.file_format!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """As a pydantic model's field: `{"uri": ..., "file_format": ...}`, as flytekit."""
        from flytecheck.core.types.pydantic_models import pydantic_schema

        return pydantic_schema(cls, handler)

    def open(self, dataframe_type: Any) -> StructuredDataset:
        """Say what to read the table as (pandas.DataFrame)."""
        if f"{dataframe_type.__module__}.{dataframe_type.__qualname__}" not in DATAFRAMES:
            msg = (
                f"StructuredDataset.open({getattr(dataframe_type, '__name__', dataframe_type)}): "
                "flytecheck reads tables as pandas.DataFrame only; open(pandas.DataFrame)"
            )
            raise FlyteValidationException(msg)
        self._as = dataframe_type
        return self

    def all(self) -> Any:
        """The whole table."""
        if self.dataframe is not None:
            return self.dataframe
        if self.uri is None:
            msg = "this StructuredDataset has neither a dataframe nor a URI to read"
            raise FlyteValidationException(msg)
        return _read(self.uri, self.file_format, ())

    def iter(self) -> typing.Iterator[Any]:
        yield self.all()


class StructuredDatasetEncoder:
    """flytekit's extension point for other dataframe types: not supported yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


class StructuredDatasetDecoder(StructuredDatasetEncoder):
    """flytekit's extension point for other dataframe types: not supported yet."""


def _columns_and_format(python_type: Any) -> tuple[dict[str, Any], str]:
    columns: dict[str, Any] = {}
    fmt = ""
    if typing.get_origin(python_type) is typing.Annotated:
        for meta in python_type.__metadata__:
            if isinstance(meta, dict):
                columns.update(meta)
            elif isinstance(meta, str):
                fmt = meta
    return columns, fmt


def _read(uri: str, fmt: str, columns: tuple[str, ...]) -> Any:
    pandas = _pandas()
    folder = uri
    if is_remote(uri):
        fa = current_context().for_user().file_access
        assert fa is not None
        folder = fa.get(uri, fa.get_random_local_directory(), recursive=True)
    path = Path(folder)
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    )
    if fmt == CSV:
        frames = [pandas.read_csv(f) for f in files]
    else:
        frames = [pandas.read_parquet(f, columns=list(columns) or None) for f in files]
    if not frames:
        return pandas.DataFrame({c: [] for c in columns})
    frame = frames[0] if len(frames) == 1 else pandas.concat(frames, ignore_index=True)
    return frame[list(columns)] if columns and fmt == CSV else frame


def _write(dataframe: Any) -> str:
    """Write the table as `<dir>/00000` and return where it is (uploaded in a container)."""
    ctx = current_context()
    folder = Path(ctx.sandbox) / f"sd-{os.urandom(8).hex()}"
    folder.mkdir(parents=True)
    dataframe.to_parquet(folder / "00000", index=False)
    fa = ctx.file_access
    if fa is None:
        return str(folder.resolve())
    return fa.upload_to_raw_output(str(folder), recursive=True)


class StructuredDatasetTransformerEngine(CodecTransformer[StructuredDataset]):
    """StructuredDataset and pandas.DataFrame as structured-dataset literals."""

    reads_annotations = True

    def __init__(self) -> None:
        super().__init__("StructuredDatasetTransformerEngine", StructuredDataset)

    @classmethod
    def register(cls, handler: Any, *args: Any, **kwargs: Any) -> None:
        msg = (
            f"StructuredDatasetTransformerEngine.register({type(handler).__name__}): flytecheck "
            "does not support custom StructuredDataset encoders or decoders yet; it reads and "
            "writes pandas DataFrames as Parquet (and reads CSV)"
        )
        raise FlyteValidationException(msg)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        columns, fmt = _columns_and_format(python_type)
        base = typing.get_args(python_type)[0] if columns or fmt else python_type
        as_frame = getattr(base, "__qualname__", "") == "DataFrame"
        column_types = []
        for name, column_type in columns.items():
            try:
                lt = TypeEngine.to_literal_type(column_type)
            except UnsupportedTypeError as e:
                raise UnsupportedTypeError(python_type, f"column {name!r}: {e.reason}") from e
            column_types.append(TypeIDL.DatasetColumn(name=name, literal_type=lt))
        literal_type = LiteralType(
            structured_dataset_type=TypeIDL(columns=column_types, format=fmt)
        )
        names = tuple(columns)

        def encode(v: Any, lit: Literal) -> None:
            if isinstance(v, StructuredDataset) and v.dataframe is None and v.uri is not None:
                uri, written = v.uri, v.file_format
            elif isinstance(v, StructuredDataset) and v.dataframe is not None:
                uri, written = _write(v.dataframe), PARQUET
            elif type(v).__name__ == "DataFrame":
                uri, written = _write(v), PARQUET
            else:
                reason = "expected a pandas DataFrame or a StructuredDataset"
                raise TypeTransformerFailedError(python_type, v, reason)
            sd = lit.scalar.structured_dataset
            sd.uri = uri
            sd.metadata.CopyFrom(
                MetadataIDL(structured_dataset_type=TypeIDL(columns=column_types, format=written))
            )

        def from_uri(uri: str, written: str) -> Any:
            if as_frame:
                return _read(uri, written, names)
            return StructuredDataset(uri=uri, file_format=written)

        def decode(lit: Literal) -> Any:
            if lit.scalar.WhichOneof("value") != "structured_dataset":
                raise literal_mismatch(python_type, lit)
            sd = lit.scalar.structured_dataset
            return from_uri(sd.uri, sd.metadata.structured_dataset_type.format or PARQUET)

        def to_plain(v: Any) -> dict[str, str]:
            probe = Literal()
            encode(v, probe)
            sd = probe.scalar.structured_dataset
            return {"uri": sd.uri, "file_format": sd.metadata.structured_dataset_type.format}

        def from_plain(v: Any) -> Any:
            if isinstance(v, dict) and isinstance(v.get("uri"), str):
                return from_uri(v["uri"], v.get("file_format") or PARQUET)
            raise TypeTransformerFailedError(python_type, v, "expected a map with a 'uri'")

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)


def register() -> None:
    transformer = StructuredDatasetTransformerEngine()
    TypeEngine.register(transformer)
    for name in DATAFRAMES:
        TypeEngine.register_by_name(name, transformer)
