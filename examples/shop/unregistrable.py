"""Workflows that run locally but that registration would refuse: what `flytecheck check` finds
before `pyflyte register` (the demo's step 6)."""

from __future__ import annotations

from flytecheck.core import task, workflow


@task
def apply_discount(price: float, percent: float) -> float:
    return price * (1 - percent / 100)


@workflow
def order_reference(order_id: str) -> str:
    return order_id


@workflow
def discounted(price: float, coupon: str) -> float:
    return apply_discount(price=price, percent=coupon)
