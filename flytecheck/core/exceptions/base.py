"""The root of flytecheck's exception tree."""

from __future__ import annotations

from typing import ClassVar


class FlyteException(Exception):
    """Base of every error the core raises; carries the code Flyte's error documents use."""

    error_code: ClassVar[str] = "UNKNOWN"
    is_recoverable: ClassVar[bool] = False

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuild from the formatted message so errors cross process pools and xdist intact.
        return (_rebuild, (type(self), str(self)))


def _rebuild(cls: type[FlyteException], message: str) -> FlyteException:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    return err


def __getattr__(name: str) -> object:
    """`FlyteRecoverableException`, where flytekit keeps it (the core keeps it among the user
    errors, which are built on this module)."""
    if name == "FlyteRecoverableException":
        from flytecheck.core.exceptions.user import FlyteRecoverableException

        return FlyteRecoverableException
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
