"""`import flytecheck.core`: wall time and memory of a fresh interpreter, against the floor of
Python starting and importing the flyteidl protos the core needs."""

from __future__ import annotations

import subprocess
import sys
import time

from bench._harness import Figure

FLOOR = "from flyteidl.core import literals_pb2, types_pb2, interface_pb2"
OURS = "from flytecheck.core import task, workflow, conditional, TypeEngine"


def _wall(code: str, repeat: int = 15) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def _rss_mb(code: str) -> float:
    probe = f"{code}\nimport resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return int(out.stdout) / 1024


def run() -> list[Figure]:
    ours, floor = _wall(OURS), _wall(FLOOR)
    rss = _rss_mb(OURS)
    print(
        f"{'import flytecheck.core (task, workflow, ...)':<44} {ours * 1e3:9.1f} ms wall "
        "(target < 120 ms), "
        f"{rss:.1f} MB RSS (target < 40 MB)"
    )
    return [
        Figure(
            "import flytecheck.core (wall)", ours, floor, 120e-3 / floor, "python + flyteidl protos"
        ),
        Figure("import flytecheck.core (RSS)", rss, 40.0, 1.0, "40 MB budget", unit="MB"),
    ]
