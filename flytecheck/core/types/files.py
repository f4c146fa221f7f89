"""FlyteFile and FlyteDirectory: files that travel between tasks as blob literals.

A task returning a local file has it uploaded under the raw output prefix (in its own random
sub-directory) when a FileAccessProvider is active, as in a container; a remote URI is passed
through. A task receiving one gets a FlyteFile whose bytes are downloaded only when it is opened,
downloaded or used as a path.
"""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import Any, ClassVar

from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import BlobType, LiteralType

from flytecheck.core._uri import is_remote, local_path
from flytecheck.core.context import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.engine import Resolver, TypeEngine
from flytecheck.core.types.transformer import Codec, CodecTransformer, literal_mismatch

__all__ = [
    "FileExt",
    "FlyteDirToMultipartBlobTransformer",
    "FlyteDirectory",
    "FlyteFile",
    "FlyteFilePathTransformer",
    "register",
]


class FileExt:
    """A file format with a dot in it, for `FlyteFile[Annotated[str, FileExt("tar.gz")]]`."""

    def __init__(self, ext: str) -> None:
        self._ext = ext

    def __str__(self) -> str:
        return self._ext

    __repr__ = __str__

    @staticmethod
    def check_and_convert_to_str(item: Any) -> str:
        if typing.get_origin(item) is not typing.Annotated:
            return str(item)
        base, *meta = typing.get_args(item)
        if base is not str:
            msg = f"{item!r}: the file extension's type must be str: Annotated[str, FileExt(...)]"
            raise ValueError(msg)
        return str(meta[0])


class _Blob(os.PathLike[str]):
    """What FlyteFile and FlyteDirectory share: a local path, maybe a remote source, and a
    download done at most once, on first use."""

    _format: ClassVar[str] = ""
    _formats: ClassVar[dict[str, type[Any]]] = {}
    recursive: ClassVar[bool] = False

    def __init__(
        self,
        path: str | os.PathLike[str],
        remote_path: str | None = None,
        *,
        remote_source: str | None = None,
    ) -> None:
        self._path = os.fspath(path)
        self.remote_path = remote_path
        self.remote_source = remote_source
        self._downloaded = remote_source is None

    def __class_getitem__(cls, fmt: Any) -> type[Any]:
        return cls.with_format(fmt)

    @classmethod
    def with_format(cls, fmt: Any) -> type[Any]:
        """`FlyteFile["csv"]`: the class of files (or directories) of one format, also
        spelt as flytekit allows: `FlyteFile[TypeVar("csv")]`, and
        `FlyteFile[Annotated[str, FileExt("tar.gz")]]` for a format with a dot."""
        if isinstance(fmt, typing.TypeVar):
            fmt = fmt.__name__
        elif typing.get_origin(fmt) is typing.Annotated:
            fmt = FileExt.check_and_convert_to_str(fmt)
        if not isinstance(fmt, str):
            msg = (
                f"{cls.__name__}[...] takes a format name such as 'csv' (or "
                f"Annotated[str, FileExt('tar.gz')]), not {fmt!r}"
            )
            raise TypeError(msg)
        key = f"{cls.__name__}:{fmt}"
        if key not in _Blob._formats:
            _Blob._formats[key] = type(
                cls.__name__, (cls,), {"_format": fmt, "__module__": cls.__module__}
            )
        return _Blob._formats[key]

    @classmethod
    def extension(cls) -> str:
        return cls._format

    @property
    def path(self) -> str:
        return self._path

    @property
    def downloaded(self) -> bool:
        return self._downloaded

    def download(self) -> str:
        """Fetch the remote bytes to the local path (once); return the local path."""
        if not self._downloaded:
            fa = current_context().file_access or _default_access()
            fa.get(self.remote_source or "", self._path, recursive=self.recursive)
            self._downloaded = True
        return self._path

    def __str__(self) -> str:
        """The path, as flytekit prints a file or directory."""
        return self._path

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """As a pydantic model's field: stored as flytekit stores it, `{"path": ...}`."""
        from flytecheck.core.types.pydantic_models import pydantic_schema

        return pydantic_schema(cls, handler)

    def __fspath__(self) -> str:
        return self.download()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Blob):
            return NotImplemented
        return (self.remote_source or self._path) == (other.remote_source or other._path)

    def __hash__(self) -> int:
        return hash(self.remote_source or self._path)

    def __repr__(self) -> str:
        source = f", remote_source={self.remote_source!r}" if self.remote_source else ""
        return f"{type(self).__name__}({self._path!r}{source})"

    @classmethod
    def from_source(cls, source: str | os.PathLike[str]) -> Any:
        """The file (or directory) at `source` (a local path or a remote URI), downloaded on
        first use, as a task receives it."""
        lit = Literal()
        blob = lit.scalar.blob
        blob.metadata.type.dimensionality = BlobType.MULTIPART if cls.recursive else BlobType.SINGLE
        blob.uri = os.fspath(source)
        return TypeEngine.to_python_value(current_context(), lit, cls)


class FlyteFile(_Blob):
    """A single file; `FlyteFile["csv"]` declares its format."""

    def open(self, mode: str = "rb", **kwargs: Any) -> Any:
        """Open the file; reading a remote file downloads it first."""
        if "r" in mode:
            self.download()
        return open(self._path, mode, **kwargs)


class FlyteDirectory(_Blob):
    """A directory of files, uploaded and downloaded as a whole."""

    recursive = True

    def listdir(self) -> list[str]:
        """The directory's entries (downloading it first if remote)."""
        return sorted(os.listdir(self.download()))


def _default_access() -> Any:
    from flytecheck.core.io import FileAccessProvider

    return FileAccessProvider(current_context().sandbox, str(current_context().sandbox / "raw"))


def _is_blob_type(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, _Blob)


class FlyteFilePathTransformer(CodecTransformer[Any]):
    """FlyteFile and FlyteDirectory (and their formats) as blob literals."""

    def __init__(self, name: str = "FlyteFilePath", t: type[Any] = FlyteFile) -> None:
        super().__init__(name, t)

    def guess_python_type(self, literal_type: LiteralType) -> Any:
        if literal_type.WhichOneof("type") == "blob" and literal_type.blob.format != "PythonPickle":
            multipart = literal_type.blob.dimensionality == BlobType.MULTIPART
            base: Any = FlyteDirectory if multipart else FlyteFile
            return base[literal_type.blob.format] if literal_type.blob.format else base
        return super().guess_python_type(literal_type)

    def build(self, python_type: Any, resolve: Resolver) -> Codec:
        cls = python_type if _is_blob_type(python_type) else FlyteFile
        dimensionality = BlobType.MULTIPART if cls.recursive else BlobType.SINGLE
        blob_type = BlobType(format=cls.extension(), dimensionality=dimensionality)
        literal_type = LiteralType(blob=blob_type)

        def uri_of(v: Any) -> str:
            if isinstance(v, _Blob):
                if v.remote_source is not None and not v.downloaded:
                    return v.remote_source
                local, target = v.path, v.remote_path
            elif isinstance(v, (str, os.PathLike)):
                local, target = os.fspath(v), None
            else:
                raise TypeTransformerFailedError(python_type, v, "expected a path or a FlyteFile")
            if is_remote(local):
                return local
            if not Path(local).exists():
                kind = "directory" if cls.recursive else "file"
                raise TypeTransformerFailedError(
                    python_type, v, f"the {kind} {local} does not exist"
                )
            if Path(local).is_dir() != cls.recursive:
                found, want = (
                    ("a directory", "FlyteDirectory")
                    if not cls.recursive
                    else (
                        "a file",
                        "FlyteFile",
                    )
                )
                reason = (
                    f"{local} is {found}: declare and return a {want} (flytekit refuses it too)"
                )
                raise TypeTransformerFailedError(python_type, v, reason)
            fa = current_context().file_access
            if fa is None:
                return str(Path(local).resolve())
            if target is not None:
                return fa.put(local, target, recursive=cls.recursive)
            return fa.upload_to_raw_output(local, recursive=cls.recursive)

        def encode(v: Any, lit: Literal) -> None:
            blob = lit.scalar.blob
            blob.uri = uri_of(v)
            blob.metadata.type.CopyFrom(blob_type)

        def from_uri(uri: str) -> Any:
            if not is_remote(uri):
                return cls(local_path(uri))
            fa = current_context().file_access or _default_access()
            name = uri.rstrip("/").rsplit("/", 1)[-1] if not cls.recursive else None
            local = fa.get_random_local_path(name)
            return cls(local, remote_source=uri)

        def decode(lit: Literal) -> Any:
            if lit.scalar.WhichOneof("value") != "blob":
                raise literal_mismatch(python_type, lit)
            return from_uri(lit.scalar.blob.uri)

        def to_plain(v: Any) -> dict[str, str]:
            return {"path": uri_of(v)}

        def from_plain(v: Any) -> Any:
            if isinstance(v, _Blob):
                return v
            if isinstance(v, dict) and isinstance(v.get("path"), str):
                return from_uri(v["path"])
            raise TypeTransformerFailedError(python_type, v, "expected a map with a 'path'")

        return Codec(python_type, literal_type, self, encode, decode, to_plain, from_plain)


class FlyteDirToMultipartBlobTransformer(FlyteFilePathTransformer):
    """FlyteDirectory's transformer (a multipart blob), under flytekit's name."""

    def __init__(self) -> None:
        super().__init__("FlyteDirectory", FlyteDirectory)


def register() -> None:
    TypeEngine.register(FlyteFilePathTransformer(), [os.PathLike])
    TypeEngine.register(FlyteDirToMultipartBlobTransformer())
