"""`flytekit.exceptions.eager`: the error an eager workflow's body sees when an entity it
awaited failed (the entity's own error is its `__cause__`)."""

from __future__ import annotations

from flytecheck.core.exceptions.user import FlyteUserException

__all__ = ["EagerException"]


class EagerException(FlyteUserException):
    """An entity awaited in an @eager body failed."""

    error_code = "USER:EagerException"
