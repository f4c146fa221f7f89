"""`Cache`: flytekit's object form of a task's cache settings (`@task(cache=Cache(...))`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Cache"]


@dataclass(frozen=True)
class Cache:
    """The cache key's version, whether concurrent runs wait for one another (`serialize`),
    and the inputs left out of the key (`ignored_inputs`)."""

    version: str | None = None
    serialize: bool = False
    ignored_inputs: tuple[str, ...] | str = ()
    salt: str = ""
    policies: Any = None

    def ignored(self) -> tuple[str, ...]:
        given = self.ignored_inputs
        return (given,) if isinstance(given, str) else tuple(given)
