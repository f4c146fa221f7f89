"""`flytekit.types.directory.types` under flytekit's path: FlyteDirectory, kept in
`flytecheck.core.types.files` with FlyteFile."""

from __future__ import annotations

from flytecheck.core.types.files import FlyteDirectory, FlyteDirToMultipartBlobTransformer

__all__ = ["FlyteDirToMultipartBlobTransformer", "FlyteDirectory"]
