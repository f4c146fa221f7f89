"""`flytekit.types.file.file` under flytekit's path: FlyteFile and its transformer, kept in
`flytecheck.core.types.files` with FlyteDirectory."""

from __future__ import annotations

from flytecheck.core.types.files import FileExt, FlyteFile, FlyteFilePathTransformer

__all__ = ["FileExt", "FlyteFile", "FlyteFilePathTransformer"]
