"""`Iterator[JSON]` (flytekit's JSON Lines iterator): the literal type flytekit writes, a file
each side reads from the other, read back lazily; an empty iterator refused, as flytekit."""

from __future__ import annotations

import gc
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

from flytecheck.core import current_context
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.type_engine import TypeEngine
from flytecheck.core.types.iterator.json_iterator import JSON
from tests.authoring import load_both

pytest.importorskip("jsonlines", reason="flytekit's JSON iterator needs jsonlines")
fk_json = pytest.importorskip("flytekit.types.iterator.json_iterator")
fk_engine = pytest.importorskip("flytekit.core.type_engine")

# flytekit's JSON reader leaves its file open: collected after each test, under this filter
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def _close_flytekits_readers() -> Iterator[None]:
    yield
    gc.collect()


VALUES = [{"a": 1}, [1, "two"], "three", 4.5, True]


def _fk_ctx() -> object:
    from flytekit import FlyteContextManager

    return FlyteContextManager.current_context()


def test_the_literal_type_is_flytekits() -> None:
    ours = TypeEngine.to_literal_type(typing.Iterator[JSON])
    theirs = fk_engine.TypeEngine.to_literal_type(typing.Iterator[fk_json.JSON])
    assert ours == theirs.to_flyte_idl()


def test_each_side_reads_the_others_file() -> None:
    from flytekit.models.literals import Literal as FkLiteral

    kind = typing.Iterator[JSON]
    ours = TypeEngine.to_literal(current_context(), iter(VALUES), kind)
    back = fk_engine.TypeEngine.to_python_value(
        _fk_ctx(), FkLiteral.from_flyte_idl(ours), typing.Iterator[fk_json.JSON]
    )
    assert list(back) == VALUES
    theirs = fk_engine.TypeEngine.to_literal(
        _fk_ctx(), iter(VALUES), typing.Iterator[fk_json.JSON], None
    )
    read = TypeEngine.to_python_value(current_context(), theirs.to_flyte_idl(), kind)
    assert next(read) == VALUES[0]
    assert list(read) == VALUES[1:]


def test_an_empty_iterator_is_refused() -> None:
    with pytest.raises(TypeTransformerFailedError, match="the iterator is empty"):
        TypeEngine.to_literal(current_context(), iter([]), typing.Iterator[JSON])


def test_a_task_streaming_json_runs_on_both(tmp_path: Path) -> None:
    source = """
        from typing import Iterator

        from flytekit import task, workflow
        from flytekit.types.iterator.json_iterator import JSON

        @task
        def produce(n: int) -> Iterator[JSON]:
            for i in range(n):
                yield {"i": i}

        @task
        def total(rows: Iterator[JSON]) -> int:
            return sum(row["i"] for row in rows)

        @workflow
        def wf(n: int) -> int:
            return total(rows=produce(n=n))
    """
    fk, core = load_both(tmp_path, source)
    assert core.wf(n=4) == fk.wf(n=4) == 6
