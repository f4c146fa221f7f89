"""FlyteFile, FlyteDirectory and FlyteSchema in local runs; SQLite3Task on real SQLite files."""

from __future__ import annotations

import sqlite3
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flyteidl.core.types_pb2 import BlobType

from flytecheck.core import (
    FlyteDirectory,
    FlyteFile,
    FlyteSchema,
    SQLite3Config,
    SQLite3Task,
    TypeEngine,
    kwtypes,
    task,
    workflow,
)
from flytecheck.core.context import FlyteContext
from flytecheck.core.entrypoint import run_through_entrypoint
from flytecheck.core.exceptions import (
    FlyteValidationException,
    FlyteValueException,
    TypeTransformerFailedError,
)
from flytecheck.core.serialize import SerializationSettings, get_serializable


def test_file_types_have_flytekits_literal_types() -> None:
    """Blob types with format and dimensionality; schema columns from kwtypes."""
    csv = TypeEngine.to_literal_type(FlyteFile["csv"])
    assert (csv.blob.format, csv.blob.dimensionality) == ("csv", BlobType.SINGLE)
    assert TypeEngine.to_literal_type(FlyteDirectory).blob.dimensionality == BlobType.MULTIPART
    columns = TypeEngine.to_literal_type(FlyteSchema[kwtypes(a=int, b=str)]).schema.columns
    assert [(c.name, c.type) for c in columns] == [("a", 0), ("b", 2)]
    assert FlyteFile["csv"] is FlyteFile["csv"]


@task
def shout_file(f: FlyteFile) -> FlyteFile:
    out = Path(f).with_suffix(".upper")
    out.write_text(Path(f).read_text().upper())
    return FlyteFile(str(out))


@workflow
def shout_twice(f: FlyteFile) -> FlyteFile:
    return shout_file(f=shout_file(f=f))


def test_files_flow_through_a_local_workflow(tmp_path: Path) -> None:
    """A local run passes files by path between tasks, as blob literals."""
    src = tmp_path / "in.txt"
    src.write_text("quiet")
    result = shout_twice(f=FlyteFile(str(src)))
    assert Path(result).read_text() == "QUIET"


def test_a_missing_file_is_named(ctx: FlyteContext, tmp_path: Path) -> None:
    """Returning a path that does not exist names it."""
    with pytest.raises(TypeTransformerFailedError, match=r"the file .*ghost\.txt does not exist"):
        TypeEngine.to_literal(ctx, FlyteFile(str(tmp_path / "ghost.txt")), FlyteFile)


def test_remote_uris_pass_through_and_download_lazily(ctx: FlyteContext, tmp_path: Path) -> None:
    """A remote URI is kept as is; reading the file downloads it, once."""
    from flytecheck.core.io import FileAccessProvider

    fa = FileAccessProvider(tmp_path / "s", "memory://flytecheck-files/raw")
    source = tmp_path / "data.txt"
    source.write_text("remote bytes")
    uri = fa.put(str(source), "memory://flytecheck-files/raw/data.txt")
    lit = TypeEngine.to_literal(ctx, FlyteFile(uri), FlyteFile)
    assert lit.scalar.blob.uri == uri
    back = TypeEngine.to_python_value(ctx, lit, FlyteFile)
    assert back.remote_source == uri
    assert not back.downloaded
    with back.open("r") as fh:
        assert fh.read() == "remote bytes"
    assert back.downloaded


def test_files_inside_dataclasses(ctx: FlyteContext, tmp_path: Path) -> None:
    """A FlyteFile field is stored as {"path": uri}, as flytekit does."""
    import dataclasses

    @dataclasses.dataclass
    class Report:
        name: str
        body: FlyteFile

    f = tmp_path / "r.txt"
    f.write_text("x")
    codec = TypeEngine.codec(Report)
    assert codec.to_plain(Report("r", FlyteFile(str(f)))) == {"name": "r", "body": {"path": str(f)}}
    assert codec.decode(codec.to_literal(Report("r", FlyteFile(str(f))))).body.path == str(f)


def make_db(path: Path) -> Path:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE people (id INTEGER, name TEXT, city TEXT)")
        con.executemany(
            "INSERT INTO people VALUES (?, ?, ?)",
            [(1, "ada", "london"), (2, "alan", "london"), (3, "grace", "new york")],
        )
    return path


def sql_task(uri: str, compressed: bool = False) -> SQLite3Task:
    return SQLite3Task(
        "tests.people",
        query_template="SELECT name FROM people WHERE city = '{{ .inputs.city }}' ORDER BY id",
        task_config=SQLite3Config(uri=uri, compressed=compressed),
        inputs=kwtypes(city=str),
        output_schema_type=FlyteSchema[kwtypes(name=str)],
    )


def names(result: Any) -> list[str]:
    return list(result.open().all()["name"])


def test_sqlite_on_a_plain_file(tmp_path: Path) -> None:
    """The query runs on a real SQLite file, with inputs interpolated."""
    db = make_db(tmp_path / "people.db")
    assert names(sql_task(str(db))(city="london")) == ["ada", "alan"]


@pytest.mark.parametrize("kind", ["zip", "tar.gz"])
def test_sqlite_in_an_archive(tmp_path: Path, kind: str) -> None:
    """A compressed database (zip or tar) holding one file is unpacked first."""
    db = make_db(tmp_path / "people.db")
    archive = tmp_path / f"people.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as zf:
            zf.write(db, "people.db")
    else:
        with tarfile.open(archive, "w:gz") as tf:
            tf.add(db, "people.db")
    assert names(sql_task(str(archive), compressed=True)(city="new york")) == ["grace"]


def test_an_archive_with_two_files(tmp_path: Path) -> None:
    """An archive holding two files is refused, naming them."""
    db = make_db(tmp_path / "people.db")
    archive = tmp_path / "two.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(db, "a.db")
        zf.write(db, "b.db")
    with pytest.raises(FlyteValueException, match=r"holds 2 files \(a\.db, b\.db\)"):
        sql_task(str(archive), compressed=True)(city="london")


def test_a_query_with_an_undeclared_input() -> None:
    """A placeholder naming no input is refused when the task is made."""
    with pytest.raises(
        FlyteValidationException, match=r"uses \{\{ \.inputs\.town \}\}.*no input 'town'"
    ):
        SQLite3Task(
            "tests.bad", "SELECT * FROM t WHERE c = '{{.inputs.town}}'", SQLite3Config(uri="x.db")
        )


def test_interpolation_without_a_value() -> None:
    """Interpolating without a declared input's value names the input."""
    with pytest.raises(FlyteValueException, match="needs input 'city'"):
        sql_task("x.db").interpolate()


def test_sqlite_serializes_with_its_type_and_custom_fields() -> None:
    """Task type "sqlite", the query and the database in the custom fields."""
    import tests.core.fixtures.sql_tasks as mod

    template = get_serializable(mod.by_city, SerializationSettings()).template  # type: ignore[union-attr]
    assert template.type == "sqlite"
    assert template.custom["query_template"].startswith("SELECT id, name FROM people")
    assert template.custom["compressed"] is False
    assert list(template.container.args)[-4:] == [
        "task-module",
        mod.__name__,
        "task-name",
        "by_city",
    ]


def test_sqlite_through_the_entrypoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SQLite task runs through the container path and its rows come back as a table."""
    import importlib

    db = make_db(tmp_path / "people.db")
    monkeypatch.setenv("FLYTECHECK_TEST_DB", str(db))
    import tests.core.fixtures.sql_tasks as mod

    importlib.reload(mod)
    result = run_through_entrypoint(mod.by_city, {"city": "london"}, workdir=tmp_path / "run")
    assert result.ok, result.error
    assert list(result.outputs.open().all()["id"]) == [1, 2]
