"""The order a dict's keys were written in, kept through a local run.

A `Dict[str, T]` is a literal map, a protobuf map, which keeps no order: a task on a cluster
gets its dict's keys in protobuf's order. flytekit's local run keeps the order they were
written in (its literal map is a Python dict), and tests come to rely on it. So within a local
run the order of every dict made into a literal is remembered, by its set of keys, and a map
with that set of keys comes back in that order; outside one (a container), protobuf's order
stands, as with pyflyte-execute. Two dicts of one run with the same keys in different orders
share the later one's order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

__all__ = ["in_written_order", "remember", "remembering"]

_ORDERS: ContextVar[dict[frozenset[str], tuple[str, ...]] | None] = ContextVar(
    "flytecheck_key_orders", default=None
)


@contextlib.contextmanager
def remembering() -> Iterator[None]:
    """Remember key orders for the `with` block (a local run); nested blocks share the
    outermost's memory."""
    if _ORDERS.get() is not None:
        yield
        return
    token = _ORDERS.set({})
    try:
        yield
    finally:
        _ORDERS.reset(token)


def remember(keys: Iterable[str]) -> None:
    orders = _ORDERS.get()
    if orders is not None:
        written = tuple(keys)
        if len(written) > 1:
            orders[frozenset(written)] = written


def in_written_order(keys: Iterable[str]) -> Iterable[str]:
    orders = _ORDERS.get()
    if not orders:
        return keys
    found = list(keys)
    return orders.get(frozenset(found), found)
