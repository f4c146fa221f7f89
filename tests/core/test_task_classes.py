"""Task classes besides @task, as flytekit has them: Echo, SQLTask, ContainerTask and plugin
tasks built on PythonTask. Serialized as flytekit serializes them; the ones that run only on a
cluster stop a local run with the stub to write, and run once stubbed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from flytecheck.core._stub import NeedsStub
from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.mocks import task_mock
from tests.authoring import load_both, load_core, same_idl

SOURCE = """
import datetime
from flytekit import ContainerTask, Resources, SQLTask, TaskMetadata, kwtypes, workflow
from flytekit.core.task import Echo
from flytekit.extend import Interface, PythonTask

echo = Echo(name="echo", inputs={"radius": float})
sql = SQLTask(
    "my-query",
    query_template="SELECT * FROM t WHERE ds = '{{ .Inputs.ds }}' LIMIT 10",
    inputs=kwtypes(ds=datetime.datetime),
    outputs=kwtypes(results=int),
    metadata=TaskMetadata(retries=2),
)

class Sensor(PythonTask):
    def __init__(self, name, **kwargs):
        super().__init__(
            task_type="object-store-sensor", name=name, task_config=None,
            interface=Interface(inputs={"path": str}, outputs={"path": str}), **kwargs,
        )

    def execute(self, **kwargs):
        return kwargs["path"]

sensor = Sensor(
    name="my-sensor", metadata=TaskMetadata(retries=10, timeout=datetime.timedelta(minutes=20))
)
container = ContainerTask(
    name="ct", image="alpine:3", command=["sh", "-c", "echo {{.inputs.a}}"], arguments=["x"],
    inputs=kwtypes(a=int), outputs=kwtypes(b=str), input_data_dir="/var/inputs",
    output_data_dir="/var/outputs", metadata_format=ContainerTask.MetadataFormat.YAML,
    environment={"E": "1"}, requests=Resources(cpu="1"),
)
bare_container = ContainerTask(name="ct2", image="alpine:3", command=["true"])

@workflow
def uses_all(ds: datetime.datetime, r: float) -> float:
    sql(ds=ds)
    sensor(path="p")
    container(a=1)
    return echo(radius=r)
"""

NAMES = ["echo", "sql", "sensor", "container", "bare_container", "uses_all"]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("classes"), SOURCE)


@pytest.mark.parametrize("name", NAMES)
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_echo_and_plugin_tasks_run_as_on_flytekit(both: tuple[object, object]) -> None:
    fk, core = both
    assert core.echo(radius=2.5) == fk.echo(radius=2.5) == 2.5
    assert core.sensor(path="/x") == fk.sensor(path="/x") == "/x"


@pytest.mark.parametrize(
    ("name", "kwargs", "why"),
    [
        ("sql", {"ds": datetime.datetime(2026, 1, 1)}, "runs its query on a sql_task backend"),
        ("container", {"a": 1}, "runs its own container image"),
    ],
)
def test_cluster_only_tasks_need_a_stub(
    name: str, kwargs: dict[str, object], why: str, both: tuple[object, object]
) -> None:
    _, core = both
    task = getattr(core, name)
    with pytest.raises(
        NeedsStub, match=rf"task '{task.name}' {why}.*task_mock\({task.short_name}\)"
    ):
        task(**kwargs)


def test_a_stubbed_workflow_of_every_class_runs(both: tuple[object, object]) -> None:
    _, core = both
    with task_mock(core.sql, return_value=3) as sql, task_mock(core.container, return_value="b"):
        day = datetime.datetime(2026, 1, 2, tzinfo=datetime.timezone.utc)
        assert core.uses_all(ds=day, r=1.5) == 1.5
    sql.assert_called_once_with(ds=day)


def test_a_query_naming_a_missing_input_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import SQLTask, kwtypes

        sql = SQLTask("q", query_template="SELECT {{ .Inputs.dss }}", inputs=kwtypes(ds=str))
    """
    with pytest.raises(FlyteValidationException, match=r"names input 'dss'.*its inputs: ds"):
        load_core(tmp_path, source)


def test_the_query_is_filled_in(both: tuple[object, object]) -> None:
    _, core = both
    assert core.sql.get_query(ds="2026") == "SELECT * FROM t WHERE ds = '2026' LIMIT 10"
