"""A read-only walk over a libcst tree, for rules that only look.

libcst's own `node.visit(visitor)` rebuilds every node it passes (it is the transformer's
machinery) and visits every space, comma and bracket: on a workflow body that costs as much as
half the parse. This walk reads the fields in place and leaves out the trivia (whitespace,
comments, brackets, commas and other punctuation), so it costs a small fraction of that.

It visits what libcst visits, in the same order (source order), minus the trivia; a visit hook
that returns False skips the node's children, as with libcst, and the leave hooks still run.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

import libcst as cst

__all__ = ["Hook", "children", "walk"]

Hook = Callable[[cst.CSTNode], "bool | None"]

_TRIVIA_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "comma",
        "trailing_comma",
        "semicolon",
        "colon",
        "first_colon",
        "second_colon",
        "dot",
        "relative",
        "equal",
        "leading_lines",
        "lines_after_decorators",
        "header",
        "footer",
        "leading_whitespace",
        "trailing_whitespace",
    }
)

# Nodes whose dataclass fields are declared in another order than their source order
# (libcst declares the important fields first); trivia fields left out. A field a later libcst
# adds is still visited, after these.
_SOURCE_ORDER: dict[str, tuple[str, ...]] = {
    "Arg": ("keyword", "value"),
    "ClassDef": ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
    "CompFor": ("asynchronous", "target", "iter", "ifs", "inner_for_in"),
    "ExceptHandler": ("type", "name", "body"),
    "ExceptStarHandler": ("type", "name", "body"),
    "For": ("asynchronous", "target", "iter", "body", "orelse"),
    "FunctionDef": (
        "decorators",
        "asynchronous",
        "name",
        "type_parameters",
        "params",
        "returns",
        "body",
    ),
    "IfExp": ("body", "test", "orelse"),
    "MatchCase": ("pattern", "guard", "body"),
    "Parameters": (
        "posonly_params",
        "posonly_ind",
        "params",
        "star_arg",
        "kwonly_params",
        "star_kwarg",
    ),
    "TypeAlias": ("name", "type_parameters", "value"),
    "With": ("asynchronous", "items", "body"),
}

_PLANS: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}


def _may_hold_node(annotation: object) -> bool:
    """Whether a field so annotated can hold a node (`str` or `Literal[...]` cannot)."""
    if isinstance(annotation, type):
        return issubclass(annotation, cst.CSTNode)
    if isinstance(annotation, typing.ForwardRef):
        return True
    if typing.get_origin(annotation) is typing.Literal:
        return False
    return any(_may_hold_node(arg) for arg in typing.get_args(annotation))


def _plan(cls: type) -> tuple[str, ...]:
    """The fields of `cls` that may hold child nodes, in source order; found once per class."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    known = [name for name in _SOURCE_ORDER.get(cls.__name__, ()) if name in fields]
    order = [*known, *(name for name in fields if name not in known)]
    plan = _PLANS[cls] = tuple(
        name
        for name in order
        if name not in _TRIVIA_FIELDS
        and not name.startswith("whitespace")
        and _may_hold_node(fields[name].type)
    )
    return plan


def _is_node(cls: type) -> bool:
    found = _IS_NODE[cls] = issubclass(cls, cst.CSTNode)
    return found


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children in source order, trivia left out."""
    out: list[cst.CSTNode] = []
    plan = _PLANS.get(type(node))
    if plan is None:
        plan = _plan(type(node))
    for name in plan:
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            out.extend(value)
        else:
            is_node = _IS_NODE.get(kind)
            if is_node is None:
                is_node = _is_node(kind)
            if is_node:
                out.append(value)
    return out


_NONE: Sequence[Hook] = ()
_NO_HOOKS: Mapping[str, Sequence[Hook]] = MappingProxyType({})


def walk(
    node: cst.CSTNode,
    visit: Mapping[str, Sequence[Hook]],
    leave: Mapping[str, Sequence[Hook]] = _NO_HOOKS,
) -> None:
    """Call the hooks registered for each node's class name (`visit` before its children,
    `leave` after), depth first in source order."""
    name = type(node).__name__
    descend = True
    for hook in visit.get(name, _NONE):
        if hook(node) is False:
            descend = False
    if descend:
        for child in children(node):
            walk(child, visit, leave)
    for hook in leave.get(name, _NONE):
        hook(node)
