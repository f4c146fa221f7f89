"""A tiny benchmark harness: best-of-N timings and a ratio against a floor from the same run."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass


def best_of(fn: Callable[[], object], repeat: int = 7) -> float:
    """The fastest of `repeat` runs, in seconds (the least disturbed by the rest of the machine)."""
    fn()  # warm up: caches, codecs, allocator
    best = float("inf")
    gc.collect()
    gc.disable()  # as timeit does: a collection landing in one side only skews the ratio
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def paired(
    ours: Callable[[], object], floor: Callable[[], object], repeat: int = 7
) -> tuple[float, float]:
    """Best-of-`repeat` timings of both sides, taken in turn, so that a slow spell of a shared
    machine lands on both sides of the ratio rather than on one."""
    ours()
    floor()
    best_ours = best_floor = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.perf_counter()
            ours()
            middle = time.perf_counter()
            floor()
            end = time.perf_counter()
            best_ours = min(best_ours, middle - start)
            best_floor = min(best_floor, end - middle)
    finally:
        gc.enable()
    return best_ours, best_floor


@dataclass(frozen=True)
class Figure:
    name: str
    ours: float
    floor: float
    target: float
    floor_name: str
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.ours / self.floor

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target

    @classmethod
    def compare(
        cls,
        name: str,
        ours: Callable[[], object],
        floor: Callable[[], object],
        target: float,
        floor_name: str,
        repeat: int = 7,
    ) -> Figure:
        """A figure whose two sides are timed in turn (see `paired`)."""
        return cls(name, *paired(ours, floor, repeat), target, floor_name)

    def line(self) -> str:
        """Seconds print as ms; any other unit (MB, KB) as it is."""
        verdict = "ok" if self.ok else "MISSED"
        scale, shown = (1e3, "ms") if self.unit == "s" else (1.0, self.unit)
        return (
            f"{self.name:<44} {self.ours * scale:9.1f} {shown}  "
            f"floor {self.floor * scale:8.1f} {shown} "
            f"({self.floor_name})  ratio {self.ratio:5.2f}x  "
            f"target <= {self.target:.2f}x  {verdict}"
        )
