"""The public attributes flytekit users' tests read, compared with flytekit's on the same
module: `python_interface` and its views, a launch plan's `parameters` and `concurrency`,
`FlyteFile.from_source` / `FlyteDirectory.from_source`, and `with_overrides` on a call whose
outputs are a named tuple."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.authoring import core_idl, flytekit_idl, load_both, normalized

SOURCE = """
from typing import NamedTuple, Optional

from flytekit import LaunchPlan, task, workflow
from flytekit.models.concurrency import ConcurrencyLimitBehavior, ConcurrencyPolicy


class Stats(NamedTuple):
    total: int
    label: str


@task
def summarize(x: int, label: str = "n", extra: Optional[int] = None) -> Stats:
    return Stats(x, label)


@workflow
def wf(x: int, label: str = "w") -> int:
    stats = summarize(x=x, label=label).with_overrides(retries=3, name="renamed")
    return stats.total


plan = LaunchPlan.get_or_create(
    wf,
    name="mod.plan",
    default_inputs={"x": 4},
    concurrency=ConcurrencyPolicy(max_concurrency=2, behavior=ConcurrencyLimitBehavior.SKIP),
)
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    return load_both(tmp_path_factory.mktemp("entity_api"), SOURCE)


def test_python_interface_views_are_flytekits(both: tuple[Any, Any]) -> None:
    fk, core = both
    for name in ("summarize", "wf"):
        ours, theirs = getattr(core, name).python_interface, getattr(fk, name).python_interface
        assert ours.inputs == theirs.inputs
        assert ours.outputs == theirs.outputs
        assert ours.inputs_with_defaults == theirs.inputs_with_defaults
        assert ours.default_inputs_as_kwargs == theirs.default_inputs_as_kwargs
        assert ours.output_names == theirs.output_names
        assert ours.output_tuple_name == theirs.output_tuple_name
    assert core.plan.python_interface.inputs == fk.plan.python_interface.inputs


def test_a_plans_parameters_and_concurrency_are_flytekits(both: tuple[Any, Any]) -> None:
    fk, core = both
    assert core.plan.parameters == fk.plan.parameters.to_flyte_idl()
    assert core.plan.parameters.parameters["x"].default.scalar.primitive.integer == 4
    assert core.plan.concurrency.max_concurrency == fk.plan.concurrency.max_concurrency == 2


def test_with_overrides_on_named_tuple_outputs_is_flytekits(both: tuple[Any, Any]) -> None:
    fk, core = both
    assert normalized(core_idl(core.wf), core.__name__) == normalized(
        flytekit_idl(fk.wf), fk.__name__
    )
    assert core_idl(core.wf).template.nodes[0].metadata.retries.retries == 3
    assert core.wf(x=2) == 2


@pytest.mark.parametrize("kind", ["file", "directory"])
def test_from_source_is_the_value_a_task_receives(kind: str, tmp_path: Path) -> None:
    from flytekit.types.directory import FlyteDirectory as FkDirectory
    from flytekit.types.file import FlyteFile as FkFile

    from flytecheck.core.types.directory import FlyteDirectory
    from flytecheck.core.types.file import FlyteFile

    source = tmp_path / "given"
    if kind == "file":
        source.write_text("hello")
        ours, theirs = FlyteFile.from_source(str(source)), FkFile.from_source(str(source))
        with ours.open("r") as mine, theirs.open("r") as flytekits:
            assert mine.read() == flytekits.read() == "hello"
    else:
        source.mkdir()
        (source / "a.txt").write_text("a")
        ours, theirs = FlyteDirectory.from_source(source), FkDirectory.from_source(source)
        assert sorted(p.name for p in Path(ours.download()).iterdir()) == ["a.txt"]
    assert Path(ours.path).resolve() == Path(theirs.path).resolve() == source.resolve()
