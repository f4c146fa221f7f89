"""Error scopes: who is at fault when a task run fails, the user's code or flytecheck's own.

flytecheck's own code runs under `system_entry_point`, the task function under
`user_entry_point`. What escapes either is wrapped once, in the innermost scope, as a
FlyteScopedException that records the kind (USER or SYSTEM), the error code, whether a retry could
help, and a verbose message (the root cause's traceback, flytecheck's own frames trimmed). The
entrypoint turns that into Flyte's ErrorDocument; local execution re-raises the user's own error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flytecheck.core.exceptions.base import FlyteException
from flytecheck.core.exceptions.system import FlyteSystemException
from flytecheck.core.exceptions.user import FlyteRecoverableException, FlyteUserException

__all__ = [
    "FlyteScopedException",
    "FlyteScopedSystemException",
    "FlyteScopedUserException",
    "FlyteTerminated",
    "run_as_system",
    "run_as_user",
    "safe_str",
    "system_entry_point",
    "user_entry_point",
]

F = TypeVar("F", bound=Callable[..., Any])
_OWN_FRAMES = ("flytecheck/core/", "flytecheck\\core\\")


def safe_str(error: BaseException) -> str:
    """`str(error)`, even for an exception whose `__str__` raises: the error document must be
    written whatever the user's exception does."""
    try:
        return str(error)
    except BaseException as e:  # the user's __str__ may raise anything
        return f"<{type(error).__name__}: its __str__ raised {type(e).__name__}>"


def _describe(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return (
            f"SystemExit: the task called sys.exit({error.code!r}) instead of returning: "
            "return its outputs, or raise an exception to fail it"
        )
    return f"{type(error).__name__}: {safe_str(error)}"


class FlyteTerminated(BaseException):
    """The container was asked to stop (SIGTERM) while the task ran: recoverable, as a
    preempted or evicted pod is; it derives from BaseException so user code does not catch it
    with `except Exception`."""


class FlyteScopedException(Exception):
    """An error that escaped a scope, with what Flyte needs to report it."""

    kind = "UNKNOWN"

    def __init__(self, error: BaseException, *, error_code: str, recoverable: bool) -> None:
        self.value = error
        self.error_code = error_code
        self.recoverable = recoverable
        super().__init__(f"{self.kind} error ({error_code}): {_describe(error)}")

    @property
    def type(self) -> type[BaseException]:
        return type(self.value)

    @property
    def verbose_message(self) -> str:
        """'Trace:' with the root cause's traceback, then 'Message:' with the error, as
        flytekit writes it. For a USER error flytecheck's own frames are trimmed: the user's
        code is what to read."""
        import traceback

        root = self.value
        seen = {id(root)}
        while root.__cause__ is not None and id(root.__cause__) not in seen:
            root = root.__cause__  # an import error's cause holds the user's failing line
            seen.add(id(root))
        frames = [
            f
            for f in traceback.extract_tb(root.__traceback__)
            if self.kind != "USER" or not any(part in f.filename for part in _OWN_FRAMES)
        ]
        if isinstance(root, SyntaxError) and root.filename:
            frames.append(
                traceback.FrameSummary(root.filename, root.lineno or 0, "<module>", line=root.text)
            )
        trace = "".join(traceback.format_list(frames))
        message = _describe(self.value)
        if root is not self.value:
            message += f"\n    caused by {_describe(root)}"
        return f"Trace:\n\n{trace}\nMessage:\n\n    {message}"


class FlyteScopedUserException(FlyteScopedException):
    """The user's code raised: not recoverable unless it raised FlyteRecoverableException."""

    kind = "USER"


class FlyteScopedSystemException(FlyteScopedException):
    """flytecheck's own code raised: recoverable unless the error says otherwise."""

    kind = "SYSTEM"


def _user(error: BaseException) -> FlyteScopedException:
    if isinstance(error, FlyteTerminated):
        return _system(error)
    if isinstance(error, FlyteUserException):
        return FlyteScopedUserException(
            error,
            error_code=error.error_code,
            recoverable=isinstance(error, FlyteRecoverableException),
        )
    return FlyteScopedUserException(error, error_code="USER:RuntimeError", recoverable=False)


def _system(error: BaseException) -> FlyteScopedSystemException:
    if isinstance(error, FlyteTerminated):
        return FlyteScopedSystemException(error, error_code="SYSTEM:Terminated", recoverable=True)
    if isinstance(error, FlyteSystemException):
        return FlyteScopedSystemException(
            error, error_code=error.error_code, recoverable=error.is_recoverable
        )
    if isinstance(error, FlyteException):  # a user-caused error found by flytecheck (a bad type)
        return FlyteScopedSystemException(error, error_code="SYSTEM:Unknown", recoverable=False)
    return FlyteScopedSystemException(error, error_code="SYSTEM:Unknown", recoverable=True)


def _scope(
    classify: Callable[[BaseException], FlyteScopedException],
) -> tuple[Callable[[F], F], Callable[..., Any]]:
    """A decorator that scopes what its function raises, and a call that does it for one call
    (no wrapper made: a local run calls a task's function so, once per node)."""

    def call(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FlyteScopedException:
            raise
        except BaseException as error:  # sys.exit() and KeyboardInterrupt in a task too
            raise classify(error) from error

    def decorate(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return call(fn, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate, call


user_entry_point, run_as_user = _scope(_user)
user_entry_point.__doc__ = (
    "Run `fn` as user code: what it raises becomes a FlyteScopedUserException."
)
system_entry_point, run_as_system = _scope(_system)
system_entry_point.__doc__ = (
    "Run `fn` as flytecheck's code: what it raises becomes a FlyteScopedSystemException, "
    "unless an inner scope already classified it."
)
