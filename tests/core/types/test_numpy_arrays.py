"""numpy arrays as flytekit stores them (a .npy file behind a "NumpyArray" blob): the same
literal type, a file each side reads from the other, options through
`Annotated[np.ndarray, kwtypes(...)]`, and numpy loaded only when an array is converted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest

from flytecheck.core import current_context, kwtypes
from flytecheck.core.exceptions.user import TypeTransformerFailedError
from flytecheck.core.type_engine import TypeEngine
from tests.authoring import load_both

np = pytest.importorskip("numpy")
fk_engine = pytest.importorskip("flytekit.core.type_engine")


def _fk_ctx() -> object:
    from flytekit import FlyteContextManager

    return FlyteContextManager.current_context()


def test_the_literal_type_is_flytekits_and_reads_back() -> None:
    assert TypeEngine.to_literal_type(np.ndarray) == (
        fk_engine.TypeEngine.to_literal_type(np.ndarray).to_flyte_idl()
    )
    assert TypeEngine.guess_python_type(TypeEngine.to_literal_type(np.ndarray)) is np.ndarray
    array = np.arange(6, dtype=np.float32).reshape(2, 3)
    lit = TypeEngine.to_literal(current_context(), array, np.ndarray)
    np.testing.assert_array_equal(
        TypeEngine.to_python_value(current_context(), lit, np.ndarray), array
    )


def test_each_side_reads_the_others_file() -> None:
    from flytekit.models.literals import Literal as FkLiteral

    array = np.array([[1, 2], [3, 4]])
    theirs = fk_engine.TypeEngine.to_literal(_fk_ctx(), array, np.ndarray, None)
    read = TypeEngine.to_python_value(current_context(), theirs.to_flyte_idl(), np.ndarray)
    np.testing.assert_array_equal(read, array)
    ours = TypeEngine.to_literal(current_context(), array, np.ndarray)
    back = fk_engine.TypeEngine.to_python_value(
        _fk_ctx(), FkLiteral.from_flyte_idl(ours), np.ndarray
    )
    np.testing.assert_array_equal(back, array)


def test_object_arrays_need_allow_pickle_as_in_flytekit() -> None:
    objects = np.array([{"a": 1}, None], dtype=object)
    with pytest.raises(TypeTransformerFailedError, match=r"kwtypes\(allow_pickle=True\)"):
        TypeEngine.to_literal(current_context(), objects, np.ndarray)
    allowed = Annotated[np.ndarray, kwtypes(allow_pickle=True)]
    lit = TypeEngine.to_literal(current_context(), objects, allowed)
    assert list(TypeEngine.to_python_value(current_context(), lit, allowed)) == [{"a": 1}, None]


def test_an_array_task_runs_on_both(tmp_path: Path) -> None:
    source = """
        import numpy as np
        from flytekit import task, workflow

        @task
        def double(a: np.ndarray) -> np.ndarray:
            return a * 2

        @workflow
        def wf(a: np.ndarray) -> np.ndarray:
            return double(a=a)
    """
    fk, core = load_both(tmp_path, source)
    given = np.array([1.5, 2.0])
    np.testing.assert_array_equal(core.wf(a=given), fk.wf(a=given))


def test_the_core_imports_no_numpy() -> None:
    code = "import sys, flytecheck.core.types; assert 'numpy' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
