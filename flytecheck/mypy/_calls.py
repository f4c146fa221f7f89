"""Calls of entities: which body they are in, what they give (a promise in a workflow),
what is bound to their inputs; map tasks, conditionals and a promise's attributes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.expandtype import expand_type_by_instance
from mypy.nodes import (
    CallExpr,
    Decorator,
    Expression,
    FuncDef,
    FuncItem,
    MemberExpr,
    NameExpr,
    RefExpr,
    TypeInfo,
    Var,
)
from mypy.plugin import (
    AttributeContext,
    FunctionContext,
    MethodContext,
    MethodSigContext,
)
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    CallableType,
    FunctionLike,
    Instance,
    NoneType,
    Parameters,
    TupleType,
    Type,
    TypeOfAny,
    UnionType,
    get_proper_type,
)

from flytecheck.mypy._names import (
    BINDING,
    BODIES,
    BRANCH,
    ENTITY,
    FK_ENTITIES,
    FK_TYPES,
    LAUNCH_PLANS,
    OUTPUT_NAME,
    OUTPUTS_API,
    PROMISE,
    PROMISE_ATTR,
    SDKS,
    VOID_PROMISE,
)
from flytecheck.mypy._walk import awaited_calls

# -- which body are we in -------------------------------------------------------------------


def decorator_kind(expression: Expression) -> str | None:
    """'workflow', 'dynamic' or 'eager' for a decorator of the core or of flytekit."""
    target = expression.callee if isinstance(expression, CallExpr) else expression
    name = target.fullname if isinstance(target, RefExpr) else ""
    if not name or not name.startswith(SDKS):
        return None
    return BODIES.get(name.rsplit(".", 1)[-1])


def is_sdk_ref(expression: Expression) -> bool:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    return isinstance(target, RefExpr) and target.fullname.startswith(SDKS)


def body_kind(api: Any, function: FuncItem | None) -> str | None:
    """What the function being checked is: a workflow, dynamic or eager body, or None."""
    if not isinstance(function, FuncDef) or not function.is_decorated:
        return None
    cached = _KINDS.get(id(function))
    if cached is not None:
        return cached[1] if cached[0] is function else None
    module, _, name = function.fullname.rpartition(".")
    tree = api.modules.get(module)
    found = tree.names.get(name) if tree is not None else None
    node = found.node if found is not None else None
    kind = None
    if isinstance(node, Decorator) and node.func is function:
        kind = next((k for d in node.decorators if (k := decorator_kind(d))), None)
    _KINDS[id(function)] = (function, kind)
    return kind


_KINDS: dict[int, tuple[FuncItem, str | None]] = {}

# -- entity calls ---------------------------------------------------------------------------


def is_entity(t: Type) -> bool:
    t = get_proper_type(t)
    return isinstance(t, Instance) and is_entity_info(t.type)


def is_entity_info(info: TypeInfo) -> bool:
    return any(info.has_base(n) for n in (ENTITY, *LAUNCH_PLANS, *FK_ENTITIES))


def _untyped_flytekit(t: Type) -> bool:
    """A flytekit entity the plugin did not type (a map task, a ContainerTask, ...): flytekit
    declares its calls `Union[Promise, VoidPromise, Tuple, None]`, which says nothing."""
    t = get_proper_type(t)
    return (
        isinstance(t, Instance)
        and any(t.type.has_base(n) for n in FK_ENTITIES)
        and not any(base.fullname.startswith(FK_TYPES) for base in t.type.mro)
    )


def _promise_of(t: Type) -> Type | None:
    """T of a Promise[T], or None for anything else."""
    t = get_proper_type(t)
    if isinstance(t, Instance) and t.type.fullname == PROMISE:
        return t.args[0] if t.args else AnyType(TypeOfAny.special_form)
    return None


def entity_call(ctx: MethodContext) -> Type:
    remembered = _SIGNATURES.pop(id(ctx.context), None)  # taken every call: none accumulates
    if not is_entity(ctx.type):
        return ctx.default_return_type
    api = ctx.api
    function = api.scope.current_function()  # type: ignore[attr-defined]
    kind = body_kind(api, function)
    if kind in ("workflow", "dynamic"):
        if remembered is not None and remembered[0] is ctx.context:
            _check_bindings(ctx, _entity_name(ctx), remembered[1])
        _check_output_names(ctx)
        if _untyped_flytekit(ctx.type):
            return promised_type(api, AnyType(TypeOfAny.special_form))
        return promised_type(api, ctx.default_return_type)
    if kind == "eager":
        if function is None or id(ctx.context) not in awaited_calls(function):
            return ctx.default_return_type
        returned = get_proper_type(ctx.default_return_type)
        if isinstance(returned, Instance) and returned.type.fullname == "typing.Coroutine":
            return ctx.default_return_type
        any_type = AnyType(TypeOfAny.special_form)
        return api.named_generic_type(
            "typing.Coroutine", [any_type, any_type, ctx.default_return_type]
        )
    return ctx.default_return_type


def _check_output_names(ctx: MethodContext) -> None:
    """Named outputs called like the outputs' own API: `t().ref` would be the tuple's, not
    the output."""
    returned = get_proper_type(ctx.default_return_type)
    if not isinstance(returned, TupleType):
        return
    for name in _fields(returned.partial_fallback):
        if name in OUTPUTS_API:
            ctx.api.fail(
                f"{_entity_name(ctx)} has an output named {name!r}, which the outputs' own "
                f"{name} hides in a workflow (`.{name}` is not the output): rename the output",
                ctx.context,
                code=OUTPUT_NAME,
            )


def _entity_name(ctx: MethodContext) -> str:
    callee = ctx.context.callee if isinstance(ctx.context, CallExpr) else None
    return called(callee, "the entity")


def called(callee: Expression | None, otherwise: str) -> str:
    """The name a call is written with (`shout`, or `tasks.shout` as `shout`)."""
    return callee.name if isinstance(callee, (NameExpr, MemberExpr)) else otherwise


def instance(api: Any, fullname: str, args: list[Type]) -> Type:
    """An instance of the class `fullname` (looked up by module: mypy's own lookup walks
    package attributes, which a lazily imported submodule is not)."""
    module, _, name = fullname.rpartition(".")
    tree = api.modules.get(module)
    found = tree.names.get(name) if tree is not None else None
    if found is None or not isinstance(found.node, TypeInfo):
        return AnyType(TypeOfAny.special_form)
    return Instance(found.node, args)


def promised_type(api: Any, returned: Type) -> Type:
    proper = get_proper_type(returned)
    if isinstance(proper, NoneType):
        return instance(api, VOID_PROMISE, [])
    if _promise_of(proper) is not None:
        return returned
    return instance(api, PROMISE, [returned])


_SIGNATURES: dict[int, tuple[Any, FunctionLike]] = {}


def remember_signature(ctx: MethodSigContext) -> FunctionLike:
    """The entity's signature at this call (its inputs' types), for the call's hook, which
    mypy gives the arguments but not the signature; a file or folder input takes a path
    too, as both SDKs convert one."""
    signature = _taking_paths(ctx.api, ctx.default_signature)
    _SIGNATURES[id(ctx.context)] = (ctx.context, signature)
    return signature


PATHS = (
    "flytekit.types.file.file.FlyteFile",
    "flytekit.types.directory.types.FlyteDirectory",
    "flytecheck.core.types.files.FlyteFile",
    "flytecheck.core.types.files.FlyteDirectory",
)


def _taking_paths(api: Any, signature: FunctionLike) -> FunctionLike:
    if not isinstance(signature, CallableType):
        return signature
    paths = path_types(api)
    types = []
    for t in signature.arg_types:
        proper = get_proper_type(t)
        is_path = isinstance(proper, Instance) and any(proper.type.has_base(n) for n in PATHS)
        types.append(UnionType([t, *paths]) if is_path else t)
    return signature.copy_modified(arg_types=types)


def _check_bindings(ctx: MethodContext, name: str, remembered: FunctionLike) -> None:
    signature = get_proper_type(remembered)
    if not isinstance(signature, CallableType):
        return
    for index, actual_types in enumerate(ctx.arg_types):
        if index >= len(signature.arg_types):
            break
        expected = signature.arg_types[index]
        input_name = signature.arg_names[index] or f"#{index}"
        for actual, node in zip(actual_types, ctx.args[index], strict=False):
            promised = _promise_of(actual)
            if promised is not None and not is_subtype(promised, expected):
                ctx.api.fail(
                    f"input {input_name!r} of {name} takes {shown(expected)}, but is bound to a "
                    f"promise of {shown(promised)}; convert it in a task, or change the "
                    "annotation",
                    node,
                    code=BINDING,
                )


def shown(t: Type) -> str:
    return str(get_proper_type(t)).replace("builtins.", "")


# -- map tasks ------------------------------------------------------------------------------


def map_task(typed: str) -> Callable[[FunctionContext], Type]:
    """`map_task(t)` of a typed task: a map task whose call takes a list for each of the
    task's inputs and gives the list of its output (a partial, or an untyped task, stays as
    the SDK types it)."""

    def hook(ctx: FunctionContext) -> Type:
        given = ctx.arg_types[0] if ctx.arg_types else []
        target = get_proper_type(given[0]) if len(given) == 1 else None
        if not isinstance(target, Instance) or len(target.args) != 2:
            return ctx.default_return_type
        parameters, returned = (get_proper_type(a) for a in target.args)
        if not isinstance(parameters, Parameters):
            return ctx.default_return_type
        api = ctx.api
        lists = Parameters(
            [api.named_generic_type("builtins.list", [t]) for t in parameters.arg_types],
            parameters.arg_kinds,
            parameters.arg_names,
            variables=parameters.variables,
        )
        if not isinstance(returned, NoneType) and _allows_failures(ctx):
            returned = UnionType([returned, NoneType()])  # a failed element gives None
        outputs = (
            returned
            if isinstance(returned, NoneType)
            else api.named_generic_type("builtins.list", [returned])
        )
        return instance(api, typed, [lists, outputs])

    return hook


def _allows_failures(ctx: FunctionContext) -> bool:
    """Whether map_task was given min_successes or min_success_ratio (so an element may fail)."""
    return any(
        name in ("min_successes", "min_success_ratio") and given
        for name, given in zip(ctx.callee_arg_names, ctx.args, strict=False)
    )


# -- conditionals ---------------------------------------------------------------------------


def branch_then(section: str) -> Callable[[MethodContext], Type]:
    """`.then(p)` of a conditional: `p` must promise what the earlier branches promise (the
    conditional's output is one of them). Before the last branch the chain goes on (`section`,
    with its elif_ and else_); the last gives the output, left untyped (flytekit declares a
    union of every kind of output, which says nothing)."""

    def hook(ctx: MethodContext) -> Type:
        call = ctx.context
        if not isinstance(call, CallExpr):
            return ctx.default_return_type
        given = ctx.arg_types[0] if ctx.arg_types else []
        current = _promise_of(given[0]) if len(given) == 1 else None
        if current is not None and not _is_any(current):
            _check_branch(ctx, call, current)
        receiver = call.callee.expr if isinstance(call.callee, MemberExpr) else None
        last = (
            isinstance(receiver, CallExpr)
            and isinstance(receiver.callee, MemberExpr)
            and receiver.callee.name == "else_"
        )
        return AnyType(TypeOfAny.special_form) if last else instance(ctx.api, section, [])

    return hook


def conditional_output(ctx: MethodContext) -> Type:
    """`.else_().fail("...")`: the conditional's output, which the earlier branches give
    (flytekit declares a Promise of nothing in particular)."""
    return AnyType(TypeOfAny.special_form)


def _check_branch(ctx: MethodContext, call: CallExpr, current: Type) -> None:
    for earlier in _earlier_branches(call):
        try:
            seen = _promise_of(ctx.api.lookup_type(earlier))  # type: ignore[attr-defined]
        except KeyError:
            continue
        if seen is None or _is_any(seen) or is_subtype(current, seen) or is_subtype(seen, current):
            continue
        ctx.api.fail(
            f"this branch gives a promise of {shown(current)}, but an earlier branch gives "
            f"{shown(seen)}: every branch of a conditional must give the same type; "
            "convert one in a task",
            call.args[0],
            code=BRANCH,
        )
        return


def _is_any(t: Type) -> bool:
    return isinstance(get_proper_type(t), AnyType)


def _earlier_branches(call: CallExpr) -> Iterator[Expression]:
    """What the earlier `.then(...)` calls of the chain `call` ends were given."""
    node = call.callee.expr if isinstance(call.callee, MemberExpr) else None
    while isinstance(node, CallExpr) and isinstance(node.callee, MemberExpr):
        if node.callee.name == "then" and node.args:
            yield node.args[0]
        node = node.callee.expr


# -- a promise's attributes -----------------------------------------------------------------


def promise_attribute(ctx: AttributeContext) -> Type:
    own = get_proper_type(ctx.type)
    name = ctx.context.name if isinstance(ctx.context, MemberExpr) else None
    promised = _promise_of(ctx.type)
    target = as_instance(promised)
    if isinstance(own, Instance) and name is not None and own.type.get(name) is not None:
        if target is not None and name in _fields(target):
            ctx.api.fail(
                f"field {name!r} of {shown(target)} is hidden by the promise's own {name}: "
                f"`.{name}` here is not the field; rename the field, or read it in a task",
                ctx.context,
                code=OUTPUT_NAME,
            )
        return ctx.default_attr_type  # the promise's own API: with_overrides, ref, ...
    if target is None or name is None:
        return ctx.default_attr_type
    symbol = target.type.get(name)
    field = target.type.names.get(name) if symbol is None else symbol
    field_type = getattr(field.node, "type", None) if field is not None else None
    if not isinstance(field_type, Type):
        if not _fields(target):  # a type mypy knows no field of (a NamedTuple it could not read)
            return AnyType(TypeOfAny.special_form)
        ctx.api.fail(
            f"a promise of {shown(target)} has no field {name!r}: its fields are "
            f"{', '.join(_fields(target)) or 'none'}",
            ctx.context,
            code=PROMISE_ATTR,
        )
        return AnyType(TypeOfAny.from_error)
    return instance(ctx.api, PROMISE, [expand_type_by_instance(field_type, target)])


def as_instance(t: Type | None) -> Instance | None:
    """The class of a promised type (a NamedTuple's is its fallback class)."""
    proper = get_proper_type(t) if t is not None else None
    if isinstance(proper, TupleType):
        return proper.partial_fallback
    if isinstance(proper, Instance):
        return proper
    return None


def _fields(t: Instance) -> list[str]:
    return [
        n
        for n, s in t.type.names.items()
        if not n.startswith("_") and "-" not in n and isinstance(s.node, Var)
    ]


def path_types(api: Any) -> list[Type]:
    """`str` and `os.PathLike[str]` (the latter where mypy has read `os`)."""
    text: Type = api.named_generic_type("builtins.str", [])
    if "os" in api.modules:
        return [text, api.named_generic_type("os.PathLike", [text])]
    return [text]


def is_path(t: Type) -> bool:
    proper = get_proper_type(t)
    return isinstance(proper, Instance) and any(proper.type.has_base(n) for n in PATHS)
