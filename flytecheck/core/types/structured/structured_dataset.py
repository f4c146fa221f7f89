"""StructuredDataset: a table in storage, written and read by the registered handlers.

`pandas.DataFrame`, `pyarrow.Table`, any type a handler is registered for, and
`StructuredDataset` (optionally `Annotated[..., kwtypes(a=int), "parquet"]` for columns and
format, see columns.py) are structured-dataset literals: the URI of a table and its declared
columns and format. Which encoder writes a value and which decoder reads one is decided by
handlers.py from the dataframe's type, the storage protocol and the format, as flytekit decides
it, so encoders and decoders written for flytekit are registered here unchanged. A reader
annotated with columns gets only those columns. pandas and pyarrow are imported when a table is
read or written, never at `import flytecheck.core`.
"""

from __future__ import annotations

import typing
from typing import Any

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.literals_pb2 import StructuredDataset as LiteralSD
from flyteidl.core.literals_pb2 import StructuredDatasetMetadata as MetadataIDL
from flyteidl.core.types_pb2 import LiteralType
from flyteidl.core.types_pb2 import StructuredDatasetType as TypeIDL

from flytecheck.core._uri import is_remote, protocol_of
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import (
    FlyteValidationException,
    TypeTransformerFailedError,
    type_name,
)
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.structured import basic_dfs
from flytecheck.core.types.structured.columns import dataset_type, declared
from flytecheck.core.types.structured.handlers import (
    GENERIC_FORMAT,
    DuplicateHandlerError,
    HandlerRegistry,
    StructuredDatasetDecoder,
    StructuredDatasetEncoder,
    type_key,
    type_names,
)
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = [
    "CSV",
    "GENERIC_FORMAT",
    "PARQUET",
    "DuplicateHandlerError",
    "StructuredDataset",
    "StructuredDatasetDecoder",
    "StructuredDatasetEncoder",
    "StructuredDatasetTransformerEngine",
]

PARQUET = basic_dfs.PARQUET
CSV = basic_dfs.CSV
HANDLERS = HandlerRegistry()


def _protocol(uri: str) -> str:
    return protocol_of(uri) if is_remote(uri) else "file"


def _user_context() -> Any:
    return current_context().for_user()


class StructuredDataset:
    """A table: made from a dataframe (`StructuredDataset(dataframe=df)`, optionally with the
    `uri` to write it at), or read from a URI (`.open(pandas.DataFrame).all()`)."""

    def __init__(
        self,
        dataframe: Any = None,
        uri: str | None = None,
        metadata: MetadataIDL | None = None,
        file_format: str = GENERIC_FORMAT,
    ) -> None:
        self.dataframe = dataframe
        self.uri = uri
        self.metadata = metadata
        self.file_format = file_format
        self._dataframe_type: Any = None
        self._literal_sd: LiteralSD | None = None

    def __repr__(self) -> str:
        return f"StructuredDataset(uri={self.uri!r}, file_format={self.file_format!r})"

    @property
    def literal(self) -> LiteralSD | None:
        """The literal this dataset was read from or written as (None before either)."""
        return self._literal_sd

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """As a pydantic model's field: `{"uri": ..., "file_format": ...}`, as flytekit."""
        from flytecheck.core.types.pydantic_models import pydantic_schema

        return pydantic_schema(cls, handler)

    def open(self, dataframe_type: Any) -> StructuredDataset:
        """Say what to read the table as (pandas.DataFrame, pyarrow.Table, or any type a
        decoder is registered for)."""
        if not HANDLERS.handles(dataframe_type):
            name = getattr(dataframe_type, "__name__", dataframe_type)
            msg = (
                f"StructuredDataset.open({name}): no decoder is registered for {name}; read it as "
                "pandas.DataFrame or pyarrow.Table, or register a StructuredDatasetDecoder for it"
            )
            raise FlyteValidationException(msg)
        self._dataframe_type = dataframe_type
        return self

    def all(self) -> Any:
        """The whole table, as the type given to `open`."""
        if self.dataframe is not None:
            return self.dataframe
        if self._dataframe_type is None:
            msg = f"{self!r}: say what to read it as first: .open(pandas.DataFrame).all()"
            raise FlyteValidationException(msg)
        result = self._decode(self._dataframe_type)
        if isinstance(result, typing.Iterator):
            msg = f"{self!r}: its decoder returned an iterator; read it with .iter()"
            raise FlyteValidationException(msg)
        return result

    def iter(self) -> typing.Iterator[Any]:
        """The table in parts, as the decoder gives them (the whole table if it gives one)."""
        if self.dataframe is not None:
            return iter([self.dataframe])
        result = self._decode(self._dataframe_type)
        return result if isinstance(result, typing.Iterator) else iter([result])

    def _decode(self, dataframe_type: Any) -> Any:
        literal = self._literal_sd
        if literal is None:
            if self.uri is None:
                msg = "this StructuredDataset has neither a dataframe nor a URI to read"
                raise FlyteValidationException(msg)
            literal = LiteralSD(uri=self.uri)
            literal.metadata.structured_dataset_type.format = self.file_format
        metadata = self.metadata or literal.metadata
        return decode_as(literal, dataframe_type, metadata)


def decode_as(literal: LiteralSD, dataframe_type: Any, metadata: MetadataIDL) -> Any:
    """Read a table with the decoder registered for its type, protocol and format."""
    fmt = literal.metadata.structured_dataset_type.format
    decoder = HANDLERS.decoder(dataframe_type, _protocol(literal.uri), fmt)
    return decoder.decode(_user_context(), literal, metadata)


class StructuredDatasetTransformerEngine(CodecTransformer[StructuredDataset]):
    """Structured datasets, and every dataframe type a handler is registered for."""

    reads_annotations = True
    ENCODERS = HANDLERS.encoders
    DECODERS = HANDLERS.decoders
    DEFAULT_FORMATS = HANDLERS.default_formats
    DEFAULT_PROTOCOLS = HANDLERS.default_protocols
    Renderers = HANDLERS.renderers

    def __init__(self) -> None:
        super().__init__("StructuredDatasetTransformerEngine", StructuredDataset)

    @classmethod
    def register(
        cls,
        h: StructuredDatasetEncoder[Any] | StructuredDatasetDecoder[Any],
        default_for_type: bool = False,
        override: bool = False,
        default_format_for_type: bool = False,
        default_storage_for_type: bool = False,
    ) -> None:
        """Register an encoder or a decoder (flytekit's signature); its dataframe type becomes
        a structured-dataset type of its own, usable in signatures."""
        HANDLERS.register(
            h, default_for_type, override, default_format_for_type, default_storage_for_type
        )
        for name in type_names(type_key(h.python_type)):
            TypeEngine.register_by_name(name, _ENGINE)

    @classmethod
    def register_renderer(cls, python_type: Any, renderer: Any) -> None:
        """How a dataframe of `python_type` is shown in a deck (kept for Deck support)."""
        HANDLERS.renderers[type_key(python_type)] = renderer

    @classmethod
    def get_encoder(cls, df_type: Any, protocol: str, format: str) -> StructuredDatasetEncoder[Any]:
        return HANDLERS.encoder(df_type, protocol, format)

    @classmethod
    def get_decoder(cls, df_type: Any, protocol: str, format: str) -> StructuredDatasetDecoder[Any]:
        return HANDLERS.decoder(df_type, protocol, format)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        found = declared(python_type)
        base = found.base
        is_dataset = isinstance(base, type) and issubclass(base, StructuredDataset)
        declared_type = dataset_type(python_type, found)
        literal_type = LiteralType(structured_dataset_type=declared_type)

        def encode(v: Any, lit: Literal) -> None:
            lit.scalar.structured_dataset.CopyFrom(
                _encode(python_type, is_dataset, declared_type, v)
            )

        def read(sd: LiteralSD) -> Any:
            metadata = MetadataIDL()
            metadata.structured_dataset_type.CopyFrom(
                declared_type if declared_type.columns else sd.metadata.structured_dataset_type
            )
            if not is_dataset:
                return decode_as(sd, base, metadata)
            out = base(
                uri=sd.uri,
                file_format=sd.metadata.structured_dataset_type.format,
                metadata=metadata,
            )
            out._literal_sd = sd
            return out

        def decode(lit: Literal) -> Any:
            if lit.scalar.WhichOneof("value") != "structured_dataset":
                raise literal_mismatch(python_type, lit)
            return read(lit.scalar.structured_dataset)

        def to_plain(v: Any) -> dict[str, str]:
            sd = _encode(python_type, is_dataset, declared_type, v)
            return {"uri": sd.uri, "file_format": sd.metadata.structured_dataset_type.format}

        def from_plain(v: Any) -> Any:
            if isinstance(v, dict) and isinstance(v.get("uri"), str):
                sd = LiteralSD(uri=v["uri"])
                sd.metadata.structured_dataset_type.format = v.get("file_format") or GENERIC_FORMAT
                return read(sd)
            raise TypeTransformerFailedError(python_type, v, "expected a map with a 'uri'")

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)


def _encode(python_type: Any, is_dataset: bool, declared_type: TypeIDL, v: Any) -> LiteralSD:
    """The literal for `v`, written by the handler its type, protocol and format pick."""
    if is_dataset and not isinstance(v, StructuredDataset):
        reason = (
            f"a {type(v).__name__} where a StructuredDataset is declared; wrap the dataframe: "
            "return StructuredDataset(dataframe=df)"
        )
        raise TypeTransformerFailedError(python_type, v, reason)
    if isinstance(v, StructuredDataset) and v._literal_sd is not None:
        return v._literal_sd
    if not isinstance(v, StructuredDataset) and not HANDLERS.handles(type(v)):
        reason = f"expected a {type_name(python_type)} (or a StructuredDataset)"
        raise TypeTransformerFailedError(python_type, v, reason)
    ctx = _user_context()
    sd_type = TypeIDL()
    sd_type.CopyFrom(declared_type)
    if isinstance(v, StructuredDataset) and v.dataframe is None:
        if not v.uri:
            reason = "a StructuredDataset with neither a dataframe nor a uri; give one of them"
            raise TypeTransformerFailedError(python_type, v, reason)
        uri = v.uri
        if not is_remote(uri) and current_context().file_access is not None:
            uri = ctx.file_access.upload_to_raw_output(uri, recursive=not _is_file(uri))
        sd_type.format = sd_type.format or v.file_format
        return LiteralSD(uri=uri, metadata=MetadataIDL(structured_dataset_type=sd_type))
    wrapper = v if isinstance(v, StructuredDataset) else StructuredDataset(dataframe=v)
    df_type = type(wrapper.dataframe)
    key = type_key(df_type)
    fmt = (
        sd_type.format
        if isinstance(v, StructuredDataset)
        else HANDLERS.default_formats.get(key, "")
    )
    protocol = HANDLERS.default_protocols.get(key) or _protocol(
        wrapper.uri or ctx.file_access.raw_output_prefix
    )
    encoder = HANDLERS.encoder(df_type, protocol, fmt)
    written = encoder.encode(ctx, wrapper, sd_type)
    out = LiteralSD()
    out.CopyFrom(written)
    if not out.metadata.HasField("structured_dataset_type"):
        out.metadata.structured_dataset_type.CopyFrom(sd_type)
    out.metadata.structured_dataset_type.format = encoder.supported_format
    wrapper._literal_sd = out
    return out


def _is_file(uri: str) -> bool:
    from pathlib import Path

    from flytecheck.core._uri import local_path

    return Path(local_path(uri)).is_file()


_ENGINE = StructuredDatasetTransformerEngine()


def register() -> None:
    """The transformer, and pandas' and pyarrow's Parquet handlers (by name: no import)."""
    TypeEngine.register(_ENGINE)
    basic_dfs.register_builtin_handlers(StructuredDatasetTransformerEngine.register)
