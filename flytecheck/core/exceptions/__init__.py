"""Every error flytecheck's core raises, in one tree.

    Exception
    ├── FlyteException                       error_code, is_recoverable
    │   ├── FlyteUserException               "USER:Unknown"            (user.py)
    │   │   ├── FlyteTypeException           + TypeError
    │   │   │   ├── TypeTransformerFailedError  + ValueError, AssertionError
    │   │   │   ├── UnsupportedTypeError        + ValueError
    │   │   │   └── FlyteMissingTypeException
    │   │   ├── FlyteValueException          + ValueError
    │   │   ├── FlyteAssertion               + AssertionError
    │   │   │   ├── FlyteValidationException
    │   │   │   │   ├── FlyteCompilationException   a backend rule broken (workflow, node, input)
    │   │   │   │   ├── FlyteMissingReturnValueException   outputs declared, never returned
    │   │   │   │   └── FlytePromiseMisuseError     + TypeError: a Promise used as a value
    │   │   │   ├── FlyteEntityAlreadyExistsException
    │   │   │   ├── FlyteTimeout
    │   │   │   └── FlyteAuthenticationException
    │   │   └── FlyteRecoverableException    the only recoverable user error
    │   └── FlyteSystemException             "SYSTEM:Unknown", recoverable   (system.py)
    │       ├── FlyteDownloadDataException
    │       ├── FlyteUploadDataException
    │       ├── FlyteEntrypointNotLoadable
    │       └── FlyteNonRecoverableSystemException

Scopes (scopes.py) wrap what escapes a task run: FlyteScopedUserException for the user's code,
FlyteScopedSystemException for flytecheck's own; each knows its kind, code and recoverability.

A value that does not fit its type raises TypeTransformerFailedError, which a caller may also
catch as TypeError, ValueError or AssertionError (flytekit's contract). An annotation the type
engine cannot represent raises UnsupportedTypeError.
"""

from __future__ import annotations

from flytecheck.core.exceptions.base import FlyteException
from flytecheck.core.exceptions.system import (
    FlyteDownloadDataException,
    FlyteEntrypointNotLoadable,
    FlyteNonRecoverableSystemException,
    FlyteSystemException,
    FlyteUploadDataException,
)
from flytecheck.core.exceptions.user import (
    FlyteAssertion,
    FlyteAuthenticationException,
    FlyteCompilationException,
    FlyteEntityAlreadyExistsException,
    FlyteMissingReturnValueException,
    FlyteMissingTypeException,
    FlytePromiseMisuseError,
    FlyteRecoverableException,
    FlyteTimeout,
    FlyteTypeException,
    FlyteUserException,
    FlyteValidationException,
    FlyteValueException,
    TypeTransformerFailedError,
    UnsupportedTypeError,
)

__all__ = [
    "FlyteAssertion",
    "FlyteAuthenticationException",
    "FlyteCompilationException",
    "FlyteDownloadDataException",
    "FlyteEntityAlreadyExistsException",
    "FlyteEntrypointNotLoadable",
    "FlyteException",
    "FlyteMissingReturnValueException",
    "FlyteMissingTypeException",
    "FlyteNonRecoverableSystemException",
    "FlytePromiseMisuseError",
    "FlyteRecoverableException",
    "FlyteSystemException",
    "FlyteTimeout",
    "FlyteTypeException",
    "FlyteUploadDataException",
    "FlyteUserException",
    "FlyteValidationException",
    "FlyteValueException",
    "TypeTransformerFailedError",
    "UnsupportedTypeError",
]
