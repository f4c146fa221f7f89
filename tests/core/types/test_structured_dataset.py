"""StructuredDataset and pandas.DataFrame as flytekit writes them: the same literal types (columns,
format), the same literal (URI aside), tables each side can read, columns selected on read, and
the same form inside a dataclass; pandas loads only when a table is converted."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import typing
from pathlib import Path
from typing import Annotated, Any

import pytest

from flytecheck.core import TypeEngine, current_context, kwtypes
from flytecheck.core.exceptions.user import FlyteValidationException, TypeTransformerFailedError
from flytecheck.core.types.structured import CSV, PARQUET, StructuredDataset

pd = pytest.importorskip("pandas")


def _flytekit() -> Any:
    pytest.importorskip("flytekit")
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine as FlytekitEngine
    from flytekit.types.structured import StructuredDataset as TheirDataset

    return FlytekitEngine, FlyteContextManager.current_context(), TheirDataset


def _types(dataset: Any) -> list[Any]:
    return [
        dataset,
        pd.DataFrame,
        Annotated[dataset, kwtypes(Age=int)],
        Annotated[pd.DataFrame, kwtypes(Age=int, Name=str)],
        Annotated[dataset, CSV],
        Annotated[dataset, kwtypes(a=float), PARQUET],
    ]


@pytest.mark.parametrize("index", range(6))
def test_literal_types_are_flytekits(index: int) -> None:
    engine, _, theirs = _flytekit()
    ours = TypeEngine.to_literal_type(_types(StructuredDataset)[index])
    assert ours == engine.to_literal_type(_types(theirs)[index]).to_flyte_idl()


FRAME = {"Age": [19, 22], "Name": ["Tom", "Joseph"]}


def _without_uri(literal: Any) -> Any:
    out = type(literal)()
    out.CopyFrom(literal)
    out.scalar.structured_dataset.uri = ""
    return out


@pytest.mark.parametrize(
    "annotation",
    [pd.DataFrame, Annotated[pd.DataFrame, kwtypes(Age=int)]],
    ids=["plain", "columns"],
)
def test_a_dataframe_literal_is_flytekits_and_both_read_both(annotation: Any) -> None:
    engine, fk_ctx, _ = _flytekit()
    from flytekit.models.literals import Literal as TheirLiteral

    frame = pd.DataFrame(FRAME)
    ours = TypeEngine.to_literal(current_context(), frame, annotation)
    theirs = engine.to_literal(fk_ctx, frame, annotation, engine.to_literal_type(annotation))
    assert _without_uri(ours) == _without_uri(theirs.to_flyte_idl())
    expected = frame[list(typing.get_args(annotation)[1])] if typing.get_args(annotation) else frame
    read_by_them = engine.to_python_value(fk_ctx, TheirLiteral.from_flyte_idl(ours), annotation)
    read_by_us = TypeEngine.to_python_value(current_context(), theirs.to_flyte_idl(), annotation)
    assert read_by_them.equals(expected)
    assert read_by_us.equals(expected)
    assert (Path(ours.scalar.structured_dataset.uri) / "00000").is_file()


def test_a_reader_declaring_columns_gets_only_those() -> None:
    lit = TypeEngine.to_literal(current_context(), pd.DataFrame(FRAME), pd.DataFrame)
    narrow = Annotated[pd.DataFrame, kwtypes(Name=str)]
    assert list(TypeEngine.to_python_value(current_context(), lit, narrow).columns) == ["Name"]


def test_a_structured_dataset_opens_as_a_dataframe() -> None:
    lit = TypeEngine.to_literal(
        current_context(), StructuredDataset(dataframe=pd.DataFrame(FRAME)), StructuredDataset
    )
    back = TypeEngine.to_python_value(current_context(), lit, StructuredDataset)
    assert isinstance(back, StructuredDataset)
    assert back.open(pd.DataFrame).all().equals(pd.DataFrame(FRAME))


@dataclasses.dataclass
class Holder:
    df: StructuredDataset
    n: int


def test_inside_a_dataclass_it_is_flytekits_uri_and_format() -> None:
    import msgpack

    lit = TypeEngine.to_literal(
        current_context(), Holder(StructuredDataset(dataframe=pd.DataFrame(FRAME)), 3), Holder
    )
    fields = msgpack.unpackb(lit.scalar.binary.value)
    assert set(fields["df"]) == {"uri", "file_format"}
    assert fields["df"]["file_format"] == "parquet"
    back = TypeEngine.to_python_value(current_context(), lit, Holder)
    assert back.df.open(pd.DataFrame).all().equals(pd.DataFrame(FRAME))


def test_other_values_and_readers_are_refused_naming_them() -> None:
    with pytest.raises(
        TypeTransformerFailedError, match="expected a pandas DataFrame or a StructuredDataset"
    ):
        TypeEngine.to_literal(current_context(), [1, 2], pd.DataFrame)
    with pytest.raises(FlyteValidationException, match=r"reads tables as pandas.DataFrame only"):
        StructuredDataset(uri="/x").open(list)


def test_custom_encoders_say_they_are_not_supported_yet() -> None:
    from flytecheck.core.types.structured import StructuredDatasetTransformerEngine

    with pytest.raises(FlyteValidationException, match="custom StructuredDataset encoders"):
        StructuredDatasetTransformerEngine.register(object())


def test_importing_the_core_does_not_import_pandas() -> None:
    code = (
        "import sys, flytecheck.core as c; c.TypeEngine.to_literal_type(c.StructuredDataset); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
