"""Pickles as flytekit writes them, readable both ways, and Iterator[T] as flytekit's collection."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest

from flytecheck.core import TypeEngine, current_context
from flytecheck.core.exceptions.user import UnsupportedTypeError


class Hero:
    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Hero) and other.name == self.name


def _flytekit() -> Any:
    pytest.importorskip("flytekit")
    from flytekit import FlyteContextManager
    from flytekit.core.type_engine import TypeEngine as FlytekitEngine

    return FlytekitEngine, FlyteContextManager.current_context()


@pytest.mark.parametrize("python_type", [Hero, typing.Any, typing.Set[int], bytes])
def test_a_pickled_type_is_flytekits_literal_type(python_type: Any) -> None:
    engine, _ = _flytekit()
    theirs = engine.to_literal_type(python_type).to_flyte_idl()
    assert TypeEngine.to_literal_type(python_type, pickle_untyped=True) == theirs


@pytest.mark.parametrize(
    ("python_type", "value"),
    [
        (Hero, Hero("Thor")),
        (typing.List[Hero], [Hero("a"), Hero("b")]),
        (typing.Dict[str, Hero], {"k": Hero("c")}),
    ],
)
def test_flytekit_reads_our_pickles_and_we_read_theirs(python_type: Any, value: Any) -> None:
    engine, fk_ctx = _flytekit()
    ours = TypeEngine.to_literal(current_context(), value, python_type, pickle_untyped=True)
    from flytekit.models.literals import Literal as FlytekitLiteral

    assert (
        engine.to_python_value(fk_ctx, FlytekitLiteral.from_flyte_idl(ours), python_type) == value
    )
    theirs = engine.to_literal(fk_ctx, value, python_type, engine.to_literal_type(python_type))
    back = TypeEngine.to_python_value(
        current_context(), theirs.to_flyte_idl(), python_type, pickle_untyped=True
    )
    assert back == value


def test_a_value_that_cannot_be_pickled_names_the_type() -> None:
    from flytecheck.core.exceptions.user import TypeTransformerFailedError

    with pytest.raises(TypeTransformerFailedError, match="cannot be pickled"):
        TypeEngine.to_literal(current_context(), (x for x in []), typing.Any, pickle_untyped=True)


def test_pickles_made_in_a_container_go_under_the_raw_output_prefix(tmp_path: Path) -> None:
    from flytecheck.core.context import FlyteContextManager
    from flytecheck.core.io import FileAccessProvider

    fa = FileAccessProvider(tmp_path / "local", str(tmp_path / "raw"))
    ctx = current_context().new_builder(file_access=fa, sandbox_dir=tmp_path / "sandbox")
    with FlyteContextManager.with_context(ctx):
        lit = TypeEngine.to_literal(ctx, Hero("x"), Hero, pickle_untyped=True)
    assert lit.scalar.blob.uri.startswith(str(tmp_path / "raw"))


def test_iterators_are_flytekits_collections() -> None:
    engine, _ = _flytekit()
    t = typing.Iterator[str]
    assert TypeEngine.to_literal_type(t) == engine.to_literal_type(t).to_flyte_idl()
    lit = TypeEngine.to_literal(current_context(), iter(["a", "b"]), t)
    back = TypeEngine.to_python_value(current_context(), lit, t)
    assert not isinstance(back, list)
    assert list(back) == ["a", "b"]


def test_a_bare_iterator_asks_for_its_element_type() -> None:
    with pytest.raises(UnsupportedTypeError, match=r"no element type.*Iterator\[str\]"):
        TypeEngine.to_literal_type(typing.Iterator)
