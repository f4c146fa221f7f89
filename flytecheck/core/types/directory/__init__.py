"""`flytekit.types.directory`: FlyteDirectory and its named formats."""

from __future__ import annotations

from typing import Any

from flytecheck.core.types.files import FlyteDirectory, FlyteDirToMultipartBlobTransformer

__all__ = [
    "FlyteDirToMultipartBlobTransformer",
    "FlyteDirectory",
    "TFRecordsDirectory",
    "TensorboardLogs",
]

TFRecordsDirectory: Any = FlyteDirectory.with_format("tfrecords_dir")
TensorboardLogs: Any = FlyteDirectory.with_format("tensorboard")
