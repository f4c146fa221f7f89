"""The error for an entity that cannot run in a local run and must be stubbed in a test."""

from __future__ import annotations

from flytecheck.core.exceptions.user import FlyteValidationException

__all__ = ["NeedsStub", "needs_stub"]


class NeedsStub(FlyteValidationException, NotImplementedError):
    """A task (or reference entity) reached in a local run that only runs on a cluster, with
    no stub standing in for it."""


def needs_stub(subject: str, why: str, var: str) -> NeedsStub:
    """`subject` (the entity, named) cannot run here because `why`: the stub to write."""
    msg = (
        f"{subject} {why}, so a local run needs a stub for it: "
        f"`with task_mock({var}) as m: m.return_value = ...` (flytecheck.mocks), or "
        f"`flyte_mock.task({var}, return_value=...)` in a test"
    )
    return NeedsStub(msg)
