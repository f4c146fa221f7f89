"""Return annotations as flytekit reads them: `Tuple[...]`, `tuple[...]`, `(A, B)` and NamedTuples
of any size, with results and promises given back as the NamedTuple flytekit gives back."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.exceptions.user import FlyteCompilationException, FlyteValidationException
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from typing import NamedTuple, Tuple
from flytekit import task, workflow

One = NamedTuple("One", [("slope", float)])
Two = NamedTuple("Two", [("a", int), ("b", str)])

@task
def one() -> One:
    return 1.5

@task
def one_given_as_tuple() -> One:
    return One(slope=2.5)

@task
def two() -> Two:
    return 1, "x"

@task
def paren() -> (int, str):
    return 1, "y"

@task
def builtin() -> tuple[int, str]:
    return 2, "z"

@task
def typing_tuple() -> Tuple[int, float]:
    return 3, 0.5

@task
def double(x: float) -> float:
    return 2 * x

@workflow
def uses_the_field() -> float:
    p = one()
    return double(x=p.slope)

@workflow
def returns_the_tuple() -> One:
    return one()

@workflow
def unpacks() -> (int, str):
    a, b = paren()
    return a, b
"""

CASES = [
    "one",
    "one_given_as_tuple",
    "two",
    "paren",
    "builtin",
    "typing_tuple",
    "uses_the_field",
    "returns_the_tuple",
    "unpacks",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("returns"), SOURCE)


@pytest.mark.parametrize("name", CASES)
def test_results_equal_flytekits(name: str, both: tuple[object, object]) -> None:
    """Same value, same class name, same fields as flytekit's result."""
    fk, core = both
    expected, got = getattr(fk, name)(), getattr(core, name)()
    assert got == expected
    assert type(got).__name__ == type(expected).__name__
    assert getattr(got, "_fields", None) == getattr(expected, "_fields", None)


@pytest.mark.parametrize("name", CASES)
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    """Output names and bindings in the IDL are flytekit's."""
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_a_one_value_tuple_is_refused_naming_the_task(tmp_path: Path) -> None:
    """flytekit refuses `-> Tuple[int]`; the core says what to write instead."""
    source = """
        from flytekit import task

        @task
        def single() -> tuple[int]:
            return (1,)
    """
    with pytest.raises(FlyteValidationException, match=r"single.*tuple of one value.*\(-> int\)"):
        load_core(tmp_path, source)


def test_an_open_tuple_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import task

        @task
        def many() -> tuple[int, ...]:
            return (1, 2)
    """
    with pytest.raises(FlyteValidationException, match=r"many.*no fixed length"):
        load_core(tmp_path, source)


def test_binding_a_one_field_tuple_whole_names_the_field(tmp_path: Path) -> None:
    """Passing a one-field NamedTuple of promises where a value goes says which field to pass."""
    source = """
        from typing import NamedTuple
        from flytekit import task, workflow

        class Slope(NamedTuple):
            slope: float

        @task
        def slope() -> Slope:
            return Slope(1.0)

        @task
        def half(x: float) -> float:
            return x / 2

        @workflow
        def wf() -> float:
            return half(x=slope())
    """
    module = load_core(tmp_path, source)
    with pytest.raises(FlyteCompilationException, match=r"pass its field, `\.slope`"):
        module.wf.compile()


def test_tuple_outputs_still_compare_as_tuples(both: tuple[object, object]) -> None:
    """A DefaultNamedTupleOutput is a tuple: code comparing results with tuples keeps working."""
    _, core = both
    assert core.builtin() == (2, "z")
    assert core.builtin().o1 == "z"
