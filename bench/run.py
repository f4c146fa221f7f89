"""Runs every benchmark under bench/ and prints each figure as a ratio against its floor.

Exits 1 when a figure misses its target, so a regression is seen; it is not part of `make test`
(timings belong in benchmarks, never in tests).

Figures are for flytecheck as users have it installed, with its bytecode compiled (pip compiles
on install; Python caches it on first import). A shell with PYTHONDONTWRITEBYTECODE set would
otherwise time the compiler on every start-up figure, so the package is compiled first and the
variable is dropped for the processes the benchmarks start.
"""

from __future__ import annotations

import compileall
import importlib
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODULES = [
    "bench.bench_import",
    "bench.bench_types",
    "bench.bench_core",
    "bench.bench_node_floor",
    "bench.bench_map",
    "bench.bench_entrypoint",
    "bench.bench_plugin",
    "bench.bench_flytekit",
    "bench.bench_backend",
    "bench.bench_lint",
    "bench.bench_lint_scale",
    "bench.bench_server",
    "bench.bench_lint_peer",
    "bench.bench_mypy",
]


def main() -> int:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "flytecheck", quiet=1)
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"flytecheck benchmarks on {python}, {platform.machine()}")
    missed = 0
    for name in MODULES:
        for figure in importlib.import_module(name).run():
            print(figure.line())
            missed += not figure.ok
    print(f"{missed} figure(s) missed their target" if missed else "all figures within target")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
