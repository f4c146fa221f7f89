"""Encoders and decoders: how each dataframe type is written to and read from storage.

flytekit's extension point, under its names: subclass StructuredDatasetEncoder (a dataframe ->
a structured-dataset literal) or StructuredDatasetDecoder (a literal -> a dataframe) for one
dataframe type, one storage protocol (None: any) and one format ("" : any), then
`StructuredDatasetTransformerEngine.register(handler)`. The handler found for a value is the
most specific one registered: exact protocol and format first, then any protocol, then the
type's default format (for an unformatted value), then a format-less handler, then the only
one there is. Nothing found is an error naming the type, the protocol and the format.

Handlers are keyed by the dataframe class's qualified name, so pandas' and pyarrow's built-in
handlers are registered without importing either library.
"""

from __future__ import annotations

import abc
import threading
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from flytecheck.core.exceptions.user import FlyteValidationException

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import StructuredDataset as LiteralSD
    from flyteidl.core.literals_pb2 import StructuredDatasetMetadata
    from flyteidl.core.types_pb2 import StructuredDatasetType

    from flytecheck.core.context import FlyteContext
    from flytecheck.core.types.structured.structured_dataset import StructuredDataset

__all__ = [
    "ANY_PROTOCOL",
    "GENERIC_FORMAT",
    "DuplicateHandlerError",
    "HandlerRegistry",
    "StructuredDatasetDecoder",
    "StructuredDatasetEncoder",
    "type_key",
    "type_names",
]

GENERIC_FORMAT = ""
ANY_PROTOCOL = "fsspec"  # flytekit's name for "registered without a protocol"

DF = TypeVar("DF")


_ALIASES = {"pandas.core.frame.DataFrame": "pandas.DataFrame"}  # pandas < 2 names the first


def type_key(python_type: Any) -> str:
    """The registry key of a dataframe class: `module.QualName` (pandas.DataFrame)."""
    name = python_type if isinstance(python_type, str) else type_name_of(python_type)
    return _ALIASES.get(name, name)


def type_name_of(python_type: Any) -> str:
    return f"{python_type.__module__}.{python_type.__qualname__}"


def type_names(key: str) -> list[str]:
    """Every `module.QualName` the class of `key` may have."""
    return [key, *(alias for alias, canonical in _ALIASES.items() if canonical == key)]


def _short(key: str) -> str:
    return {"pyarrow.lib.Table": "pyarrow.Table"}.get(key, key)


class DuplicateHandlerError(ValueError):
    """A handler for this dataframe type, protocol and format is registered already."""


class _Handler(Generic[DF]):
    def __init__(
        self,
        python_type: type[DF] | str,
        protocol: str | None = None,
        supported_format: str | None = None,
    ) -> None:
        self._python_type = python_type
        self._protocol = protocol.replace("://", "") if protocol else None
        self._supported_format = supported_format or GENERIC_FORMAT

    @property
    def python_type(self) -> Any:
        return self._python_type

    @property
    def protocol(self) -> str | None:
        return self._protocol

    @property
    def supported_format(self) -> str:
        return self._supported_format

    def __repr__(self) -> str:
        key = _short(type_key(self._python_type))
        return f"{type(self).__name__}({key}, {self._protocol!r}, {self._supported_format!r})"


class StructuredDatasetEncoder(_Handler[DF], abc.ABC):
    """Writes one dataframe type: `encode` returns the literal (URI and metadata) it wrote."""

    @abc.abstractmethod
    def encode(
        self,
        ctx: FlyteContext,
        structured_dataset: StructuredDataset,
        structured_dataset_type: StructuredDatasetType,
    ) -> LiteralSD:
        """Write `structured_dataset.dataframe`; the columns and format the task declared are in
        `structured_dataset_type`."""


class StructuredDatasetDecoder(_Handler[DF], abc.ABC):
    """Reads one dataframe type: `decode` returns the dataframe (or an iterator of them)."""

    def __init__(
        self,
        python_type: type[DF] | str,
        protocol: str | None = None,
        supported_format: str | None = None,
        additional_protocols: list[str] | None = None,
    ) -> None:
        super().__init__(python_type, protocol, supported_format)
        self._additional_protocols = [p.replace("://", "") for p in additional_protocols or ()]

    @abc.abstractmethod
    def decode(
        self,
        ctx: FlyteContext,
        flyte_value: LiteralSD,
        current_task_metadata: StructuredDatasetMetadata,
    ) -> Any:
        """Read the table at `flyte_value.uri`; the columns the reading task declared are in
        `current_task_metadata`."""


Handler = StructuredDatasetEncoder[Any] | StructuredDatasetDecoder[Any]


class HandlerRegistry:
    """The registered encoders and decoders, and each type's default format and protocol."""

    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self) -> None:
        self.encoders: dict[str, dict[str, dict[str, StructuredDatasetEncoder[Any]]]] = {}
        self.decoders: dict[str, dict[str, dict[str, StructuredDatasetDecoder[Any]]]] = {}
        self.default_formats: dict[str, str] = {}
        self.default_protocols: dict[str, str] = {}
        self.renderers: dict[str, Any] = {}

    def register(
        self,
        handler: Handler,
        default_for_type: bool = False,
        override: bool = False,
        default_format_for_type: bool = False,
        default_storage_for_type: bool = False,
    ) -> None:
        if not isinstance(handler, StructuredDatasetEncoder | StructuredDatasetDecoder):
            msg = (
                f"StructuredDatasetTransformerEngine.register({handler!r}): expected a "
                "StructuredDatasetEncoder or StructuredDatasetDecoder subclass instance"
            )
            raise TypeError(msg)
        if handler.protocol is None and default_for_type:
            msg = (
                f"{handler!r} is registered for every protocol, so it cannot be the default for "
                "its type; give it a protocol or leave default_for_type out"
            )
            raise ValueError(msg)
        protocols = [handler.protocol or ANY_PROTOCOL]
        if isinstance(handler, StructuredDatasetDecoder):
            protocols += handler._additional_protocols
        key = type_key(handler.python_type)
        with self._lock:
            for protocol in protocols:
                protocol = "file" if protocol == "/" else protocol
                table = (
                    self.encoders
                    if isinstance(handler, StructuredDatasetEncoder)
                    else self.decoders
                )
                by_format: dict[str, Any] = table.setdefault(key, {}).setdefault(protocol, {})
                if handler.supported_format in by_format and not override:
                    if protocol == ANY_PROTOCOL:
                        continue
                    there = by_format[handler.supported_format]
                    msg = (
                        f"a handler for {_short(key)}, protocol {protocol!r}, format "
                        f"{handler.supported_format!r} is registered already ({there!r}); "
                        "pass override=True to replace it"
                    )
                    raise DuplicateHandlerError(msg)
                by_format[handler.supported_format] = handler
            sets_format = default_for_type or default_format_for_type
            if (
                sets_format
                and handler.supported_format
                and (override or key not in self.default_formats)
            ):
                self.default_formats[key] = handler.supported_format
            sets_storage = default_for_type or default_storage_for_type
            if (
                sets_storage
                and handler.protocol
                and (override or key not in self.default_protocols)
            ):
                self.default_protocols[key] = handler.protocol

    def handles(self, python_type: Any) -> bool:
        key = type_key(python_type)
        return key in self.encoders or key in self.decoders

    def encoder(self, python_type: Any, protocol: str, fmt: str) -> StructuredDatasetEncoder[Any]:
        found: StructuredDatasetEncoder[Any] = self._find(
            self.encoders, "encoder", python_type, protocol, fmt
        )
        return found

    def decoder(self, python_type: Any, protocol: str, fmt: str) -> StructuredDatasetDecoder[Any]:
        found: StructuredDatasetDecoder[Any] = self._find(
            self.decoders, "decoder", python_type, protocol, fmt
        )
        return found

    def _find(
        self, table: dict[str, Any], kind: str, python_type: Any, protocol: str, fmt: str
    ) -> Any:
        key = type_key(python_type)
        by_protocol = table.get(key, {})
        default_format = self.default_formats.get(key)
        for candidates in (by_protocol.get(protocol, {}), by_protocol.get(ANY_PROTOCOL, {})):
            for wanted in (fmt, default_format if not fmt else None, GENERIC_FORMAT):
                if wanted is not None and wanted in candidates:
                    return candidates[wanted]
            if not fmt and len(candidates) == 1:
                return next(iter(candidates.values()))
        known = sorted(f"{p}/{f or 'any format'}" for p, fs in by_protocol.items() for f in fs)
        what = f"format {fmt!r}" if fmt else "any format"
        have = f"; registered: {', '.join(known)}" if known else ""
        hint = " (for CSV, call register_csv_handlers() first)" if fmt == "csv" else ""
        msg = (
            f"no StructuredDataset {kind} for {_short(key)}, protocol {protocol!r}, {what}{have}; "
            f"register one with StructuredDatasetTransformerEngine.register(...){hint}"
        )
        raise FlyteValidationException(msg)
