"""flytecheck.mocks: stand-ins for tasks, sub-workflows and launch plans, restored always."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from flytecheck.core import LaunchPlan, task, workflow
from flytecheck.core.exceptions import TypeTransformerFailedError
from flytecheck.mocks import patch, task_mock


class Stats(NamedTuple):
    total: int
    label: str


@task
def fetch(day: str) -> int:
    return len(day)


@task
def stats(n: int) -> Stats:
    return Stats(n, str(n))


@workflow
def daily(day: str) -> int:
    return fetch(day=day)


daily_lp = LaunchPlan.get_or_create(
    daily, name="tests.mocks.daily_lp", default_inputs={"day": "mon"}
)


@workflow
def via_plan(day: str) -> int:
    return daily_lp(day=day)


@workflow
def via_default_plan() -> int:
    return daily_lp()


def test_launch_plans_can_be_mocked() -> None:
    """A launch plan node answers from its mock, which sees the plan's defaults filled in."""
    with task_mock(daily_lp, return_value=42) as m:
        assert via_plan(day="tue") == 42
        assert via_default_plan() == 42
    assert m.calls == [{"day": "tue"}, {"day": "mon"}]
    assert via_plan(day="tue") == 3


def test_restored_when_the_block_raises() -> None:
    """The original comes back even when the test body fails inside the block."""
    with pytest.raises(RuntimeError), task_mock(fetch, return_value=1):
        raise RuntimeError("test failed")
    assert daily(day="friday") == 6


def test_iterable_side_effects_and_running_out() -> None:
    """An iterable side_effect gives one value per call, and says when it runs out."""
    with task_mock(fetch, side_effect=[1, 2]) as m:
        assert daily(day="a") == 1
        assert daily(day="b") == 2
        with pytest.raises(AssertionError, match="side_effect ran out of values at call 3"):
            daily(day="c")
    assert m.call_count == 3


def test_named_tuple_outputs() -> None:
    """A mock of a NamedTuple-returning task gives the NamedTuple back to callers."""
    with task_mock(stats, return_value=(3, "three")):
        assert stats(n=1) == Stats(3, "three")


def test_no_return_value_is_named() -> None:
    """Calling a mock with outputs but no return value says what to set."""
    with task_mock(fetch), pytest.raises(AssertionError, match="has no return_value"):
        daily(day="x")


def test_wrong_types_name_the_output() -> None:
    """What a mock returns must fit the outputs."""
    with (
        task_mock(fetch, return_value="ten"),
        pytest.raises(TypeTransformerFailedError, match="output 'o0'"),
    ):
        daily(day="x")


def test_assertion_helpers_list_the_calls() -> None:
    """Failed call assertions show every recorded call."""
    with task_mock(fetch, return_value=0) as m:
        daily(day="a")
        m.assert_called_once_with(day="a")
        m.assert_any_call(day="a")
        with pytest.raises(
            AssertionError,
            match=r"expected the last call to be \{'day': 'b'\}\n  call 1: \{'day': 'a'\}",
        ):
            m.assert_called_with(day="b")
        with pytest.raises(AssertionError, match="expected no call"):
            m.assert_not_called()
        m.reset_mock()
        m.assert_not_called()


@patch(fetch, return_value=9)
def test_patch_passes_the_mock_first(mock_fetch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`@patch` hands the mock to the test as its first argument, as flytekit's does, and
    pytest's fixtures fill the others."""
    assert daily(day="x") == 9
    mock_fetch.assert_called_once()
    assert tmp_path.is_dir()
