"""FlyteError, what a workflow's failure handler receives (`flytekit.types.error`)."""

from __future__ import annotations

from flytecheck.core.types.error.error import FlyteError

__all__ = ["FlyteError"]
