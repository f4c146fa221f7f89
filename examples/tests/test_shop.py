"""The shop's tests, as a Flyte user writes them with flytecheck's pytest plugin."""

from __future__ import annotations

import pytest
from shop.models import Status, sample_order
from shop.workflows import add_shipping, checkout, discount, price_order, ship

from flytecheck.pytest_plugin import FlyteExecute, FlyteMocker


def test_small_orders_pay_shipping() -> None:
    assert price_order(order=sample_order()) == 23.85


def test_the_discount_is_applied_once(flyte_mock: FlyteMocker) -> None:
    """Mock the discount: the workflow passes the subtotal and the coupon, and uses the result."""
    stub = flyte_mock.task(discount, return_value=10.0)
    assert price_order(order=sample_order()) == 14.95
    stub.assert_called_once_with(amount=21.0, coupon="WINTER")


def test_checkout_marks_the_order_paid(flyte_mock: FlyteMocker) -> None:
    flyte_mock.task(add_shipping, return_value=0.0)
    _, status = checkout(order=sample_order())
    assert status is Status.PAID


def test_the_pipeline_graph(flyte_graph, flyte_snapshot) -> None:  # type: ignore[no-untyped-def]
    """The graph is reviewed as a Mermaid snapshot in __snapshots__/."""
    graph = flyte_graph(price_order)
    assert graph.node("discount").depends_on("subtotal")
    assert graph == flyte_snapshot


def test_unpaid_orders_do_not_ship(flyte_execute: FlyteExecute) -> None:
    """Run the task as its container would: the error document says what went wrong."""
    result = flyte_execute(ship, order=sample_order())
    assert not result.ok
    assert result.error.code == "USER:RuntimeError"
    assert "not paid" in result.error.message


@pytest.mark.parametrize("status", [Status.PAID])
def test_paid_orders_ship(flyte_execute: FlyteExecute, status: Status) -> None:
    order = sample_order()
    order.status = status
    assert flyte_execute(ship, order=order).outputs == "shipped 1042"
