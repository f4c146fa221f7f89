"""The built-in handlers: pandas.DataFrame and pyarrow.Table as Parquet, pandas as CSV.

Laid out in storage as flytekit lays them out, so either side reads what the other wrote: a
Parquet table is `<dir>/00000`, a CSV table `<dir>/.csv`. A table is written in a local
directory and uploaded when its place is remote; a remote table is downloaded before it is
read. pandas and pyarrow are imported when a table is read or written (extra `pandas`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flyteidl.core.literals_pb2 import StructuredDataset as LiteralSD
from flyteidl.core.literals_pb2 import StructuredDatasetMetadata

from flytecheck.core._uri import is_remote, local_path
from flytecheck.core.types.structured.handlers import (
    StructuredDatasetDecoder,
    StructuredDatasetEncoder,
)

if TYPE_CHECKING:
    from flyteidl.core.types_pb2 import StructuredDatasetType

    from flytecheck.core.context import FlyteContext
    from flytecheck.core.types.structured.structured_dataset import StructuredDataset

__all__ = ["register_builtin_handlers", "register_csv_handlers"]

PARQUET = "parquet"
CSV = "csv"
PANDAS = "pandas.DataFrame"
ARROW = "pyarrow.lib.Table"


def _import(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as e:
        msg = f"reading or writing a dataframe needs {name}: pip install 'flytecheck[pandas]'"
        raise ImportError(msg) from e


def write_table(
    ctx: FlyteContext,
    structured_dataset: StructuredDataset,
    structured_dataset_type: StructuredDatasetType,
    fmt: str,
    write: Callable[[Any, Path], None],
) -> LiteralSD:
    """Write the dataframe with `write(frame, folder)` at the dataset's URI (or a fresh
    place under the raw output prefix) and return the literal naming it."""
    fa = ctx.file_access
    assert fa is not None
    uri = structured_dataset.uri or fa.get_random_remote_directory()
    if is_remote(uri):
        folder = Path(fa.get_random_local_directory())
        write(structured_dataset.dataframe, folder)
        fa.put(str(folder), uri, recursive=True)
    else:
        folder = Path(local_path(uri))
        folder.mkdir(parents=True, exist_ok=True)
        write(structured_dataset.dataframe, folder)
    declared = type(structured_dataset_type)()
    declared.CopyFrom(structured_dataset_type)
    declared.format = fmt
    return LiteralSD(uri=uri, metadata=StructuredDatasetMetadata(structured_dataset_type=declared))


def local_table(ctx: FlyteContext, uri: str) -> Path:
    """Where the table at `uri` can be read locally (downloaded first if it is remote)."""
    if not is_remote(uri):
        return Path(local_path(uri))
    fa = ctx.file_access
    assert fa is not None
    return Path(fa.get(uri, fa.get_random_local_directory(), recursive=True))


def column_names(metadata: StructuredDatasetMetadata) -> list[str] | None:
    return [c.name for c in metadata.structured_dataset_type.columns] or None


def parquet_files(folder: Path) -> list[Path]:
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


class FolderEncoder(StructuredDatasetEncoder[Any]):
    """Writes a table into a folder with `write(frame, folder)`, for any protocol."""

    def __init__(self, python_type: str, fmt: str, write: Callable[[Any, Path], None]) -> None:
        super().__init__(python_type, None, fmt)
        self._write = write

    def encode(
        self,
        ctx: FlyteContext,
        structured_dataset: StructuredDataset,
        structured_dataset_type: StructuredDatasetType,
    ) -> LiteralSD:
        fmt = self.supported_format
        return write_table(ctx, structured_dataset, structured_dataset_type, fmt, self._write)


class FolderDecoder(StructuredDatasetDecoder[Any]):
    """Reads a table from a (downloaded) folder with `read(folder, columns)`."""

    def __init__(
        self, python_type: str, fmt: str, read: Callable[[Path, list[str] | None], Any]
    ) -> None:
        super().__init__(python_type, None, fmt)
        self._read = read

    def decode(
        self,
        ctx: FlyteContext,
        flyte_value: LiteralSD,
        current_task_metadata: StructuredDatasetMetadata,
    ) -> Any:
        folder = local_table(ctx, flyte_value.uri)
        return self._read(folder, column_names(current_task_metadata))


def _pandas_to_parquet(frame: Any, folder: Path) -> None:
    frame.to_parquet(folder / "00000", coerce_timestamps="us", allow_truncated_timestamps=False)


def _parquet_to_pandas(folder: Path, columns: list[str] | None) -> Any:
    pandas = _import("pandas")
    frames = [pandas.read_parquet(f, columns=columns) for f in parquet_files(folder)]
    if not frames:
        return pandas.DataFrame({c: [] for c in columns or ()})
    return frames[0] if len(frames) == 1 else pandas.concat(frames, ignore_index=True)


def _pandas_to_csv(frame: Any, folder: Path) -> None:
    frame.to_csv(folder / ".csv", index=False)


def _csv_to_pandas(folder: Path, columns: list[str] | None) -> Any:
    path = folder if folder.is_file() else folder / ".csv"
    return _import("pandas").read_csv(path, usecols=columns)


def _arrow_to_parquet(table: Any, folder: Path) -> None:
    _import("pyarrow.parquet").write_table(table, str(folder / "00000"))


def _parquet_to_arrow(folder: Path, columns: list[str] | None) -> Any:
    pq = _import("pyarrow.parquet")
    tables = [pq.read_table(str(f), columns=columns) for f in parquet_files(folder)]
    return tables[0] if len(tables) == 1 else _import("pyarrow").concat_tables(tables)


def register_builtin_handlers(register: Callable[..., None]) -> None:
    for handler in (
        FolderEncoder(PANDAS, PARQUET, _pandas_to_parquet),
        FolderDecoder(PANDAS, PARQUET, _parquet_to_pandas),
        FolderEncoder(ARROW, PARQUET, _arrow_to_parquet),
        FolderDecoder(ARROW, PARQUET, _parquet_to_arrow),
    ):
        register(handler, default_format_for_type=True)


def register_csv_handlers() -> None:
    """Write and read pandas tables as CSV where a dataset is annotated `CSV` (flytekit's
    switch: without it, a CSV dataset has no handler and says so)."""
    from flytecheck.core.types.structured.structured_dataset import (
        StructuredDatasetTransformerEngine,
    )

    csv = (FolderEncoder(PANDAS, CSV, _pandas_to_csv), FolderDecoder(PANDAS, CSV, _csv_to_pandas))
    for handler in csv:
        StructuredDatasetTransformerEngine.register(handler, override=True)
