"""`flytekit.core.annotation` under flytekit's path: FlyteAnnotation, kept with the other type
annotations in `flytecheck.core.types.annotations`."""

from __future__ import annotations

from flytecheck.core.types.annotations import FlyteAnnotation

__all__ = ["FlyteAnnotation"]
