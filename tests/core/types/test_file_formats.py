"""A file's or directory's format spelt every way flytekit allows (`"csv"`,
`TypeVar("jpeg")`, `Annotated[str, FileExt("tar.gz")]`), giving flytekit's literal type."""

from __future__ import annotations

import typing
from typing import Annotated, Any

import pytest

from flytecheck.core.type_engine import TypeEngine
from flytecheck.core.types.directory import FlyteDirectory
from flytecheck.core.types.file import FileExt, FlyteFile

fk_file = pytest.importorskip("flytekit.types.file")
fk_directory = pytest.importorskip("flytekit.types.directory")
fk_engine = pytest.importorskip("flytekit.core.type_engine")


def _formats(ext: Any) -> list[Any]:
    return ["csv", typing.TypeVar("jpeg"), Annotated[str, ext("tar.gz")]]


@pytest.mark.parametrize("index", range(3))
def test_formats_are_flytekits(index: int) -> None:
    ours = TypeEngine.to_literal_type(FlyteFile[_formats(FileExt)[index]])
    theirs = fk_engine.TypeEngine.to_literal_type(
        fk_file.FlyteFile[_formats(fk_file.FileExt)[index]]
    )
    assert ours == theirs.to_flyte_idl()
    folder = TypeEngine.to_literal_type(FlyteDirectory[_formats(FileExt)[index]])
    fk_folder = fk_directory.FlyteDirectory[_formats(fk_file.FileExt)[index]]
    assert folder == fk_engine.TypeEngine.to_literal_type(fk_folder).to_flyte_idl()


def test_an_extension_not_of_str_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"must be str: Annotated\[str, FileExt"):
        FlyteFile[Annotated[int, FileExt("x")]]
    with pytest.raises(ValueError, match="must be of type <str>"):
        fk_file.FlyteFile[Annotated[int, fk_file.FileExt("x")]]
