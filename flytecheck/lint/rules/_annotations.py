"""Reading type annotations in source: what each names, without importing anything."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flytecheck.lint._imports import dotted

__all__ = ["args_of", "head", "signature_types", "walk_annotation"]


def head(node: cst.BaseExpression) -> str:
    """`List` for `typing.List[int]`, `int` for `int`."""
    target = node.value if isinstance(node, cst.Subscript) else node
    return (dotted(target) or "").rsplit(".", 1)[-1]


def args_of(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    if not isinstance(node, cst.Subscript):
        return []
    return [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]


def walk_annotation(
    node: cst.BaseExpression, top: bool = True
) -> Iterator[tuple[cst.BaseExpression, bool]]:
    """Every type expression in an annotation, with whether it is the top-level one."""
    yield node, top
    for arg in args_of(node):
        yield from walk_annotation(arg, top=False)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        yield from walk_annotation(node.left, top=False)
        yield from walk_annotation(node.right, top=False)


def signature_types(node: cst.FunctionDef) -> list[tuple[cst.BaseExpression, bool]]:
    """(annotation, is_return) for every annotated parameter and the return."""
    out = [(p.annotation.annotation, False) for p in node.params.params if p.annotation is not None]
    if node.returns is not None:
        out.append((node.returns.annotation, True))
    return out
