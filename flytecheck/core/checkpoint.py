"""Checkpoints: what a task saves so a retry can pick up where the failed attempt stopped.

`current_context().checkpoint` inside a running task, flytekit's interface: `write(bytes)` /
`read()` for one blob, `save(path or reader)` / `restore()` for files and folders,
`prev_exists()`. Each attempt writes to its own destination; a retry reads the previous
attempt's. In a container the two come from `--checkpoint-path` and `--prev-checkpoint`; in a
local run the executor gives each attempt a fresh folder and, when it retries a task after a
FlyteRecoverableException (as the backend does, up to the task's `retries`), the folder the
failed attempt wrote as the previous checkpoint. Paths are local or any fsspec URI.
"""

from __future__ import annotations

import abc
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flytecheck.core.exceptions.user import FlyteValidationException

if TYPE_CHECKING:
    from flytecheck.core.context import FlyteContext
    from flytecheck.core.io import FileAccessProvider

__all__ = ["Checkpoint", "SyncCheckpoint", "local_checkpoint"]


class Checkpoint(abc.ABC):
    """flytekit's checkpoint interface."""

    @abc.abstractmethod
    def prev_exists(self) -> bool: ...

    @abc.abstractmethod
    def restore(self, path: Path | str | None = None) -> Path | None: ...

    @abc.abstractmethod
    def save(self, cp: Path | str | io.IOBase) -> None: ...

    @abc.abstractmethod
    def read(self) -> bytes | None: ...

    @abc.abstractmethod
    def write(self, b: bytes) -> None: ...


class SyncCheckpoint(Checkpoint):
    """Saves and restores synchronously, through the task's file access (fsspec)."""

    SRC_LOCAL_FOLDER = "prev_cp"
    TMP_DST_PATH = "_dst_cp"

    def __init__(
        self,
        checkpoint_dest: str | Callable[[], str],
        checkpoint_src: str | None = None,
        file_access: FileAccessProvider | None = None,
    ) -> None:
        self._dest = checkpoint_dest
        self._checkpoint_src = checkpoint_src or None
        self._file_access = file_access
        self._restored: Path | None = None

    def __repr__(self) -> str:
        return f"SyncCheckpoint(dest={self._dest!r}, src={self._checkpoint_src!r})"

    @property
    def checkpoint_dest(self) -> str:
        """Where this attempt's checkpoint goes (a local run names the folder when it is
        first asked for, so a task that never checkpoints costs nothing)."""
        if callable(self._dest):
            self._dest = self._dest()
        return self._dest

    def _fa(self) -> FileAccessProvider:
        if self._file_access is not None:
            return self._file_access
        from flytecheck.core.context import current_context

        fa = current_context().for_user().file_access
        assert fa is not None
        return fa

    def prev_exists(self) -> bool:
        return self._checkpoint_src is not None

    def restore(self, path: Path | str | None = None) -> Path | None:
        """Download the previous attempt's checkpoint to `path` (a folder; a fresh one if
        None) and return it; None when there is no previous checkpoint."""
        if self._checkpoint_src is None:
            return None
        if self._restored is not None:
            return self._restored
        target = (
            Path(path) if path is not None else Path(tempfile.mkdtemp()) / self.SRC_LOCAL_FOLDER
        )
        target.mkdir(parents=True, exist_ok=True)
        if not target.is_dir():
            msg = f"checkpoint restore({str(target)!r}): restore to a directory"
            raise FlyteValidationException(msg)
        fa = self._fa()
        if fa.exists(self._checkpoint_src):
            fa.get(self._checkpoint_src, str(target), recursive=True)
        self._restored = target
        return target

    def save(self, cp: Path | str | io.IOBase) -> None:
        """Save a file, a folder (its contents) or a reader's bytes as this attempt's
        checkpoint."""
        fa = self._fa()
        if isinstance(cp, str | Path):
            path = Path(cp)
            if path.is_dir():
                fa.put(str(path), self.checkpoint_dest, recursive=True)
            elif path.is_file():
                fa.put(str(path), _join(self.checkpoint_dest, path.name))
            else:
                msg = (
                    f"checkpoint save({str(path)!r}): no such file or folder; save one that exists"
                )
                raise FlyteValidationException(msg)
            return
        if not isinstance(cp, io.IOBase):
            msg = f"checkpoint save(): expected a path or a reader, not a {type(cp).__name__}"
            raise FlyteValidationException(msg)
        fa.write_bytes_atomically(_join(self.checkpoint_dest, self.TMP_DST_PATH), cp.read())

    def read(self) -> bytes | None:
        """The previous attempt's checkpoint, when it is one file; None when there is none."""
        folder = self.restore()
        if folder is None:
            return None
        files = list(folder.iterdir())
        if not files:
            return None
        if len(files) > 1:
            names = ", ".join(sorted(f.name for f in files))
            msg = (
                f"checkpoint read(): the previous checkpoint {self._checkpoint_src} holds "
                f"{len(files)} files ({names}); read() is for one, use restore() for several"
            )
            raise FlyteValidationException(msg)
        return files[0].read_bytes()

    def write(self, b: bytes) -> None:
        """Save `b` as this attempt's checkpoint."""
        self.save(io.BytesIO(b))


def local_checkpoint(ctx: FlyteContext, previous: SyncCheckpoint | None) -> SyncCheckpoint:
    """A local attempt's checkpoint: a folder in the run's sandbox (named on first use), and
    the previous attempt's, if it wrote one."""

    def fresh() -> str:
        return str(ctx.sandbox / "checkpoints" / os.urandom(8).hex())

    return SyncCheckpoint(fresh, previous.checkpoint_dest if previous is not None else None)


def _join(base: str, name: str) -> str:
    from flytecheck.core._uri import join

    return join(base, name)
