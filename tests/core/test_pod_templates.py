"""Pod templates serialize as flytekit serializes them: the task's container merged into the
primary container of the pod spec, the spec as `k8s_pod`, its labels and annotations, the
primary container's name in the config. Compared with flytekit itself on the same source."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.exceptions.user import FlyteValidationException
from tests.authoring import load_both, load_core, same_idl

pytest.importorskip("kubernetes")

SOURCE = """
from flytekit import ContainerTask, PodTemplate, Resources, kwtypes, task
from kubernetes.client.models import (
    V1Container, V1EmptyDirVolumeSource, V1EnvVar, V1PodSpec, V1Toleration, V1Volume,
    V1VolumeMount,
)

spec = V1PodSpec(
    containers=[
        V1Container(
            name="main",
            env=[V1EnvVar(name="X", value="1")],
            volume_mounts=[V1VolumeMount(name="v", mount_path="/data")],
        ),
        V1Container(name="side", image="busybox"),
        V1Container(name="templated", image="{{.image.default.fqn}}:{{.image.default.version}}"),
    ],
    tolerations=[V1Toleration(key="k", operator="Exists")],
    volumes=[V1Volume(name="v", empty_dir=V1EmptyDirVolumeSource(medium="Memory"))],
)

@task(
    pod_template=PodTemplate(
        pod_spec=spec, primary_container_name="main", labels={"l": "1"}, annotations={"a": "2"}
    ),
    requests=Resources(cpu="1", mem="1Gi", gpu="1"),
    limits=Resources(ephemeral_storage="2Gi"),
    environment={"E": "e"},
)
def full(a: int) -> int:
    return a

@task(pod_template=PodTemplate(labels={"only": "labels"}))
def no_spec(a: int) -> int:
    return a

@task(pod_template=PodTemplate(pod_spec=V1PodSpec(containers=[V1Container(name="other")])))
def primary_added(a: int) -> int:
    return a

raw = ContainerTask(
    name="raw",
    image="alpine:3",
    command=["echo", "{{.inputs.a}}"],
    inputs=kwtypes(a=int),
    pod_template=PodTemplate(pod_spec=V1PodSpec(containers=[]), primary_container_name="p"),
)

@task(pod_template=PodTemplate(labels={"l": "1"}))
def runs(a: int) -> int:
    return a + 1
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("pods"), SOURCE)


@pytest.mark.parametrize("name", ["full", "no_spec", "primary_added", "raw"])
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_a_task_with_a_pod_template_runs_locally(both: tuple[object, object]) -> None:
    assert both[1].runs(a=1) == 2  # type: ignore[attr-defined]


def test_a_pod_template_that_is_not_one_is_refused_naming_the_task(tmp_path: Path) -> None:
    source = """
        from flytekit import task

        @task(pod_template={"containers": []})
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(
        FlyteValidationException, match=r"'.*\.t': pod_template=.* not a PodTemplate"
    ):
        load_core(tmp_path, source)


def test_a_pod_spec_of_something_else_says_what_to_build_it_from(tmp_path: Path) -> None:
    source = """
        from flytekit import PodTemplate, task

        @task(pod_template=PodTemplate(pod_spec=object()))
        def t(a: int) -> int:
            return a
    """
    module = load_core(tmp_path, source)
    from tests.authoring import core_idl

    with pytest.raises(FlyteValidationException, match=r"neither a Kubernetes model nor JSON"):
        core_idl(module.t)
