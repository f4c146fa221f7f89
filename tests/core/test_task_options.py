"""flytekit's task options on the core: secrets (declared and read), caches (`Cache` too), decks,
environment, images (ImageSpec, templated names); what the core cannot serialize yet is refused
by name. IDL is compared with flytekit's own serialization of the same source."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flytecheck.core import Secret, SecretsManager
from flytecheck.core.exceptions.user import FlyteValidationException
from tests.authoring import core_idl, load_both, load_core, same_idl

SOURCE = """
from flytekit import Cache, Secret, task, workflow
from flytekit.extras.accelerators import A100, T4
from flytekit.models.documentation import Description, Documentation

@task(secret_requests=[
    Secret(group="g", key="k"),
    Secret(group="g2", key="k2", group_version="v", mount_requirement=Secret.MountType.ENV_VAR,
           env_var="MYVAR"),
])
def with_secrets(a: int) -> int:
    return a

@task(enable_deck=True, environment={"A": "1", "B": "2"})
def with_deck(a: int) -> int:
    return a

@task(cache=Cache(version="2", serialize=True, ignored_inputs=("b",)))
def with_cache_object(a: int, b: int) -> int:
    return a

@task(cache=True, cache_version="3", cache_serialize=True)
def with_cache_flags(a: int) -> int:
    return a

@task(container_image="{{.image.default.fqn}}:{{.image.default.version}}")
def templated_image(a: int) -> int:
    return a

@task(container_image="docker.io/me/app:7")
def plain_image(a: int) -> int:
    return a

@task(
    accelerator=A100.partition_2g_10gb,
    shared_memory="1Gi",
    labels={"team": "a"},
    annotations={"note": "x"},
    docs=Documentation(short_description="short", long_description=Description(value="long")),
)
def with_extended_resources(a: int) -> int:
    return a

@task(accelerator=T4, shared_memory=True)
def with_whole_devices(a: int) -> int:
    return a

@task(accelerator=A100.unpartitioned)
def with_unpartitioned(a: int) -> int:
    return a

@task(docs=Documentation(short_description="from docs"))
def docstring_wins(a: int, b: str) -> int:
    '''Short line
    continues here.

    Long paragraph.

    :param a: the a
      more about a
    :param b: the b
    :return: result
    '''
    return a

@task
def google_style(a: int, b: str) -> tuple[int, str]:
    '''Google short.

    Args:
        a: the a
        b (str): the b
            continued

    Returns:
        int: the sum
    '''
    return a, b

@task
def numpy_style(a: int) -> int:
    '''Numpy short.

    Parameters
    ----------
    a : int
        the a

    Returns
    -------
    int
        the res
    '''
    return a

@workflow(docs=Documentation(short_description="wf docs"))
def documented_wf(a: int) -> int:
    '''Workflow short.

    :param a: what goes in
    '''
    return numpy_style(a=a)
"""

NAMES = [
    "with_secrets",
    "with_deck",
    "with_cache_object",
    "with_cache_flags",
    "templated_image",
    "plain_image",
    "with_extended_resources",
    "with_whole_devices",
    "with_unpartitioned",
    "docstring_wins",
    "google_style",
    "numpy_style",
    "documented_wf",
]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    return load_both(tmp_path_factory.mktemp("options"), SOURCE)


@pytest.mark.parametrize("name", NAMES)
def test_serializes_as_flytekit(name: str, both: tuple[object, object]) -> None:
    fk, core = both
    same_idl(getattr(fk, name), fk.__name__, getattr(core, name), core.__name__)


def test_an_image_spec_names_its_registry_and_a_stable_tag(tmp_path: Path) -> None:
    """ImageSpec is accepted; the image is registry/name:tag, the tag a digest of the spec."""
    source = """
        from flytekit import ImageSpec, task

        spec = ImageSpec(registry="ghcr.io/me", packages=["pandas"])
        same = ImageSpec(registry="ghcr.io/me", packages=["pandas"])
        other = ImageSpec(registry="ghcr.io/me", packages=["polars"])

        @task(container_image=spec)
        def t(a: int) -> int:
            return a
    """
    module = load_core(tmp_path, source)
    image = core_idl(module.t).template.container.image
    assert image.startswith("ghcr.io/me/flytekit:")
    assert image == module.same.image_name() != module.other.image_name()
    assert module.t(a=2) == 2


@pytest.mark.parametrize(
    ("option", "value"),
    [("task_resolver", "object()"), ("execution_mode", "object()")],
)
def test_options_not_serialized_yet_are_refused_by_name(
    tmp_path: Path, option: str, value: str
) -> None:
    source = f"""
        from flytekit import task

        @task({option}={value})
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(FlyteValidationException, match=rf"'.*\.t'.*does not serialize {option}"):
        load_core(tmp_path, source)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("accelerator='nvidia-tesla-t4'", r"accelerator='nvidia-tesla-t4' is not an accel.*GPUAcc"),
        ("shared_memory=1024", r"shared_memory=1024: give True .* or a size such as '1Gi'"),
    ],
)
def test_a_bad_accelerator_or_shared_memory_says_what_to_give(
    tmp_path: Path, option: str, message: str
) -> None:
    source = f"""
        from flytekit import task

        @task({option})
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(FlyteValidationException, match=rf"'.*\.t': {message}"):
        load_core(tmp_path, source)


def test_an_unknown_option_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import task

        @task(retires=3)
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(FlyteValidationException, match="has no option retires"):
        load_core(tmp_path, source)


def test_a_cache_without_version_or_policy_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import Cache, task

        @task(cache=Cache())
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(ValueError, match="at least one cache policy"):
        load_core(tmp_path, source)


def test_a_cache_ignoring_an_input_the_task_lacks_is_refused(tmp_path: Path) -> None:
    source = """
        from flytekit import Cache, task

        @task(cache=Cache(version="1", ignored_inputs=("bb",)))
        def t(a: int, b: int) -> int:
            return a
    """
    with pytest.raises(FlyteValidationException, match=r"ignores input 'bb'.*inputs: a, b"):
        load_core(tmp_path, source)


def test_secret_requests_must_be_secrets(tmp_path: Path) -> None:
    source = """
        from flytekit import task

        @task(secret_requests=["db-password"])
        def t(a: int) -> int:
            return a
    """
    with pytest.raises(FlyteValidationException, match="takes Secret objects, not 'db-password'"):
        load_core(tmp_path, source)


# -- reading secrets --------------------------------------------------------------------------

GROUPS = [("user-info", "user_secret", None), ("g", "k", "v2"), ("G", "Key", None)]


@pytest.mark.parametrize(("group", "key", "version"), GROUPS)
@pytest.mark.parametrize(
    "env",
    [
        {},
        {
            "FLYTE_SECRETS_ENV_PREFIX": "XX_",
            "FLYTE_SECRETS_DEFAULT_DIR": "/s",
            "FLYTE_SECRETS_FILE_PREFIX": "f-",
        },
    ],
)
def test_secret_locations_are_flytekits(
    group: str, key: str, version: str | None, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same environment variable and file names as flytekit's SecretsManager."""
    flytekit_testing = pytest.importorskip("flytekit.testing")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    theirs, ours = flytekit_testing.SecretsManager(), SecretsManager()
    assert ours.get_secrets_env_var(group, key, version) == theirs.get_secrets_env_var(
        group, key, version
    )
    assert ours.get_secrets_file(group, key, version) == theirs.get_secrets_file(
        group, key, version
    )


def test_a_secret_is_read_from_env_then_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLYTE_SECRETS_DEFAULT_DIR", str(tmp_path))
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "password").write_text("from-file\n")
    assert SecretsManager().get("db", "password") == "from-file"
    assert SecretsManager().db.password == "from-file"
    monkeypatch.setenv("_FSEC_DB_PASSWORD", " from-env ")
    assert SecretsManager().get("db", "password") == "from-env"
    monkeypatch.delenv("_FSEC_DB_PASSWORD")
    monkeypatch.setenv("DB_PASSWORD", "unprefixed")
    assert SecretsManager().get("db", "password") == "unprefixed", "local runs read it unprefixed"


def test_a_missing_secret_says_where_it_was_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLYTE_SECRETS_DEFAULT_DIR", str(tmp_path))
    with pytest.raises(
        ValueError,
        match=r"_FSEC_DB_TOKEN.*db/token.*secret_requests=\[Secret\(group='db', key='token'\)\]",
    ):
        SecretsManager().get("db", "token")


def test_a_task_reads_its_secret_from_the_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
        import flytekit
        from flytekit import Secret, task, workflow

        @task(secret_requests=[Secret(group="db", key="password")])
        def read() -> str:
            return flytekit.current_context().secrets.get("db", "password")

        @workflow
        def wf() -> str:
            return read()
    """
    module = load_core(tmp_path, source)
    monkeypatch.setenv(SecretsManager().get_secrets_env_var("db", "password"), "s3cret")
    assert module.wf() == "s3cret"
    assert os.environ["_FSEC_DB_PASSWORD"] == "s3cret"


def test_a_secret_needs_a_key() -> None:
    with pytest.raises(ValueError, match="needs a key"):
        Secret()
