"""Replacing a local file in one step, for everything flytecheck writes: task outputs, error
documents, fixed source files, cache entries."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["remove_stale_temporaries", "replace_file"]


def _umask() -> int:
    """The process's umask, read without changing it where Linux says it (os.umask can only be
    read by setting it, which races with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def replace_file(target: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `target` through a temporary file in the same folder and one rename, so
    a reader, or a run cut short, sees the old file or the new one and never part of either.
    A file that already exists keeps its permissions; a new one gets the umask's, as open()
    gives. `durable` also waits for the disk (a
    cache entry, which can be rebuilt, need not). Raises OSError."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        try:
            mode = stat.S_IMODE(target.stat().st_mode)
        except FileNotFoundError:  # a new file: what open() would create (mkstemp makes 0600)
            mode = 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_stale_temporaries(target: Path) -> None:
    """Delete what `replace_file` runs killed before their rename left beside `target`
    (`.outputs.pb.<random>.tmp`): a SIGKILL runs no clean-up, so the next write does it."""
    with contextlib.suppress(OSError):
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
