"""A module with mistakes on purpose: what `flytecheck lint` finds before anything runs."""

from __future__ import annotations

from typing import List

from flytecheck.core import LaunchPlan, conditional, task, workflow


@task(cache=True)
def restock(sku, quantities: List[int] = []) -> int:
    return sum(quantities)


@workflow
def replenish(sku: str, minimum: int) -> int:
    count = restock(sku=sku)
    if count < minimum:
        return restock(sku=sku)
    return conditional("enough").if_(count > 0).then(restock(sku=sku))


replenish_lp = LaunchPlan.get_or_create(replenish, name="shop.replenish_lp")


@workflow
def nightly() -> int:
    return replenish_lp("tea", 10)
