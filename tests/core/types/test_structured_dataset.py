"""StructuredDataset and pandas.DataFrame as flytekit writes them: the same literal types (columns,
format), the same literal (URI aside), tables each side can read, columns selected on read, and
the same form inside a dataclass; pandas loads only when a table is converted."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
import typing
from pathlib import Path
from typing import Annotated, Any

import pytest

from flytecheck.core import TypeEngine, current_context, kwtypes
from flytecheck.core.exceptions.user import (
    FlyteValidationException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)
from flytecheck.core.types.structured import (
    CSV,
    PARQUET,
    StructuredDataset,
    StructuredDatasetDecoder,
    StructuredDatasetEncoder,
)
from flytecheck.core.types.structured.handlers import DuplicateHandlerError

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
    with pytest.raises(TypeTransformerFailedError, match=r"got \[1, 2\] of type list"):
        TypeEngine.to_literal(current_context(), [1, 2], pd.DataFrame)
    with pytest.raises(FlyteValidationException, match=r"open\(list\): no decoder .* for list"):
        StructuredDataset(uri="/x").open(list)


def test_a_bare_dataframe_where_a_structured_dataset_is_declared_says_to_wrap_it() -> None:
    with pytest.raises(TypeTransformerFailedError, match=r"StructuredDataset\(dataframe=df\)"):
        TypeEngine.to_literal(current_context(), pd.DataFrame(FRAME), StructuredDataset)


@pytest.fixture
def handlers() -> typing.Iterator[None]:
    """Handlers registered by a test are gone after it (the registry is global, as flytekit's)."""
    from flytecheck.core.types.structured.structured_dataset import HANDLERS

    tables = (HANDLERS.encoders, HANDLERS.decoders, HANDLERS.default_formats, TypeEngine._by_name)
    saved = [copy.deepcopy(t) if t is not TypeEngine._by_name else dict(t) for t in tables]
    yield
    for table, before in zip(tables, saved, strict=True):
        table.clear()
        table.update(before)  # type: ignore[attr-defined]
    TypeEngine._codecs = ({}, {})


def test_csv_needs_register_csv_handlers_then_is_written_as_flytekit_writes_it(
    handlers: None,
) -> None:
    from flytecheck.core.types.structured import register_csv_handlers

    as_csv = Annotated[StructuredDataset, CSV]
    frame = StructuredDataset(dataframe=pd.DataFrame(FRAME))
    with pytest.raises(FlyteValidationException, match=r"format 'csv'.*register_csv_handlers"):
        TypeEngine.to_literal(current_context(), frame, as_csv)
    register_csv_handlers()
    ours = TypeEngine.to_literal(current_context(), frame, as_csv)
    sd = ours.scalar.structured_dataset
    assert sd.metadata.structured_dataset_type.format == "csv"
    assert (Path(sd.uri) / ".csv").is_file()
    back = TypeEngine.to_python_value(current_context(), ours, as_csv)
    assert back.open(pd.DataFrame).all().equals(pd.DataFrame(FRAME))

    engine, fk_ctx, theirs = _flytekit()
    from flytekit.models.literals import Literal as TheirLiteral
    from flytekit.types.structured import register_csv_handlers as theirs_register

    theirs_register()
    their_type = Annotated[theirs, CSV]
    read_by_them = engine.to_python_value(fk_ctx, TheirLiteral.from_flyte_idl(ours), their_type)
    assert read_by_them.open(pd.DataFrame).all().equals(pd.DataFrame(FRAME))
    written = engine.to_literal(
        fk_ctx,
        theirs(dataframe=pd.DataFrame(FRAME)),
        their_type,
        engine.to_literal_type(their_type),
    )
    read_by_us = TypeEngine.to_python_value(current_context(), written.to_flyte_idl(), as_csv)
    assert read_by_us.open(pd.DataFrame).all().equals(pd.DataFrame(FRAME))


def test_a_pyarrow_table_is_a_parquet_dataset() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table(FRAME)
    lit = TypeEngine.to_literal(current_context(), table, pa.Table)
    assert lit.scalar.structured_dataset.metadata.structured_dataset_type.format == "parquet"
    assert TypeEngine.to_python_value(current_context(), lit, pa.Table).equals(table)
    as_frame = TypeEngine.to_python_value(current_context(), lit, pd.DataFrame)
    assert as_frame.equals(pd.DataFrame(FRAME))


class Grid:
    """A dataframe type of the test's own, stored by the handlers below."""

    def __init__(self, rows: list[list[int]]) -> None:
        self.rows = rows


class GridEncoder(StructuredDatasetEncoder[Grid]):
    def encode(self, ctx: Any, structured_dataset: Any, structured_dataset_type: Any) -> Any:
        from flytecheck.core.models import literals
        from flytecheck.core.models.types import StructuredDatasetType

        local = Path(ctx.file_access.get_random_local_directory())
        (local / "grid.txt").write_text(repr(structured_dataset.dataframe.rows))
        remote = ctx.file_access.get_random_remote_directory()
        ctx.file_access.upload_directory(str(local), remote)
        metadata = literals.StructuredDatasetMetadata(
            structured_dataset_type=StructuredDatasetType(format="grid")
        )
        return literals.StructuredDataset(uri=remote, metadata=metadata)


class GridDecoder(StructuredDatasetDecoder[Grid]):
    def decode(self, ctx: Any, flyte_value: Any, current_task_metadata: Any) -> Grid:
        local = ctx.file_access.get_random_local_directory()
        ctx.file_access.get_data(flyte_value.uri, local, is_multipart=True)
        return Grid(eval((Path(local) / "grid.txt").read_text()))


def test_custom_handlers_registered_as_for_flytekit_write_and_read_their_type(
    handlers: None,
) -> None:
    from flytecheck.core.types.structured import StructuredDatasetTransformerEngine as Engine

    with pytest.raises(UnsupportedTypeError):
        TypeEngine.to_literal_type(Grid)
    Engine.register(GridEncoder(Grid, None, "grid"))
    Engine.register(GridDecoder(Grid, None, "grid"))
    Engine.register(GridEncoder(Grid, "file", "grid"))
    with pytest.raises(DuplicateHandlerError, match=r"Grid, protocol 'file', .*override=True"):
        Engine.register(GridEncoder(Grid, "file", "grid"))
    assert TypeEngine.to_literal_type(Grid).HasField("structured_dataset_type")
    lit = TypeEngine.to_literal(current_context(), Grid([[1, 2]]), Grid)
    assert lit.scalar.structured_dataset.metadata.structured_dataset_type.format == "grid"
    assert TypeEngine.to_python_value(current_context(), lit, Grid).rows == [[1, 2]]
    wrapped = TypeEngine.to_literal(
        current_context(), StructuredDataset(dataframe=Grid([[3]])), StructuredDataset
    )
    back = TypeEngine.to_python_value(current_context(), wrapped, StructuredDataset)
    assert back.open(Grid).all().rows == [[3]]
    parquet = TypeEngine.to_literal(current_context(), pd.DataFrame(FRAME), pd.DataFrame)
    as_grid = TypeEngine.to_python_value(current_context(), parquet, StructuredDataset).open(Grid)
    with pytest.raises(FlyteValidationException, match=r"no .* decoder for .*Grid.*'parquet'"):
        as_grid.all()


# made, not declared: flytekit reads a dataclass's raw __annotations__, strings in this module
Contacts = dataclasses.make_dataclass("Contacts", [("email", str), ("tel", str)])
Info = dataclasses.make_dataclass("Info", [("president", str), ("contacts", Contacts)])


def _nested(dataset: Any) -> list[Any]:
    import datetime

    return [
        Annotated[dataset, kwtypes(info={"contacts": {"tel": str}})],
        Annotated[dataset, Info],
        Annotated[dataset, kwtypes(info=Info)],
        Annotated[dataset, kwtypes(info=kwtypes(contacts=Contacts))],
        Annotated[dataset, {"company": str, "when": datetime.datetime}],
        Annotated[dataset, kwtypes(a=list[int], b=dict[str, float])],
        Annotated[dataset, None, PARQUET],
    ]


@pytest.mark.parametrize("index", range(7))
def test_nested_columns_are_flattened_as_flytekit_names_them(index: int) -> None:
    engine, _, theirs = _flytekit()
    ours = TypeEngine.to_literal_type(_nested(StructuredDataset)[index])
    assert ours == engine.to_literal_type(_nested(theirs)[index]).to_flyte_idl()


def test_a_nested_column_reads_the_nested_field() -> None:
    rows = [{"company": "XYZ", "info": {"president": "R", "contacts": {"email": "e", "tel": "98"}}}]
    lit = TypeEngine.to_literal(
        current_context(), pd.json_normalize(rows, max_level=0), pd.DataFrame
    )
    reader = Annotated[pd.DataFrame, kwtypes(info={"contacts": {"tel": str}})]
    assert TypeEngine.to_python_value(current_context(), lit, reader).to_dict() == {
        "tel": {0: "98"}
    }


def test_a_column_of_a_type_flytekit_refuses_is_refused_naming_it() -> None:
    refused = r"column 'a' is a Optional\[Holder\].*List or Dict"
    with pytest.raises(UnsupportedTypeError, match=refused):
        TypeEngine.to_literal_type(Annotated[StructuredDataset, {"a": typing.Optional[Holder]}])


def test_importing_the_core_does_not_import_pandas() -> None:
    code = (
        "import sys, flytecheck.core as c; c.TypeEngine.to_literal_type(c.StructuredDataset); "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
