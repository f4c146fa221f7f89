"""Registers the built-in transformers with the TypeEngine (imported once by the package)."""

from __future__ import annotations

import types

from flytecheck.core.types import files, pydantic_models, schema
from flytecheck.core.types.containers import DictTransformer, ListTransformer
from flytecheck.core.types.dataclasses import DataclassTransformer
from flytecheck.core.types.engine import TypeEngine
from flytecheck.core.types.enums import EnumTransformer
from flytecheck.core.types.error import ErrorTransformer
from flytecheck.core.types.io_handles import BinaryIOTransformer, TextIOTransformer
from flytecheck.core.types.iterator import IteratorTransformer
from flytecheck.core.types.literal_values import LiteralTypeTransformer
from flytecheck.core.types.numpy.ndarray import NumpyArrayTransformer
from flytecheck.core.types.pickle import PickleTransformer
from flytecheck.core.types.primitives import (
    BoolTransformer,
    DatetimeTransformer,
    DateTransformer,
    FloatTransformer,
    IntTransformer,
    NoneTransformer,
    StrTransformer,
    TimedeltaTransformer,
)
from flytecheck.core.types.protobuf import ProtobufTransformer
from flytecheck.core.types.structured import structured_dataset
from flytecheck.core.types.unions import UnionTransformer


def register_builtins() -> None:
    for transformer in (
        IntTransformer(),
        FloatTransformer(),
        StrTransformer(),
        BoolTransformer(),
        DatetimeTransformer(),
        DateTransformer(),
        TimedeltaTransformer(),
        NoneTransformer(),
    ):
        TypeEngine.register(transformer)
    TypeEngine.register(ListTransformer())
    TypeEngine.register(LiteralTypeTransformer())
    TypeEngine.register(IteratorTransformer())
    TypeEngine.register(DictTransformer())
    TypeEngine.register(UnionTransformer(), [types.UnionType])
    TypeEngine.register(EnumTransformer())
    TypeEngine.register(DataclassTransformer())
    TypeEngine.register(PickleTransformer())
    TypeEngine.register(ErrorTransformer())
    TypeEngine.register(ProtobufTransformer())
    TypeEngine.register(BinaryIOTransformer())
    TypeEngine.register(TextIOTransformer())
    TypeEngine.register_by_name("numpy.ndarray", NumpyArrayTransformer())
    files.register()
    schema.register()
    structured_dataset.register()
    pydantic_models.register()


register_builtins()
