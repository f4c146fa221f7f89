"""reference_task, reference_launch_plan and reference_workflow: declared by identifier and
signature, serialized as flytekit serializes them, checked by the backend's rules by their
interface, and never run locally without a stub (the error shows the stub to write)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.idl_check import WorkflowCompileError
from flytecheck.core.reference import ReferenceEntityNotStubbed
from flytecheck.mocks import task_mock
from tests.authoring import core_idl, load_both, load_core, same_idl

SOURCE = """
from typing import List
from flytekit import reference_launch_plan, reference_task, reference_workflow, workflow

@reference_task(project="p2", domain="d2", name="other.t", version="v9")
def rt(a: int, b: List[str]) -> int:
    ...

@reference_task(project="p2", domain="d2", name="other.noio", version="v9")
def noio():
    ...

@reference_launch_plan(project="p3", domain="d3", name="other.lp", version="v8")
def rlp(a: int) -> str:
    ...

@workflow
def wf(a: int) -> str:
    noio()
    x = rt(a=a, b=["q"])
    return rlp(a=x)
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("references"), SOURCE)


def test_serializes_as_flytekit(both: tuple[object, object]) -> None:
    """Nodes point at the references' own identifiers, named by their last part."""
    fk, core = both
    same_idl(fk.wf, fk.__name__, core.wf, core.__name__)


def test_an_unstubbed_reference_names_itself_and_the_stub(both: tuple[object, object]) -> None:
    _, core = both
    with pytest.raises(
        ReferenceEntityNotStubbed,
        match=r"reference task 'other\.noio' \(p2/d2, version v9\).*task_mock\(noio\)",
    ):
        core.wf(a=1)
    with pytest.raises(
        NotImplementedError, match=r"reference launch plan 'other\.lp'.*task_mock\(rlp\)"
    ):
        core.rlp(a=1)


def test_stubbed_references_run(both: tuple[object, object]) -> None:
    _, core = both
    with task_mock(core.noio), task_mock(core.rt, return_value=5) as t, task_mock(core.rlp) as lp:
        lp.return_value = "five"
        assert core.wf(a=2) == "five"
    t.assert_called_once_with(a=2, b=["q"])
    lp.assert_called_once_with(a=5)


def test_a_reference_has_no_idl_of_its_own(both: tuple[object, object]) -> None:
    _, core = both
    with pytest.raises(FlyteValidationException, match="registered elsewhere: it has no IDL"):
        core_idl(core.rt)


def test_a_reference_workflow_as_a_sub_workflow_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import reference_workflow, workflow

        @reference_workflow(project="p", domain="d", name="other.wf", version="1")
        def rwf(a: int) -> int:
            ...

        @workflow
        def wf(a: int) -> int:
            return rwf(a=a)
    """
    module = load_core(tmp_path, source)
    with pytest.raises(
        FlyteValidationException, match=r"declare its launch plan with @reference_launch_plan"
    ):
        module.wf.compile()


def test_bindings_to_a_reference_are_checked_by_its_interface(tmp_path: Path) -> None:
    """A str bound to the reference's int input is the backend's MismatchingTypes."""
    source = """
        from flytekit import reference_task, workflow

        @reference_task(project="p", domain="d", name="other.t", version="1")
        def rt(a: int) -> int:
            ...

        @workflow
        def wf(s: str) -> int:
            return rt(a=s)
    """
    module = load_core(tmp_path, source)
    with pytest.raises((WorkflowCompileError, FlyteValidationException), match="MismatchingTypes"):
        module.wf.compile()


BY_TYPE = """
from flytekit import get_reference_entity, kwtypes, workflow
from flytekit.core.reference_entity import LaunchPlanReference, TaskReference, WorkflowReference
from flyteidl.core.identifier_pb2 import ResourceType

rt = get_reference_entity(
    ResourceType.TASK, "p2", "d2", "other.t", "v9", inputs=kwtypes(a=int), outputs=kwtypes(o0=str)
)
rlp = get_reference_entity(
    ResourceType.LAUNCH_PLAN, "p3", "d3", "other.lp", "v8", inputs=kwtypes(s=str), outputs={}
)
rwf = get_reference_entity(
    ResourceType.WORKFLOW, "p4", "d4", "other.wf", "v7", inputs=kwtypes(a=int), outputs={}
)
REFS = [TaskReference("p", "d", "n", "v"), WorkflowReference("p", "d", "n", "v"),
        LaunchPlanReference("p", "d", "n", "v")]


@workflow
def wf(a: int):
    rlp(s=rt(a=a))
"""


def test_references_by_resource_type_are_flytekits(tmp_path: Path) -> None:
    fk, core = load_both(tmp_path, BY_TYPE)
    same_idl(fk.wf, fk.__name__, core.wf, core.__name__)
    for ours, theirs in zip(core.REFS, fk.REFS, strict=True):
        assert ours.resource_type == theirs.resource_type
        assert ours.id == theirs.id.to_flyte_idl()
    from flytecheck.core.reference import ReferenceWorkflow
    from flytecheck.core.reference_entity import ReferenceEntity

    assert isinstance(core.rwf, ReferenceWorkflow)
    assert isinstance(core.rt, ReferenceEntity)


def test_an_unknown_resource_type_is_refused_by_name() -> None:
    from flytecheck.core import get_reference_entity

    with pytest.raises(FlyteValidationException, match=r"'x.y'\): resource type 9 is none of"):
        get_reference_entity(9, "p", "d", "x.y", "v", {}, {})
