"""What flytekit's TypeEngine makes of the types a signature names, kept as data: the linter
never imports flytekit. Keys are the qualified names users write (`pandas.DataFrame`,
`torch.nn.Module`); a class that derives from one of the supported ones is supported too, as
flytekit finds a transformer along the MRO. `tests/lint/test_known_types.py` asks the installed
flytekit about every entry whose package is importable, and walks flytekit's own registry and
public type modules so that nothing flytekit handles is missing here.

A type not named here, from a package the linter cannot read, is unknown: the rules stay silent
about it."""

from __future__ import annotations

__all__ = [
    "CONTAINERS",
    "FC201_PICKLED",
    "NEUTRAL_BASES",
    "PICKLED",
    "REFUSED_BARE",
    "SDK_MARKERS",
    "SDK_TYPES",
    "SUPPORTED",
    "SUPPORTED_MARKERS",
]

SUPPORTED: dict[str, str] = {
    # builtins and the standard library: flytekit's own transformers
    "builtins.int": "flytekit",
    "builtins.float": "flytekit",
    "builtins.str": "flytekit",
    "builtins.bool": "flytekit",
    "builtins.dict": "flytekit",
    "builtins.None": "flytekit",
    "types.NoneType": "flytekit",
    "datetime.datetime": "flytekit",
    "datetime.date": "flytekit",
    "datetime.timedelta": "flytekit",
    "enum.Enum": "flytekit",
    "os.PathLike": "flytekit (as a FlyteFile)",
    "typing.BinaryIO": "flytekit",
    "typing.TextIO": "flytekit",
    "google.protobuf.message.Message": "flytekit",
    # flytekit's built-in dataframe and array handlers, and flytekit.extras
    "pandas.DataFrame": "flytekit (StructuredDataset)",
    "pyarrow.Table": "flytekit (StructuredDataset)",
    "numpy.ndarray": "flytekit",
    "pydantic.BaseModel": "flytekit (flytekit.extras.pydantic_transformer)",
    "pydantic.main.BaseModel": "flytekit (flytekit.extras.pydantic_transformer)",
    "torch.Tensor": "flytekit (flytekit.extras.pytorch)",
    "torch.nn.Module": "flytekit (flytekit.extras.pytorch)",
    "tensorflow.keras.Model": "flytekit (flytekit.extras.tensorflow)",
    "keras.Model": "flytekit (flytekit.extras.tensorflow)",
    "tensorflow.train.Example": "flytekit (flytekit.extras.tensorflow)",
    "sklearn.base.BaseEstimator": "flytekit (flytekit.extras.sklearn)",
    # types the flytekitplugins-* packages register
    "polars.DataFrame": "flytekitplugins-polars",
    "polars.LazyFrame": "flytekitplugins-polars",
    "modin.pandas.DataFrame": "flytekitplugins-modin",
    "pyspark.sql.DataFrame": "flytekitplugins-spark",
    "pyspark.sql.dataframe.DataFrame": "flytekitplugins-spark",
    "pyspark.ml.PipelineModel": "flytekitplugins-spark",
    "datasets.Dataset": "flytekitplugins-huggingface",
    "vaex.dataframe.DataFrameLocal": "flytekitplugins-vaex",
    "xarray.Dataset": "flytekitplugins-xarray-zarr",
    "xarray.DataArray": "flytekitplugins-xarray-zarr",
    "geopandas.GeoDataFrame": "flytekitplugins-geopandas",
    "whylogs.core.DatasetProfileView": "flytekitplugins-whylogs",
    "omegaconf.DictConfig": "flytekitplugins-omegaconf",
    "omegaconf.ListConfig": "flytekitplugins-omegaconf",
}
"""Types flytekit, or the plugin named, converts without pickling."""

SUPPORTED_MARKERS: dict[str, str] = {
    "pandera.typing.DataFrame": "flytekitplugins-pandera",
    "pandera.typing.pandas.DataFrame": "flytekitplugins-pandera",
    "pandera.typing.polars.DataFrame": "flytekitplugins-pandera",
}
"""Generic markers whose `[...]` holds no Flyte type to judge (a pandera schema)."""

SDK_TYPES = frozenset(
    {
        "FlyteFile",
        "FlyteDirectory",
        "FlyteSchema",
        "StructuredDataset",
        "FlyteError",
        "FlytePickle",
        "JSON",
        "JSONIterator",
        "HDF5EncodedFile",
        "HTMLPage",
        "JoblibSerializedFile",
        "JPEGImageFile",
        "PDFFile",
        "PNGImageFile",
        "PythonPickledFile",
        "PythonNotebook",
        "SVGImageFile",
        "CSVFile",
        "JSONLFile",
        "SchemaFormat",
        "SchemaOpenMode",
        "ONNXFile",
        "TFRecordFile",
        "TensorboardLogs",
        "TFRecordsDirectory",
        "PyTorchCheckpoint",
    }
)
"""Types an SDK (flytekit, flytecheck.core, union) exports, by their last name, wherever the
SDK exports them from (`flytekit.FlyteFile`, `flytekit.types.file.FlyteFile`, ...)."""

SDK_MARKERS = frozenset(
    {"FlyteFile", "FlyteDirectory", "FlyteSchema", "StructuredDataset", "PythonPickledFile"}
)
"""SDK types whose `[...]` is a format or columns, not a type (`FlyteFile["csv"]`)."""

CONTAINERS: dict[str, str] = {
    "typing.List": "list",
    "builtins.list": "list",
    "typing.Dict": "dict",
    "builtins.dict": "dict",
    "typing.Iterator": "iterator",
    "collections.abc.Iterator": "iterator",
    "typing.Optional": "union",
    "typing.Union": "union",
    "typing.Annotated": "annotated",
    "typing_extensions.Annotated": "annotated",
    "typing.Tuple": "tuple",
    "builtins.tuple": "tuple",
    "typing.Literal": "literal",
    "typing_extensions.Literal": "literal",
}
"""Generic types whose arguments are types flytekit converts in turn (or, for Literal, values)."""

_BARE_ITERATOR = "a bare Iterator has no element type, which flytekit refuses: say Iterator[str]"
_FUNCTION = (
    "flytekit pickles a function, which loads only with the same code and Python: pass data, "
    "not code"
)
_ITERABLE = "flytekit pickles an iterable: use List[T] (or Iterator[T] for a stream)"

REFUSED_BARE: dict[str, str] = {
    "builtins.list": "a bare list has no element type, which flytekit refuses: say List[int]",
    "typing.List": "a bare List has no element type, which flytekit refuses: say List[int]",
    "builtins.tuple": "flytekit refuses a tuple as a value: use List[T] or a dataclass",
    "typing.Tuple": "flytekit refuses a tuple as a value: use List[T] or a dataclass",
    "typing.Iterator": _BARE_ITERATOR,
    "collections.abc.Iterator": _BARE_ITERATOR,
    "collections.abc.Generator": "flytekit refuses a generator: annotate Iterator[T] or List[T]",
}
"""Types flytekit refuses when the task is defined or registered (FC201)."""

FC201_PICKLED: dict[str, str] = {
    "builtins.set": "flytekit pickles a set: use List[T]",
    "typing.Set": "flytekit pickles a set: use List[T]",
    "typing.AbstractSet": "flytekit pickles a set: use List[T]",
    "builtins.frozenset": "flytekit pickles a frozenset: use List[T]",
    "typing.FrozenSet": "flytekit pickles a frozenset: use List[T]",
    "builtins.bytes": "flytekit pickles raw bytes: write them to a FlyteFile, or pass a str",
    "builtins.bytearray": "flytekit pickles raw bytes: write them to a FlyteFile, or pass a str",
    "builtins.object": "flytekit pickles an object: use a dataclass",
    "typing.Callable": _FUNCTION,
    "collections.abc.Callable": _FUNCTION,
    "typing.Iterable": _ITERABLE,
    "collections.abc.Iterable": _ITERABLE,
    "typing.Generator": "flytekit pickles a generator: annotate Iterator[T] or List[T]",
}
"""Types with no Flyte literal that flytekit pickles instead (FC201: the design's unsupported
types), each with what to write instead."""

PICKLED: dict[str, str] = {
    "typing.Any": "annotate the concrete type",
    "typing.Sequence": "annotate List[T]",
    "collections.abc.Sequence": "annotate List[T]",
    "typing.Mapping": "annotate Dict[str, T]",
    "collections.abc.Mapping": "annotate Dict[str, T]",
    "typing.AsyncIterator": "annotate Iterator[T] or List[T]",
    "typing.Type": "pass data, not a class",
    "builtins.type": "pass data, not a class",
    "builtins.complex": "pass two floats or a dataclass",
    "decimal.Decimal": "pass a str or a float",
    "pathlib.Path": "annotate FlyteFile or FlyteDirectory, which upload the file",
    "uuid.UUID": "pass a str",
    "pandas.Series": "annotate pandas.DataFrame (one column) or List[T]",
    "datetime.datetime.date": (
        "here `datetime` is the class datetime.datetime (from `from datetime import "
        "datetime`), so `datetime.date` is its method, not the date type: import date from "
        "datetime"
    ),
    "datetime.datetime.time": (
        "here `datetime` is the class datetime.datetime, so `datetime.time` is its method, "
        "not the time type: import time from datetime"
    ),
}
"""Types flytekit pickles (FC202), each with what to write instead."""

NEUTRAL_BASES = frozenset(
    {
        "builtins.object",
        "typing.Generic",
        "typing.Protocol",
        "abc.ABC",
        "typing_extensions.Protocol",
    }
)
"""Bases that give a class no transformer: a class with only these is pickled."""
