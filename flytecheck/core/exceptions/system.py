"""Errors raised by flytecheck's own machinery (SYSTEM scope): recoverable unless said otherwise."""

from __future__ import annotations

from flytecheck.core.exceptions.base import FlyteException


class FlyteSystemException(FlyteException):
    """Something outside the user's code failed; Flyte retries these."""

    error_code = "SYSTEM:Unknown"
    is_recoverable = True


class FlyteDownloadDataException(FlyteSystemException):
    """Reading inputs or blobs from storage failed."""

    error_code = "SYSTEM:DownloadDataError"


class FlyteUploadDataException(FlyteSystemException):
    """Writing outputs or blobs to storage failed."""

    error_code = "SYSTEM:UploadDataError"


class FlyteEntrypointNotLoadable(FlyteSystemException):
    """The task's module or name could not be loaded in the container."""

    error_code = "SYSTEM:UnloadableCode"


class FlyteNonRecoverableSystemException(FlyteSystemException):
    """A system failure that retrying cannot fix."""

    error_code = "SYSTEM:NonRecoverable"
    is_recoverable = False
