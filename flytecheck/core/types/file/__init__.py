"""`flytekit.types.file`: FlyteFile and its named formats (`CSVFile` is `FlyteFile["csv"]`)."""

from __future__ import annotations

from typing import Any

from flytecheck.core.types.files import FileExt, FlyteFile, FlyteFilePathTransformer

__all__ = [
    "CSVFile",
    "FileExt",
    "FlyteFile",
    "FlyteFilePathTransformer",
    "HDF5EncodedFile",
    "HTMLPage",
    "JPEGImageFile",
    "JSONLFile",
    "JoblibSerializedFile",
    "ONNXFile",
    "PDFFile",
    "PNGImageFile",
    "PythonNotebook",
    "PythonPickledFile",
    "SVGImageFile",
    "TFRecordFile",
]

CSVFile: Any = FlyteFile.with_format("csv")
HDF5EncodedFile: Any = FlyteFile.with_format("hdf5")
HTMLPage: Any = FlyteFile.with_format("html")
JPEGImageFile: Any = FlyteFile.with_format("jpeg")
JSONLFile: Any = FlyteFile.with_format("jsonl")
JoblibSerializedFile: Any = FlyteFile.with_format("joblib")
ONNXFile: Any = FlyteFile.with_format("onnx")
PDFFile: Any = FlyteFile.with_format("pdf")
PNGImageFile: Any = FlyteFile.with_format("png")
PythonNotebook: Any = FlyteFile.with_format("ipynb")
PythonPickledFile: Any = FlyteFile.with_format("python_pickle")
SVGImageFile: Any = FlyteFile.with_format("svg")
TFRecordFile: Any = FlyteFile.with_format("tfrecord")
