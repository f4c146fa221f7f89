"""URI helpers with no imports: what types and I/O share to tell local from remote."""

from __future__ import annotations

__all__ = ["is_remote", "join", "local_path", "protocol_of"]


def protocol_of(uri: str) -> str:
    """The fsspec protocol of a URI or path ("file" for plain paths)."""
    head, sep, _ = str(uri).partition("://")
    return head if sep else "file"


def is_remote(uri: str) -> bool:
    return protocol_of(uri) != "file"


def join(base: str, *parts: str) -> str:
    """Join URI parts with single slashes (os.path.join would use the OS separator)."""
    out = str(base).rstrip("/")
    for part in parts:
        out = f"{out}/{str(part).strip('/')}"
    return out


def local_path(uri: str) -> str:
    """A file:// URI as a plain path (other strings unchanged)."""
    return uri[len("file://") :] if uri.startswith("file://") else uri
