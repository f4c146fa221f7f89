"""The pytest plugin under partial runs, damaged files and broken workflows: nothing deleted that
was not proven unused, a short message where a traceback was, options that cannot disable a
gate."""

from __future__ import annotations

import pytest

from tests.pytest_plugin.test_plugin import FLOWS

SNAP_TESTS = """
from flows import pipeline, outer

def test_pipeline(flyte_graph, flyte_snapshot):
    assert flyte_graph(pipeline) == flyte_snapshot

def test_outer(flyte_graph, flyte_snapshot):
    assert flyte_graph(outer) == flyte_snapshot
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(flows=FLOWS, test_snap=SNAP_TESTS)
    pytester.syspathinsert()
    pytester.runpytest("-q", "--flyte-snapshot-update").assert_outcomes(passed=2)
    return pytester


def snapshots(project: pytest.Pytester) -> list[str]:
    folder = project.path / "__flyte_snapshots__" / "test_snap"
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "selection",
    [
        ["-k", "pipeline"],
        ["test_snap.py::test_pipeline"],
        ["--deselect", "test_snap.py::test_outer"],
    ],
    ids=["-k", "node-id", "--deselect"],
)
def test_updating_a_subset_keeps_the_other_tests_snapshots(
    project: pytest.Pytester, selection: list[str]
) -> None:
    """`--flyte-snapshot-update -k pipeline` used to delete test_outer's snapshot."""
    project.runpytest("-q", "--flyte-snapshot-update", *selection).assert_outcomes(passed=1)
    assert snapshots(project) == ["test_outer.mmd", "test_pipeline.mmd"]


def test_a_failing_test_keeps_its_snapshot(project: pytest.Pytester) -> None:
    """A test that fails before reading its snapshot has not shown the snapshot unused."""
    project.makepyfile(
        test_snap=SNAP_TESTS.replace(
            "def test_outer(flyte_graph, flyte_snapshot):\n",
            "def test_outer(flyte_graph, flyte_snapshot):\n    assert False\n",
        )
    )
    project.runpytest("-q", "--flyte-snapshot-update").assert_outcomes(passed=1, failed=1)
    assert snapshots(project) == ["test_outer.mmd", "test_pipeline.mmd"]


def test_a_snapshot_that_is_not_utf8_is_named_and_repaired(project: pytest.Pytester) -> None:
    """A binary snapshot used to be a UnicodeDecodeError with no path, and update could not
    repair it."""
    stored = project.path / "__flyte_snapshots__" / "test_snap" / "test_pipeline.mmd"
    stored.write_bytes(b"\xff\xfe\x00garbage")
    result = project.runpytest("-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*graph snapshot *test_pipeline.mmd is not UTF-8 text*"])
    result.stdout.fnmatch_lines(["*--flyte-snapshot-update to write it again*"])
    project.runpytest("-q", "--flyte-snapshot-update").assert_outcomes(passed=2)
    assert stored.read_text().startswith("flowchart TD")
    project.runpytest("-q").assert_outcomes(passed=2)


def test_the_snapshot_report_comes_through_xdist(project: pytest.Pytester) -> None:
    """Under -n 2 the controller reports what the workers wrote and found unused."""
    (project.path / "__flyte_snapshots__" / "test_snap" / "test_pipeline.mmd").write_text("x\n")
    (project.path / "__flyte_snapshots__" / "test_snap" / "test_gone.mmd").write_text("x\n")
    result = project.runpytest("-q", "-n", "2", "-p", "xdist", "--flyte-snapshot-update")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["*1 graph snapshot(s) written*", "*1 unused graph snapshot(s) deleted*"]
    )
    assert snapshots(project) == ["test_outer.mmd", "test_pipeline.mmd"]


@pytest.mark.parametrize("value", ["nan", "-5", "200", "abc"])
def test_a_coverage_gate_outside_0_to_100_is_a_usage_error(
    pytester: pytest.Pytester, value: str
) -> None:
    """--flyte-cov-fail-under=nan used to disable the gate; -5 and 200 were accepted."""
    result = pytester.runpytest(f"--flyte-cov-fail-under={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{value!r} is not a percentage from 0 to 100*"])


def test_a_workflow_body_that_raises_is_a_short_compile_failure(
    pytester: pytest.Pytester,
) -> None:
    """A --flyte item whose workflow body raises used to print an 885-line pluggy traceback."""
    pytester.makepyfile(
        bad_flows="""
        from flytecheck.core import task, workflow

        @task
        def t(x: int) -> int:
            return x

        @workflow
        def broken(x: int) -> int:
            settings = {}["missing"]
            return t(x=x)
        """,
        test_bad="import bad_flows\n\ndef test_nothing():\n    pass\n",
    )
    pytester.syspathinsert()
    result = pytester.runpytest("--flyte", "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*bad_flows.broken does not compile:*",
            "*its body raised KeyError: 'missing' at *bad_flows.py:9 (settings = {}*",
        ]
    )
    assert "pluggy" not in result.stdout.str()
    assert len(result.stdout.lines) < 40


def test_a_workflow_that_calls_itself_does_not_compile(pytester: pytest.Pytester) -> None:
    """It used to compile, pass --flyte, then die in RecursionError when run."""
    pytester.makepyfile(
        loops="""
        from flytecheck.core import task, workflow

        @task
        def t(x: int) -> int:
            return x

        @workflow
        def again(x: int) -> int:
            return again(x=t(x=x))
        """,
        test_loops="import loops\n\ndef test_nothing():\n    pass\n",
    )
    pytester.syspathinsert()
    result = pytester.runpytest("--flyte", "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*workflow 'loops.again' calls itself*Flyte workflows cannot recurse*"]
    )
