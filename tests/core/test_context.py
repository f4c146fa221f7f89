"""Contexts: stacked, isolated per thread, with a scratch directory made only when needed."""

from __future__ import annotations

import threading
from pathlib import Path

from flytecheck.core.context import FlyteContext, FlyteContextManager, current_context


def test_with_context_stacks_and_restores(tmp_path: Path) -> None:
    """The innermost context is current, and leaving restores the outer one."""
    outer = current_context()
    inner = FlyteContext(sandbox_dir=tmp_path)
    with FlyteContextManager.with_context(inner):
        assert current_context() is inner
    assert current_context() is outer


def test_contexts_are_isolated_per_thread(tmp_path: Path) -> None:
    """A context entered in one thread is not seen by another."""
    seen: list[FlyteContext] = []
    mine = FlyteContext(sandbox_dir=tmp_path)
    with FlyteContextManager.with_context(mine):
        thread = threading.Thread(target=lambda: seen.append(current_context()))
        thread.start()
        thread.join()
    assert seen[0] is not mine


def test_sandbox_is_created_lazily_once() -> None:
    """A context without a sandbox makes one the first time it is asked, then reuses it."""
    ctx = FlyteContext()
    first = ctx.sandbox
    assert first.is_dir()
    assert ctx.sandbox == first
    first.rmdir()


def test_new_builder_changes_a_copy(tmp_path: Path) -> None:
    """new_builder returns a changed copy and leaves the original alone."""
    ctx = FlyteContext()
    changed = ctx.new_builder(sandbox_dir=tmp_path)
    assert changed.sandbox == tmp_path
    assert ctx.sandbox_dir is None
