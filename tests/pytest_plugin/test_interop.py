"""flytekit interop: a flytekit workflow gets the same graph model and backend-rule checks.

flytekit is an optional test dependency (extra `flytekit`); these tests are skipped, with the
reason, when it is absent, and run in CI (`make test` installs it)."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)

from flytecheck.graph import graph_of
from flytecheck.pytest_plugin._interop import check_flytekit_workflow, graph_of_any
from tests.conftest import vectors_dir


def _load(authoring: str) -> ModuleType:
    path = vectors_dir() / "vector_workflows.py"
    spec = importlib.util.spec_from_file_location("vector_workflows", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved, env = sys.modules.get("vector_workflows"), os.environ.get("VECTOR_AUTHORING")
    os.environ["VECTOR_AUTHORING"] = authoring
    sys.modules["vector_workflows"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        if saved is not None:
            sys.modules["vector_workflows"] = saved
        if env is None:
            os.environ.pop("VECTOR_AUTHORING", None)
        else:
            os.environ["VECTOR_AUTHORING"] = env
    return module


@pytest.fixture(scope="module")
def both() -> tuple[Any, Any]:
    return _load("flytekit"), _load("flytecheck.core")


@pytest.mark.parametrize("name", ["chain", "branchy", "fan", "nested"])
def test_flytekit_workflows_give_the_same_graph(both: tuple[Any, Any], name: str) -> None:
    """The graph of a flytekit workflow, through flytekit's own serializer, equals the graph of
    the same workflow written for flytecheck.core."""
    flytekit_module, core_module = both
    assert graph_of_any(flytekit_module.ENTITIES[name]) == graph_of(core_module.ENTITIES[name])


def test_flytekit_workflows_pass_the_backend_rules(both: tuple[Any, Any]) -> None:
    """The vector workflows, serialized by flytekit, break no binding rule."""
    flytekit_module, _ = both
    for name in ("chain", "branchy", "fan", "nested"):
        check_flytekit_workflow(flytekit_module.ENTITIES[name])


def test_a_flytekit_workflow_that_would_not_register(pytester: pytest.Pytester) -> None:
    """A flytekit workflow binding a str into an int input passes flytekit's local run, but
    `pytest --flyte` fails its compile item with the backend's rule."""
    pytester.makepyfile(
        fk_flows="""
        import flytekit

        @flytekit.task
        def double(x: int) -> int:
            return 2 * x

        @flytekit.workflow
        def wired_wrong(name: str) -> int:
            return double(x=name)
        """,
        test_fk="""
        import fk_flows

        def test_imported():
            pass
        """,
    )
    pytester.syspathinsert()
    result = pytester.runpytest_subprocess("--flyte", "-q")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*fk_flows.wired_wrong does not compile:*",
            "*[[]MismatchingTypes[]] node n0 (double): input 'x' takes int, but is bound to "
            "wf.name, a str*",
        ]
    )


FK_FLOWS = """
import flytekit


@flytekit.task
def double(x: int) -> int:
    return 2 * x


@flytekit.task
def negate(x: int) -> int:
    return -x


@flytekit.task
def label(x: int) -> str:
    return f"#{x}"


@flytekit.workflow
def pipeline(x: int) -> str:
    y = flytekit.conditional("sign").if_(x >= 0).then(double(x=x)).else_().then(negate(x=x))
    return label(x=y)


@flytekit.workflow
def outer(x: int) -> str:
    return pipeline(x=x)
"""


def test_flytekit_workflows_run_with_mocks_and_coverage(pytester: pytest.Pytester) -> None:
    """flyte_run runs a flytekit workflow with flytecheck's executor: flyte_mock stubs its
    tasks and sub-workflows (type-checked), and --flyte reports its coverage."""
    pytester.makepyfile(
        fk_flows=FK_FLOWS,
        test_fk="""
        import pytest
        from fk_flows import double, outer, pipeline

        def test_runs(flyte_run):
            assert flyte_run(pipeline, x=3) == "#6"
            assert flyte_run(pipeline, x=-3) == "#3"
            assert flyte_run(double, x=4) == 8

        def test_mocked_task(flyte_run, flyte_mock):
            stub = flyte_mock.task(double, return_value=100)
            assert flyte_run(pipeline, x=1) == "#100"
            stub.assert_called_once_with(x=1)

        def test_mocked_sub_workflow(flyte_run, flyte_mock):
            flyte_mock.workflow(pipeline, return_value="stub")
            assert flyte_run(outer, x=1) == "stub"

        def test_wrong_type(flyte_run, flyte_mock):
            flyte_mock.task(double, return_value="many")
            with pytest.raises(TypeError, match="output 'o0': expected a value of type int"):
                flyte_run(pipeline, x=1)
        """,
    )
    pytester.syspathinsert()
    result = pytester.runpytest_subprocess("--flyte", "-v")
    result.assert_outcomes(passed=4 + 2)  # one compile item per workflow, where it is defined
    result.stdout.no_fnmatch_line("test_fk.py::flyte-compile*")
    result.stdout.fnmatch_lines(
        [
            "fk_flows.py::flyte-compile::outer PASSED*",
            "fk_flows.py::flyte-compile::pipeline PASSED*",
            "fk_flows.outer*1/1 nodes*",
            "fk_flows.pipeline*4/4 nodes*2/2 branches*100.0%*",
        ]
    )
