"""`Annotated[T, HashMethod(fn)]` and `Annotated[T, FlyteAnnotation({...})]` give the literal and
the literal type flytekit gives; other metadata changes nothing."""

from __future__ import annotations

from typing import Annotated, Any, List

import pytest

from flytecheck.core import FlyteAnnotation, HashMethod, TypeEngine, current_context


def _hash(value: Any) -> str:
    return f"h{len(value) if isinstance(value, list) else value}"


CASES = [
    (lambda hm: Annotated[int, hm(_hash)], 3),
    (lambda hm: Annotated[List[int], hm(_hash)], [1, 2]),
    (lambda hm: Annotated[str, "not ours", hm(_hash)], "abc"),
]


@pytest.mark.parametrize(("make", "value"), CASES)
def test_hash_method_sets_the_literal_hash_as_flytekit(make: Any, value: Any) -> None:
    flytekit = pytest.importorskip("flytekit")
    from flytekit.core.type_engine import TypeEngine as FlytekitEngine

    theirs_type = make(flytekit.HashMethod)
    ctx = flytekit.FlyteContextManager.current_context()
    theirs = FlytekitEngine.to_literal(
        ctx, value, theirs_type, FlytekitEngine.to_literal_type(theirs_type)
    ).to_flyte_idl()
    ours = TypeEngine.to_literal(current_context(), value, make(HashMethod))
    assert ours == theirs
    assert ours.hash


def test_flyte_annotation_is_on_the_literal_type_as_flytekit() -> None:
    pytest.importorskip("flytekit")
    from flytekit.core.annotation import FlyteAnnotation as TheirAnnotation
    from flytekit.core.type_engine import TypeEngine as FlytekitEngine

    data = {"a": 1, "b": {"c": "d"}}
    theirs = FlytekitEngine.to_literal_type(Annotated[int, TheirAnnotation(data)]).to_flyte_idl()
    assert TypeEngine.to_literal_type(Annotated[int, FlyteAnnotation(data)]) == theirs


def test_unknown_metadata_changes_nothing() -> None:
    assert TypeEngine.to_literal_type(Annotated[int, "x", 3]) == TypeEngine.to_literal_type(int)
    lit = TypeEngine.to_literal(current_context(), 4, Annotated[int, "x"])
    assert lit.hash == ""
    assert TypeEngine.to_python_value(current_context(), lit, Annotated[int, "x"]) == 4
