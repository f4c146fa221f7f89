"""`Environment`: task settings shared by many tasks (`env = Environment(retries=2,
container_image=...)`, then `@env.task` or `@env.dynamic`), each use free to add or replace
settings, and `extend` to derive another environment from it."""

from __future__ import annotations

import copy
import pprint
from collections.abc import Callable
from typing import Any

from flytecheck.core.dynamic import dynamic
from flytecheck.core.task import task

__all__ = ["Environment", "inherit"]


def inherit(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """`old` with `new` laid over it; dictionaries (environment variables, labels) merge key by
    key, anything else is replaced."""
    out = copy.deepcopy(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = inherit(out[key], value)
        else:
            out[key] = value
    return out


class Environment:
    """Settings of `@task` (any of its options) given once for the tasks that use them."""

    def __init__(self, **overrides: Any) -> None:
        if "_task_function" in overrides:
            msg = "Environment(_task_function=...): an environment holds settings, not a function"
            raise KeyError(msg)
        self.overrides: dict[str, Any] = dict(overrides)

    def __repr__(self) -> str:
        return f"Environment({', '.join(f'{k}={v!r}' for k, v in self.overrides.items())})"

    def update(self, **overrides: Any) -> None:
        self.overrides = inherit(self.overrides, overrides)

    def extend(self, **overrides: Any) -> Environment:
        return type(self)(**inherit(self.overrides, overrides))

    def show(self) -> None:
        print(pprint.pformat(self.overrides))

    def __call__(
        self, _task_function: Callable[..., Any] | None = None, /, **overrides: Any
    ) -> Any:
        return self._decorate(task, _task_function, overrides)

    task = __call__

    def dynamic(self, _task_function: Callable[..., Any] | None = None, /, **overrides: Any) -> Any:
        return self._decorate(dynamic, _task_function, overrides)

    def _decorate(
        self, make: Callable[..., Any], fn: Callable[..., Any] | None, overrides: dict[str, Any]
    ) -> Any:
        if fn is not None and not callable(fn):
            msg = f"{self!r}: the first positional argument must be a function, not {fn!r}"
            raise ValueError(msg)
        settings = inherit(self.overrides, overrides)
        return make(**settings)(fn) if fn is not None else make(**settings)
