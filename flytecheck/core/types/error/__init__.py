"""FlyteError, what a workflow's failure handler receives (`flytekit.types.error`)."""

from __future__ import annotations

from flytecheck.core.types.error.error import ErrorTransformer, FlyteError, error_type

__all__ = ["ErrorTransformer", "FlyteError", "error_type"]
