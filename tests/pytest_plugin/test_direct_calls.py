"""`pytest --flyte` on a flytekit project's existing tests, unchanged: tests that call their
workflows directly (`assert wf(x=1) == 3`, as flytekit's documentation teaches) run through
flytekit's own executor, and the coverage report counts those runs node by node and branch by
branch; `flyte_mock` stubs answer direct calls too, and are undone after the test; flytekit's
results are the same with and without `--flyte`."""

from __future__ import annotations

import importlib.util
import json
import os
import textwrap
from pathlib import Path

import pytest

from tests.flytesnacks import copy_corpus

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("flytekit") is None,
    reason="flytekit is not installed: pip install 'flytecheck[flytekit]'",
)

FLOWS = """
from typing import Optional

from flytekit import LaunchPlan, conditional, dynamic, map_task, task, workflow
from flytekit.types.error import FlyteError


@task
def inc(x: int) -> int:
    return x + 1


@task
def neg(x: int) -> int:
    return -x


@task
def boom(x: int) -> int:
    if x > 0:
        raise ValueError("boom")
    return x


@dynamic
def repeat(n: int) -> int:
    s = 0
    for _ in range(n):
        s = inc(x=s)
    return s


@workflow
def sub(x: int) -> int:
    return inc(x=x)


sub_lp = LaunchPlan.get_or_create(sub, name="flows.sub_lp")


@workflow
def wf(x: int) -> int:
    a = inc(x=x)
    b = conditional("sign").if_(a > 0).then(inc(x=a)).else_().then(neg(x=a))
    c = repeat(n=b)
    d = sub(x=c)
    e = sub_lp(x=d)
    f = map_task(inc)(x=[e, e])
    return inc(x=a)


@workflow
def fails(x: int) -> int:
    return boom(x=x)


@workflow
def never(x: int) -> int:
    return inc(x=x)


@task
def clean_up(x: int, err: Optional[FlyteError] = None) -> None:
    print("cleaning up after", err.failed_node_id if err else None)


@workflow(on_failure=clean_up)
def guarded(x: int) -> int:
    return boom(x=x)
"""


COMPILE_ITEMS = 6  # --flyte compiles wf, sub, sub_lp, fails, never and guarded: one each


def _project(pytester: pytest.Pytester, tests: str) -> None:
    pytester.makepyfile(flows=FLOWS, test_flows=textwrap.dedent(tests))
    pytester.syspathinsert()


def _coverage(result: pytest.RunResult) -> dict[str, str]:
    rows = {}
    for line in result.outlines:
        if line.startswith("flows."):
            name, _, rest = line.partition(" ")
            rows[name] = rest.strip()
    return rows


DIRECT = """
import pytest
from flows import fails, guarded, sub, wf


@pytest.fixture
def ran_in_a_fixture():
    return sub(x=1)


def helper(x):
    return wf(x=x)


def test_positive():
    assert wf(x=1) == 3


def test_negative_through_a_helper():
    assert helper(-5) == -3


def test_a_fixture_runs_one(ran_in_a_fixture):
    assert ran_in_a_fixture == 2


def test_a_failing_run():
    with pytest.raises(Exception, match="boom"):
        fails(x=1)


def test_a_failure_handled():
    with pytest.raises(Exception, match="boom"):
        guarded(x=1)
"""


def test_direct_calls_are_measured_node_by_node(pytester: pytest.Pytester) -> None:
    _project(pytester, DIRECT)
    result = pytester.runpytest_subprocess("--flyte")
    result.assert_outcomes(passed=5 + COMPILE_ITEMS)
    rows = _coverage(result)
    assert rows["flows.wf"].split()[:4] == ["9/9", "nodes", "2/2", "branches"]
    assert "run by flytekit's executor" in rows["flows.wf"]
    assert rows["flows.sub"].startswith("1/1 nodes")
    assert rows["flows.repeat"].startswith("4/4 nodes")  # the dynamic's calls, as flyte_run
    assert "ran and raised: n0 (boom)" in rows["flows.fails"]
    assert rows["flows.guarded"].startswith("2/2 nodes")  # flytekit ran its on_failure task
    assert "never run: n0 (inc)" in rows["flows.never"]
    assert "run by" not in rows["flows.never"]


def test_direct_calls_are_measured_under_xdist(pytester: pytest.Pytester) -> None:
    """Each worker measures its own tests' runs; the report merges them."""
    _project(pytester, DIRECT)
    result = pytester.runpytest_subprocess("--flyte", "-n", "2")
    result.assert_outcomes(passed=5 + COMPILE_ITEMS)
    assert _coverage(result)["flows.wf"].split()[:4] == ["9/9", "nodes", "2/2", "branches"]


STUBS = """
from flows import inc, neg, sub, sub_lp, wf


def test_a_stub_answers_a_direct_call(flyte_mock):
    stub = flyte_mock.task(neg, return_value=100)
    assert wf(x=-5) == -3
    assert stub.calls == [{"x": -4}]


def test_a_stubbed_sub_workflow_and_launch_plan(flyte_mock):
    sub_stub = flyte_mock.workflow(sub, return_value=7)
    plan_stub = flyte_mock.launch_plan(sub_lp, return_value=9)
    assert wf(x=1) == 3
    assert sub_stub.calls == [{"x": 3}]
    assert plan_stub.calls == [{"x": 7}]


def test_a_direct_call_of_a_stubbed_task(flyte_mock):
    flyte_mock.task(inc, return_value=41)
    assert inc(x=1) == 41


def test_the_stubs_are_gone_after_the_test():
    assert inc(x=1) == 2
    assert "execute" not in vars(neg)


def test_a_stub_of_the_wrong_type_fails_naming_the_output(flyte_mock):
    flyte_mock.task(neg, return_value="oops")
    wf(x=-5)
"""


@pytest.mark.parametrize("flyte", [True, False])
def test_stubs_apply_to_direct_calls_and_are_undone(pytester: pytest.Pytester, flyte: bool) -> None:
    """With or without --flyte: a stub made with flyte_mock answers flytekit's own run."""
    _project(pytester, STUBS)
    result = pytester.runpytest_subprocess(*(["--flyte"] if flyte else []))
    result.assert_outcomes(passed=4 + (COMPILE_ITEMS if flyte else 0), failed=1)
    result.stdout.fnmatch_lines(
        ["*mock of task 'flows.neg', output 'o0': expected a value of type int but got 'oops'*"]
    )


RECORD = """
import json, os
from flows import sub, sub_lp, wf


def test_record():
    out = {"wf": [wf(x=x) for x in (-5, 0, 1, 9)], "sub": sub(x=2), "lp": sub_lp(x=3)}
    with open(os.environ["FLYTE_OUTPUTS"], "w") as f:
        json.dump(out, f)
"""


def test_flytekit_gives_the_same_outputs_with_and_without_flyte(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(pytester, RECORD)
    seen = []
    for args in ([], ["--flyte"]):
        out = tmp_path / f"out{len(seen)}.json"
        monkeypatch.setenv("FLYTE_OUTPUTS", str(out))
        pytester.runpytest_subprocess(*args).assert_outcomes(
            passed=1 + (COMPILE_ITEMS if args else 0)
        )
        seen.append(json.loads(out.read_text()))
    assert seen[0] == seen[1] == {"wf": [-3, 2, 3, 11], "sub": 3, "lp": 4}


def test_a_project_without_workflows_gets_no_figure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_plain="def test_one():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest_subprocess("--flyte")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["no workflow measured: *there is no coverage figure"])
    assert not any(line.startswith("TOTAL") for line in result.outlines)
    gated = pytester.runpytest_subprocess("--flyte", "--flyte-cov-fail-under=50")
    assert gated.ret == pytest.ExitCode.TESTS_FAILED
    gated.stdout.fnmatch_lines(["*no workflow was measured*drop the gate*"])


# -- Flyte's own examples, called as their __main__ blocks call them ---------------------------

EXAMPLES = [
    "basics/hello_world",
    "basics/workflow",
    "basics/named_outputs",
    "advanced_composition/conditional",
    "advanced_composition/subworkflow",
    "advanced_composition/dynamic_workflow",
    "advanced_composition/map_task",
]

MAIN_BLOCKS = """
import ast, importlib, io, contextlib, json, os, pathlib, pytest

EXAMPLES = {examples!r}


@pytest.mark.parametrize("name", EXAMPLES)
def test_main_block(name):
    module = importlib.import_module(name.replace("/", "."))
    tree = ast.parse(pathlib.Path(module.__file__).read_text())
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for node in tree.body:
            if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
                exec(compile(ast.Module(node.body, []), module.__file__, "exec"), vars(module))
    with open(os.environ["FLYTE_OUTPUTS"] + name.replace("/", "."), "w") as f:
        f.write(printed.getvalue())
"""


def test_flytesnacks_main_blocks_give_the_same_outputs_and_are_measured(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests that call the examples' workflows as their `__main__` blocks do print the same
    with and without --flyte, and the report lists those workflows as run by flytekit."""
    corpus = copy_corpus(tmp_path / "flytesnacks", on_core=False)
    folders = sorted({str(corpus / e.split("/")[0]) for e in EXAMPLES})
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(folders))
    pytester.makepyfile(test_examples=MAIN_BLOCKS.format(examples=EXAMPLES))
    printed = []
    for args in ([], ["--flyte"]):
        prefix = tmp_path / f"run{len(printed)}-"
        monkeypatch.setenv("FLYTE_OUTPUTS", str(prefix))
        result = pytester.runpytest_subprocess(*args)
        assert result.parseoutcomes()["passed"] >= len(EXAMPLES)
        printed.append({e: Path(f"{prefix}{e.replace('/', '.')}").read_text() for e in EXAMPLES})
    assert printed[0] == printed[1]
    assert all(printed[0].values())
    prefixes = ("basics.", "advanced_composition.")
    rows = {line.split()[0]: line for line in result.outlines if line.startswith(prefixes)}
    for name in (
        "basics.workflow.simple_wf",
        "advanced_composition.subworkflow.nested_regression_line_wf",
        "advanced_composition.dynamic_workflow.merge_sort",
    ):
        assert "run by flytekit's executor" in rows[name], rows.get(name)
    # its __main__ runs radius 0.5: the `if` case, then the task the conditional's output
    # feeds, which is the same task as the `elif` case's: that call is not the `elif`'s
    output = rows["advanced_composition.conditional.shape_properties_accept_conditional_output"]
    assert "3/4 nodes   1/2 branches" in output
    case = "'shape_properties_accept_conditional_output' elif #1"
    assert f"never run: n0-n1 (calculate_circle_area), {case}" in output
