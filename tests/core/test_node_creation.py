"""`create_node` and `Workflow` as flytekit has them: the node comes back, ordered with `>>`,
its outputs by attribute and by name; serialized as flytekit serializes the same code."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring import load_both, load_core, same_idl

SOURCE = """
from flytekit import Workflow, task, workflow
from flytekit.core.node_creation import create_node

@task
def double(x: int) -> int:
    return 2 * x

@task
def setup() -> None:
    pass

@workflow
def ordered(x: int) -> int:
    first = create_node(setup)
    second = create_node(double, x=x)
    first >> second
    return second.o0

@workflow
def by_name(x: int) -> int:
    node = create_node(double, x=x)
    return node.outputs["o0"]

imperative = Workflow(name="imperative")
imperative.add_workflow_input("x", int)
n1 = imperative.add_entity(double, x=imperative.inputs["x"])
n2 = imperative.add_entity(double, x=n1.outputs["o0"])
imperative.add_workflow_output("out", n2.outputs["o0"])
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("nodes"), SOURCE)


@pytest.mark.parametrize("name", ["ordered", "by_name", "imperative"])
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


@pytest.mark.parametrize(("name", "kwargs"), [("ordered", {"x": 3}), ("imperative", {"x": 1})])
def test_runs_as_flytekit(name: str, kwargs: dict[str, int], both: tuple[object, object]) -> None:
    fk, core = both
    assert getattr(core, name)(**kwargs) == getattr(fk, name)(**kwargs)


def test_an_output_the_node_lacks_is_named(tmp_path: Path) -> None:
    source = """
        from flytekit import task, workflow
        from flytekit.core.node_creation import create_node

        @task
        def double(x: int) -> int:
            return 2 * x

        @workflow
        def wf(x: int) -> int:
            return create_node(double, x=x).o1
    """
    module = load_core(tmp_path, source)
    with pytest.raises(AttributeError, match=r"node n0 \(double\) has no attribute or output 'o1'"):
        module.wf.compile()


def test_create_node_takes_entities_only() -> None:
    from flytecheck.core import create_node

    with pytest.raises(TypeError, match="takes a task, workflow or launch plan, not 3"):
        create_node(3)
