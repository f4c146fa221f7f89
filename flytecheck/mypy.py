"""`flytecheck.mypy`: a mypy plugin that knows what a call is inside a workflow body.

Enable it with `plugins = ["flytecheck.mypy"]` (docs/typing.md). Outside a workflow a task,
workflow or launch plan call is typed as its function (the core's signatures do that alone).
Inside an `@workflow` or `@dynamic` body the plugin makes each such call a `Promise[R]`, checks
what is bound to each input against the input's type, and reports, each under an error code of
its own, what a promise cannot do because its value exists only when the workflow runs. Inside
an `@eager` body a call is a coroutine until awaited, so a result used without `await` is an
error too.

flytekit's code is typed through `_flytekit_types.pyi` (flytekit's classes with the decorated
function's signature), and mypy is told to read flytekit, which ships no py.typed.

Tested with the mypy range the `flytecheck[mypy]` extra pins, because it uses mypy internals
that mypy does not promise to keep: the function being checked (`api.scope`), the types of
checked expressions (`TypeChecker.lookup_type`), the error watchers of an overload's
inference (`Errors._watchers`), per-module options (`Options.per_module_options`), mypy's own
functools.partial hook, and the order of checking (a decorator applied before its body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.errorcodes import ErrorCode
from mypy.expandtype import expand_type_by_instance
from mypy.nodes import (
    AssignmentStmt,
    AwaitExpr,
    CallExpr,
    ClassDef,
    ComparisonExpr,
    Context,
    Decorator,
    Expression,
    ForStmt,
    FuncDef,
    FuncItem,
    GeneratorExpr,
    IfStmt,
    Import,
    ImportFrom,
    IndexExpr,
    ListComprehension,
    MemberExpr,
    MypyFile,
    NameExpr,
    Node,
    OpExpr,
    RefExpr,
    ReturnStmt,
    StarExpr,
    StrExpr,
    TupleExpr,
    TypeInfo,
    UnaryExpr,
    Var,
    WhileStmt,
)
from mypy.options import Options
from mypy.plugin import (
    AttributeContext,
    FunctionContext,
    FunctionSigContext,
    MethodContext,
    MethodSigContext,
    Plugin,
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

__all__ = ["FlytePlugin", "plugin"]

_CATEGORY = "Flyte"
PROMISE_BOOL = ErrorCode("flyte-promise-bool", "A promise used as a truth value", _CATEGORY)
PROMISE_OP = ErrorCode("flyte-promise-op", "Arithmetic or comparison on a promise", _CATEGORY)
PROMISE_ITER = ErrorCode("flyte-promise-iter", "A promise iterated or measured", _CATEGORY)
PROMISE_CALL = ErrorCode("flyte-promise-call", "A promise passed to a plain function", _CATEGORY)
PROMISE_SHOWN = ErrorCode(
    "flyte-promise-shown", "A promise printed or formatted", _CATEGORY, default_enabled=False
)
NOT_AWAITED = ErrorCode("flyte-not-awaited", "An eager call's result used unawaited", _CATEGORY)
PROMISE_INDEX = ErrorCode("flyte-promise-index", "A promise of no collection indexed", _CATEGORY)
PROMISE_ATTR = ErrorCode("flyte-promise-attr", "A promise's output has no such field", _CATEGORY)
BINDING = ErrorCode("flyte-binding", "A promise bound to an input of another type", _CATEGORY)
RETURN = ErrorCode("flyte-return", "A workflow returning a promise of another type", _CATEGORY)
OUTPUT_NAME = ErrorCode(
    "flyte-output-name", "An output named like the promise API it would shadow", _CATEGORY
)
BRANCH = ErrorCode("flyte-branch", "Branches of a conditional giving different types", _CATEGORY)

PROMISE = "flytecheck.core.promise.Promise"
VOID_PROMISE = "flytecheck.core.promise.VoidPromise"
_ENTITY = "flytecheck.core._entity.Entity"
_LAUNCH_PLANS = (
    "flytecheck.core.launch_plan.LaunchPlan",
    "flytecheck.core.reference.ReferenceLaunchPlan",
)
_FK_TYPES = "flytecheck._flytekit_types"
"""The classes the plugin gives flytekit's decorated functions (a stub module: types only)."""
_FK_ENTITIES = (
    "flytekit.core.base_task.Task",
    "flytekit.core.workflow.WorkflowBase",
    "flytekit.core.launch_plan.LaunchPlan",
)
_SDKS = ("flytecheck.core", "flytekit", _FK_TYPES)
_BODIES = {"workflow": "workflow", "dynamic": "dynamic", "eager": "eager"}
_CONFIGURED = {
    "flytecheck.core.workflow.WorkflowDecorator.__call__": "workflow",
    "flytecheck.core.dynamic.DynamicDecorator.__call__": "dynamic",
    f"{_FK_TYPES}.WorkflowDecorator.__call__": "workflow",
    f"{_FK_TYPES}.DynamicDecorator.__call__": "dynamic",
    f"{_FK_TYPES}.EagerDecorator.__call__": "eager",
}
_DECORATORS = {
    "flytecheck.core.workflow.workflow": "workflow",
    "flytecheck.core.dynamic.dynamic": "dynamic",
    "flytecheck.core.eager.eager": "eager",
}
_FK_DECORATORS = {
    "flytekit.core.task.task": ("task", "Task", "TaskDecorator"),
    "flytekit.core.workflow.workflow": ("workflow", "Workflow", "WorkflowDecorator"),
    "flytekit.core.task.eager": ("eager", "Eager", "EagerDecorator"),
    "flytekit.core.task.reference_task": ("reference", "RefTask", "RefTaskDecorator"),
    "flytekit.core.workflow.reference_workflow": (
        "reference",
        "RefWorkflow",
        "RefWorkflowDecorator",
    ),
    "flytekit.core.launch_plan.reference_launch_plan": ("reference", "RefPlan", "RefPlanDecorator"),
}
"""flytekit's decorators: the body they take, the class a decorated function becomes, and
the protocol of their configured form (`@task(retries=2)`)."""
_CORE_DECLARERS = (
    "flytecheck.core.task.task",
    "flytecheck.core.reference.reference_task",
    "flytecheck.core.reference.reference_workflow",
    "flytecheck.core.reference.reference_launch_plan",
)
"""The core's decorators with nothing but their declaration to see to (see `_declared`)."""
_FK_DYNAMIC = "flytekit.core.dynamic_workflow_task.dynamic"
"""flytekit's `dynamic` is `functools.partial(task, ...)`: a call of it is a partial's call."""
_CORE_MAPS = "flytecheck.core.array_node_map_task"
_MAP_TASKS = {
    f"{_CORE_MAPS}.map_task": f"{_CORE_MAPS}.ArrayNodeMapTask",
    "flytekit.core.array_node_map_task.map_task": f"{_FK_TYPES}.MapTask",
}
"""map_task of each SDK, and the class its result is typed as."""
_FAIL = ("flytecheck.core.condition.Case.fail", "flytekit.core.condition.Case.fail")
_THEN = {
    "flytecheck.core.condition.Case.then": "flytecheck.core.condition.ConditionalSection",
    "flytekit.core.condition.Case.then": "flytekit.core.condition.Condition",
}
"""A conditional's `then` of each SDK, and what it gives before the last branch."""
_FK_CONDITIONS = (
    "flytekit.core.condition.ConditionalSection.if_",
    "flytekit.core.condition.Condition.elif_",
    "flytekit.core.condition.Case.then",
)
"""flytekit's conditional steps: they take the comparisons and promises the plugin types."""
_FK_PLAN_MAKERS = (
    "flytekit.core.launch_plan.LaunchPlan.get_or_create",
    "flytekit.core.launch_plan.LaunchPlan.create",
)
_CONDITION_METHODS = ("if_", "elif_")
_OUTPUTS_API = ("with_overrides", "runs_before", "ref")
"""What a call's tuple of outputs has of its own (in flytekit and the core alike)."""
_SAME_PROMISE = ("with_overrides", "runs_before")
_INDEXABLE = ("builtins.list", "builtins.dict", "builtins.tuple")
_SHOWS = ("print", "format", "str", "repr")
"""Functions that show a promise (its placeholder, not its value): legal, but rarely what was
meant, so reported under a code that is off until enabled."""
_ALLOWED_CALLEES = ("functools.partial",)


class FlytePlugin(Plugin):
    """mypy's entry point: hooks on entity calls, on the workflow decorators (to check the body
    they were given) and on a promise's attributes."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        read_flytekit(options)

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        """The promise types the hooks name, for every module that imports an SDK."""
        if file.fullname.startswith(_SDKS) or not any(
            name.startswith(_SDKS) for name in _imported(file)
        ):
            return []
        deps = [(10, "flytecheck.core.promise", -1)]
        if any(name.startswith("flytekit") for name in _imported(file)):
            deps.append((10, _FK_TYPES, -1))
        return deps

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname in _CONFIGURED:
            return _checks_body(_CONFIGURED[fullname])
        if fullname == "functools.partial.__call__":
            return _partial_call
        if fullname in _FK_PLAN_MAKERS:
            return _flytekit_plan
        if fullname in _THEN:
            return _branch_then(_THEN[fullname])
        if fullname in _FAIL:
            return _conditional_output
        if self._entity_call(fullname):
            return _entity_call
        return None

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        if self._entity_call(fullname):
            return _remember_signature
        if fullname in _FK_CONDITIONS:
            return _takes_anything
        return None

    def _entity_call(self, fullname: str) -> bool:
        """Whether `fullname` is the call of an entity: mypy names a method by the class of
        the object it is called on, which may be the user's own subclass of an SDK class."""
        owner, _, method = fullname.rpartition(".")
        if method != "__call__":
            return False
        if owner.startswith(_SDKS):
            return True
        found = self.lookup_fully_qualified(owner)
        info = found.node if found is not None else None
        return isinstance(info, TypeInfo) and _is_entity_info(info)

    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        if fullname == "flytekit.core.array_node_map_task.map_task":
            return _takes_anything  # flytekit's annotation leaves out functools.partial
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        if fullname in _DECORATORS:
            return _declared(_checks_body(_DECORATORS[fullname]), fullname)
        if fullname in _FK_DECORATORS:
            return _declared(_flytekit_decorator(*_FK_DECORATORS[fullname]), fullname)
        if fullname in _CORE_DECLARERS:
            return _declared(None, fullname)
        if fullname in _MAP_TASKS:
            return _map_task(_MAP_TASKS[fullname])
        return None

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if fullname.startswith(f"{PROMISE}."):
            return _promise_attribute
        return None


def read_flytekit(options: Options) -> None:
    """flytekit ships no py.typed, so mypy would not read it, and its names would all be Any;
    the plugin tells mypy to read it (`follow_untyped_imports` for flytekit.*), unless the
    configuration already says something of its own for flytekit."""
    sections = ("flytekit", "flytekit.*")
    if any("follow_untyped_imports" in options.per_module_options.get(s, {}) for s in sections):
        return
    options.per_module_options.setdefault("flytekit.*", {})["follow_untyped_imports"] = True
    options.build_per_module_cache()


def _imported(file: MypyFile) -> Iterator[str]:
    for i in file.imports:
        if isinstance(i, ImportFrom):
            yield i.id
        elif isinstance(i, Import):
            yield from (name for name, _ in i.ids)


def plugin(version: str) -> type[Plugin]:
    return FlytePlugin


# -- which body are we in -------------------------------------------------------------------


def _decorator_kind(expression: Expression) -> str | None:
    """'workflow', 'dynamic' or 'eager' for a decorator of the core or of flytekit."""
    target = expression.callee if isinstance(expression, CallExpr) else expression
    name = target.fullname if isinstance(target, RefExpr) else ""
    if not name or not name.startswith(_SDKS):
        return None
    return _BODIES.get(name.rsplit(".", 1)[-1])


def _is_sdk_ref(expression: Expression) -> bool:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    return isinstance(target, RefExpr) and target.fullname.startswith(_SDKS)


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
        kind = next((k for d in node.decorators if (k := _decorator_kind(d))), None)
    _KINDS[id(function)] = (function, kind)
    return kind


_KINDS: dict[int, tuple[FuncItem, str | None]] = {}


# -- entity calls ---------------------------------------------------------------------------


def _is_entity(t: Type) -> bool:
    t = get_proper_type(t)
    return isinstance(t, Instance) and _is_entity_info(t.type)


def _is_entity_info(info: TypeInfo) -> bool:
    return any(info.has_base(n) for n in (_ENTITY, *_LAUNCH_PLANS, *_FK_ENTITIES))


def _untyped_flytekit(t: Type) -> bool:
    """A flytekit entity the plugin did not type (a map task, a ContainerTask, ...): flytekit
    declares its calls `Union[Promise, VoidPromise, Tuple, None]`, which says nothing."""
    t = get_proper_type(t)
    return (
        isinstance(t, Instance)
        and any(t.type.has_base(n) for n in _FK_ENTITIES)
        and not any(base.fullname.startswith(_FK_TYPES) for base in t.type.mro)
    )


def _promise_of(t: Type) -> Type | None:
    """T of a Promise[T], or None for anything else."""
    t = get_proper_type(t)
    if isinstance(t, Instance) and t.type.fullname == PROMISE:
        return t.args[0] if t.args else AnyType(TypeOfAny.special_form)
    return None


def _entity_call(ctx: MethodContext) -> Type:
    remembered = _SIGNATURES.pop(id(ctx.context), None)  # taken every call: none accumulates
    if not _is_entity(ctx.type):
        return ctx.default_return_type
    api = ctx.api
    function = api.scope.current_function()  # type: ignore[attr-defined]
    kind = body_kind(api, function)
    if kind in ("workflow", "dynamic"):
        if remembered is not None and remembered[0] is ctx.context:
            _check_bindings(ctx, _entity_name(ctx), remembered[1])
        _check_output_names(ctx)
        if _untyped_flytekit(ctx.type):
            return _promised(api, AnyType(TypeOfAny.special_form))
        return _promised(api, ctx.default_return_type)
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
        if name in _OUTPUTS_API:
            ctx.api.fail(
                f"{_entity_name(ctx)} has an output named {name!r}, which the outputs' own "
                f"{name} hides in a workflow (`.{name}` is not the output): rename the output",
                ctx.context,
                code=OUTPUT_NAME,
            )


def _entity_name(ctx: MethodContext) -> str:
    callee = ctx.context.callee if isinstance(ctx.context, CallExpr) else None
    return _called(callee, "the entity")


def _called(callee: Expression | None, otherwise: str) -> str:
    """The name a call is written with (`shout`, or `tasks.shout` as `shout`)."""
    return callee.name if isinstance(callee, (NameExpr, MemberExpr)) else otherwise


def _instance(api: Any, fullname: str, args: list[Type]) -> Type:
    """An instance of the class `fullname` (looked up by module: mypy's own lookup walks
    package attributes, which a lazily imported submodule is not)."""
    module, _, name = fullname.rpartition(".")
    tree = api.modules.get(module)
    found = tree.names.get(name) if tree is not None else None
    if found is None or not isinstance(found.node, TypeInfo):
        return AnyType(TypeOfAny.special_form)
    return Instance(found.node, args)


def _promised(api: Any, returned: Type) -> Type:
    proper = get_proper_type(returned)
    if isinstance(proper, NoneType):
        return _instance(api, VOID_PROMISE, [])
    if _promise_of(proper) is not None:
        return returned
    return _instance(api, PROMISE, [returned])


_SIGNATURES: dict[int, tuple[Any, FunctionLike]] = {}


def _remember_signature(ctx: MethodSigContext) -> FunctionLike:
    """The entity's signature at this call (its inputs' types), for the call's hook, which
    mypy gives the arguments but not the signature; a file or folder input takes a path
    too, as both SDKs convert one."""
    signature = _taking_paths(ctx.api, ctx.default_signature)
    _SIGNATURES[id(ctx.context)] = (ctx.context, signature)
    return signature


_PATHS = (
    "flytekit.types.file.file.FlyteFile",
    "flytekit.types.directory.types.FlyteDirectory",
    "flytecheck.core.types.files.FlyteFile",
    "flytecheck.core.types.files.FlyteDirectory",
)


def _taking_paths(api: Any, signature: FunctionLike) -> FunctionLike:
    if not isinstance(signature, CallableType):
        return signature
    paths = _path_types(api)
    types = []
    for t in signature.arg_types:
        proper = get_proper_type(t)
        is_path = isinstance(proper, Instance) and any(proper.type.has_base(n) for n in _PATHS)
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
                    f"input {input_name!r} of {name} takes {_shown(expected)}, but is bound to a "
                    f"promise of {_shown(promised)}; convert it in a task, or change the "
                    "annotation",
                    node,
                    code=BINDING,
                )


def _shown(t: Type) -> str:
    return str(get_proper_type(t)).replace("builtins.", "")


# -- flytekit's decorators ------------------------------------------------------------------


def _flytekit_decorator(
    body: str, typed: str, configured: str
) -> Callable[[FunctionContext], Type]:
    """flytekit's decorator applied: the function as a typed entity (flytekit's own class with
    the function's signature), or, configured, a decorator protocol that keeps it; a workflow
    body is checked here, as the core's is."""
    check_body = _checks_body(body) if body in _BODIES else None

    def hook(ctx: FunctionContext) -> Type:
        if check_body is not None:
            check_body(ctx)
        if body == "reference":  # always configured: the identifier, then the signature
            return _instance(ctx.api, f"{_FK_TYPES}.{configured}", [])
        function = _decorated(ctx)
        if function is not None:
            return _typed_entity(ctx.api, typed, function)
        if ctx.args and ctx.args[0]:  # something else was given: flytekit's own types
            return ctx.default_return_type
        return _instance(ctx.api, f"{_FK_TYPES}.{configured}", [])

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
        return _instance(api, f"{_FK_TYPES}.{typed}", [returned])
    parameters = Parameters(
        function.arg_types, function.arg_kinds, function.arg_names, variables=function.variables
    )
    return _instance(api, f"{_FK_TYPES}.{typed}", [parameters, returned])


def _partial_call(ctx: MethodContext) -> Type:
    """A call of a functools.partial: flytekit's `@dynamic` (and `dynamic(...)` configured)
    typed as its `@task`; any other partial as mypy types it."""
    from mypy.plugins.functools import partial_call_callback

    if not _is_flytekit_dynamic(ctx.context):
        return partial_call_callback(ctx)
    _read_declaration(ctx)
    _checks_body("dynamic")(ctx)
    function = _decorated(ctx)
    if function is not None:
        return _typed_entity(ctx.api, "Task", function)
    if ctx.args and ctx.args[0]:
        return partial_call_callback(ctx)
    return _instance(ctx.api, f"{_FK_TYPES}.DynamicDecorator", [])


def _is_flytekit_dynamic(context: Context) -> bool:
    if isinstance(context, Decorator):
        return any(_refers_to(d, _FK_DYNAMIC) for d in context.decorators)
    return isinstance(context, CallExpr) and _refers_to(context.callee, _FK_DYNAMIC)


def _refers_to(expression: Expression, fullname: str) -> bool:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    return isinstance(target, RefExpr) and target.fullname == fullname


def _takes_anything(ctx: MethodSigContext | FunctionSigContext) -> FunctionLike:
    """A flytekit method whose parameters name flytekit's own promise classes, which the
    plugin's Promise (the one type both SDKs' calls give) is not."""
    signature = ctx.default_signature
    if not isinstance(signature, CallableType):
        return signature
    anything = AnyType(TypeOfAny.special_form)
    return signature.copy_modified(arg_types=[anything for _ in signature.arg_types])


def _flytekit_plan(ctx: MethodContext) -> Type:
    """`LaunchPlan.get_or_create(wf, ...)` of a typed flytekit workflow: a plan whose call
    gives the workflow's output."""
    workflow = get_proper_type(ctx.arg_types[0][0]) if ctx.arg_types and ctx.arg_types[0] else None
    if isinstance(workflow, Instance) and workflow.type.fullname == f"{_FK_TYPES}.Workflow":
        return _instance(ctx.api, f"{_FK_TYPES}.Plan", [workflow.args[-1]])
    return ctx.default_return_type


# -- what the declaration of an entity may do ------------------------------------------------


def _declared(
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
    todo = list(tree.defs) if tree is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, Decorator) and any(d is ctx.context for d in node.decorators):
            return node
        if isinstance(node, ClassDef):
            todo.extend(node.defs.body)
    return None


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
        if isinstance(argument.initializer, StrExpr) and _is_path(declared)
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
    if _is_path(proper):
        return UnionType([t, *_path_types(api)])
    return t


def _path_types(api: Any) -> list[Type]:
    """`str` and `os.PathLike[str]` (the latter where mypy has read `os`)."""
    text: Type = api.named_generic_type("builtins.str", [])
    if "os" in api.modules:
        return [text, api.named_generic_type("os.PathLike", [text])]
    return [text]


def _is_path(t: Type) -> bool:
    proper = get_proper_type(t)
    return isinstance(proper, Instance) and any(proper.type.has_base(n) for n in _PATHS)


# -- map tasks ------------------------------------------------------------------------------


def _map_task(typed: str) -> Callable[[FunctionContext], Type]:
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
        return _instance(api, typed, [lists, outputs])

    return hook


def _allows_failures(ctx: FunctionContext) -> bool:
    """Whether map_task was given min_successes or min_success_ratio (so an element may fail)."""
    return any(
        name in ("min_successes", "min_success_ratio") and given
        for name, given in zip(ctx.callee_arg_names, ctx.args, strict=False)
    )


# -- conditionals ---------------------------------------------------------------------------


def _branch_then(section: str) -> Callable[[MethodContext], Type]:
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
        return AnyType(TypeOfAny.special_form) if last else _instance(ctx.api, section, [])

    return hook


def _conditional_output(ctx: MethodContext) -> Type:
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
            f"this branch gives a promise of {_shown(current)}, but an earlier branch gives "
            f"{_shown(seen)}: every branch of a conditional must give the same type; "
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


def _promise_attribute(ctx: AttributeContext) -> Type:
    own = get_proper_type(ctx.type)
    name = ctx.context.name if isinstance(ctx.context, MemberExpr) else None
    promised = _promise_of(ctx.type)
    target = _as_instance(promised)
    if isinstance(own, Instance) and name is not None and own.type.get(name) is not None:
        if target is not None and name in _fields(target):
            ctx.api.fail(
                f"field {name!r} of {_shown(target)} is hidden by the promise's own {name}: "
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
            f"a promise of {_shown(target)} has no field {name!r}: its fields are "
            f"{', '.join(_fields(target)) or 'none'}",
            ctx.context,
            code=PROMISE_ATTR,
        )
        return AnyType(TypeOfAny.from_error)
    return _instance(ctx.api, PROMISE, [expand_type_by_instance(field_type, target)])


def _as_instance(t: Type | None) -> Instance | None:
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


# -- the body of a workflow -----------------------------------------------------------------


_CHECKED: dict[int, FuncDef] = {}


def _fail_unfiltered(api: Any, message: str, node: Node, code: ErrorCode) -> None:
    """Report outside any error filter: mypy applies a decorator while choosing among the
    decorator's overloads, with errors filtered, and would drop (or, worse, count against
    the overload) what a body check reports."""
    errors = api.msg.errors
    watching = errors._watchers
    errors._watchers = []
    try:
        api.fail(message, node, code=code)
    finally:
        errors._watchers = watching


def _checks_body(kind: str) -> Callable[[FunctionContext | MethodContext], Type]:
    def hook(ctx: FunctionContext | MethodContext) -> Type:
        decorated = ctx.context
        if isinstance(decorated, Decorator) and id(decorated.func) not in _CHECKED:
            _CHECKED[id(decorated.func)] = decorated.func
            if kind == "eager":
                _EagerChecker(ctx.api, decorated.func).check()
            else:
                _BodyChecker(ctx.api, decorated.func, kind).check()
            if kind == "workflow":
                _inputs_promised(ctx.api, decorated.func)
        return ctx.default_return_type

    return hook


def _inputs_promised(api: Any, function: FuncDef) -> None:
    """A workflow's inputs are promises in its body (`flag.is_true()` on a `bool` input):
    mypy checks the body after the decorator is applied, so the body sees the inputs as the
    plugin types them here, while callers keep the declared signature the decorator took."""
    signature = get_proper_type(function.type)
    if not isinstance(signature, CallableType):
        return
    promised = [_promised(api, t) for t in signature.arg_types]
    function.type = signature.copy_modified(arg_types=promised)
    for argument, t in zip(function.arguments, promised, strict=False):
        argument.variable.type = t


_AWAITING = ("asyncio.gather", "asyncio.create_task", "asyncio.wait_for", "asyncio.shield")


def awaited_calls(function: FuncItem) -> set[int]:
    """The calls an eager body awaits: directly, or handed to asyncio.gather and the like."""
    found = _AWAITED.get(id(function))
    if found is not None and found[0] is function:
        return found[1]
    ids: set[int] = set()
    for node in _walk(function.body):
        if isinstance(node, AwaitExpr) and isinstance(node.expr, CallExpr):
            ids.add(id(node.expr))
        elif (
            isinstance(node, CallExpr)
            and isinstance(node.callee, RefExpr)
            and node.callee.fullname in _AWAITING
        ):
            for given in node.args:
                if isinstance(given, StarExpr):  # gather(*[t(x=x) for x in xs])
                    given = given.expr
                if isinstance(given, (ListComprehension, GeneratorExpr)):
                    inner = given.generator if isinstance(given, ListComprehension) else given
                    given = inner.left_expr
                if isinstance(given, CallExpr):
                    ids.add(id(given))
    _AWAITED[id(function)] = (function, ids)
    return ids


_AWAITED: dict[int, tuple[FuncItem, set[int]]] = {}


class _EagerChecker:
    """An eager body's entity calls whose result is used without `await` (a coroutine on a
    cluster, though flytekit's local run hides it by running the call at once)."""

    def __init__(self, api: Any, function: FuncDef) -> None:
        self.api = api
        self.function = function

    def check(self) -> None:
        awaited = awaited_calls(self.function)
        pending: dict[int, str] = {}
        for node in _walk(self.function.body):
            if isinstance(node, AssignmentStmt) and isinstance(node.rvalue, CallExpr):
                call = node.rvalue
                if id(call) not in awaited and _entity_output(call.callee) is not None:
                    for target in node.lvalues:
                        if isinstance(target, NameExpr) and target.node is not None:
                            pending[id(target.node)] = _called(call.callee, "the entity")
            elif isinstance(node, AwaitExpr) and isinstance(node.expr, NameExpr):
                pending.pop(id(node.expr.node), None)
        if not pending:
            return
        for node in _walk(self.function.body):
            used = self._value_use(node)
            for name in used:
                if isinstance(name, NameExpr) and id(name.node) in pending:
                    _fail_unfiltered(
                        self.api,
                        f"{name.name} holds the call of {pending[id(name.node)]} before it "
                        "is awaited (a coroutine in an eager workflow): write "
                        f"`{name.name} = await {pending[id(name.node)]}(...)`",
                        name,
                        NOT_AWAITED,
                    )

    @staticmethod
    def _value_use(node: Node) -> list[Expression]:
        if isinstance(node, OpExpr):
            return [node.left, node.right]
        if isinstance(node, ComparisonExpr):
            return list(node.operands)
        if isinstance(node, ReturnStmt) and node.expr is not None:
            return [node.expr]
        if isinstance(node, MemberExpr):
            return [node.expr]
        return []


_NOT_CHILDREN = frozenset(
    (
        "__match_args__",
        "analyzed",
        "node",
        "info",
        "type",
        "definition",
        "var",
        "func",
        "unanalyzed_type",
        "arguments",
        "decorators",
        "defs",
    )
)
"""Attributes of mypy's nodes that refer elsewhere (a name's definition, a nested function),
not to the node's own parts."""


def _walk(node: Node) -> Iterator[Node]:
    """Every node under `node`, parents before children (mypy's traverser is compiled, and
    cannot be subclassed from a plugin)."""
    todo = [node]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        children: list[Node] = []
        for klass in type(current).__mro__:
            fields: tuple[str, ...] = (
                getattr(klass, "__mypyc_attrs__", None) or getattr(klass, "__slots__", None) or ()
            )
            for slot in fields:
                if slot in _NOT_CHILDREN:
                    continue
                value = getattr(current, slot, None)
                if isinstance(value, Node):
                    children.append(value)
                elif isinstance(value, (list, tuple)):
                    children.extend(v for v in value if isinstance(v, Node))
        todo.extend(reversed(children))


_ENTITY_DECORATORS = (
    "task",
    "workflow",
    "dynamic",
    "eager",
    "reference_task",
    "reference_workflow",
    "reference_launch_plan",
)


def _entity_output(callee: Expression) -> Type | None:
    """What calling `callee` promises, if it names an entity: read from declarations (a
    decorated function's return annotation, an entity variable's type), because a workflow's
    decorator is applied before mypy checks the body, so the body's own types are not there
    yet."""
    if not isinstance(callee, RefExpr):
        return None
    node = callee.node
    if isinstance(node, Decorator):
        names = [_decorator_name(d) for d in node.decorators]
        if not any(n in _ENTITY_DECORATORS for n in names if n):
            return None
        decorated = _var_output(node.var)  # the entity's type, once its decorator is applied
        if decorated is not None:
            return decorated
        signature = get_proper_type(node.func.type)
        if isinstance(signature, CallableType):
            return signature.ret_type
        return AnyType(TypeOfAny.special_form)
    if isinstance(node, Var):
        return _var_output(node)
    return None


def _var_output(var: Var) -> Type | None:
    """What an entity held by `var` promises (its type's last argument; a core launch plan's
    workflow's), or None when `var` holds no typed entity."""
    t = get_proper_type(var.type) if var.type is not None else None
    if not isinstance(t, Instance) or not _is_entity(t):
        return None
    if any(t.type.has_base(n) for n in _LAUNCH_PLANS) and t.args:
        workflow = get_proper_type(t.args[0])
        if isinstance(workflow, Instance) and workflow.args:
            return workflow.args[-1]
    return t.args[-1] if t.args else AnyType(TypeOfAny.special_form)


def _decorator_name(expression: Expression) -> str | None:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    if isinstance(target, RefExpr) and target.fullname.startswith(_SDKS):
        return target.fullname.rsplit(".", 1)[-1]
    return None


_ENTITY_MAKERS = ("task", "workflow", "dynamic", "eager")


def _maybe_flyte_decorator(expression: Expression) -> bool:
    """Whether a decorator may make an entity: an SDK's, one named like an SDK's on some
    object (`@env.task`, union's `@actor.task`), or one mypy cannot resolve (its module not
    read): a function under it is not known to be plain, so a promise passed to it is no
    error."""
    if _decorator_kind(expression) or _is_sdk_ref(expression):
        return True
    target = expression.callee if isinstance(expression, CallExpr) else expression
    if isinstance(target, MemberExpr) and target.name in _ENTITY_MAKERS:
        return True
    if not isinstance(target, RefExpr) or target.node is None:
        return True
    node = target.node
    declared = get_proper_type(node.type) if isinstance(node, Var) and node.type else None
    return isinstance(node, Var) and (declared is None or isinstance(declared, AnyType))


class _BodyChecker:
    """What a workflow body does with promises, from the types mypy gave its expressions."""

    def __init__(self, api: Any, function: FuncDef, kind: str) -> None:
        self.api = api
        self.function = function
        self.conditions: set[int] = set()
        self.names: dict[int, Type] = {}
        signature = get_proper_type(function.type)
        if kind == "workflow" and isinstance(signature, CallableType):  # a dynamic's are values
            for argument, declared in zip(function.arguments, signature.arg_types, strict=False):
                self.names[id(argument.variable)] = declared

    def check(self) -> None:
        visits: dict[type, Callable[[Any], None]] = {
            IfStmt: self.visit_if_stmt,
            WhileStmt: self.visit_while_stmt,
            UnaryExpr: self.visit_unary_expr,
            OpExpr: self.visit_op_expr,
            ComparisonExpr: self.visit_comparison_expr,
            ForStmt: self.visit_for_stmt,
            GeneratorExpr: self.visit_generator_expr,
            ListComprehension: lambda e: self.visit_generator_expr(e.generator),
            CallExpr: self.visit_call_expr,
            IndexExpr: self.visit_index_expr,
            ReturnStmt: self.visit_return_stmt,
            AssignmentStmt: self.visit_assignment_stmt,
        }
        for node in _walk(self.function.body):
            visit = visits.get(type(node))
            if visit is not None:
                visit(node)

    def _fail(self, message: str, node: Node, *, code: ErrorCode) -> None:
        _fail_unfiltered(self.api, message, node, code)

    def _promised(self, e: Expression) -> Type | None:
        """The type `e` promises: an entity call's output, a name bound to one or a workflow
        input, a field or item of those; None for a plain value."""
        if isinstance(e, CallExpr):
            callee = e.callee
            if isinstance(callee, MemberExpr) and callee.name in _SAME_PROMISE:
                return self._promised(callee.expr)
            return _entity_output(callee)
        if isinstance(e, NameExpr):
            return self.names.get(id(e.node)) if e.node is not None else None
        if isinstance(e, MemberExpr):
            base = self._promised(e.expr)
            if base is not None and e.name in self._promise_api():
                return None  # the promise's own: `.ref`, `.var`, ...
            target = _as_instance(base)
            if target is not None:
                field = target.type.get(e.name)
                field_type = getattr(field.node, "type", None) if field is not None else None
                if isinstance(field_type, Type):
                    return expand_type_by_instance(field_type, target)
            return None if base is None else AnyType(TypeOfAny.special_form)
        if isinstance(e, IndexExpr):
            base = self._promised(e.base)
            target = _as_instance(base)
            if target is not None and target.args:
                return target.args[-1]
            return None if base is None else AnyType(TypeOfAny.special_form)
        return None

    def _promise_api(self) -> set[str]:
        promise = get_proper_type(_instance(self.api, PROMISE, [AnyType(TypeOfAny.special_form)]))
        if not isinstance(promise, Instance):
            return set()
        return {n for base in promise.type.mro for n in base.names if not n.startswith("_")}

    def visit_assignment_stmt(self, s: AssignmentStmt) -> None:
        promised = self._promised(s.rvalue)
        if promised is None:
            return
        for target in s.lvalues:
            if isinstance(target, NameExpr) and target.node is not None:
                self.names[id(target.node)] = promised
            elif isinstance(target, TupleExpr):
                for item in target.items:
                    if isinstance(item, NameExpr) and item.node is not None:
                        self.names[id(item.node)] = AnyType(TypeOfAny.special_form)

    def _truth(self, e: Expression, where: str) -> None:
        if isinstance(e, UnaryExpr) and e.op == "not":
            e = e.expr
        if isinstance(e, OpExpr) and e.op in ("and", "or"):
            self._truth(e.left, where)
            self._truth(e.right, where)
            return
        if self._promised(e) is not None:
            self._fail(
                f"a promise is used as {where}, but its value exists only when the workflow "
                "runs: branch with conditional('name').if_(p == 1).then(...), or decide in a task",
                e,
                code=PROMISE_BOOL,
            )

    def visit_if_stmt(self, s: IfStmt) -> None:
        for condition in s.expr:
            self._truth(condition, "the condition of an if")

    def visit_while_stmt(self, s: WhileStmt) -> None:
        self._truth(s.expr, "the condition of a while")

    def visit_unary_expr(self, e: UnaryExpr) -> None:
        if e.op == "not":
            self._truth(e.expr, "a truth value (not)")
        elif self._promised(e.expr) is not None:
            self._operand(e, e.op)

    def visit_op_expr(self, e: OpExpr) -> None:
        if e.op in ("and", "or"):
            self._truth(e.left, f"a truth value ({e.op})")
            self._truth(e.right, f"a truth value ({e.op})")
        elif e.op not in ("&", "|", ">>", "<<") and (
            self._promised(e.left) is not None or self._promised(e.right) is not None
        ):
            self._operand(e, e.op)

    def _operand(self, e: Expression, op: str) -> None:
        self._fail(
            f"a promise is an operand of {op!r}, but its value exists only when the workflow "
            "runs: compute it in a task that takes the value as an input",
            e,
            code=PROMISE_OP,
        )

    def visit_comparison_expr(self, e: ComparisonExpr) -> None:
        if id(e) not in self.conditions and any(self._promised(o) is not None for o in e.operands):
            self._fail(
                "a promise is compared outside conditional(...): its value exists only when the "
                "workflow runs; compare inside conditional('name').if_(...), or in a task",
                e,
                code=PROMISE_OP,
            )

    def visit_for_stmt(self, s: ForStmt) -> None:
        self._iterated(s.expr)

    def visit_generator_expr(self, e: GeneratorExpr) -> None:
        for sequence in e.sequences:
            self._iterated(sequence)

    def _iterated(self, e: Expression) -> None:
        if self._promised(e) is not None:
            self._fail(
                "a promise is iterated, but its value exists only when the workflow runs: pass "
                "the whole list to a task (or map_task) that loops over it",
                e,
                code=PROMISE_ITER,
            )

    def visit_call_expr(self, e: CallExpr) -> None:
        callee = e.callee
        if isinstance(callee, MemberExpr) and callee.name in _CONDITION_METHODS:
            self.conditions.update(id(n) for a in e.args for n in _walk(a))
        elif not self._flyte_callee(callee):
            for arg in e.args:
                if self._promised(arg) is None:
                    continue
                name = _called(callee, "a function")
                code = PROMISE_ITER if name in ("len", "list", "tuple", "sorted") else PROMISE_CALL
                code = PROMISE_BOOL if name == "bool" else code
                if name in _SHOWS:
                    self._fail(
                        f"a promise is passed to {name}(): this shows its placeholder, not its "
                        "value, which exists only when the workflow runs; show it in a task",
                        arg,
                        code=PROMISE_SHOWN,
                    )
                    continue
                self._fail(
                    f"a promise is passed to {name}(), a plain function, but its value exists "
                    "only when the workflow runs: make the function a @task, or call it in one",
                    arg,
                    code=code,
                )

    def _flyte_callee(self, callee: Expression) -> bool:
        """Whether the called thing is Flyte's (an entity, a promise's method, an SDK function),
        read from what the names refer to (mypy checks the body after the decorator
        is applied, so the body's own types are not there yet)."""
        if isinstance(callee, RefExpr) and callee.fullname in _ALLOWED_CALLEES:
            return True
        if isinstance(callee, MemberExpr):
            if self._promised(callee.expr) is not None:
                return True
            return self._flyte_callee(callee.expr) or callee.fullname.startswith(_SDKS)
        if isinstance(callee, CallExpr):
            return self._flyte_callee(callee.callee)
        if isinstance(callee, RefExpr):
            node = callee.node
            if callee.fullname.startswith(_SDKS):
                return True
            if isinstance(node, Decorator):
                return any(_maybe_flyte_decorator(d) for d in node.decorators)
            if isinstance(node, Var):
                t = get_proper_type(node.type) if node.type is not None else None
                return t is None or isinstance(t, AnyType) or _is_entity(t)
            if isinstance(node, TypeInfo):  # a NamedTuple of outputs, or an SDK class
                return node.tuple_type is not None or node.fullname.startswith(_SDKS)
        return False

    def visit_index_expr(self, e: IndexExpr) -> None:
        promised = self._promised(e.base)
        target = get_proper_type(promised) if promised is not None else None
        if isinstance(target, Instance) and target.type.fullname not in _INDEXABLE:
            self._fail(
                f"a promise of {_shown(target)} is indexed; only List[T] and Dict[str, T] "
                "promises index (by int and by str)",
                e,
                code=PROMISE_INDEX,
            )

    def visit_return_stmt(self, s: ReturnStmt) -> None:
        if s.expr is not None:
            promised = self._promised(s.expr)
            declared = self._declared_return()
            if promised is not None and declared is not None and not is_subtype(promised, declared):
                self._fail(
                    f"the workflow returns a promise of {_shown(promised)}, but declares "
                    f"{_shown(declared)}: return an output of that type, or change the annotation",
                    s.expr,
                    code=RETURN,
                )

    def _declared_return(self) -> Type | None:
        t = get_proper_type(self.function.type)
        return t.ret_type if isinstance(t, CallableType) else None
