"""`Cache`: flytekit's object form of a task's cache settings (`@task(cache=Cache(...))`), and
the cache policies that compute a version from the task when none is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, ParamSpec, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from flytecheck.core.image_spec import ImageSpec
    from flytecheck.core.pod_template import PodTemplate

__all__ = ["Cache", "CachePolicy", "VersionParameters"]

P = ParamSpec("P")
FuncOut = TypeVar("FuncOut")


@dataclass
class VersionParameters(Generic[P, FuncOut]):
    """What a cache policy may hash: the task's function and where it runs."""

    func: Callable[P, FuncOut]
    container_image: str | ImageSpec | None = None
    pod_template: PodTemplate | None = None
    pod_template_name: str | None = None


@runtime_checkable
class CachePolicy(Protocol):
    """Computes a part of the cache version from the task (its source, its image, ...)."""

    def get_version(self, salt: str, params: VersionParameters[Any, Any]) -> str: ...


@dataclass
class Cache:
    """The cache key's version, whether concurrent runs wait for one another (`serialize`),
    the inputs left out of the key (`ignored_inputs`), and the policies that compute the
    version when it is not given (hashed together with `salt`, as flytekit does)."""

    version: str | None = None
    serialize: bool = False
    ignored_inputs: tuple[str, ...] | str = ()
    salt: str = ""
    policies: list[CachePolicy] | CachePolicy | None = None
    _policies: list[CachePolicy] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        given = self.policies
        listed = [] if given is None else [given] if isinstance(given, CachePolicy) else given
        wrong = [p for p in listed if not isinstance(p, CachePolicy)]
        if wrong or not isinstance(listed, list):
            msg = (
                f"Cache(policies=...): {wrong[0] if wrong else listed!r} is not a cache policy; "
                "pass objects with a get_version(salt, params) method"
            )
            raise TypeError(msg)
        self._policies = listed
        if self.version is None and not listed:
            msg = "If version is not defined then at least one cache policy needs to be set"
            raise ValueError(msg)

    def ignored(self) -> tuple[str, ...]:
        given = self.ignored_inputs
        return (given,) if isinstance(given, str) else tuple(given)

    def get_ignored_inputs(self) -> tuple[str, ...]:
        return self.ignored()

    def get_version(self, params: VersionParameters[Any, Any]) -> str:
        """The given version, or the SHA-256 of what each policy computes from `params`."""
        if self.version is not None:
            return self.version
        import hashlib

        parts = []
        for policy in self._policies:
            try:
                parts.append(policy.get_version(self.salt, params))
            except Exception as e:
                msg = (
                    f"Failed to generate version for cache policy {policy}. Please consider "
                    "setting the version in the Cache definition, e.g. Cache(version='v1.2.3')"
                )
                raise ValueError(msg) from e
        return hashlib.sha256("".join(parts).encode()).hexdigest()
