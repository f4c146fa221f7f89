"""The read-only walk the rules run on: it must see what libcst's own traversal sees, in the same
order, less the trivia, or a rule would silently miss code."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from flytecheck.lint._walk import children, walk
from tests.lint._walked import walked

ROOT = Path(__file__).resolve().parents[2]
TRIVIA = {
    "SimpleWhitespace",
    "ParenthesizedWhitespace",
    "TrailingWhitespace",
    "EmptyLine",
    "Newline",
    "Comment",
    "Comma",
    "Semicolon",
    "Colon",
    "Dot",
    "AssignEqual",
    "LeftParen",
    "RightParen",
    "LeftSquareBracket",
    "RightSquareBracket",
    "LeftCurlyBrace",
    "RightCurlyBrace",
}
EVERY_SYNTAX = """\
from __future__ import annotations
from . import sibling
from ..pkg import (a as b, c)
import os.path as osp, sys
type Alias[T: int = str] = list[T]
@decorate(1, k=2)
@other
class K[T](Base, metaclass=Meta):
    x: int = 1
    async def m[U](self, a, /, b: int = 2, *args: int, c, d=3, **kw) -> None:
        async with ctx() as (p, q), other:
            async for i in aiter():
                await i
        yield from range(3)
        y = yield 1
        return lambda z, *, w=1: z if w else -z
def f(x):
    global g
    del x[1:2:3], x[::]
    assert x, "msg"
    try:
        raise ValueError("x") from None
    except* (TypeError, ValueError) as e:
        pass
    try:
        pass
    except ValueError as e:
        pass
    else:
        pass
    finally:
        pass
    match x:
        case [1, 2, *rest] if rest:
            pass
        case {"k": v, **others}:
            pass
        case Point(x=0, y=yy) | Point(1, 2) as pt:
            pass
        case _:
            pass
    print(f"{x!r:>{10}} {x=}", *x, **x)
    xs = [i for i in x if i for j in i]
    d = {k: v for k, v in x}
    s = {i async for i in x}
    g = (i for i in x)
    n = (y := 3)
    t = x[1, 2:3, ...]
    x += 1; x @= 2
    w = not a and b or c < d <= e is not f in g not in h
    while x:
        break
    else:
        continue
    nonlocal q
    return ~x ** -y // z % 3 << 1 >> 2 & 3 | 4 ^ 5
"""


def _libcst_order(module: cst.Module) -> list[cst.CSTNode]:
    seen: list[cst.CSTNode] = []

    class Record(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if type(node).__name__ in TRIVIA:
                return False
            seen.append(node)
            return True

    module.visit(Record())
    return seen


SOURCES = [
    pytest.param(EVERY_SYNTAX, id="every-syntax"),
    *(
        pytest.param(path.read_text(), id=str(path.relative_to(ROOT)))
        for folder in ("flytecheck/lint", "flytecheck/core", "examples")
        for path in sorted((ROOT / folder).rglob("*.py"))
    ),
]


@pytest.mark.parametrize("source", SOURCES)
def test_walk_sees_what_libcst_sees_in_source_order(source: str) -> None:
    """Every node but whitespace, comments and punctuation, the very same objects, in order."""
    module = cst.parse_module(source)
    assert walked(module) == _libcst_order(module)


def test_a_visit_hook_returning_false_skips_the_children_but_not_the_leave_hook() -> None:
    module = cst.parse_module("def f():\n    return g(1)\n\nh(2)\n")
    calls: list[str] = []
    walk(
        module,
        {
            "FunctionDef": [lambda node: False],
            "Call": [lambda node: calls.append(cst.Module([]).code_for_node(node))],
        },
        {"FunctionDef": [lambda node: calls.append("left f")]},
    )
    assert calls == ["left f", "h(2)"]


def test_children_leave_out_trivia_and_keep_source_order() -> None:
    call = cst.parse_expression("f(a, *b, key=c)  ")
    assert isinstance(call, cst.Call)
    names = [type(child).__name__ for child in children(call)]
    assert names == ["Name", "Arg", "Arg", "Arg"]
    keyword = children(call)[3]
    assert [cst.Module([]).code_for_node(n) for n in children(keyword)] == ["key", "c"]
