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
