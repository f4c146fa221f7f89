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
