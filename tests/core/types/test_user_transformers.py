"""Transformers at flytekit's path users register or rely on, compared with flytekit's:
protobuf messages (a generic literal tagged with the message class), SimpleTransformer (a type
and two functions) and RestrictedTypeTransformer (a type kept out of every interface)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flyteidl.core.identifier_pb2 import Identifier
from flyteidl.core.literals_pb2 import Literal
from flyteidl.core.types_pb2 import LiteralType, SimpleType

from flytecheck.core import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.type_engine import (
    RestrictedTypeError,
    RestrictedTypeTransformer,
    SimpleTransformer,
    TypeEngine,
)
from tests.authoring import load_both, load_core

fk_engine = pytest.importorskip("flytekit.core.type_engine")


def _fk_ctx() -> Any:
    from flytekit import FlyteContextManager

    return FlyteContextManager.current_context()


def test_a_protobuf_message_is_the_literal_flytekit_writes() -> None:
    message = Identifier(project="p", name="x", version="7")
    ours = TypeEngine.to_literal(current_context(), message, Identifier)
    theirs = fk_engine.TypeEngine.to_literal(_fk_ctx(), message, Identifier, None)
    assert ours == theirs.to_flyte_idl()
    assert TypeEngine.to_literal_type(Identifier) == (
        fk_engine.TypeEngine.to_literal_type(Identifier).to_flyte_idl()
    )
    assert TypeEngine.to_python_value(current_context(), ours, Identifier) == message
    assert TypeEngine.guess_python_type(TypeEngine.to_literal_type(Identifier)) is Identifier


def test_a_protobuf_input_runs_in_a_task_on_both(tmp_path: Path) -> None:
    source = """
        from flyteidl.core.identifier_pb2 import Identifier
        from flytekit import task, workflow

        @task
        def rename(i: Identifier, name: str) -> Identifier:
            i.name = name
            return i

        @workflow
        def wf(i: Identifier) -> Identifier:
            return rename(i=i, name="renamed")
    """
    fk, core = load_both(tmp_path, source)
    given = Identifier(project="p", name="x")
    assert core.wf(i=given) == fk.wf(i=given) == Identifier(project="p", name="renamed")


def test_a_value_that_is_not_the_message_is_refused() -> None:
    with pytest.raises(TypeTransformerFailedError, match="Identifier"):
        TypeEngine.to_literal(current_context(), {"name": "x"}, Identifier)


@dataclasses.dataclass(frozen=True)
class Celsius:
    degrees: float


@dataclasses.dataclass(frozen=True)
class Kelvin:
    degrees: float


@dataclasses.dataclass(frozen=True)
class Secretive:
    value: str


def _float(value: float) -> Literal:
    lit = Literal()
    lit.scalar.primitive.float_value = value
    return lit


@pytest.fixture
def registries() -> Iterator[None]:
    """Both engines' registries as they were before the test registered its types (other tests
    walk flytekit's registry)."""
    ours, theirs = dict(TypeEngine._registry), dict(fk_engine.TypeEngine._REGISTRY)
    yield
    TypeEngine._registry.clear()
    TypeEngine._registry.update(ours)
    TypeEngine._codecs = ({}, {})
    fk_engine.TypeEngine._REGISTRY.clear()
    fk_engine.TypeEngine._REGISTRY.update(theirs)


@pytest.mark.usefixtures("registries")
def test_a_simple_transformer_converts_as_flytekits() -> None:
    from flytekit.models.literals import Literal as FkLiteral
    from flytekit.models.types import LiteralType as FkLiteralType

    TypeEngine.register(
        SimpleTransformer(
            "celsius",
            Celsius,
            LiteralType(simple=SimpleType.FLOAT),
            lambda c: _float(c.degrees),
            lambda lit: Celsius(lit.scalar.primitive.float_value),
        )
    )
    fk_engine.TypeEngine.register(
        fk_engine.SimpleTransformer(
            "celsius",
            Celsius,
            FkLiteralType(simple=SimpleType.FLOAT),
            lambda c: FkLiteral.from_flyte_idl(_float(c.degrees)),
            lambda lit: Celsius(lit.scalar.primitive.float_value),
        )
    )
    ours = TypeEngine.to_literal(current_context(), Celsius(21.5), Celsius)
    theirs = fk_engine.TypeEngine.to_literal(_fk_ctx(), Celsius(21.5), Celsius, None)
    assert ours == theirs.to_flyte_idl()
    assert TypeEngine.to_python_value(current_context(), ours, Celsius) == Celsius(21.5)
    with pytest.raises(fk_engine.TypeTransformerFailedError):
        fk_engine.TypeEngine.to_literal(_fk_ctx(), Kelvin(1.0), Celsius, None)
    with pytest.raises(TypeTransformerFailedError, match=r"Kelvin\(degrees=1.0\).*Celsius"):
        TypeEngine.to_literal(current_context(), Kelvin(1.0), Celsius)


@pytest.mark.usefixtures("registries")
def test_a_restricted_type_is_refused_in_an_interface(tmp_path: Path) -> None:
    TypeEngine.register(RestrictedTypeTransformer("secretive", Secretive))
    with pytest.raises(RestrictedTypeError, match="Secretive cannot be a task's or workflow's"):
        TypeEngine.to_literal_type(Secretive)
    fk_engine.TypeEngine.register(fk_engine.RestrictedTypeTransformer("secretive", Secretive))
    with pytest.raises(fk_engine.RestrictedTypeError):
        fk_engine.TypeEngine.to_literal_type(Secretive)


def test_open_files_are_inputs_as_in_flytekit(tmp_path: Path) -> None:
    import typing

    source = """
        import typing

        from flytekit import task

        @task
        def size(data: typing.BinaryIO, text: typing.TextIO) -> int:
            return len(data.read()) + len(text.read())
    """
    core = load_core(tmp_path, source)
    for kind in (typing.BinaryIO, typing.TextIO):
        assert TypeEngine.to_literal_type(kind) == (
            fk_engine.TypeEngine.to_literal_type(kind).to_flyte_idl()
        )
    data, text = tmp_path / "data.bin", tmp_path / "note.txt"
    data.write_bytes(b"\x00\x01\x02")
    text.write_text("four")
    inputs: dict[str, typing.Any] = {}
    for name, path, kind in (("data", data, typing.BinaryIO), ("text", text, typing.TextIO)):
        lit = Literal()
        lit.scalar.blob.metadata.type.CopyFrom(TypeEngine.to_literal_type(kind).blob)
        lit.scalar.blob.uri = str(path)
        inputs[name] = TypeEngine.to_python_value(current_context(), lit, kind)
    assert core.size.execute(**inputs) == 7
    for handle in inputs.values():
        handle.close()
    with data.open("rb") as handle, pytest.raises(TypeTransformerFailedError, match="FlyteFile"):
        TypeEngine.to_literal(current_context(), handle, typing.BinaryIO)
