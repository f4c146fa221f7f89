"""`flytekit.models.concurrency`: how many executions of a launch plan may run at once."""

from __future__ import annotations

from flyteidl.admin import launch_plan_pb2 as idl

__all__ = ["ConcurrencyLimitBehavior", "ConcurrencyPolicy"]


class ConcurrencyLimitBehavior:
    """What happens to an execution launched past the limit: it is skipped."""

    SKIP = idl.CONCURRENCY_LIMIT_BEHAVIOR_SKIP


class ConcurrencyPolicy:
    """At most `max_concurrency` executions at once."""

    def __init__(self, max_concurrency: int, behavior: int | None = None) -> None:
        if not isinstance(max_concurrency, int) or isinstance(max_concurrency, bool):
            msg = f"ConcurrencyPolicy(max_concurrency={max_concurrency!r}): give a whole number"
            raise ValueError(msg)
        self.max_concurrency = max_concurrency
        self.behavior = ConcurrencyLimitBehavior.SKIP if behavior is None else behavior

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ConcurrencyPolicy) and (
            (self.max_concurrency, self.behavior) == (other.max_concurrency, other.behavior)
        )

    def __hash__(self) -> int:
        return hash((self.max_concurrency, self.behavior))

    def __repr__(self) -> str:
        return f"ConcurrencyPolicy(max_concurrency={self.max_concurrency})"

    def to_flyte_idl(self) -> idl.ConcurrencyPolicy:
        return idl.ConcurrencyPolicy(max=self.max_concurrency, behavior=self.behavior)
