"""The context a conversion or an execution runs in: where scratch files go, and what mode it is.

Contexts are immutable and stacked per thread and per asyncio task (a ContextVar), so two tests,
two threads or two executions never see each other's state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["FlyteContext", "FlyteContextManager", "current_context"]


def _new_sandbox() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="flytecheck-"))


@dataclass(frozen=True)
class FlyteContext:
    """What a type transformer or a task may need from its surroundings.

    `sandbox` is a local directory for scratch files (pickles, downloads); it is created lazily
    the first time it is asked for, so a context costs nothing until something writes.
    """

    sandbox_dir: Path | None = None
    _lazy: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def sandbox(self) -> Path:
        if self.sandbox_dir is not None:
            return self.sandbox_dir
        if "sandbox" not in self._lazy:
            self._lazy["sandbox"] = _new_sandbox()
        path: Path = self._lazy["sandbox"]
        return path

    def new_builder(self, **changes: Any) -> FlyteContext:
        """A copy of this context with `changes` applied (flytekit's builder, as a replace)."""
        return replace(self, **changes)


_ROOT = FlyteContext()
_STACK: ContextVar[tuple[FlyteContext, ...]] = ContextVar("flytecheck_context", default=(_ROOT,))


class FlyteContextManager:
    """The per-thread, per-task stack of contexts (flytekit's name and entry points)."""

    @staticmethod
    def current_context() -> FlyteContext:
        return _STACK.get()[-1]

    @staticmethod
    @contextlib.contextmanager
    def with_context(ctx: FlyteContext) -> Iterator[FlyteContext]:
        token = _STACK.set((*_STACK.get(), ctx))
        try:
            yield ctx
        finally:
            _STACK.reset(token)


def current_context() -> FlyteContext:
    """The innermost active context."""
    return FlyteContextManager.current_context()


@contextlib.contextmanager
def entered(ctx: FlyteContext) -> Iterator[FlyteContext]:
    """Make `ctx` current unless it already is (the cheap path the type engine takes)."""
    if _STACK.get()[-1] is ctx:
        yield ctx
        return
    with FlyteContextManager.with_context(ctx):
        yield ctx
