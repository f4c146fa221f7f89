"""`Options`: what registration (or a launch) may set over a launch plan's own settings:
labels, annotations, where raw outputs go, who it runs as, parallelism, notifications."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flytecheck.core.launch_plan import Annotations, Labels, RawOutputDataConfig

if TYPE_CHECKING:
    from flytecheck.core.launch_plan import LaunchOptions
    from flytecheck.core.models.security import SecurityContext
    from flytecheck.core.notification import Notification

__all__ = ["Options"]


@dataclass
class Options:
    """flytekit's registration options. A field left None keeps the launch plan's own value;
    a security context is merged field by field (`run_as`, `secrets`, `tokens`), as
    flytekit's translator merges it."""

    labels: Labels | None = None
    annotations: Annotations | None = None
    raw_output_data_config: RawOutputDataConfig | None = None
    security_context: SecurityContext | None = None
    max_parallelism: int | None = None
    notifications: Sequence[Notification] | None = None
    disable_notifications: bool | None = None
    overwrite_cache: bool | None = None

    @classmethod
    def default_from(
        cls, k8s_service_account: str | None = None, raw_data_prefix: str | None = None
    ) -> Options:
        from flytecheck.core.models.security import Identity, SecurityContext

        return cls(
            security_context=SecurityContext(
                run_as=Identity(k8s_service_account=k8s_service_account)
            )
            if k8s_service_account
            else None,
            raw_output_data_config=RawOutputDataConfig(raw_data_prefix)
            if raw_data_prefix
            else None,
        )

    def over(self, plan: LaunchOptions) -> LaunchOptions:
        """The launch plan's options with these laid over them."""
        mine, theirs = self.security_context, plan.security_context
        if mine is not None and theirs is not None:
            mine = dataclasses.replace(
                theirs,
                run_as=mine.run_as or theirs.run_as,
                secrets=mine.secrets or theirs.secrets,
                tokens=mine.tokens or theirs.tokens,
            )
        return dataclasses.replace(
            plan,
            labels=self.labels or plan.labels,
            annotations=self.annotations or plan.annotations,
            raw_output_data_config=self.raw_output_data_config or plan.raw_output_data_config,
            security_context=mine or theirs,
            max_parallelism=self.max_parallelism or plan.max_parallelism,
            notifications=tuple(self.notifications or plan.notifications),
            overwrite_cache=self.overwrite_cache or plan.overwrite_cache,
        )
