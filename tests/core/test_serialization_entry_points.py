"""flytekit's serialization entry points at flytekit's paths, with flytekit's signatures:
`flytekit.configuration` and `flytekit.tools.translator.get_serializable(entity_mapping,
settings, entity)`. The same module, run once with flytekit and once with its imports pointed at
`flytecheck.core`, serializes to the same messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flytecheck.core.configuration import FastSerializationSettings, Image, ImageConfig
from flytecheck.core.exceptions.user import FlyteValidationException
from tests.authoring import load_both, normalized

SOURCE = """
from collections import OrderedDict
from typing import List

from flytekit import LaunchPlan, task, workflow
from flytekit.configuration import Image, ImageConfig, SerializationSettings
from flytekit.tools.translator import get_serializable


@task
def double(x: int) -> int:
    return x * 2


@task(container_image="{{.image.gpu.fqn}}:{{.image.gpu.version}}")
def on_gpu(xs: List[int]) -> int:
    return sum(xs)


@workflow
def wf(x: int) -> int:
    return on_gpu(xs=[double(x=x), x])


plan = LaunchPlan.get_or_create(wf, name="mod.plan", default_inputs={"x": 3})

SETTINGS = SerializationSettings(
    image_config=ImageConfig.from_images("example.org/app:v1", {"gpu": "example.org/gpu:v2"}),
    project="proj",
    domain="dev",
    version="v7",
    env={"STAGE": "test"},
)


def serialized():
    out, recorded = {}, {}
    for name, entity in (("double", double), ("on_gpu", on_gpu), ("wf", wf), ("plan", plan)):
        mapping = OrderedDict()
        out[name] = get_serializable(mapping, SETTINGS, entity)
        recorded[name] = [k.name for k in mapping if type(k).__name__ != "Node"]
    return out, recorded
"""


def _idl(message: object) -> object:
    to_idl = getattr(message, "to_flyte_idl", None)
    return to_idl() if to_idl is not None else message


def test_the_same_module_serializes_the_same_on_both(tmp_path: Path) -> None:
    theirs, ours = load_both(tmp_path, SOURCE)
    fk_out, fk_recorded = theirs.serialized()
    core_out, core_recorded = ours.serialized()
    strip = {n: [x.split(".")[-1] for x in names] for n, names in fk_recorded.items()}
    assert {n: [x.split(".")[-1] for x in v] for n, v in core_recorded.items()} == strip
    assert strip["plan"] == ["double", "on_gpu", "wf", "plan"]  # what it serialized, in order
    for name in fk_out:
        assert normalized(core_out[name], ours.__name__) == normalized(
            _idl(fk_out[name]), theirs.__name__
        ), name
    assert core_out["on_gpu"].template.container.image == "example.org/gpu:v2"


def test_images_parse_as_flytekits() -> None:
    from flytekit.configuration import Image as FkImage

    for text in ("org/app:v1", "host:5000/org/app:v1", "org/app@sha256:ab"):
        ours, theirs = Image.look_up_image_info("x", text), FkImage.look_up_image_info("x", text)
        assert (ours.fqn, ours.tag, ours.digest, ours.full) == (
            theirs.fqn,
            theirs.tag,
            theirs.digest,
            theirs.full,
        ), text
    for untagged in ("host:5000/org/app", "org/app"):  # refused by both
        with pytest.raises(AssertionError):
            FkImage.look_up_image_info("x", untagged)
        with pytest.raises(FlyteValidationException, match="has no tag or digest"):
            Image.look_up_image_info("x", untagged)


def test_an_unknown_named_image_and_fast_registration_are_refused() -> None:
    from flytecheck.core import task
    from flytecheck.core.configuration import SerializationSettings
    from flytecheck.core.tools.translator import get_serializable

    @task(container_image="{{.image.tpu.fqn}}:{{.image.tpu.version}}")
    def on_tpu(x: int) -> int:
        return x

    settings = SerializationSettings(image_config=ImageConfig.from_images("org/app:v1"))
    with pytest.raises(
        FlyteValidationException, match=r"names image 'tpu'.*add it to the ImageConfig"
    ):
        get_serializable({}, settings, on_tpu)  # type: ignore[arg-type]
    fast = SerializationSettings(
        image_config=ImageConfig.from_images("org/app:v1"),
        fast_serialization_settings=FastSerializationSettings(enabled=True),
    )
    with pytest.raises(FlyteValidationException, match="fast registration"):
        get_serializable({}, fast, on_tpu)  # type: ignore[arg-type]


OPTIONS = """
from collections import OrderedDict

from flytekit import Annotations, Email, Labels, LaunchPlan, WorkflowExecutionPhase, task, workflow
from flytekit.configuration import Image, ImageConfig, SerializationSettings
from flytekit.core.options import Options
from flytekit.models.security import Identity, Secret, SecurityContext
from flytekit.tools.translator import get_serializable


@task
def double(x: int) -> int:
    return x * 2


@workflow
def wf(x: int) -> int:
    return double(x=x)


plan = LaunchPlan.get_or_create(
    wf,
    name="mod.opts",
    labels=Labels({"team": "a"}),
    max_parallelism=4,
    security_context=SecurityContext(
        run_as=Identity(iam_role="authored"), secrets=[Secret(group="g", key="k")]
    ),
)
SETTINGS = SerializationSettings(image_config=ImageConfig.from_images("org/app:v1"), version="v1")
OVER = Options(
    labels=Labels({"team": "b"}),
    annotations=Annotations({"note": "x"}),
    security_context=SecurityContext(run_as=Identity(k8s_service_account="sa")),
    notifications=[Email(phases=[WorkflowExecutionPhase.FAILED], recipients_email=["a@b.c"])],
    overwrite_cache=True,
)


def serialized():
    return [
        get_serializable(OrderedDict(), SETTINGS, plan, options)
        for options in (OVER, Options.default_from("robot", "s3://bucket/raw"), None)
    ]
"""


def test_options_lay_over_a_launch_plan_as_flytekits_do(tmp_path: Path) -> None:
    theirs, ours = load_both(tmp_path, OPTIONS)
    for core, fk in zip(ours.serialized(), theirs.serialized(), strict=True):
        assert normalized(core, ours.__name__) == normalized(_idl(fk), theirs.__name__)
    over, default, _ = ours.serialized()
    assert over.spec.labels.values == {"team": "b"}
    merged = over.spec.security_context  # field by field: run_as from the options, secrets kept
    assert (merged.run_as.k8s_service_account, merged.secrets[0].key) == ("sa", "k")
    assert default.spec.raw_output_data_config.output_location_prefix == "s3://bucket/raw"


def test_anything_but_options_is_refused_by_name() -> None:
    from flytecheck.core.tools.translator import get_serializable

    with pytest.raises(TypeError, match=r"options=\{'labels'.*pass flytekit's Options"):
        get_serializable({}, None, None, {"labels": 1})  # type: ignore[arg-type]


DEFAULTS = """
from collections import OrderedDict

from flytekit import Resources, task
from flytekit.configuration import ImageConfig, ResourceSpec, SerializationSettings
from flytekit.tools.translator import get_serializable


@task
def bare(x: int) -> int:
    return x


@task(requests=Resources(cpu="3"))
def asks(x: int) -> int:
    return x


SETTINGS = SerializationSettings(
    image_config=ImageConfig.auto(img_name="org/app:v1"),
    default_resources=ResourceSpec(
        requests=Resources(cpu="1", mem="1Gi"), limits=Resources(cpu="2", ephemeral_storage="5Gi")
    ),
)


def serialized():
    return [get_serializable(OrderedDict(), SETTINGS, t) for t in (bare, asks)]
"""


def test_default_resources_go_to_the_tasks_that_ask_for_none(tmp_path: Path) -> None:
    theirs, ours = load_both(tmp_path, DEFAULTS)
    core, fk = ours.serialized(), theirs.serialized()
    for mine, flytekits in zip(core, fk, strict=True):
        theirs_idl: Any = _idl(flytekits)
        assert mine.template.container.resources == theirs_idl.template.container.resources
    assert [r.value for r in core[0].template.container.resources.limits] == ["5Gi", "2"]
    assert [r.value for r in core[1].template.container.resources.requests] == ["3"]


def test_default_images_and_entrypoint_settings_are_flytekits() -> None:
    from flytekit.configuration import DefaultImages as FkDefaultImages
    from flytekit.configuration import EntrypointSettings as FkEntrypoint
    from flytekit.configuration.default_images import PythonVersion

    from flytecheck.core.configuration import DefaultImages, EntrypointSettings

    for python in PythonVersion:
        assert DefaultImages.find_image_for(python, "v1.2.3") == FkDefaultImages.find_image_for(
            python, "v1.2.3"
        )
    assert DefaultImages.default_image().startswith("cr.flyte.org/flyteorg/flytekit:py3.")
    assert EntrypointSettings("/opt/bin").path == FkEntrypoint("/opt/bin").path


def test_default_resources_must_be_a_resource_spec() -> None:
    from flytecheck.core.configuration import SerializationSettings
    from flytecheck.core.resources import Resources

    settings = SerializationSettings(
        image_config=ImageConfig.from_images("org/app:v1"), default_resources=Resources(cpu="1")
    )
    with pytest.raises(TypeError, match=r"default_resources=Resources\(cpu='1'.*ResourceSpec"):
        settings.core_settings()
