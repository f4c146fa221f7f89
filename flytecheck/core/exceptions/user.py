"""Errors caused by the user's code, types or inputs (USER scope): not recoverable by default."""

from __future__ import annotations

import types
import typing
from typing import Any

from flytecheck.core.exceptions.base import FlyteException


class FlyteUserException(FlyteException):
    """The user's code or inputs are at fault."""

    error_code = "USER:Unknown"


class FlyteTypeException(FlyteUserException, TypeError):
    """A value or an annotation does not fit Flyte's type system."""

    error_code = "USER:TypeError"


class FlyteValueException(FlyteUserException, ValueError):
    """A value is of the right type but not acceptable."""

    error_code = "USER:ValueError"


class FlyteAssertion(FlyteUserException, AssertionError):
    """A precondition the user's code must meet does not hold."""

    error_code = "USER:AssertionError"


class FlyteValidationException(FlyteAssertion):
    """An entity is declared in a way Flyte refuses."""

    error_code = "USER:ValidationError"


class FlyteEntityAlreadyExistsException(FlyteAssertion):
    """An entity with the same identity was already declared."""

    error_code = "USER:EntityAlreadyExists"


class FlyteTimeout(FlyteAssertion):
    """A task ran past its timeout."""

    error_code = "USER:Timeout"


class FlyteAuthenticationException(FlyteAssertion):
    """Credentials were missing or refused."""

    error_code = "USER:AuthenticationError"


class FlyteRecoverableException(FlyteUserException):
    """Raise this from a task to ask Flyte to retry it: the only recoverable user error."""

    error_code = "USER:Recoverable"
    is_recoverable = True


class FlyteMissingTypeException(FlyteTypeException):
    """A task or workflow parameter has no type annotation."""

    error_code = "USER:MissingTypeError"


class IgnoreOutputs(Exception):
    """Raised by a task whose outputs should not be recorded (the workers of a distributed
    training job other than the one that reports): the container writes no outputs.pb and no
    error.pb, and exits 0, as pyflyte-execute does."""


class FlytePickleWarning(UserWarning):
    """A type Flyte does not know is stored as a pickle, as flytekit does. FLYTECHECK_STRICT_TYPES=1
    refuses such types; under pytest so does `-W error::flytecheck.core.FlytePickleWarning`
    (Python's own -W cannot name it: it resolves categories before site-packages load)."""


class UnsupportedTypeError(FlyteTypeException, ValueError):
    """An annotation the type engine cannot turn into a Flyte type: one that cannot even be
    pickled, or a pickled one when strict types are asked for."""

    def __init__(
        self, python_type: Any, reason: str, *, where: str = "", advice: str | None = None
    ) -> None:
        self.python_type = python_type
        self.reason = reason
        self.where = where
        subject = f"{where}: " if where else ""
        if advice is None:
            advice = (
                "Use a supported type (int, float, str, bool, datetime, timedelta, List[T], "
                "Dict[str, T], Optional[T], a str Enum or a dataclass), register a "
                "TypeTransformer, or leave strict types off to store it as a pickle, as flytekit "
                "does."
            )
        msg = (
            f"{subject}type {type_name(python_type)} is not supported by Flyte: {reason}. {advice}"
        )
        super().__init__(msg)


class TypeTransformerFailedError(FlyteTypeException, ValueError, AssertionError):
    """A value does not fit the type it was declared with.

    `path` locates the offending part inside a nested value (`[3]`, `['key']`, `.field`);
    `where` names the task and parameter when the conversion happened at an interface.
    """

    def __init__(
        self,
        expected: Any,
        value: Any,
        reason: str = "",
        *,
        path: str = "",
        where: str = "",
        got: str | None = None,
        root: Any = None,
    ) -> None:
        self.expected = expected
        self.value = value
        self.reason = reason
        self.path = path
        self.where = where
        self.got = got
        self.root = root
        super().__init__(self._format())

    def _format(self) -> str:
        subject = f"{self.where}: " if self.where else ""
        expected = type_name(self.expected)
        at = f" at {type_name(self.root) if self.root is not None else ''}{self.path}"
        got = self.got or f"{_short_repr(self.value)} of type {type_name(type(self.value))}"
        detail = f" ({self.reason})" if self.reason else ""
        return (
            f"{subject}expected a value of type {expected}{at if self.path else ''} "
            f"but got {got}{detail}. Pass {_article(expected)} {expected} or change the annotation."
        )

    def within(
        self, *, path: str = "", where: str = "", root: Any = None
    ) -> TypeTransformerFailedError:
        """Return this error re-addressed: `path` prefixed to the inner path, `where` (the task
        and parameter) and `root` (the type the path starts from) set when given."""
        err = TypeTransformerFailedError(
            self.expected,
            self.value,
            self.reason,
            path=path + self.path,
            where=where or self.where,
            got=self.got,
            root=root if root is not None else self.root,
        )
        err.__cause__ = self.__cause__
        return err


def type_name(t: Any) -> str:
    """A short, readable name for an annotation: `int`, `List[Inner]`, `Optional[int]`."""
    if t is type(None):
        return "None"
    if isinstance(t, list):
        return "[" + ", ".join(type_name(a) for a in t) + "]"
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        if len(args) == 2 and type(None) in args:
            inner = args[0] if args[1] is type(None) else args[1]
            return f"Optional[{type_name(inner)}]"
        return "Union[" + ", ".join(type_name(a) for a in args) + "]"
    if origin is not None and args:
        name = getattr(t, "_name", None) or getattr(origin, "__name__", None) or repr(origin)
        return f"{name}[{', '.join(type_name(a) for a in args)}]"
    if isinstance(t, type):
        return t.__name__ if t.__module__ == "builtins" else t.__qualname__
    return repr(t).replace("typing.", "")


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _short_repr(value: Any, limit: int = 80) -> str:
    """A bounded repr: nested containers are cut at a few levels (a dict nested 2,000 deep
    would otherwise overflow the stack), and a repr that raises does not hide the error."""
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxstring, short.maxother = 4, limit, limit
    try:
        text = short.repr(value)
    except Exception:
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class FlyteCompilationException(FlyteValidationException):
    """A workflow breaks a rule the Flyte backend enforces at registration.

    flytekit only finds these when the workflow is registered; flytecheck finds them when the
    workflow is compiled (on first call, `compile()` or serialization), so a workflow that runs
    locally also registers. `workflow`, `node` and `input` name the place at fault; `code` is
    the backend compiler's error code for the same mistake (MismatchingTypes, ...), when the
    backend has one, and leads the message.
    """

    def __init__(
        self,
        message: str,
        *,
        workflow: str = "",
        node: str = "",
        input: str = "",
        code: str = "",
    ) -> None:
        self.workflow = workflow
        self.node = node
        self.input = input
        self.code = code
        where = ", ".join(
            part
            for part in (
                f"workflow {workflow!r}" if workflow else "",
                f"node {node}" if node else "",
                f"input {input!r}" if input and not code else "",  # coded messages name it
            )
            if part
        )
        located = f"{where}: {message}" if where else message
        super().__init__(f"[{code}] {located}" if code else located)


class FlyteMissingReturnValueException(FlyteValidationException):
    """A task or workflow declares outputs but its body never returns."""

    error_code = "USER:MissingReturnValueError"


class FlytePromiseMisuseError(FlyteValidationException, TypeError):
    """A Promise was used as if it held a value, while the workflow body was being compiled.

    In a workflow body, a task's output is a Promise: a reference to a value that exists only
    when the workflow runs. Python operations on it (`if`, `and`, arithmetic, formatting,
    iteration) cannot work; the message says what to write instead.
    """


def refuse_options_not_serialized(subject: str, given: dict[str, Any], names: Any) -> None:
    """Refuse, naming them, the flytekit options among `names` that `given` sets (not None):
    flytecheck does not serialize them yet, and dropping them would make the IDL differ from
    flytekit's in silence."""
    not_yet = [o for o in names if given.get(o) is not None]
    if not_yet:
        msg = (
            f"{subject}: flytecheck does not serialize {', '.join(not_yet)} yet, so its IDL "
            "would differ from flytekit's; leave it out of the code you test with "
            "flytecheck.core, or test it with flytekit under `pytest --flyte`"
        )
        raise FlyteValidationException(msg)


class FlyteUserRuntimeException(FlyteException):
    """An exception the user's code raised, wrapped (`value`) with flytekit's code for it."""

    error_code = "USER:RuntimeError"

    def __init__(self, exc_value: Exception, timestamp: float | None = None) -> None:
        super().__init__(str(exc_value))
        self.value = exc_value
        self.timestamp = timestamp


class FlyteDataNotFoundException(FlyteValueException):
    """A file or object the run needs is not at its path."""

    def __init__(self, path: str) -> None:
        super().__init__(f"{path}: File not found")
        self.path = path


class FlyteEntityNotFoundException(FlyteValueException):
    """A task or workflow named by module and name is not in that module."""

    def __init__(self, module_name: str, entity_name: str) -> None:
        super().__init__(f"Task/Workflow '{entity_name}' not found in module '{module_name}'")
        self.module_name = module_name
        self.entity_name = entity_name


class FlyteFailureNodeInputMismatchException(FlyteAssertion):
    """A workflow's failure handler does not take the workflow's inputs."""

    error_code = "USER:FailureNodeInputMismatch"

    def __init__(self, failure_node_node: Any, workflow: Any) -> None:
        super().__init__(
            f"failure node {getattr(failure_node_node, 'name', failure_node_node)!r} of workflow "
            f"{getattr(workflow, 'name', workflow)!r} must take the workflow's inputs (and may "
            "take `err: Optional[FlyteError]`): give it the same input names and types"
        )
        self.failure_node_node = failure_node_node
        self.workflow = workflow


class FlyteDisapprovalException(FlyteAssertion):
    """An approval gate was rejected."""

    error_code = "USER:ResultNotApproved"


class FlyteEntityNotExistException(FlyteAssertion):
    """A referenced entity does not exist."""

    error_code = "USER:EntityNotExist"


class FlyteInvalidInputException(FlyteUserException):
    """A request to Flyte's API had bad input."""

    error_code = "USER:BadInputToAPI"

    def __init__(self, request: Any) -> None:
        super().__init__(f"invalid input: {request}")
        self.request = request


class FlytePromiseAttributeResolveException(FlyteAssertion):
    """An attribute path on a promise (`out.field`, `out["key"]`) does not resolve."""

    error_code = "USER:PromiseAttributeResolveError"
