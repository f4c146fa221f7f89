"""Values flytekit refuses, refused by the core too (each side asked on the same module): a
union value two structurally equal dataclass variants would both take, a directory returned as
a FlyteFile and a file returned as a FlyteDirectory. And a guessed dataclass keeps its fields
in declaration order, as flytekit's does."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.type_engine import TypeEngine
from tests.authoring import load_both

SOURCE = """
import dataclasses
import tempfile
from pathlib import Path
from typing import Union

from flytekit import task
from flytekit.types.directory import FlyteDirectory
from flytekit.types.file import FlyteFile


@dataclasses.dataclass
class Meters:
    value: float


@dataclasses.dataclass
class Feet:
    value: float


@dataclasses.dataclass
class Named:
    name: str


@task
def either(x: Union[Meters, Feet]) -> float:
    return 1.0


@task
def distinct(x: Union[Meters, Named]) -> float:
    return 1.0


@task
def folder_as_file() -> FlyteFile:
    return FlyteFile(tempfile.mkdtemp())


@task
def file_as_folder() -> FlyteDirectory:
    path = Path(tempfile.mkdtemp()) / "one.txt"
    path.write_text("x")
    return FlyteDirectory(str(path))
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("refusals"), SOURCE)


def _refused(call: Any) -> bool:
    try:
        call()
    except (TypeError, ValueError, AssertionError):
        return True
    return False


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("either", "Meters"),
        ("distinct", "Meters"),
        ("folder_as_file", None),
        ("file_as_folder", None),
    ],
)
def test_refused_where_flytekit_refuses(
    both: tuple[Any, Any], name: str, given: str | None
) -> None:
    fk, core = both

    def call(module: Any) -> Any:
        task = getattr(module, name)
        return task(x=getattr(module, given)(1.0)) if given else task()

    assert _refused(lambda: call(core)) == _refused(lambda: call(fk))


def test_the_refusals_say_what_to_do(both: tuple[Any, Any]) -> None:
    _, core = both
    with pytest.raises(TypeTransformerFailedError, match="ambiguous: it fits Meters, Feet"):
        core.either(x=core.Meters(1.0))
    with pytest.raises(TypeTransformerFailedError, match="is a directory: declare and return"):
        core.folder_as_file()
    with pytest.raises(
        TypeTransformerFailedError, match="is a file: declare and return a FlyteFile"
    ):
        core.file_as_folder()


class Color(enum.Enum):
    RED = "red"


@dataclasses.dataclass
class Inner:
    n: int


@dataclasses.dataclass
class Outer:
    color: Color
    inner: Inner
    zeta: int
    alpha: str | None = None


def test_a_guessed_dataclass_keeps_flytekits_field_order(tmp_path: Path) -> None:
    fk_engine = pytest.importorskip("flytekit.core.type_engine")
    ours = TypeEngine.guess_python_type(TypeEngine.to_literal_type(Outer))
    theirs = fk_engine.TypeEngine.guess_python_type(fk_engine.TypeEngine.to_literal_type(Outer))
    names = [f.name for f in dataclasses.fields(ours)]
    assert (
        names == [f.name for f in dataclasses.fields(theirs)] == ["color", "inner", "zeta", "alpha"]
    )
    guessed = {f.name: f.type for f in dataclasses.fields(ours)}
    assert issubclass(guessed["color"], enum.Enum)  # flytekit's guess gives str here
    assert dataclasses.is_dataclass(guessed["inner"])
