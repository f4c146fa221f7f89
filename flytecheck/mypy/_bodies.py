"""The body of a workflow, a dynamic task or an eager workflow: what it does with promises,
read from the declarations mypy has when the decorator is applied."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.errorcodes import ErrorCode
from mypy.expandtype import expand_type_by_instance
from mypy.nodes import (
    AssignmentStmt,
    AwaitExpr,
    CallExpr,
    ComparisonExpr,
    Decorator,
    Expression,
    ForStmt,
    FuncDef,
    GeneratorExpr,
    IfStmt,
    IndexExpr,
    ListComprehension,
    MemberExpr,
    NameExpr,
    Node,
    OpExpr,
    RefExpr,
    ReturnStmt,
    TupleExpr,
    TypeInfo,
    UnaryExpr,
    Var,
    WhileStmt,
)
from mypy.plugin import (
    FunctionContext,
    MethodContext,
)
from mypy.subtypes import is_subtype
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    Type,
    TypeOfAny,
    get_proper_type,
)

from flytecheck.mypy._calls import (
    as_instance,
    called,
    decorator_kind,
    instance,
    is_entity,
    is_sdk_ref,
    promised_type,
    shown,
)
from flytecheck.mypy._names import (
    ALLOWED_CALLEES,
    CONDITION_METHODS,
    INDEXABLE,
    LAUNCH_PLANS,
    NOT_AWAITED,
    PROMISE,
    PROMISE_BOOL,
    PROMISE_CALL,
    PROMISE_INDEX,
    PROMISE_ITER,
    PROMISE_OP,
    PROMISE_SHOWN,
    RETURN,
    SAME_PROMISE,
    SDKS,
    SHOWS,
)
from flytecheck.mypy._walk import awaited_calls, walk

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


def checks_body(kind: str) -> Callable[[FunctionContext | MethodContext], Type]:
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
    promised = [promised_type(api, t) for t in signature.arg_types]
    function.type = signature.copy_modified(arg_types=promised)
    for argument, t in zip(function.arguments, promised, strict=False):
        argument.variable.type = t


class _EagerChecker:
    """An eager body's entity calls whose result is used without `await` (a coroutine on a
    cluster, though flytekit's local run hides it by running the call at once)."""

    def __init__(self, api: Any, function: FuncDef) -> None:
        self.api = api
        self.function = function

    def check(self) -> None:
        awaited = awaited_calls(self.function)
        pending: dict[int, str] = {}
        for node in walk(self.function.body):
            if isinstance(node, AssignmentStmt) and isinstance(node.rvalue, CallExpr):
                call = node.rvalue
                if id(call) not in awaited and _entity_output(call.callee) is not None:
                    for target in node.lvalues:
                        if isinstance(target, NameExpr) and target.node is not None:
                            pending[id(target.node)] = called(call.callee, "the entity")
            elif isinstance(node, AwaitExpr) and isinstance(node.expr, NameExpr):
                pending.pop(id(node.expr.node), None)
        if not pending:
            return
        for node in walk(self.function.body):
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
    if not isinstance(t, Instance) or not is_entity(t):
        return None
    if any(t.type.has_base(n) for n in LAUNCH_PLANS) and t.args:
        workflow = get_proper_type(t.args[0])
        if isinstance(workflow, Instance) and workflow.args:
            return workflow.args[-1]
    return t.args[-1] if t.args else AnyType(TypeOfAny.special_form)


def _decorator_name(expression: Expression) -> str | None:
    target = expression.callee if isinstance(expression, CallExpr) else expression
    if isinstance(target, RefExpr) and target.fullname.startswith(SDKS):
        return target.fullname.rsplit(".", 1)[-1]
    return None


_ENTITY_MAKERS = ("task", "workflow", "dynamic", "eager")


def _maybe_flyte_decorator(expression: Expression) -> bool:
    """Whether a decorator may make an entity: an SDK's, one named like an SDK's on some
    object (`@env.task`, union's `@actor.task`), or one mypy cannot resolve (its module not
    read): a function under it is not known to be plain, so a promise passed to it is no
    error."""
    if decorator_kind(expression) or is_sdk_ref(expression):
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
        for node in walk(self.function.body):
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
            if isinstance(callee, MemberExpr) and callee.name in SAME_PROMISE:
                return self._promised(callee.expr)
            return _entity_output(callee)
        if isinstance(e, NameExpr):
            return self.names.get(id(e.node)) if e.node is not None else None
        if isinstance(e, MemberExpr):
            base = self._promised(e.expr)
            if base is not None and e.name in self._promise_api:
                return None  # the promise's own: `.ref`, `.var`, ...
            target = as_instance(base)
            if target is not None:
                field = target.type.get(e.name)
                field_type = getattr(field.node, "type", None) if field is not None else None
                if isinstance(field_type, Type):
                    return expand_type_by_instance(field_type, target)
            return None if base is None else AnyType(TypeOfAny.special_form)
        if isinstance(e, IndexExpr):
            base = self._promised(e.base)
            target = as_instance(base)
            if target is not None and target.args:
                return target.args[-1]
            return None if base is None else AnyType(TypeOfAny.special_form)
        return None

    @functools.cached_property
    def _promise_api(self) -> set[str]:
        """The promise's own attribute names (read once a body)."""
        promise = get_proper_type(instance(self.api, PROMISE, [AnyType(TypeOfAny.special_form)]))
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
        if isinstance(callee, MemberExpr) and callee.name in CONDITION_METHODS:
            self.conditions.update(id(n) for a in e.args for n in walk(a))
        elif not self._flyte_callee(callee):
            for arg in e.args:
                if self._promised(arg) is None:
                    continue
                name = called(callee, "a function")
                code = PROMISE_ITER if name in ("len", "list", "tuple", "sorted") else PROMISE_CALL
                code = PROMISE_BOOL if name == "bool" else code
                if name in SHOWS:
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
        if isinstance(callee, RefExpr) and callee.fullname in ALLOWED_CALLEES:
            return True
        if isinstance(callee, MemberExpr):
            if self._promised(callee.expr) is not None:
                return True
            return self._flyte_callee(callee.expr) or callee.fullname.startswith(SDKS)
        if isinstance(callee, CallExpr):
            return self._flyte_callee(callee.callee)
        if isinstance(callee, RefExpr):
            node = callee.node
            if callee.fullname.startswith(SDKS):
                return True
            if isinstance(node, Decorator):
                return any(_maybe_flyte_decorator(d) for d in node.decorators)
            if isinstance(node, Var):
                t = get_proper_type(node.type) if node.type is not None else None
                return t is None or isinstance(t, AnyType) or is_entity(t)
            if isinstance(node, TypeInfo):  # a NamedTuple of outputs, or an SDK class
                return node.tuple_type is not None or node.fullname.startswith(SDKS)
        return False

    def visit_index_expr(self, e: IndexExpr) -> None:
        promised = self._promised(e.base)
        target = get_proper_type(promised) if promised is not None else None
        if isinstance(target, Instance) and target.type.fullname not in INDEXABLE:
            self._fail(
                f"a promise of {shown(target)} is indexed; only List[T] and Dict[str, T] "
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
                    f"the workflow returns a promise of {shown(promised)}, but declares "
                    f"{shown(declared)}: return an output of that type, or change the annotation",
                    s.expr,
                    code=RETURN,
                )

    def _declared_return(self) -> Type | None:
        t = get_proper_type(self.function.type)
        return t.ret_type if isinstance(t, CallableType) else None
