"""`flytekit.core.type_engine` under flytekit's path: the engine and the public transformer
classes users subclass, register or name. The core keeps them in `flytecheck.core.types`, one
module a family; this module is their face."""

from __future__ import annotations

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.types.annotations import BatchSize
from flytecheck.core.types.containers import DictTransformer, ListTransformer
from flytecheck.core.types.dataclasses import DataclassTransformer
from flytecheck.core.types.engine import TypeEngine
from flytecheck.core.types.enums import EnumTransformer
from flytecheck.core.types.io_handles import BinaryIOTransformer, TextIOTransformer
from flytecheck.core.types.literal_values import LiteralTypeTransformer
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
from flytecheck.core.types.simple import (
    RestrictedTypeError,
    RestrictedTypeTransformer,
    SimpleTransformer,
)
from flytecheck.core.types.transformer import TypeTransformer
from flytecheck.core.types.unions import UnionTransformer

__all__ = [
    "BatchSize",
    "BinaryIOTransformer",
    "BoolTransformer",
    "DataclassTransformer",
    "DateTransformer",
    "DatetimeTransformer",
    "DictTransformer",
    "EnumTransformer",
    "FloatTransformer",
    "IntTransformer",
    "ListTransformer",
    "LiteralTypeTransformer",
    "NoneTransformer",
    "ProtobufTransformer",
    "RestrictedTypeError",
    "RestrictedTypeTransformer",
    "SimpleTransformer",
    "StrTransformer",
    "TextIOTransformer",
    "TimedeltaTransformer",
    "TypeEngine",
    "TypeTransformer",
    "TypeTransformerFailedError",
    "UnionTransformer",
]
