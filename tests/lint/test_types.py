"""Types judged as flytekit's TypeEngine judges them: names resolved through the imports (a
shadowed name is not the typing one), classes along their bases (a subclass of a handled type
is handled), plugin types and generic markers, functional NamedTuples. What cannot be known is
never reported."""

from __future__ import annotations

import textwrap

import pytest

from flytecheck.lint import ALL_RULES, lint_source


def codes(source: str) -> list[str]:
    result = lint_source(textwrap.dedent(source), "m.py", ALL_RULES)
    return [v.code for v in result.violations]


def signature(imports: str, annotation: str, classes: str = "") -> str:
    return f"{imports}\nfrom flytekit import task\n{classes}\n@task\ndef t(x: {annotation}) -> None:\n    pass\n"


HANDLED = {
    "torch module subclass": ("import torch", "Net", "class Net(torch.nn.Module):\n    pass\n"),
    "torch module via from-import": (
        "from torch import nn",
        "Net",
        "class Net(nn.Module):\n    pass\n",
    ),
    "subclass of a subclass": (
        "import torch",
        "Deep",
        "class Net(torch.nn.Module):\n    pass\nclass Deep(Net):\n    pass\n",
    ),
    "pandas subclass": ("import pandas as pd", "Frame", "class Frame(pd.DataFrame):\n    pass\n"),
    "FlyteFile subclass": (
        "from flytekit.types.file import FlyteFile",
        "Report",
        "class Report(FlyteFile):\n    pass\n",
    ),
    "union FlyteFile subclass": (
        "import union",
        "Report",
        "class Report(union.FlyteFile):\n    pass\n",
    ),
    "sklearn estimator subclass": (
        "from sklearn.base import BaseEstimator",
        "Model",
        "class Model(BaseEstimator):\n    pass\n",
    ),
    "pydantic model": ("from pydantic import BaseModel", "M", "class M(BaseModel):\n    x: int\n"),
    "dict subclass": ("", "Bag", "class Bag(dict):\n    pass\n"),
    "pandera schema marker": (
        "import pandera as pa\nfrom pandera.typing import DataFrame",
        "DataFrame[Schema]",
        "class Schema(pa.DataFrameModel):\n    x: int\n",
    ),
    "polars": ("import polars as pl", "pl.DataFrame", ""),
    "spark": ("from pyspark.sql import DataFrame", "DataFrame", ""),
    "xarray": ("import xarray as xr", "xr.Dataset", ""),
    "a class of an unread package": ("from acme.models import Thing", "Thing", ""),
    "a subclass of a class of an unread package": (
        "from acme.models import Base",
        "Thing",
        "class Thing(Base):\n    pass\n",
    ),
    "an unknown generic": ("from acme import Box", "Box[set]", ""),
    "FlyteFile with a format": (
        "from flytekit.types.file import FlyteFile",
        'FlyteFile["csv"]',
        "",
    ),
    "Annotated metadata": (
        "from typing import Annotated\nfrom flytekit.types.directory import FlyteDirectory\nfrom flytekit import BatchSize",
        "Annotated[FlyteDirectory, BatchSize(100)]",
        "",
    ),
    "Literal": ("from typing import Literal", 'Literal["a", "b"]', ""),
    "datetime.date through the module": ("import datetime", "datetime.date", ""),
    "date imported": ("from datetime import date", "date", ""),
    "a shadowed List": ("from acme.types import List", "List", ""),
    "a shadowed set": ("from acme.types import set", "set", ""),
    "str enum": ("import enum", "Color", "class Color(str, enum.Enum):\n    RED = 'red'\n"),
}


@pytest.mark.parametrize(("imports", "annotation", "classes"), HANDLED.values(), ids=HANDLED.keys())
def test_types_flytekit_handles_or_that_cannot_be_known_are_not_reported(
    imports: str, annotation: str, classes: str
) -> None:
    assert codes(signature(imports, annotation, classes)) == []


PICKLED = {
    "Any": ("from typing import Any", "Any", "", "FC202"),
    "a plain class": ("", "Blob", "class Blob:\n    pass\n", "FC202"),
    "a subclass of a plain class": (
        "",
        "B",
        "class A:\n    pass\nclass B(A):\n    pass\n",
        "FC202",
    ),
    "a Generic class": (
        "from typing import Generic, TypeVar\nT = TypeVar('T')",
        "Box",
        "class Box(Generic[T]):\n    pass\n",
        "FC202",
    ),
    "datetime.date after from datetime import datetime": (
        "from datetime import datetime",
        "datetime.date",
        "",
        "FC202",
    ),
    "pathlib.Path": ("from pathlib import Path", "Path", "", "FC202"),
    "Decimal": ("import decimal", "decimal.Decimal", "", "FC202"),
    "Sequence": ("from typing import Sequence", "Sequence[int]", "", "FC202"),
    "Any inside a list": ("from typing import Any, List", "List[Any]", "", "FC202"),
    "bytes": ("", "bytes", "", "FC201"),
    "set in Optional": ("from typing import Optional, Set", "Optional[Set[int]]", "", "FC201"),
    "Annotated set": ("from typing import Annotated", "Annotated[set, 1]", "", "FC201"),
    "bare list": ("", "list", "", "FC201"),
    "tuple as an input": ("from typing import Tuple", "Tuple[int, str]", "", "FC201"),
    "int enum": ("import enum", "E", "class E(enum.Enum):\n    A = 1\n", "FC201"),
    "non-str keys": ("from typing import Dict", "Dict[int, str]", "", "FC203"),
}


@pytest.mark.parametrize(
    ("imports", "annotation", "classes", "code"), PICKLED.values(), ids=PICKLED.keys()
)
def test_types_flytekit_pickles_or_refuses_are_reported(
    imports: str, annotation: str, classes: str, code: str
) -> None:
    assert codes(signature(imports, annotation, classes)) == [code]


def test_the_shadowed_date_message_says_what_happened() -> None:
    result = lint_source(
        signature("from datetime import datetime", "datetime.date"), "m.py", ALL_RULES
    )
    (finding,) = result.violations
    assert "is the class datetime.datetime" in finding.message
    assert "import date from datetime" in finding.message


NAMED_TUPLES = {
    "keywords": 'Out = NamedTuple("Out", total=int, label=str)',
    "list of pairs": 'Out = NamedTuple("Out", [("total", int), ("label", str)])',
    "class": "class Out(NamedTuple):\n    total: int\n    label: str",
}


@pytest.mark.parametrize("definition", NAMED_TUPLES.values(), ids=NAMED_TUPLES.keys())
@pytest.mark.parametrize("body", ["workflow", "dynamic"])
def test_named_tuple_outputs_are_counted(definition: str, body: str) -> None:
    source = (
        f"from typing import NamedTuple\nfrom flytekit import {body}, task\n{definition}\n"
        "@task\ndef t(x: int) -> Out:\n    return Out(x, '')\n"
        f"@{body}\ndef w(a: int) -> int:\n    total, label = t(x=a)\n    return total\n"
    )
    assert codes(source) == []
    wrong = source.replace("total, label = t(x=a)", "total, label, extra = t(x=a)")
    assert codes(wrong) == ["FC308"]


def test_named_tuple_fields_are_judged() -> None:
    source = (
        "from typing import NamedTuple\nfrom flytekit import task\n"
        'Out = NamedTuple("Out", data=bytes, n=int)\n'
        "@task\ndef t() -> Out:\n    return Out(b'', 1)\n"
    )
    assert codes(source) == ["FC201"]


def test_a_registered_transformer_and_extra_types_are_handled() -> None:
    registered = (
        "from flytekit import task\nfrom flytekit.extend import TypeEngine, TypeTransformer\n"
        "class Money:\n    pass\nclass MoneyT(TypeTransformer[Money]):\n    pass\n"
        "@task\ndef t(m: Money) -> None:\n    pass\n"
    )
    assert codes(registered) == []
    plain = signature("", "Money", "class Money:\n    pass\n")
    assert codes(plain) == ["FC202"]
    result = lint_source(plain, "m.py", ALL_RULES, extra_types=["Money"])
    assert result.violations == ()
