"""The dotted name a Python file is imported under, as Python and pyflyte import it: its stem
under every package (folder with an `__init__.py`) above it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["import_name"]


def import_name(path: str | Path) -> tuple[str, Path]:
    """The file's dotted name, and the folder above its outermost package (what must be on
    `sys.path` to import it under that name)."""
    file = Path(path).resolve()
    parts = [] if file.stem == "__init__" else [file.stem]
    folder = file.parent
    while (folder / "__init__.py").exists():
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts), folder
