"""Declarations of entities: flytekit's decorators typed as flytekit's classes with the
function's signature, and what the SDKs accept in a declaration that mypy would report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.nodes import (
    CallExpr,
    ClassDef,
    Context,
    Decorator,
    Expression,
    FuncDef,
    RefExpr,
    StrExpr,
)
from mypy.plugin import (
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
)
from mypy.types import (
    AnyType,
    CallableType,
    FunctionLike,
    Instance,
    Parameters,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from flytecheck.mypy._bodies import checks_body
from flytecheck.mypy._calls import instance, is_path, path_types
from flytecheck.mypy._names import BODIES, FK_DYNAMIC, FK_TYPES

# -- flytekit's decorators ------------------------------------------------------------------


def flytekit_decorator(body: str, typed: str, configured: str) -> Callable[[FunctionContext], Type]:
    """flytekit's decorator applied: the function as a typed entity (flytekit's own class with
    the function's signature), or, configured, a decorator protocol that keeps it; a workflow
    body is checked here, as the core's is."""
    check_body = checks_body(body) if body in BODIES else None

    def hook(ctx: FunctionContext) -> Type:
        if check_body is not None:
            check_body(ctx)
        if body == "reference":  # always configured: the identifier, then the signature
            return instance(ctx.api, f"{FK_TYPES}.{configured}", [])
        function = _decorated(ctx)
        if function is not None:
            return _typed_entity(ctx.api, typed, function)
        if ctx.args and ctx.args[0]:  # something else was given: flytekit's own types
            return ctx.default_return_type
        return instance(ctx.api, f"{FK_TYPES}.{configured}", [])

    return hook


def _decorated(ctx: FunctionContext | MethodContext) -> CallableType | None:
    """The function a decorator is applied to (its first positional argument), if one."""
    if not ctx.arg_types or len(ctx.arg_types[0]) != 1:
        return None
    given = get_proper_type(ctx.arg_types[0][0])
    return given if isinstance(given, CallableType) else None


def _typed_entity(api: Any, typed: str, function: CallableType) -> Type:
    returned = function.ret_type
    unread = get_proper_type(returned)
    if isinstance(unread, TupleType) and not unread.items:  # a NamedTuple mypy could not read
        returned = AnyType(TypeOfAny.special_form)
    if typed == "Eager":
        awaited = get_proper_type(returned)
        if isinstance(awaited, Instance) and awaited.type.fullname == "typing.Coroutine":
            returned = awaited.args[-1]
    if typed in ("Plan", "RefPlan"):
        return instance(api, f"{FK_TYPES}.{typed}", [returned])
    parameters = Parameters(
        function.arg_types, function.arg_kinds, function.arg_names, variables=function.variables
    )
    return instance(api, f"{FK_TYPES}.{typed}", [parameters, returned])


def partial_call(ctx: MethodContext) -> Type:
    """A call of a functools.partial: flytekit's `@dynamic` (and `dynamic(...)` configured)
    typed as its `@task`; any other partial as mypy types it."""
    from mypy.plugins.functools import partial_call_callback

    if not _is_flytekit_dynamic(ctx.context):
        return partial_call_callback(ctx)
    _read_declaration(ctx)
    checks_body("dynamic")(ctx)
    function = _decorated(ctx)
    if function is not None:
        return _typed_entity(ctx.api, "Task", function)
    if ctx.args and ctx.args[0]:
        return partial_call_callback(ctx)
    return instance(ctx.api, f"{FK_TYPES}.DynamicDecorator", [])


def _is_flytekit_dynamic(context: Context) -> bool:
    if isinstance(context, Decorator):
        return any(_refers_to(d, FK_DYNAMIC) for d in context.decorators)
    return isinstance(context, CallExpr) and _refers_to(context.callee, FK_DYNAMIC)


def _refers_to(expression: Expression, fullname: str) -> bool:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    return isinstance(target, RefExpr) and target.fullname == fullname


def takes_anything(ctx: MethodSigContext | FunctionSigContext) -> FunctionLike:
    """A flytekit method whose parameters name flytekit's own promise classes, which the
    plugin's Promise (the one type both SDKs' calls give) is not."""
    signature = ctx.default_signature
    if not isinstance(signature, CallableType):
        return signature
    anything = AnyType(TypeOfAny.special_form)
    return signature.copy_modified(arg_types=[anything for _ in signature.arg_types])


def flytekit_plan(ctx: MethodContext) -> Type:
    """`LaunchPlan.get_or_create(wf, ...)` of a typed flytekit workflow: a plan whose call
    gives the workflow's output."""
    workflow = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
    if isinstance(workflow, Instance) and workflow.type.fullname == f"{FK_TYPES}.Workflow":
        return instance(ctx.api, f"{FK_TYPES}.Plan", [workflow.args[-1]])
    return ctx.default_return_type


# -- what the declaration of an entity may do ------------------------------------------------


def declared(
    hook: Callable[[FunctionContext], Type] | None, fullname: str
) -> Callable[[FunctionContext], Type]:
    """A decorator of an SDK applied (bare, or configured: `@task(retries=2)`): the function's
    declaration is read as the SDK reads it (see `_accept_declaration`), then `hook` runs."""
    name = fullname.rpartition(".")[2]
    reference = name.startswith("reference_")
    values = name in ("task", "dynamic", "eager")  # a body returning values, not promises

    def declared(ctx: FunctionContext) -> Type:
        _read_declaration(ctx, reference=reference, values=values)
        return hook(ctx) if hook is not None else ctx.default_return_type

    return declared


def _read_declaration(
    ctx: FunctionContext | MethodContext, *, reference: bool = False, values: bool = True
) -> None:
    decorator = _decorator_of(ctx)
    if decorator is not None and id(decorator.func) not in _DECLARED:
        _DECLARED[id(decorator.func)] = decorator.func
        _accept_declaration(ctx.api, decorator.func, reference=reference, values=values)


_DECLARED: dict[int, FuncDef] = {}


def _decorator_of(ctx: FunctionContext | MethodContext) -> Decorator | None:
    """The decorated function a decorator call belongs to: mypy gives a bare decorator the
    declaration as its context, and a configured one's call the call expression, whose
    declaration is found among the module's (and its classes') definitions."""
    if isinstance(ctx.context, Decorator):
        return ctx.context
    tree = getattr(ctx.api, "tree", None)
    if tree is None:
        return None
    known = _DECORATED.get(id(tree))
    if known is None or known[0] is not tree:  # indexed once a module, not once a decorator
        index: dict[int, Decorator] = {}
        todo = list(tree.defs)
        while todo:
            node = todo.pop()
            if isinstance(node, Decorator):
                index.update((id(d), node) for d in node.decorators)
            elif isinstance(node, ClassDef):
                todo.extend(node.defs.body)
        known = _DECORATED[id(tree)] = (tree, index)
    return known[1].get(id(ctx.context))


_DECORATED: dict[int, tuple[Any, dict[int, Decorator]]] = {}
"""Each module's decorators, by the id of each decorator expression."""


def _accept_declaration(api: Any, function: FuncDef, *, reference: bool, values: bool) -> None:
    """What the SDKs accept in a declaration and mypy does not: a path as the default of a
    file or folder input (`f: FlyteFile = "s3://..."`: converted), an artifact query as an
    input's default (`data: list[float] = Data.query()`: resolved at launch), and `...` as a
    reference's body (never run). mypy checks defaults before it applies the decorator, so
    those reports are withdrawn here; a reference's body is marked as never run (as mypy marks
    a definition under TYPE_CHECKING) before mypy checks it. A task's body may return a path
    where it declares a file or folder (converted too): its body, checked after this, sees that
    return type widened; callers keep the declared one (taken when the decorator applied)."""
    if reference:
        function.is_mypy_only = True
    signature = get_proper_type(function.type)
    if not isinstance(signature, CallableType):
        return
    if values:
        function.type = signature.copy_modified(ret_type=_taking_a_path(api, signature.ret_type))
    converted = {
        argument.variable.name
        for argument, declared in zip(function.arguments, signature.arg_types, strict=False)
        if isinstance(argument.initializer, StrExpr) and is_path(declared)
    }
    infos = api.msg.errors.error_info_map.get(api.path)
    if not infos:
        return
    last = function.body.body[0].line if function.body.body else function.line
    infos[:] = [
        info
        for info in infos
        if not (
            function.line <= info.line < last
            and info.code is not None
            and info.code.code == "assignment"
            and info.message.startswith("Incompatible default for parameter")
            and (
                'default has type "ArtifactQuery"' in info.message
                or any(f'parameter "{name}"' in info.message for name in converted)
            )
        )
    ]


def _taking_a_path(api: Any, t: Type) -> Type:
    """`t` with each file or folder in it (itself, an item of a tuple, an element of a list)
    also taking a path."""
    proper = get_proper_type(t)
    if isinstance(proper, TupleType):
        return proper.copy_modified(items=[_taking_a_path(api, i) for i in proper.items])
    if isinstance(proper, Instance) and proper.type.fullname == "builtins.list" and proper.args:
        return proper.copy_modified(args=[_taking_a_path(api, proper.args[0])])
    if is_path(proper):
        return UnionType([t, *path_types(api)])
    return t
