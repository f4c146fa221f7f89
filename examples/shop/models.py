"""The shop's data: what flows between its tasks."""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import Dict, List, Optional


class Status(enum.Enum):
    NEW = "new"
    PAID = "paid"
    SHIPPED = "shipped"


@dataclasses.dataclass
class Line:
    sku: str
    quantity: int
    unit_price: float


@dataclasses.dataclass
class Order:
    id: int
    placed: datetime.datetime
    lines: List[Line]
    status: Status = Status.NEW
    coupon: Optional[str] = None
    attributes: Dict[str, str] = dataclasses.field(default_factory=dict)


def sample_order() -> Order:
    return Order(
        id=1042,
        placed=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.timezone.utc),
        lines=[Line("tea-green", 2, 4.5), Line("mug", 1, 12.0)],
        coupon="WINTER",
        attributes={"channel": "web"},
    )
