"""flytekit projects, unchanged, under the plugin's fixtures: every node kind and entity kind of
Flyte's own examples (imported as they are, on flytekit) run by `flyte_run`, stubbed by
`flyte_mock`, answered at gates, and run through flytekit's container path by `flyte_execute`."""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flytekit")

from flytecheck.core.exceptions.user import FlyteAssertion, FlyteValidationException
from tests.flytesnacks import copy_corpus, flytesnacks_dir


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    flytesnacks_dir()
    root = copy_corpus(tmp_path_factory.mktemp("snacks") / "corpus", on_core=False)
    yield root
    for name in [n for n in sys.modules if n.split(".")[0] in {p.name for p in root.iterdir()}]:
        del sys.modules[name]


def snack(corpus: Path, module: str) -> Any:
    """A flytesnacks module (`folder.name`) imported as a project imports it."""
    folder = str(corpus / module.split(".")[0])
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(module)


# -- gates ----------------------------------------------------------------------------------


def test_a_signal_gate_takes_its_value_from_the_test(
    corpus: Path, flyte_run: Any, flyte_mock: Any
) -> None:
    gates = snack(corpus, "advanced_composition.waiting_for_external_inputs")
    flyte_mock.signal("title", "Q3")
    report = flyte_run(gates.reporting_wf, data=[1.0, 3.0])
    assert report == {"title": "Q3", "mean": 2.0, "length": 2, "max": 3.0, "min": 1.0}


def test_an_unanswered_gate_names_itself_and_the_call_to_add(corpus: Path, flyte_run: Any) -> None:
    gates = snack(corpus, "advanced_composition.waiting_for_external_inputs")
    with pytest.raises(Exception, match=r"waits for input 'title'.*flyte_mock.signal\('title'"):
        flyte_run(gates.reporting_wf, data=[1.0])


def test_approvals_pass_the_value_on_and_rejections_fail_the_run(
    corpus: Path, flyte_run: Any, flyte_mock: Any
) -> None:
    gates = snack(corpus, "advanced_composition.waiting_for_external_inputs")
    flyte_mock.signal("title", "final")
    flyte_mock.approve("approve-final-report")
    assert flyte_run(gates.reporting_with_approval_wf, data=[2.0])["title"] == "final"
    flyte_mock.reject("approve-final-report", "numbers look wrong")
    with pytest.raises(FlyteAssertion, match="'approve-final-report' was rejected: numbers"):
        flyte_run(gates.reporting_with_approval_wf, data=[2.0])


def test_a_sleep_never_waits(corpus: Path, flyte_run: Any) -> None:
    gates = snack(corpus, "advanced_composition.waiting_for_external_inputs")
    started = time.monotonic()
    assert flyte_run(gates.sleep_wf, num=4) == gates.sleep_wf(num=4)
    assert time.monotonic() - started < 5  # the workflow sleeps 10 s on the backend


def test_a_conditional_on_a_signal(corpus: Path, flyte_run: Any, flyte_mock: Any) -> None:
    gates = snack(corpus, "advanced_composition.waiting_for_external_inputs")
    flyte_mock.signal("title-input", "t")
    flyte_mock.signal("review-passes", False)
    assert flyte_run(gates.conditional_wf, data=[1.0]) == {"invalid_report": True}


# -- launch plans, failure nodes, chains, references ------------------------------------------


def test_a_launch_plan_runs_its_workflow_with_its_inputs(corpus: Path, flyte_run: Any) -> None:
    import datetime

    plans = snack(corpus, "productionizing.lp_schedules")
    when = datetime.datetime(2026, 1, 2, 3, 4, 5)
    assert flyte_run(plans.cron_lp, kickoff_time=when) == plans.cron_lp(kickoff_time=when)
    assert flyte_run(plans.fixed_rate_lp, name="you") == plans.fixed_rate_lp(name="you")


def test_a_launch_plan_can_be_stubbed(corpus: Path, flyte_run: Any, flyte_mock: Any) -> None:
    plans = snack(corpus, "productionizing.lp_schedules")
    mock = flyte_mock.launch_plan(plans.fixed_rate_lp)
    assert flyte_run(plans.fixed_rate_lp, name="x") is None
    mock.assert_called_once_with(name="x")


def test_the_failure_node_runs_when_a_node_fails(
    corpus: Path, flyte_run: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = snack(corpus, "development_lifecycle.failure_node")
    with pytest.raises(ValueError, match="Fail!"):
        flyte_run(failing.wf2, name="c1")
    assert "Deleting cluster c1 due to None" in capsys.readouterr().out


def test_chained_entities_run_in_the_order_the_chain_gives(
    corpus: Path, flyte_run: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = snack(corpus, "advanced_composition.chain_entities")
    flyte_run(chain.chain_tasks_wf)
    assert capsys.readouterr().out.split() == ["Running", "t0", "Running", "t1", "Running", "t2"]


def test_a_reference_task_must_be_stubbed_and_can_be(
    corpus: Path, flyte_run: Any, flyte_mock: Any, tmp_path: Path
) -> None:
    from flytekit.types.file import FlyteFile

    refs = snack(corpus, "productionizing.reference_task")
    with pytest.raises(Exception, match=r"'sql.bigquery.no_io'.*flyte_mock.task\(no_io"):
        flyte_run(refs.wf)
    out = tmp_path / "normalized.csv"
    out.write_text("a,b\n")
    flyte_mock.task(refs.bigquery_task)
    normalize = flyte_mock.task(refs.normalize_columns, return_value=FlyteFile(str(out)))
    result = flyte_run(refs.wf)
    assert isinstance(result, FlyteFile)
    assert Path(result.path).read_text() == "a,b\n"
    assert normalize.calls[0]["columns_to_normalize"] == ["Age"]


# -- stubs inside dynamic tasks, flytekit's own mocks, flyte_execute -------------------------


def test_a_stub_applies_inside_a_dynamic_task(
    corpus: Path, flyte_run: Any, flyte_mock: Any
) -> None:
    dynamic = snack(corpus, "advanced_composition.dynamic_workflow")
    expected = dynamic.dynamic_wf(s1="Pear", s2="Earth")
    assert flyte_run(dynamic.dynamic_wf, s1="Pear", s2="Earth") == expected == 3  # e, a, r
    stub = flyte_mock.task(dynamic.derive_count, return_value=99)  # called in the dynamic body
    assert flyte_run(dynamic.dynamic_wf, s1="Pear", s2="Earth") == 99
    assert stub.call_count == 1
    assert len(stub.calls[0]["freq1"]) == 26


def test_flytekits_own_task_mock_is_honoured(corpus: Path, flyte_run: Any) -> None:
    from flytekit.testing import task_mock

    mocking = snack(corpus, "testing.mocking")
    with task_mock(mocking.sql) as mock:
        import pandas

        mock.return_value = pandas.DataFrame(data={"x": [1, 2], "y": ["3", "4"]})
        table = flyte_run(mocking.my_wf).open().all()
    assert list(table["x"]) == [1, 2]


def test_flyte_execute_runs_a_flytekit_task_through_flytekits_container_path(
    corpus: Path, flyte_execute: Any
) -> None:
    hello = snack(corpus, "basics.hello_world")
    result = flyte_execute(hello.say_hello)
    assert result.ok, result.error
    assert result.outputs == hello.say_hello()


def test_a_launch_plan_is_graphed_as_its_workflow(corpus: Path, flyte_graph: Any) -> None:
    plans = snack(corpus, "productionizing.lp_schedules")
    assert flyte_graph(plans.fixed_rate_lp) == flyte_graph(plans.positive_wf)
    assert [n.entity for n in flyte_graph(plans.fixed_rate_lp).nodes] == [
        "productionizing.lp_schedules.be_positive"
    ]


# -- eager workflows -------------------------------------------------------------------------

EAGER_CASES = [
    ("simple_eager_workflow", 1, 4),
    ("simple_eager_workflow", -5, -1),
    ("another_eager_workflow", 3, 6),
    ("eager_workflow_with_conditionals", 200, 100),
    ("eager_workflow_with_conditionals", 2, 6),
    ("eager_workflow_with_for_loop", 3, 12),  # (1 + 2 + 3) * 2
    ("eager_workflow_with_static_subworkflow", 1, 4),
    ("nested_eager_workflow", 1, 4),
    ("eager_workflow_with_exception", 0, -1),  # the task's TypeError caught as EagerException
    ("eager_workflow_with_exception", 7, 7),
]


@pytest.mark.parametrize(("name", "x", "expected"), EAGER_CASES)
def test_an_eager_workflow_runs_its_body_as_a_backend_would(
    corpus: Path, flyte_run: Any, name: str, x: int, expected: int
) -> None:
    eager = snack(corpus, "advanced_composition.eager_workflows")
    assert flyte_run(getattr(eager, name), x=x) == expected


def test_stubs_apply_inside_an_eager_body_at_every_depth(
    corpus: Path, flyte_run: Any, flyte_mock: Any
) -> None:
    eager = snack(corpus, "advanced_composition.eager_workflows")
    add = flyte_mock.task(eager.add_one, return_value=10)
    assert flyte_run(eager.simple_eager_workflow, x=1) == 20
    assert flyte_run(eager.nested_eager_workflow, x=1) == 20  # inside the eager sub-workflow
    assert flyte_run(eager.eager_workflow_with_for_loop, x=3) == 60  # three gathered calls
    assert [c["x"] for c in add.calls] == [1, 1, 0, 1, 2]


def test_an_eager_workflow_can_itself_be_stubbed(
    corpus: Path, flyte_run: Any, flyte_mock: Any
) -> None:
    eager = snack(corpus, "advanced_composition.eager_workflows")
    flyte_mock.task(eager.eager_subworkflow, return_value=5)
    assert flyte_run(eager.nested_eager_workflow, x=1) == 10


def test_flytekits_task_mock_applies_inside_an_eager_body(corpus: Path, flyte_run: Any) -> None:
    from flytekit.testing import task_mock

    eager = snack(corpus, "advanced_composition.eager_workflows")
    with task_mock(eager.double) as mock:
        mock.return_value = 0
        assert flyte_run(eager.simple_eager_workflow, x=1) == 0
    mock.assert_called_once_with(x=2)


def test_an_eager_workflow_has_no_graph_and_says_so(corpus: Path, flyte_graph: Any) -> None:
    eager = snack(corpus, "advanced_composition.eager_workflows")
    with pytest.raises(TypeError, match=r"no graph before it runs.*flyte_run"):
        flyte_graph(eager.simple_eager_workflow)


def test_an_entity_called_and_never_awaited_fails_the_run_naming_it(flyte_run: Any) -> None:
    from tests.pytest_plugin import fk_unawaited as bodies

    never = r"called task 'tests.pytest_plugin.fk_unawaited.inc' and never awaited it"
    with pytest.raises(FlyteValidationException, match=never):
        flyte_run(bodies.forgets_to_await, x=1)
    with pytest.raises(FlyteValidationException, match=r"input 'x' of task .*inc' is an entity"):
        flyte_run(bodies.passes_a_call_on, x=1)
    with pytest.raises(FlyteValidationException, match=r"result of eager workflow .*never awaited"):
        flyte_run(bodies.returns_a_call, x=1)


def test_a_flytekit_call_with_a_wrong_or_missing_input_names_it(
    corpus: Path, flyte_run: Any
) -> None:
    imperative = snack(corpus, "basics.imperative_workflow")
    with pytest.raises(FlyteValidationException, match="no input 'z': its inputs are x, y"):
        flyte_run(imperative.imperative_wf, x=[1], y=[2], z=3)
    with pytest.raises(FlyteValidationException, match=r"needs input 'y'.*pass y=\.\.\."):
        flyte_run(imperative.imperative_wf, x=[1])


def test_a_flytekit_task_checkpoints_in_a_sandbox_of_its_own(corpus: Path, flyte_run: Any) -> None:
    """As in flytekit's local run, a recoverable error is not retried: the task wrote its
    checkpoint three times before it raised; its scratch folder goes without a warning."""
    import gc

    from flytekit.exceptions.user import FlyteRecoverableException

    checkpoints = snack(corpus, "advanced_composition.checkpoint")
    with pytest.raises(FlyteRecoverableException, match="Failed at iteration 3"):
        flyte_run(checkpoints.checkpointing_example, n_iterations=10)
    gc.collect()  # a warning as the folder is removed would fail the test (filterwarnings)


def test_flyte_execute_of_an_eager_workflow_says_to_use_flyte_run(
    corpus: Path, flyte_execute: Any
) -> None:
    eager = snack(corpus, "advanced_composition.eager_workflows")
    with pytest.raises(FlyteValidationException, match=r"on a Flyte cluster.*flyte_run"):
        flyte_execute(eager.simple_eager_workflow, x=1)


# -- task classes: those flytekit runs locally run, the others need a stub --------------------


def test_a_sqlite3_task_runs_its_query_as_flytekits_local_run_does(
    flyte_run: Any, tmp_path: Path
) -> None:
    import sqlite3

    from flytekit import kwtypes
    from flytekit.extras.sqlite3.task import SQLite3Config, SQLite3Task
    from flytekit.types.schema import FlyteSchema

    db = tmp_path / "shop.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute("create table orders(id int, item text)")
        connection.executemany("insert into orders values (?, ?)", [(1, "a"), (2, "b"), (3, "c")])
    query = SQLite3Task(
        name="tests.orders_from",
        query_template="select * from orders where id >= {{ .inputs.low }}",
        inputs=kwtypes(low=int),
        output_schema_type=FlyteSchema,
        task_config=SQLite3Config(uri=str(db)),
    )
    ours = flyte_run(query, low=2).open().all()
    theirs = query(low=2).open().all()
    assert (
        ours.to_dict("records")
        == theirs.to_dict("records")
        == [
            {"id": 2, "item": "b"},
            {"id": 3, "item": "c"},
        ]
    )


def test_a_sql_task_for_a_remote_engine_needs_a_stub_and_can_have_one(
    flyte_run: Any, flyte_mock: Any
) -> None:
    from flytekit import kwtypes
    from flytekit.core.base_sql_task import SQLTask

    query = SQLTask(
        name="tests.warehouse_count",
        query_template="select count(*) from sales where region = '{{ .inputs.region }}'",
        task_type="warehouse",
        inputs=kwtypes(region=str),
        outputs=kwtypes(n=int),
    )
    with pytest.raises(Exception, match=r"a query for a remote engine.*flyte_mock.task\("):
        flyte_run(query, region="eu")
    flyte_mock.task(query, return_value=12)
    assert flyte_run(query, region="eu") == 12


def test_an_echo_task_passes_its_input_on_as_in_flytekit(flyte_run: Any, flyte_mock: Any) -> None:
    from tests.pytest_plugin import fk_task_kinds as kinds

    assert flyte_run(kinds.echoed, x=4) == kinds.echoed(x=4) == 8
    flyte_mock.task(kinds.echo, return_value=1)
    assert flyte_run(kinds.echoed, x=4) == 2
