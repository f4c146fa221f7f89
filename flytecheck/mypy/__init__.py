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

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.nodes import (
    Import,
    ImportFrom,
    MypyFile,
    TypeInfo,
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
from mypy.types import (
    FunctionLike,
    Type,
)

from flytecheck.mypy._bodies import checks_body
from flytecheck.mypy._calls import (
    branch_then,
    conditional_output,
    entity_call,
    is_entity_info,
    map_task,
    promise_attribute,
    remember_signature,
)
from flytecheck.mypy._declarations import (
    declared,
    flytekit_decorator,
    flytekit_plan,
    partial_call,
    takes_anything,
)
from flytecheck.mypy._names import (
    CONFIGURED,
    CORE_DECLARERS,
    DECORATORS,
    FAIL,
    FK_CONDITIONS,
    FK_DECORATORS,
    FK_PLAN_MAKERS,
    FK_TYPES,
    MAP_TASKS,
    PROMISE,
    SDKS,
    THEN,
)

__all__ = ["FlytePlugin", "plugin"]


class FlytePlugin(Plugin):
    """mypy's entry point: hooks on entity calls, on the workflow decorators (to check the body
    they were given) and on a promise's attributes."""

    def __init__(self, options: Options) -> None:
        super().__init__(options)
        read_flytekit(options)

    def get_additional_deps(self, file: MypyFile) -> list[tuple[int, str, int]]:
        """The promise types the hooks name, for every module that imports an SDK."""
        if file.fullname.startswith(SDKS) or not any(
            name.startswith(SDKS) for name in _imported(file)
        ):
            return []
        deps = [(10, "flytecheck.core.promise", -1)]
        if any(name.startswith("flytekit") for name in _imported(file)):
            deps.append((10, FK_TYPES, -1))
        return deps

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        if fullname in CONFIGURED:
            return checks_body(CONFIGURED[fullname])
        if fullname == "functools.partial.__call__":
            return partial_call
        if fullname in FK_PLAN_MAKERS:
            return flytekit_plan
        if fullname in THEN:
            return branch_then(THEN[fullname])
        if fullname in FAIL:
            return conditional_output
        if self._entity_call(fullname):
            return entity_call
        return None

    def get_method_signature_hook(
        self, fullname: str
    ) -> Callable[[MethodSigContext], FunctionLike] | None:
        if self._entity_call(fullname):
            return remember_signature
        if fullname in FK_CONDITIONS:
            return takes_anything
        return None

    def _entity_call(self, fullname: str) -> bool:
        """Whether `fullname` is the call of an entity: mypy names a method by the class of
        the object it is called on, which may be the user's own subclass of an SDK class."""
        owner, _, method = fullname.rpartition(".")
        if method != "__call__":
            return False
        if owner.startswith(SDKS):
            return True
        found = self.lookup_fully_qualified(owner)
        info = found.node if found is not None else None
        return isinstance(info, TypeInfo) and is_entity_info(info)

    def get_function_signature_hook(
        self, fullname: str
    ) -> Callable[[FunctionSigContext], FunctionLike] | None:
        if fullname == "flytekit.core.array_node_map_task.map_task":
            return takes_anything  # flytekit's annotation leaves out functools.partial
        return None

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        if fullname in DECORATORS:
            return declared(checks_body(DECORATORS[fullname]), fullname)
        if fullname in FK_DECORATORS:
            return declared(flytekit_decorator(*FK_DECORATORS[fullname]), fullname)
        if fullname in CORE_DECLARERS:
            return declared(None, fullname)
        if fullname in MAP_TASKS:
            return map_task(MAP_TASKS[fullname])
        return None

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        if fullname.startswith(f"{PROMISE}."):
            return promise_attribute
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
