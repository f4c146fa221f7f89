"""Replacing a local file in one step, for everything flytecheck writes: task outputs, error
documents, fixed source files, cache entries."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["replace_file"]


def replace_file(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `target` through a temporary file in the same folder and one rename, so
    a reader, or a run cut short, sees the old file or the new one and never part of either.
    A file that already exists keeps its permissions. `durable` also waits for the disk (a
    cache entry, which can be rebuilt, need not). Raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
