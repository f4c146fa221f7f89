"""`Resources` and `ResourceSpec` at flytekit's path (`flytekit.core.resources`): the same values
accepted and refused, the same JSON, the same requests and limits from a (request, limit) pair,
and the same IDL for a task's resources and for a node's `with_overrides`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.resources import (
    Resources,
    ResourceSpec,
    convert_resources_to_resource_model,
    pod_spec_from_resources,
)
from tests.authoring import core_idl, flytekit_idl, load_both, normalized

pytest.importorskip(
    "flytekit", reason="flytekit is not installed: pip install 'flytecheck[flytekit]'"
)

GIVEN: list[dict[str, Any]] = [
    {"cpu": "1", "mem": "1Gi"},
    {"cpu": 0.5, "mem": 1024, "gpu": 1, "ephemeral_storage": "10Gi"},
    {"cpu": ("1", "2"), "mem": ["1Gi", "2Gi"]},
    {"cpu": ("1", "2", "3")},
    {"cpu": ["1", None]},
    {"mem": 1.5},
    {"gpu": 0.5},
    {"ephemeral_storage": ("1Gi", "2Gi")},
    {"cpu": {"request": "1"}},
    {"mem": None},
]


def _made(make: Any, kwargs: dict[str, Any]) -> Any:
    try:
        return make(**kwargs)
    except (AssertionError, ValueError) as e:
        return type(e)


@pytest.mark.parametrize("kwargs", GIVEN, ids=[repr(g) for g in GIVEN])
def test_accepts_and_refuses_what_flytekit_does(kwargs: dict[str, Any]) -> None:
    from flytekit.core.resources import Resources as FkResources
    from flytekit.core.resources import ResourceSpec as FkSpec

    ours, theirs = _made(Resources, kwargs), _made(FkResources, kwargs)
    if isinstance(theirs, type):
        assert ours is theirs
        return
    assert isinstance(ours, Resources), f"flytekit accepts {kwargs}, the core refused it"
    assert json.loads(ours.to_json()) == json.loads(theirs.to_json())
    assert Resources.from_json(ours.to_json()) == Resources(
        **{k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    )
    spec, fk_spec = ResourceSpec.from_multiple_resource(ours), FkSpec.from_multiple_resource(theirs)
    assert json.loads(spec.to_json()) == json.loads(fk_spec.to_json())
    assert ResourceSpec.from_json(spec.to_json()) == spec


def test_a_refusal_names_the_field_and_what_it_takes() -> None:
    with pytest.raises(AssertionError, match=r"Resources\(mem=1.5\): mem takes a str or int"):
        Resources(mem=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"holds a \(request, limit\) pair.*resources="):
        convert_resources_to_resource_model(requests=Resources(cpu=("1", "2")))


def test_pod_spec_from_resources_is_flytekits() -> None:
    pytest.importorskip("kubernetes")
    from flytekit.core.resources import Resources as FkResources
    from flytekit.core.resources import pod_spec_from_resources as fk_pod_spec

    ours = pod_spec_from_resources("main", requests=Resources(cpu="1", gpu="2"))
    theirs = fk_pod_spec("main", requests=FkResources(cpu="1", gpu="2"))
    assert ours == theirs
    as_number = pod_spec_from_resources("main", limits=Resources(gpu=2))  # flytekit's fails
    assert as_number.containers[0].resources.requests == {"nvidia.com/gpu": "2"}


SOURCE = """
from flytekit import Cache, Resources, task, workflow


@task(resources=Resources(cpu=("1", "2"), mem="1Gi"))
def paired(x: int) -> int:
    return x


@task(requests=Resources(cpu="1"), limits=Resources(mem="2Gi", ephemeral_storage="1Gi"))
def split(x: int) -> int:
    return x


@workflow
def wf(x: int) -> int:
    a = paired(x=x).with_overrides(
        requests=Resources(cpu="2"),
        limits=Resources(mem="1Gi"),
        container_image="example.org/other:v2",
        cache=True,
        cache_version="3",
        retries=4,
    )
    b = split(x=a).with_overrides(resources=Resources(cpu=("1", "2")))
    return paired(x=b).with_overrides(cache=Cache(version="9", serialize=True))
"""


def test_task_resources_and_node_overrides_serialize_as_flytekits(tmp_path: Path) -> None:
    theirs, ours = load_both(tmp_path, SOURCE)
    for name in ("paired", "split", "wf"):
        core, fk = core_idl(getattr(ours, name)), flytekit_idl(getattr(theirs, name))
        assert normalized(core, ours.__name__) == normalized(fk, theirs.__name__), name
    nodes = core_idl(ours.wf).template.nodes
    assert nodes[0].task_node.overrides.container_image == "example.org/other:v2"
    assert nodes[2].metadata.cache_serializable


def test_resources_and_requests_together_are_refused_by_name(tmp_path: Path) -> None:
    from tests.authoring import load_core

    source = """
        from flytekit import Resources, task

        @task(resources=Resources(cpu="1"), requests=Resources(mem="1Gi"))
        def t(x: int) -> int:
            return x
    """
    with pytest.raises(ValueError, match=r"task '.*\.t': give resources= or requests="):
        load_core(tmp_path, source)
