"""The shop's order pipeline, written as a Flyte user writes it (flytekit's names, imported from
flytecheck.core)."""

from __future__ import annotations

from typing import List, Optional

from flytecheck.core import LaunchPlan, conditional, task, workflow
from shop.models import Line, Order, Status


@task
def subtotal(lines: List[Line]) -> float:
    return sum(line.quantity * line.unit_price for line in lines)


@task(retries=2, cache=True, cache_version="1")
def discount(amount: float, coupon: Optional[str] = None) -> float:
    return round(amount * 0.9, 2) if coupon == "WINTER" else amount


@task
def free_shipping(amount: float) -> float:
    return amount


@task
def add_shipping(amount: float) -> float:
    return round(amount + 4.95, 2)


@task
def mark_paid(order: Order) -> Status:
    return Status.PAID


@workflow
def price_order(order: Order) -> float:
    """The price of an order: lines, coupon, then shipping unless it is large."""
    amount = discount(amount=subtotal(lines=order.lines), coupon=order.coupon)
    return (
        conditional("shipping")
        .if_(amount >= 30.0)
        .then(free_shipping(amount=amount))
        .else_()
        .then(add_shipping(amount=amount))
    )


@workflow
def checkout(order: Order) -> tuple[float, Status]:
    """Price the order, then mark it paid."""
    price = price_order(order=order)
    status = mark_paid(order=order)
    price >> status
    return price, status


checkout_web = LaunchPlan.get_or_create(checkout, name="shop.checkout_web")


@task
def ship(order: Order) -> str:
    if order.status is not Status.PAID:
        raise ValueError(f"order {order.id} is {order.status.value}, not paid: it cannot ship")
    return f"shipped {order.id}"
