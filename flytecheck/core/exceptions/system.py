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


class FlyteSystemUnavailableException(FlyteSystemException):
    """A service the run needs is not available (retry later)."""

    error_code = "SYSTEM:Unavailable"


class FlyteNotImplementedException(FlyteSystemException, NotImplementedError):
    """What was asked for is not implemented."""

    error_code = "SYSTEM:NotImplemented"


class FlyteSystemAssertion(FlyteSystemException, AssertionError):
    """A precondition of Flyte's own code does not hold."""

    error_code = "SYSTEM:AssertionError"


class FlyteConnectorNotFound(FlyteSystemException, AssertionError):
    """No connector is registered for the task's type."""

    error_code = "SYSTEM:ConnectorNotFound"


class FlyteAgentNotFound(FlyteSystemException, AssertionError):
    """No agent is registered for the task's type (connectors' former name)."""

    error_code = "SYSTEM:AgentNotFound"
