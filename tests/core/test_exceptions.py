"""The exception tree: codes, recoverability, builtin bases, and pickling across processes."""

from __future__ import annotations

import pickle

import pytest

from flytecheck.core import exceptions as exc


@pytest.mark.parametrize(
    ("cls", "code", "recoverable"),
    [
        (exc.FlyteUserException, "USER:Unknown", False),
        (exc.FlyteValidationException, "USER:ValidationError", False),
        (exc.FlyteRecoverableException, "USER:Recoverable", True),
        (exc.FlyteTypeException, "USER:TypeError", False),
        (exc.FlyteSystemException, "SYSTEM:Unknown", True),
        (exc.FlyteDownloadDataException, "SYSTEM:DownloadDataError", True),
        (exc.FlyteUploadDataException, "SYSTEM:UploadDataError", True),
        (exc.FlyteNonRecoverableSystemException, "SYSTEM:NonRecoverable", False),
    ],
)
def test_error_codes_and_recoverability(
    cls: type[exc.FlyteException], code: str, recoverable: bool
) -> None:
    """Each class carries the code Flyte's error documents use; only system errors and
    FlyteRecoverableException are recoverable."""
    assert cls.error_code == code
    assert cls.is_recoverable is recoverable


def test_type_errors_are_catchable_as_builtins() -> None:
    """TypeTransformerFailedError is a TypeError, ValueError and AssertionError, as in flytekit."""
    err = exc.TypeTransformerFailedError(int, "x")
    assert isinstance(err, TypeError)
    assert isinstance(err, ValueError)
    assert isinstance(err, AssertionError)
    assert isinstance(exc.UnsupportedTypeError(set, "no"), ValueError)


@pytest.mark.parametrize(
    "err",
    [
        exc.TypeTransformerFailedError(int, "x", "why", path="[0]", where="task t"),
        exc.UnsupportedTypeError(set, "sets have no Flyte type"),
        exc.FlyteValidationException("workflow w: bad"),
        exc.FlyteDownloadDataException("s3://b/k: gone"),
    ],
)
def test_errors_pickle_with_their_message(err: exc.FlyteException) -> None:
    """Errors cross process pools and pytest-xdist intact: same class, same message."""
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert str(back) == str(err)
