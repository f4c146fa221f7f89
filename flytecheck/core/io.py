"""FileAccessProvider: the one way flytecheck moves bytes, over fsspec.

Local paths, file://, memory://, s3:// (s3fs, extra `s3`), gs:// (gcsfs, extra `gcs`) and any
other fsspec protocol. Every failure is a FlyteDownloadDataException or FlyteUploadDataException
naming the URI. Writes of whole documents (outputs.pb, error.pb) are atomic: the bytes are
written to a local temporary file, then uploaded (or renamed) once, so a reader never sees half
a file. fsspec costs ~80 ms to import, so it is imported on first use.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flytecheck._atomic import replace_file
from flytecheck.core._uri import is_remote, join, local_path, protocol_of
from flytecheck.core.exceptions.system import FlyteDownloadDataException, FlyteUploadDataException

if TYPE_CHECKING:
    import fsspec

__all__ = ["FileAccessProvider", "is_remote", "join", "protocol_of"]


class FileAccessProvider:
    """Moves files between the local sandbox and the raw output prefix (or any URI)."""

    def __init__(self, local_sandbox_dir: str | os.PathLike[str], raw_output_prefix: str) -> None:
        self.local_sandbox_dir = Path(local_sandbox_dir)
        self.local_sandbox_dir.mkdir(parents=True, exist_ok=True)
        self.raw_output_prefix = str(raw_output_prefix)
        self._check_protocol(self.raw_output_prefix, FlyteUploadDataException)

    def __repr__(self) -> str:
        return f"FileAccessProvider({str(self.local_sandbox_dir)!r}, {self.raw_output_prefix!r})"

    # -- filesystems ----------------------------------------------------------------------------

    @staticmethod
    def _check_protocol(uri: str, error: type[Exception]) -> None:
        if not is_remote(uri):
            return
        import fsspec

        protocol = protocol_of(uri)
        try:
            fsspec.get_filesystem_class(protocol)
        except (ValueError, ImportError) as e:
            extra = {"s3": "s3", "gs": "gcs", "gcs": "gcs"}.get(protocol)
            hint = f" (pip install 'flytecheck[{extra}]')" if extra else ""
            msg = f"{uri}: no filesystem for protocol {protocol!r}{hint}: {e}"
            raise error(msg) from e

    def filesystem(self, uri: str) -> fsspec.AbstractFileSystem:
        import fsspec

        protocol = protocol_of(uri)
        options: dict[str, Any] = {}
        if protocol == "s3" and os.environ.get("FLYTE_AWS_ENDPOINT"):
            options["client_kwargs"] = {"endpoint_url": os.environ["FLYTE_AWS_ENDPOINT"]}
        return fsspec.filesystem(protocol, **options)

    # -- paths ----------------------------------------------------------------------------------

    def get_random_string(self) -> str:
        return os.urandom(16).hex()

    def get_random_local_path(self, name: str | None = None) -> str:
        """A fresh path in the local sandbox (its directory exists; the file does not)."""
        folder = self.local_sandbox_dir / self.get_random_string()
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder / (name or self.get_random_string()))

    def get_random_local_directory(self) -> str:
        path = Path(self.get_random_local_path())
        path.mkdir(parents=True, exist_ok=True)
        return str(path)

    def get_random_remote_path(self, name: str | None = None) -> str:
        """A fresh URI under the raw output prefix, in its own random sub-directory."""
        return join(
            self.raw_output_prefix, self.get_random_string(), name or self.get_random_string()
        )

    def get_random_remote_directory(self) -> str:
        return join(self.raw_output_prefix, self.get_random_string())

    # -- data -----------------------------------------------------------------------------------

    def exists(self, uri: str) -> bool:
        try:
            return bool(self.filesystem(uri).exists(local_path(uri) if not is_remote(uri) else uri))
        except Exception as e:
            raise FlyteDownloadDataException(f"{uri}: cannot check whether it exists: {e}") from e

    def read_bytes(self, uri: str) -> bytes:
        """The whole content of `uri`."""
        if not is_remote(uri):
            try:
                return Path(local_path(uri)).read_bytes()
            except OSError as e:
                raise FlyteDownloadDataException(f"{uri}: cannot be read: {e.strerror or e}") from e
        try:
            with self.filesystem(uri).open(uri, "rb") as fh:
                data: bytes = fh.read()
        except FileNotFoundError as e:
            raise FlyteDownloadDataException(f"{uri}: no such file") from e
        except Exception as e:
            raise FlyteDownloadDataException(
                f"{uri}: cannot be read: {type(e).__name__}: {e}"
            ) from e
        return data

    def write_bytes_atomically(self, uri: str, data: bytes) -> None:
        """Write `data` to `uri` so that a reader sees either nothing or all of it."""
        if not is_remote(uri):
            try:
                replace_file(Path(local_path(uri)), data)
            except OSError as e:
                raise FlyteUploadDataException(
                    f"{uri}: cannot be written: {e.strerror or e}"
                ) from e
            return
        staged = self.get_random_local_path(Path(uri).name)
        Path(staged).write_bytes(data)
        self.put(staged, uri)

    def get(self, from_uri: str, to_path: str, recursive: bool = False) -> str:
        """Download a file (or, with `recursive`, a directory) to a local path."""
        try:
            if not is_remote(from_uri):
                source = local_path(from_uri)
                if recursive:
                    shutil.copytree(source, to_path, dirs_exist_ok=True)
                else:
                    Path(to_path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, to_path)
                return to_path
            fs = self.filesystem(from_uri)
            if recursive:
                Path(to_path).mkdir(parents=True, exist_ok=True)
                fs.get(join(from_uri, ""), to_path, recursive=True)
            else:
                fs.get(from_uri, to_path)
        except Exception as e:
            raise FlyteDownloadDataException(
                f"{from_uri}: cannot be downloaded to {to_path}: {e}"
            ) from e
        return to_path

    def put(self, from_path: str, to_uri: str, recursive: bool = False) -> str:
        """Upload a local file (or, with `recursive`, a directory) to a URI."""
        try:
            if not is_remote(to_uri):
                target = local_path(to_uri)
                if recursive:
                    shutil.copytree(from_path, target, dirs_exist_ok=True)
                else:
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(from_path, target)
                return to_uri
            fs = self.filesystem(to_uri)
            if recursive:
                fs.put(str(Path(from_path)) + "/", join(to_uri, ""), recursive=True)
            else:
                fs.put(from_path, to_uri)
        except Exception as e:
            raise FlyteUploadDataException(
                f"{to_uri}: cannot be uploaded from {from_path}: {e}"
            ) from e
        return to_uri

    # flytekit's names, for custom transformers and dataset handlers written against flytekit

    def get_data(self, remote_path: str, local_path: str, is_multipart: bool = False) -> str:
        return self.get(remote_path, local_path, recursive=is_multipart)

    def put_data(self, local_path: str, remote_path: str, is_multipart: bool = False) -> str:
        return self.put(local_path, remote_path, recursive=is_multipart)

    @staticmethod
    def is_remote(uri: str) -> bool:
        return is_remote(uri)

    @staticmethod
    def join(*parts: str) -> str:
        return join(*parts)

    def upload(self, file_path: str, to_path: str) -> str:
        return self.put(file_path, to_path)

    def download(self, remote_path: str, local_path: str) -> str:
        return self.get(remote_path, local_path)

    def upload_directory(self, local_path: str, remote_path: str) -> str:
        return self.put(local_path, remote_path, recursive=True)

    def download_directory(self, remote_path: str, local_path: str) -> str:
        return self.get(remote_path, local_path, recursive=True)

    def upload_to_raw_output(self, local_path: str, recursive: bool = False) -> str:
        """Upload a local file or directory to a fresh place under the raw output prefix."""
        name = Path(local_path).name
        target = (
            self.get_random_remote_directory() if recursive else self.get_random_remote_path(name)
        )
        return self.put(local_path, target, recursive=recursive)
