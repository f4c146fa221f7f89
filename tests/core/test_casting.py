"""The backend's binding rules: which types may flow into which inputs."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any, Dict, List, Optional, Union

import pytest
from flyteidl.core.types_pb2 import BlobType, LiteralType, SchemaType

from flytecheck.core._casting import castable
from flytecheck.core.types import TypeEngine


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Shade(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Wide:
    a: int
    b: str


@dataclasses.dataclass
class Narrow:
    a: int


@dataclasses.dataclass
class Clash:
    a: str


def lt(t: Any) -> LiteralType:
    return TypeEngine.to_literal_type(t)


@pytest.mark.parametrize(
    ("up", "down", "ok"),
    [
        (int, int, True),
        (int, float, False),
        (int, str, False),
        (type(None), Optional[int], True),
        (int, Optional[int], True),
        (str, Optional[int], False),
        (Optional[int], int, False),
        (Optional[int], Union[int, str, None], True),
        (Union[int, str], Optional[int], False),
        (Color, str, True),
        (Color, int, False),
        (Shade, Color, False),  # the backend compares enums whole, not as subsets
        (str, Color, True),  # an enum is a constrained string: the backend takes str into it
        (Color, Shade, False),
        (List[int], List[int], True),
        (List[int], List[str], False),
        (List[Color], List[str], True),
        (Dict[str, int], Dict[str, int], True),
        (Dict[str, int], Dict[str, float], False),
        (List[int], Dict[str, int], False),
        (Wide, Narrow, True),
        (Narrow, Wide, False),
        (Wide, Clash, False),
        (dict, Wide, True),
    ],
)
def test_binding_rules(up: Any, down: Any, ok: bool) -> None:
    """The rules flytepropeller applies at registration, on Python types."""
    assert castable(lt(up), lt(down)) is ok


def test_blobs_and_schemas() -> None:
    """Blobs are compared by format only (the backend ignores dimensionality), an empty format
    taking any; schemas need the columns read downstream."""
    single_csv = LiteralType(blob=BlobType(format="csv", dimensionality=BlobType.SINGLE))
    single_any = LiteralType(blob=BlobType(format="", dimensionality=BlobType.SINGLE))
    multi = LiteralType(blob=BlobType(format="", dimensionality=BlobType.MULTIPART))
    assert castable(single_csv, single_any)
    assert castable(single_csv, multi)
    parquet = LiteralType(blob=BlobType(format="parquet", dimensionality=BlobType.SINGLE))
    assert not castable(single_csv, parquet)
    col = SchemaType.SchemaColumn
    wide = LiteralType(
        schema=SchemaType(columns=[col(name="a", type=col.INTEGER), col(name="b", type=col.STRING)])
    )
    narrow = LiteralType(schema=SchemaType(columns=[col(name="a", type=col.INTEGER)]))
    assert castable(wide, narrow)
    assert not castable(narrow, wide)
    assert castable(narrow, LiteralType(schema=SchemaType()))


def _sd(fmt: str = "", **columns: int) -> LiteralType:
    from flyteidl.core.types_pb2 import StructuredDatasetType

    sd = StructuredDatasetType(format=fmt)
    for name, simple in columns.items():
        sd.columns.add(name=name).literal_type.simple = simple
    return LiteralType(structured_dataset_type=sd)


def test_structured_datasets_as_the_backend_casts_them() -> None:
    """Columns and format may be empty on either side; otherwise downstream columns must be
    upstream with castable types, and formats must agree (case aside)."""
    from flyteidl.core.types_pb2 import SimpleType

    integer, text = SimpleType.INTEGER, SimpleType.STRING
    assert castable(_sd(), _sd(a=integer))  # a DataFrame into a dataset with columns
    assert castable(_sd(a=integer), _sd())
    assert castable(_sd(a=integer, b=text), _sd(a=integer))
    assert not castable(_sd(a=integer), _sd(a=integer, b=text))
    assert not castable(_sd(a=text), _sd(a=integer))
    assert castable(_sd("parquet"), _sd("PARQUET"))
    assert castable(_sd("parquet"), _sd(""))
    assert not castable(_sd("parquet"), _sd("csv"))
    assert castable(LiteralType(simple=SimpleType.NONE), _sd(a=integer))  # datasets are nullable


def test_schemas_and_datasets_cast_into_each_other_as_parquet() -> None:
    from flyteidl.core.types_pb2 import SimpleType

    col = SchemaType.SchemaColumn
    schema = LiteralType(schema=SchemaType(columns=[col(name="a", type=col.INTEGER)]))
    assert castable(schema, _sd(a=SimpleType.INTEGER))
    assert castable(schema, _sd("parquet"))
    assert not castable(schema, _sd("csv"))
    assert not castable(schema, _sd(a=SimpleType.STRING))
    assert castable(_sd(a=SimpleType.INTEGER), schema)
    assert not castable(_sd("csv"), schema)


def test_unions_take_exactly_one_variant() -> None:
    """A value two variants would take is ambiguous, so the backend refuses it; a union into
    a union needs every variant placed; a one-variant union reads as its variant."""
    nested = LiteralType()
    nested.union_type.variants.add().CopyFrom(lt(int))
    nested.union_type.variants.add().CopyFrom(lt(Optional[int]))
    assert not castable(lt(int), nested)
    assert castable(lt(Union[int, str]), lt(Union[str, int, None]))
    assert not castable(lt(Union[int, str]), lt(Union[int, float]))
    single = LiteralType()
    single.union_type.variants.add().CopyFrom(lt(int))
    assert castable(single, lt(int))


def test_empty_lists_and_dicts_take_any_element_type() -> None:
    from flyteidl.core.types_pb2 import SimpleType

    none = LiteralType(simple=SimpleType.NONE)
    assert castable(LiteralType(collection_type=none), lt(List[str]))
    assert castable(LiteralType(map_value_type=none), lt(Dict[str, int]))
    assert not castable(LiteralType(collection_type=none), lt(Dict[str, int]))


def test_types_are_named_as_a_user_writes_them() -> None:
    from flyteidl.core.types_pb2 import SimpleType

    from flytecheck.core._casting import a_type, literal_type_name

    assert literal_type_name(_sd("parquet", a=SimpleType.INTEGER)) == (
        'StructuredDataset[a: int, format="parquet"]'
    )
    assert literal_type_name(_sd()) == "StructuredDataset"
    assert a_type(lt(int)) == "an int"
    assert a_type(lt(Optional[str])) == "an Optional[str]"
    assert a_type(lt(List[int])) == "a List[int]"
