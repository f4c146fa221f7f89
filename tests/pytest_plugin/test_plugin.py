"""The pytest plugin, tested as users run it: a temporary project and pytest on it (pytester)."""

from __future__ import annotations

import importlib.util
import textwrap

import pytest


def needs_flytekit() -> None:
    """Skip without flytekit, without importing it here: an import inside a pytester test is
    undone at its end, and undoing importlib_metadata's (which flytekit imports) leaves
    pytest's later in-process runs without their plugins."""
    if importlib.util.find_spec("flytekit") is None:
        pytest.skip("flytekit is not installed")


FLOWS = """
from flytecheck.core import LaunchPlan, conditional, task, workflow


@task
def double(x: int) -> int:
    return 2 * x


@task
def negate(x: int) -> int:
    return -x


@task
def label(x: int) -> str:
    return f"#{x}"


@task
def split(x: int) -> tuple[int, int]:
    return x, -x


@workflow
def pipeline(x: int) -> str:
    y = conditional("sign").if_(x >= 0).then(double(x=x)).else_().then(negate(x=x))
    return label(x=y)


@workflow
def outer(x: int) -> str:
    return pipeline(x=x)


pipeline_lp = LaunchPlan.get_or_create(pipeline, name="flows.pipeline_lp", default_inputs={"x": 1})
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(flows=FLOWS)
    pytester.syspathinsert()
    return pytester


def test_flyte_mock_stubs_records_and_undoes(project: pytest.Pytester) -> None:
    """Stubs answer with their return value, record calls as Python values, and are undone."""
    project.makepyfile(
        test_mocks="""
        import pytest
        from flows import double, outer, pipeline, split
        from flytecheck.mocks import patch, task_mock

        def test_stubbed(flyte_mock):
            m = flyte_mock.task(double, return_value=100)
            assert pipeline(x=3) == "#100"
            m.assert_called_once_with(x=3)
            assert m.calls == [{"x": 3}]

        def test_original_is_back():
            assert pipeline(x=3) == "#6"

        def test_sub_workflows_and_side_effects(flyte_mock):
            flyte_mock.workflow(pipeline, side_effect=lambda x: f"stub{x}")
            assert outer(x=2) == "stub2"

        def test_exceptions_as_side_effects(flyte_mock):
            flyte_mock.task(double, side_effect=RuntimeError("down"))
            with pytest.raises(RuntimeError, match="down"):
                pipeline(x=1)

        def test_task_mock_context_manager():
            with task_mock(double) as m:
                m.return_value = 7
                assert pipeline(x=1) == "#7"
            assert pipeline(x=1) == "#2"

        @patch(double, return_value=5)
        def test_patch_decorator(mock_double):
            assert pipeline(x=1) == "#5"
            assert mock_double.call_count == 1

        def test_multi_output_mocks(flyte_mock):
            flyte_mock.task(split, return_value=(1, 2))
            assert split(x=9) == (1, 2)
        """
    )
    result = project.runpytest("-q")
    result.assert_outcomes(passed=7)


def test_a_mock_returning_the_wrong_type_fails_naming_the_output(project: pytest.Pytester) -> None:
    """A stub whose value does not fit the output fails the test with both types."""
    project.makepyfile(
        test_wrong="""
        from flows import double, pipeline

        def test_wrong(flyte_mock):
            flyte_mock.task(double, return_value="many")
            pipeline(x=1)
        """
    )
    result = project.runpytest("-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*mock of task 'flows.double', output 'o0': expected a value of type int*'many'*"]
    )


def test_strict_stubs_fail_when_never_called(project: pytest.Pytester) -> None:
    """With strict=True a stub the test never reached fails it, naming the stub."""
    project.makepyfile(
        test_strict="""
        import pytest
        from flows import double, negate, pipeline

        @pytest.mark.flyte_mock(strict=True)
        def test_unused(flyte_mock):
            flyte_mock.task(negate, return_value=0)
            assert pipeline(x=1) == "#2"
        """
    )
    result = project.runpytest("-q", "--strict-markers")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*stub(s) never called: task 'flows.negate'*"])


def test_context_graph_and_execute_fixtures(project: pytest.Pytester) -> None:
    """flyte_context isolates each test; flyte_graph and flyte_execute work as documented."""
    project.makepyfile(
        test_fixtures="""
        from flows import double, pipeline

        SEEN = []

        def test_one(flyte_context, tmp_path):
            assert str(flyte_context.sandbox).startswith(str(tmp_path))
            SEEN.append(flyte_context.sandbox)

        def test_two(flyte_context):
            assert flyte_context.sandbox not in SEEN

        def test_graph(flyte_graph):
            g = flyte_graph(pipeline)
            assert g.node("label").depends_on("sign")
            assert [b.name for b in g.branches] == ["sign"]

        def test_execute(flyte_execute):
            result = flyte_execute(double, x=21)
            assert result.ok
            assert result.outputs == 42
            assert result.output_literals.literals["o0"].scalar.primitive.integer == 42
        """
    )
    project.runpytest("-q").assert_outcomes(passed=4)


def test_failing_graph_assertions_show_a_diff(project: pytest.Pytester) -> None:
    """Comparing two graphs that differ prints a readable diff of their text form."""
    project.makepyfile(
        test_diff="""
        from flows import outer, pipeline

        def test_same(flyte_graph):
            assert flyte_graph(pipeline) == flyte_graph(outer)
        """
    )
    result = project.runpytest("-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*graphs of flows.pipeline and flows.outer differ:*",
            "*+workflow flows.outer(x: int) -> (o0: str)",
        ]
    )


def test_snapshots_create_match_mismatch_and_unused(project: pytest.Pytester) -> None:
    """Missing snapshots fail until --flyte-snapshot-update writes them; then they match; a
    changed graph fails with a diff; a snapshot no test reads is reported, and deleted on update."""
    project.makepyfile(
        test_snap="""
        from flows import pipeline, outer

        def test_pipeline(flyte_graph, flyte_snapshot):
            assert flyte_graph(pipeline) == flyte_snapshot

        def test_outer(flyte_graph, flyte_snapshot):
            assert flyte_graph(outer) == flyte_snapshot
        """
    )
    missing = project.runpytest("-q")
    missing.assert_outcomes(failed=2)
    missing.stdout.fnmatch_lines(
        [
            "*no graph snapshot at*test_pipeline.mmd",
            "*run pytest with --flyte-snapshot-update to create it",
        ]
    )
    project.runpytest("-q", "--flyte-snapshot-update").assert_outcomes(passed=2)
    stored = project.path / "__flyte_snapshots__" / "test_snap" / "test_pipeline.mmd"
    assert stored.read_text().startswith("flowchart TD")
    project.runpytest("-q").assert_outcomes(passed=2)
    stored.write_text(stored.read_text().replace("double", "triple"))
    changed = project.runpytest("-q")
    changed.assert_outcomes(passed=1, failed=1)
    changed.stdout.fnmatch_lines(
        ["*the graph differs from its snapshot*", "*-*triple*", "*+*double*"]
    )
    (project.path / "test_snap.py").write_text(
        textwrap.dedent(
            """
            from flows import pipeline

            def test_pipeline(flyte_graph, flyte_snapshot):
                assert flyte_graph(pipeline) == flyte_snapshot
            """
        )
    )
    project.runpytest("-q", "--flyte-snapshot-update").assert_outcomes(passed=1)
    unused = project.path / "__flyte_snapshots__" / "test_snap" / "test_outer.mmd"
    assert not unused.exists()


def test_unused_snapshots_are_reported(project: pytest.Pytester) -> None:
    """A snapshot file no assertion read is listed at the end of the run."""
    project.makepyfile(
        test_snap="""
        from flows import pipeline

        def test_pipeline(flyte_graph, flyte_snapshot):
            assert flyte_graph(pipeline) == flyte_snapshot
        """
    )
    project.runpytest("-q", "--flyte-snapshot-update")
    (project.path / "__flyte_snapshots__" / "test_snap" / "stale.mmd").write_text("flowchart TD\n")
    result = project.runpytest("-q")
    result.stdout.fnmatch_lines(["*1 unused graph snapshot(s)*stale.mmd*"])


def test_flyte_compiles_every_workflow_and_reports_coverage(project: pytest.Pytester) -> None:
    """--flyte adds an item per workflow and launch plan, and reports nodes and branches run."""
    project.makepyfile(
        test_cov="""
        from flows import pipeline

        def test_positive():
            assert pipeline(x=2) == "#4"
        """
    )
    result = project.runpytest("-v", "--flyte")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "flows.py::flyte-compile::outer PASSED*",
            "flows.py::flyte-compile::pipeline PASSED*",
            "flows.py::flyte-compile::pipeline_lp PASSED*",
            "*Flyte workflow coverage*",
            "flows.outer*0/1 nodes*0.0%*never run: n0 (pipeline)",
            "flows.pipeline*3/4 nodes*1/2 branches*66.7%*never run: n0-n1 (negate), 'sign' else*",
        ]
    )


def test_a_workflow_that_does_not_compile_is_a_failing_item(project: pytest.Pytester) -> None:
    """A workflow that would not register fails its item with the compile error, no traceback."""
    project.makepyfile(
        broken="""
        from flytecheck.core import workflow
        from flows import double

        @workflow
        def broken(name: str) -> int:
            return double(x=name)
        """,
        test_it="""
        import broken

        def test_nothing():
            pass
        """,
    )
    result = project.runpytest("--flyte", "-q", "-p", "no:randomly")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(
        ["*broken.broken does not compile:*", "*[[]MismatchingTypes[]]*input 'x' takes int*a str*"]
    )
    assert "Traceback" not in result.stdout.str()


def test_the_coverage_gate(project: pytest.Pytester) -> None:
    """--flyte-cov-fail-under fails a green session whose workflow coverage is too low."""
    project.makepyfile(
        test_cov="""
        from flows import pipeline

        def test_positive():
            assert pipeline(x=2) == "#4"
        """
    )
    result = project.runpytest("-q", "--flyte", "--flyte-cov-fail-under=90")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*Flyte workflow coverage * is below --flyte-cov-fail-under=90*"])
    assert project.runpytest("-q", "--flyte", "--flyte-cov-fail-under=10").ret == pytest.ExitCode.OK


def test_under_xdist(project: pytest.Pytester) -> None:
    """Everything works with pytest-xdist: items compile on workers, coverage is merged."""
    project.makepyfile(
        test_x="""
        from flows import pipeline

        def test_positive(flyte_mock):
            assert pipeline(x=2) == "#4"

        def test_negative(flyte_context):
            assert pipeline(x=-2) == "#2"
        """
    )
    result = project.runpytest_subprocess("-p", "xdist", "-n", "2", "--flyte")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["flows.pipeline*4/4 nodes*2/2 branches*100.0%*"])


def test_the_plugin_can_be_turned_off(project: pytest.Pytester) -> None:
    """-p no:flytecheck removes the plugin: its fixtures are gone."""
    project.makepyfile(test_off="def test_uses(flyte_mock):\n    pass\n")
    result = project.runpytest("-q", "-p", "no:flytecheck")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'flyte_mock' not found*"])


def test_ini_options_are_checked(project: pytest.Pytester) -> None:
    """An unknown flyte_snapshot_format is a usage error naming the choices."""
    project.makeini("[pytest]\nflyte_snapshot_format = svg\n")
    result = project.runpytest("-q")
    result.stderr.fnmatch_lines(
        ["*flyte_snapshot_format = 'svg'; choose one of mermaid, text, dot, json*"]
    )


def test_the_syrupy_extension(project: pytest.Pytester) -> None:
    """With syrupy installed, `snapshot.use_extension(FlyteGraphExtension)` stores the Mermaid
    graph as a .mmd file that syrupy creates, checks and reports like its own."""
    pytest.importorskip("syrupy", reason="syrupy is not installed")
    project.makepyfile(
        test_syr="""
        from flows import pipeline
        from flytecheck.pytest_plugin.syrupy import FlyteGraphExtension

        def test_graph(snapshot, flyte_graph):
            assert flyte_graph(pipeline) == snapshot.use_extension(FlyteGraphExtension)

        def test_workflow_directly(snapshot):
            assert pipeline == snapshot.use_extension(FlyteGraphExtension)
        """
    )
    project.runpytest("-q", "--snapshot-update").assert_outcomes(passed=2)
    stored = project.path / "__snapshots__" / "test_syr" / "test_graph.mmd"
    assert stored.read_text().startswith("flowchart TD")
    project.runpytest("-q").assert_outcomes(passed=2)
    stored.write_text(stored.read_text().replace("double", "triple"))
    project.runpytest("-q").assert_outcomes(passed=1, failed=1)


def test_compile_items_select_and_deselect_like_any_test(project: pytest.Pytester) -> None:
    """-k and --deselect apply to the --flyte items, as to the tests."""
    project.makepyfile(test_one="import flows\n\n\ndef test_one():\n    pass\n")
    result = project.runpytest("-v", "--flyte", "-k", "pipeline and not lp")
    result.assert_outcomes(passed=1, deselected=3)
    result.stdout.fnmatch_lines(["flows.py::flyte-compile::pipeline PASSED*"])
    result = project.runpytest("-v", "--flyte", "--deselect", "flows.py::flyte-compile::outer")
    result.assert_outcomes(passed=3, deselected=1)


@pytest.mark.parametrize("sdk", ["flytecheck.core", "flytekit"])
def test_each_entity_is_one_item_under_the_module_that_defines_it(
    pytester: pytest.Pytester, sdk: str
) -> None:
    """A launch plan or an imperative workflow has no function to say where it was made: its
    item is under the module whose code assigns it, not one that imports it (here one that
    sorts first); the coverage report names the imperative workflow by its full name."""
    if sdk == "flytekit":
        needs_flytekit()
    imperative = """
imperative = Workflow(name="flows.imperative")
imperative.add_workflow_input("x", int)
doubled = imperative.add_entity(double, x=imperative.inputs["x"])
imperative.add_workflow_output("o", doubled.outputs["o0"])
"""
    flows = FLOWS.replace("import LaunchPlan,", "import LaunchPlan, Workflow,") + imperative
    pytester.makepyfile(
        flows=flows.replace("flytecheck.core", sdk),
        aaa_reexports="from flows import imperative, pipeline, pipeline_lp as plan\n",
        test_it="""
from aaa_reexports import imperative

def test_it(flyte_run):
    assert flyte_run(imperative, x=2) == 4
""",
    )
    pytester.syspathinsert()
    result = pytester.runpytest_subprocess("--flyte", "--co", "-q")
    assert "Flyte workflow coverage" not in result.stdout.str()  # --co runs nothing to cover
    items = sorted(line for line in result.stdout.lines if "flyte-compile" in line)
    assert items == [
        "flows.py::flyte-compile::imperative",
        "flows.py::flyte-compile::outer",
        "flows.py::flyte-compile::pipeline",
        "flows.py::flyte-compile::pipeline_lp",
    ]
    result = pytester.runpytest_subprocess("--flyte", "-p", "no:randomly")
    result.assert_outcomes(passed=5)
    result.stdout.fnmatch_lines(["flows.imperative *1/1 nodes*100.0%*"])  # by its full name


@pytest.mark.parametrize("sdk", ["flytecheck.core", "flytekit"])
def test_coverage_names_eager_workflows_as_not_measured(
    pytester: pytest.Pytester, sdk: str
) -> None:
    """An @eager workflow has no graph: the report names it rather than leave it out in
    silence; the workflow it awaits is measured as it runs."""
    if sdk == "flytekit":
        needs_flytekit()
    eager = """

@eager
async def eager_pipeline(x: int) -> str:
    return await pipeline(x=x)
"""
    flows = FLOWS.replace("import LaunchPlan,", "import LaunchPlan, eager,") + eager
    pytester.makepyfile(
        flows=flows.replace("flytecheck.core", sdk),
        test_it="""
from flows import eager_pipeline

def test_it(flyte_run):
    assert flyte_run(eager_pipeline, x=2) == "#4"
""",
    )
    pytester.syspathinsert()
    result = pytester.runpytest_subprocess("--flyte", "-p", "no:randomly")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "flows.pipeline *3/4 nodes*",
            "not measured (left out of the total): flows.eager_pipeline: an @eager workflow has*",
        ]
    )


def test_coverage_names_what_it_could_not_measure_and_counts_the_failure_node(
    project: pytest.Pytester,
) -> None:
    """A workflow whose graph does not build is named with the reason, not counted; the
    on_failure node is a node of its workflow, covered when a failing run reaches it."""
    project.makepyfile(
        guarded="""
        from flytecheck.core import task, workflow

        @task
        def boom(x: int) -> int:
            raise ValueError("no")
            return x

        @task
        def cleanup(x: int) -> None:
            print("cleaning", x)

        @workflow(on_failure=cleanup)
        def guarded(x: int) -> int:
            return boom(x=x)

        @workflow
        def unbuildable(x: int) -> int:
            if x > 1:  # a promise in an `if`: refused when the body is compiled
                return boom(x=x)
            return boom(x=x)
        """,
        test_it="""
        import pytest
        from guarded import guarded

        def test_fails_and_cleans_up():
            with pytest.raises(ValueError):
                guarded(x=1)
        """,
    )
    result = project.runpytest("--flyte", "-q", "-p", "no:randomly")
    result.stdout.fnmatch_lines(
        [
            "guarded.guarded*2/2 nodes*100.0%*ran and raised: n0 (boom)*",
            "not measured (left out of the total): guarded.unbuildable: *",
        ]
    )


def test_a_flytekit_project_gives_the_same_outcomes_and_coverage_under_xdist(
    pytester: pytest.Pytester,
) -> None:
    """A flytekit project (imports unchanged) under `--flyte -n 2`: the outcomes and the
    coverage report equal a serial run's."""
    needs_flytekit()
    pytester.makepyfile(flows=FLOWS.replace("from flytecheck.core import", "from flytekit import"))
    pytester.makepyfile(
        test_fk="""
        import pytest
        from flows import double, pipeline, pipeline_lp

        def test_positive(flyte_run):
            assert flyte_run(pipeline, x=2) == "#4"

        def test_stubbed(flyte_run, flyte_mock):
            flyte_mock.task(double, return_value=7)
            assert flyte_run(pipeline, x=2) == "#7"

        def test_plan(flyte_run):
            assert flyte_run(pipeline_lp) == "#2"
        """
    )
    pytester.syspathinsert()

    def coverage(result: pytest.RunResult) -> list[str]:
        lines = result.stdout.lines
        start = next(i for i, line in enumerate(lines) if "Flyte workflow coverage" in line)
        return [line for line in lines[start + 1 :] if line.startswith(("flows.", "TOTAL", "not "))]

    serial = pytester.runpytest_subprocess("--flyte", "-p", "no:randomly")
    parallel = pytester.runpytest_subprocess("-p", "xdist", "-n", "2", "--flyte")
    serial.assert_outcomes(passed=6)
    parallel.assert_outcomes(passed=6)
    assert coverage(parallel) == coverage(serial)
    assert any("flows.pipeline" in line and "3/4 nodes" in line for line in coverage(serial))
