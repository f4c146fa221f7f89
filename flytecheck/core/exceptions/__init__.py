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
    │   │   │   ├── FlyteEntityAlreadyExistsException
    │   │   │   ├── FlyteTimeout
    │   │   │   └── FlyteAuthenticationException
    │   │   └── FlyteRecoverableException    the only recoverable user error
    │   └── FlyteSystemException             "SYSTEM:Unknown", recoverable   (system.py)
    │       ├── FlyteDownloadDataException
    │       ├── FlyteUploadDataException
    │       ├── FlyteEntrypointNotLoadable
    │       └── FlyteNonRecoverableSystemException

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
    FlyteEntityAlreadyExistsException,
    FlyteMissingTypeException,
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
    "FlyteDownloadDataException",
    "FlyteEntityAlreadyExistsException",
    "FlyteEntrypointNotLoadable",
    "FlyteException",
    "FlyteMissingTypeException",
    "FlyteNonRecoverableSystemException",
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
