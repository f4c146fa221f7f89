"""A task's or workflow's interface: named, typed inputs (with defaults) and outputs.

Built from a Python signature, checked at once: a parameter without an annotation, `*args`, an
unsupported type, or a body that returns a value without a return annotation are errors naming
the function and the parameter, raised where the entity is declared, not at registration.
"""

from __future__ import annotations

import ast
import collections
import dataclasses
import functools
import inspect
import os
import sys
import textwrap
import typing
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flyteidl.core.interface_pb2 import TypedInterface, Variable

from flytecheck.core.docstring import Docstring
from flytecheck.core.exceptions.user import (
    FlyteMissingReturnValueException,
    FlyteMissingTypeException,
    FlyteValidationException,
    UnsupportedTypeError,
)
from flytecheck.core.types import TypeEngine

__all__ = ["Interface", "kwtypes", "transform_function_to_interface", "unannotated_return"]

_NO_DEFAULT: Any = inspect.Parameter.empty


def kwtypes(**kwargs: Any) -> dict[str, Any]:
    """Named types in declaration order: `kwtypes(a=int, b=str)` (flytekit's helper)."""
    return dict(kwargs)


def _is_optional(t: Any) -> bool:
    return typing.get_origin(t) in (typing.Union, type(int | None)) and type(
        None
    ) in typing.get_args(t)


@dataclass(frozen=True)
class Interface:
    """Inputs and outputs in declaration order; `defaults` holds the inputs that may be left out.

    `output_tuple` is the NamedTuple class a function declared for several outputs, used to
    give them back by name.
    """

    inputs: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    output_tuple: Any = None
    pickle_untyped: bool = False
    docstring: Docstring | None = field(default=None, compare=False)

    @functools.cached_property
    def required(self) -> list[str]:
        """Inputs that must be given: no default, and not Optional (which defaults to None)."""
        return [n for n, t in self.inputs.items() if n not in self.defaults and not _is_optional(t)]

    def default_for(self, name: str) -> Any:
        """The value an input takes when left out (its default, or None for an Optional)."""
        return self.defaults.get(name)

    @property
    def inputs_with_defaults(self) -> dict[str, tuple[Any, Any]]:
        """flytekit's view: each input's (type, default), None where it has no default."""
        return {n: (t, self.defaults.get(n)) for n, t in self.inputs.items()}

    @property
    def default_inputs_as_kwargs(self) -> dict[str, Any]:
        """The defaults other than None, as keyword arguments (flytekit's view)."""
        return {n: v for n, v in self.defaults.items() if v is not None}

    @property
    def output_names(self) -> list[str]:
        return list(self.outputs)

    @property
    def output_tuple_name(self) -> str | None:
        """The name of the NamedTuple the function declared for its outputs, if it did."""
        shape = self.output_tuple
        return (
            None if shape is None or shape.__name__ == "DefaultNamedTupleOutput" else shape.__name__
        )

    def to_idl(self) -> TypedInterface:
        """The flyteidl TypedInterface: each variable described as the docstring describes it,
        or by its name, as flytekit does (one return description is shared by every output)."""
        out = TypedInterface()
        out.inputs.SetInParent()
        out.outputs.SetInParent()
        doc = self.docstring
        said_in = doc.input_descriptions if doc else {}
        said_out: Mapping[Any, str] = doc.output_descriptions if doc else {}
        if len(said_out) == 1:
            shared = next(iter(said_out.values()))
            said_out = dict.fromkeys(self.outputs, shared)
        for names, said, target in (
            (self.inputs, said_in, out.inputs),
            (self.outputs, said_out, out.outputs),
        ):
            for name, python_type in names.items():
                lt = TypeEngine.codec(python_type, pickle_untyped=self.pickle_untyped).literal_type
                variable = Variable(type=lt, description=said.get(name, name))
                target.variables[name].CopyFrom(variable)
        return out

    def with_inputs(self, inputs: Mapping[str, Any], defaults: Mapping[str, Any]) -> Interface:
        return dataclasses.replace(self, inputs=dict(inputs), defaults=dict(defaults))


def _own_nodes(fn: Callable[..., Any]) -> list[ast.AST] | None:
    """Every AST node of the function's own body (not of functions or classes nested in it);
    None when its source cannot be read."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    func = tree.body[0] if tree.body else None
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    out: list[ast.AST] = []
    todo: list[ast.AST] = list(func.body)
    while todo:
        node = todo.pop()
        if isinstance(node, nested):
            continue
        out.append(node)
        todo.extend(ast.iter_child_nodes(node))
    return out


def _returns_a_value(fn: Callable[..., Any], *, calls_count: bool = True) -> bool:
    """Whether the function's own body has `return <value>` (not counting nested functions).
    In a workflow body a returned call is an entity call, whose outputs the compile checks
    (a call of an entity without outputs returns nothing), so `calls_count=False` skips it."""
    for node in _own_nodes(fn) or ():
        value = node.value if isinstance(node, ast.Return) else None
        if value is None or (isinstance(value, ast.Constant) and value.value is None):
            continue
        if calls_count or not isinstance(value, ast.Call):
            return True
    return False


def _never_returns(fn: Callable[..., Any]) -> bool:
    """flytekit's own test, so the core refuses what flytekit refuses and nothing more: no line
    of the function's source mentions `return` or `yield` (False when unreadable)."""
    try:
        lines = inspect.getsourcelines(fn)[0]
    except (OSError, TypeError):
        return False
    return not any("return" in line or "yield" in line for line in lines)


@functools.cache
def default_output_tuple(count: int) -> Any:
    """The NamedTuple flytekit gives back the outputs of a `Tuple[...]` or `(A, B)` return
    annotation in: `DefaultNamedTupleOutput(o0=..., o1=...)`."""
    return collections.namedtuple("DefaultNamedTupleOutput", [f"o{i}" for i in range(count)])


def _outputs(kind: str, name: str, annotation: Any) -> tuple[dict[str, Any], Any]:
    """The declared outputs and the NamedTuple class they come back in (None for one output
    that is not a NamedTuple's field)."""
    if annotation is None or annotation is type(None):
        return {}, None
    fields = getattr(annotation, "_fields", None)
    if isinstance(annotation, type) and issubclass(annotation, tuple) and fields is not None:
        hints = typing.get_type_hints(annotation, include_extras=True)
        return {f: hints[f] for f in fields}, annotation
    if isinstance(annotation, tuple) or typing.get_origin(annotation) is tuple:
        args = annotation if isinstance(annotation, tuple) else typing.get_args(annotation)
        shown = _shown(annotation)
        if not args or args[-1] is Ellipsis:
            msg = (
                f"{kind} {name!r}: return annotation {shown} has no fixed length; "
                "annotate each output (Tuple[int, str]) or return a List[T]"
            )
            raise FlyteValidationException(msg)
        if len(args) == 1:
            msg = (
                f"{kind} {name!r}: return annotation {shown} is a tuple of one value; a "
                "tuple declares several outputs, so annotate the one output itself "
                f"(-> {_shown(args[0])}), or name it with a one-field NamedTuple"
            )
            raise FlyteValidationException(msg)
        return {f"o{i}": t for i, t in enumerate(args)}, default_output_tuple(len(args))
    return {"o0": annotation}, None


def _shown(annotation: Any) -> str:
    if isinstance(annotation, tuple):
        return f"({', '.join(map(_shown, annotation))})"
    return getattr(annotation, "__name__", None) or str(annotation)


def _optional_return(annotation: Any) -> bool:
    return annotation is type(None) or type(None) in typing.get_args(annotation)


def unannotated_return(kind: str, name: str) -> FlyteMissingTypeException:
    msg = (
        f"{kind} {name!r} returns a value but has no return annotation, so flytekit would "
        "drop the value: annotate the return type (`-> int`) or return nothing"
    )
    return FlyteMissingTypeException(msg)


def transform_function_to_interface(
    fn: Callable[..., Any], *, kind: str = "task", name: str = "", pickle_untyped: bool = False
) -> Interface:
    """The Interface of a Python function, checked: every parameter annotated, no `*args`, every
    type supported, and no value returned without a return annotation."""
    name = name or f"{fn.__module__}.{fn.__qualname__}"
    signature = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except NameError as e:
        msg = f"{kind} {name!r}: an annotation does not resolve ({e}); import the type it names"
        raise FlyteValidationException(msg) from e
    inputs: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            star = "*" if param.kind is param.VAR_POSITIONAL else "**"
            msg = (
                f"{kind} {name!r}: parameter {star}{param.name} is not supported; Flyte passes "
                "named, typed inputs, so declare each input as its own parameter"
            )
            raise FlyteValidationException(msg)
        if param.name not in hints:
            msg = (
                f"{kind} {name!r}: parameter {param.name!r} has no type annotation; Flyte needs "
                f"one to store the value: write `{param.name}: int` (or the type it takes)"
            )
            raise FlyteMissingTypeException(msg)
        inputs[param.name] = hints[param.name]
        if param.default is not _NO_DEFAULT:
            defaults[param.name] = param.default
    if "return" in hints:
        outputs, output_tuple = _outputs(kind, name, hints["return"])
        declared = outputs and not _optional_return(hints["return"])
        if declared and not kind.startswith("reference") and _never_returns(fn):
            msg = (
                f"{kind} {name!r} declares outputs ({', '.join(outputs)}) but its body "
                "never returns; return them (flytekit refuses this when the module is "
                "imported: MissingReturnValueError)"
            )
            raise FlyteMissingReturnValueException(msg)
    elif _returns_a_value(fn, calls_count=kind != "workflow"):
        raise unannotated_return(kind, name)
    else:
        outputs, output_tuple = {}, None
    docstring = Docstring(fn.__doc__)
    interface = Interface(inputs, outputs, defaults, output_tuple, pickle_untyped, docstring)
    return check_types(interface, kind, name)


def check_types(interface: Interface, kind: str, name: str) -> Interface:
    """Compile every input's and output's type now, so an unsupported one is reported where the
    entity is declared, naming it and the parameter.

    A type Flyte does not know but can pickle is pickled, as flytekit does, with a
    FlytePickleWarning naming it; the interface returned then converts through pickles. Under
    `-W error::flytecheck.core.FlytePickleWarning`, or with FLYTECHECK_STRICT_TYPES=1, such a
    type is refused (UnsupportedTypeError) instead."""
    pickled = interface.pickle_untyped
    for direction, names in (("input", interface.inputs), ("output", interface.outputs)):
        for var, python_type in names.items():
            where = f"{kind} {name!r}, {direction} {var!r}"
            try:
                TypeEngine.codec(python_type, pickle_untyped=pickled)
            except UnsupportedTypeError as e:
                if not _picklable(python_type) or _strict():
                    raise UnsupportedTypeError(python_type, e.reason, where=where) from e
                warn_pickled(python_type, where)
                pickled = True
    if pickled == interface.pickle_untyped:
        return interface
    return dataclasses.replace(interface, pickle_untyped=True)


def _picklable(python_type: Any) -> bool:
    try:
        TypeEngine.codec(python_type, pickle_untyped=True)
    except UnsupportedTypeError:
        return False
    return True


def _strict() -> bool:
    return os.environ.get("FLYTECHECK_STRICT_TYPES", "").lower() in ("1", "true", "yes")


def warn_pickled(python_type: Any, where: str) -> None:
    from flytecheck.core.exceptions.user import FlytePickleWarning, type_name

    msg = (
        f"{where}: type {type_name(python_type)} is not a type Flyte knows, so its values are "
        "stored as pickles, as flytekit does. A pickle loads only under the same Python and "
        "library versions and cannot be cached by content; use a dataclass or a supported "
        "type, or make this an error: FLYTECHECK_STRICT_TYPES=1, or under pytest "
        "-W error::flytecheck.core.FlytePickleWarning"
    )
    warnings.warn(FlytePickleWarning(msg), stacklevel=_user_stacklevel())


def _user_stacklevel() -> int:
    """How far up the stack the user's own line is (the decorator or the declaration), so the
    warning points there rather than into flytecheck."""
    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
        "flytecheck."
    ):
        frame = frame.f_back
        level += 1
    return level
