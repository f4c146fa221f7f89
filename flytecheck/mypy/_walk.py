"""Walking a function's body as mypy parsed it, and what an eager body awaits."""

from __future__ import annotations

from collections.abc import Iterator

import mypy.types  # noqa: F401  (first: mypy.expandtype and mypy.types import each other)
from mypy.nodes import (
    AwaitExpr,
    CallExpr,
    FuncItem,
    GeneratorExpr,
    ListComprehension,
    Node,
    RefExpr,
    StarExpr,
)

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


def walk(node: Node) -> Iterator[Node]:
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


_AWAITING = ("asyncio.gather", "asyncio.create_task", "asyncio.wait_for", "asyncio.shield")


def awaited_calls(function: FuncItem) -> set[int]:
    """The calls an eager body awaits: directly, or handed to asyncio.gather and the like."""
    found = _AWAITED.get(id(function))
    if found is not None and found[0] is function:
        return found[1]
    ids: set[int] = set()
    for node in walk(function.body):
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
