"""Every package's __all__ lists exactly what it exports, sorted (httpx's check)."""

from __future__ import annotations

import importlib
import types

import pytest

import flytecheck

PACKAGES = [
    "flytecheck.core",
    "flytecheck.core.exceptions",
    "flytecheck.core.types",
    "flytecheck.strategies",
    "flytecheck.hookspecs",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_exist_and_are_sorted(name: str) -> None:
    """Each name in __all__ exists, and __all__ is sorted."""
    module = importlib.import_module(name)
    assert sorted(module.__all__) == list(module.__all__)
    for member in module.__all__:
        assert hasattr(module, member), f"{name}.__all__ lists {member!r}, which is missing"


def test_the_lazy_core_resolves_every_name_and_no_other() -> None:
    """flytecheck.core loads its names on first use; each one resolves, unknown ones do not."""
    import flytecheck.core as core

    for name in core.__all__:
        assert getattr(core, name) is not None
    assert set(core.__all__) <= set(dir(core))
    assert callable(core.task)
    assert callable(core.workflow)
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        core.nope  # noqa: B018


@pytest.mark.parametrize("name", ["flytecheck.core.exceptions", "flytecheck.core.types"])
def test_public_names_are_all_listed(name: str) -> None:
    """A package's __init__ exports nothing public beyond __all__."""
    module = importlib.import_module(name)
    public = {
        n
        for n, v in vars(module).items()
        if not n.startswith("_") and not isinstance(v, types.ModuleType) and n != "annotations"
    }
    assert public == set(module.__all__)


def test_version_is_the_installed_distribution_version() -> None:
    """flytecheck.__version__ is the version the distribution was built with."""
    from importlib.metadata import version

    assert flytecheck.__version__ == version("flytecheck")
