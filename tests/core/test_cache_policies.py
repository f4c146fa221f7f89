"""Cache policies compute a task's cache version when `Cache` names none: the same version as
flytekit's for the same policies, salt and task, and the same refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.core.cache import CachePolicy
from tests.authoring import load_both, load_core

SOURCE = """
    from flytekit import Cache, task
    from flytekit.core.cache import CachePolicy, VersionParameters

    class ByName:
        def get_version(self, salt: str, params: VersionParameters) -> str:
            return salt + params.func.__name__ + str(params.container_image)

    class Broken:
        def get_version(self, salt: str, params: VersionParameters) -> str:
            raise KeyError("no source")

    @task(cache=Cache(policies=ByName(), salt="s"))
    def one(x: int) -> int:
        return x

    @task(cache=Cache(policies=[ByName(), ByName()], salt="s"), container_image="img:1")
    def two(x: int) -> int:
        return x

    @task(cache=Cache(version="v7", policies=[ByName()], ignored_inputs="x"))
    def given(x: int, y: int) -> int:
        return x
"""


def test_the_version_policies_compute_is_flytekits(tmp_path: Path) -> None:
    fk, core = load_both(tmp_path, SOURCE)
    for name in ("one", "two", "given"):
        ours, theirs = getattr(core, name).metadata, getattr(fk, name).metadata
        assert ours.cache
        assert theirs.cache
        assert ours.cache_version == theirs.cache_version, name
        assert ours.cache_ignore_input_vars == tuple(theirs.cache_ignore_input_vars)
    assert len(core.one.metadata.cache_version) == 64
    assert isinstance(core.ByName(), CachePolicy)


def test_a_failing_policy_is_named_and_chained(tmp_path: Path) -> None:
    source = (
        SOURCE.split("    @task")[0]
        + """
    @task(cache=Cache(policies=[Broken()]))
    def t(x: int) -> int:
        return x
    """
    )
    with pytest.raises(ValueError, match="Failed to generate version for cache policy") as e:
        load_core(tmp_path, source)
    assert isinstance(e.value.__cause__, KeyError)
    assert "Cache(version=" in str(e.value)


def test_something_that_is_no_policy_is_refused_by_name() -> None:
    from flytecheck.core import Cache

    with pytest.raises(TypeError, match="'not a policy' is not a cache policy"):
        Cache(policies=["not a policy"])  # type: ignore[list-item]
