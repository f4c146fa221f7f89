"""`flytecheck lint` on a generated tree of ~60,000 lines in 300 files, half of them Flyte code.

Floor: libcst's parse of the files that pass the prefilter, in the same run. Targets: a cold run
<= 1.3 x floor / cores; a warm run (nothing changed) < 0.3 s; one file from process start < 0.4 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench._harness import Figure, best_of, paired

FLYTE = """from typing import Dict, List, Optional

from flytekit import conditional, task, workflow


@task
def load_{i}(day: str, limit: int = 10) -> List[int]:
    rows = []
    for n in range(limit):
        if n % 3 == 0:
            rows.append(n * 2)
        else:
            rows.append(n + len(day))
    return rows


@task
def summarize_{i}(rows: List[int], labels: Optional[Dict[str, str]] = None) -> float:
    total = 0.0
    for value in rows:
        total += value / (1 + len(labels or {{}}))
    return total / max(len(rows), 1)


@workflow
def pipeline_{i}(day: str) -> float:
    rows = load_{i}(day=day)
    score = summarize_{i}(rows=rows)
    return (
        conditional("check")
        .if_(score > 1.0)
        .then(summarize_{i}(rows=rows))
        .else_()
        .then(summarize_{i}(rows=rows))
    )
"""
PLAIN = """import math


def helper_{i}(values, scale=1.0):
    out = []
    for v in values:
        out.append(math.sqrt(abs(v)) * scale)
    return out


class Thing{i}:
    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"{{self.name}}: {{len(self.name)}}"
"""


def _tree(root: Path) -> int:
    lines = 0
    for i in range(300):
        flyte = i % 2 == 0
        template = FLYTE if flyte else PLAIN
        reps = 6 if flyte else 10
        text = "\n\n".join(template.format(i=f"{i}_{r}") for r in range(reps))
        (root / f"mod_{i}.py").write_text(text)
        lines += text.count("\n") + 1
    return lines


def _cli(args: list[str], cwd: Path, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flytecheck.cli", "lint", *args], cwd=cwd, capture_output=True
        )
        best = min(best, time.perf_counter() - start)
    return best


def _parse_all(sources: list[str]) -> None:
    import libcst

    for source in sources:
        libcst.parse_module(source)


def _parse_in_processes(sources: list[str], cores: int) -> None:
    """The parse spread over `cores` processes: what this machine's cores really give, for
    telling noise (another process on a core) from the linter's own overhead."""
    with ProcessPoolExecutor(max_workers=cores) as pool:
        list(pool.map(_parse_all, [sources[i::cores] for i in range(cores)]))


def run() -> list[Figure]:
    import libcst

    from flytecheck.lint.api import lint_paths
    from flytecheck.lint.config import Settings

    root = Path(tempfile.mkdtemp(prefix="bench-lint-"))
    lines_count = _tree(root)
    flyte_sources = [
        p.read_text() for p in sorted(root.glob("*.py")) if "flytekit" in p.read_text()
    ]
    cores = os.cpu_count() or 1
    settings = Settings(root=str(root))
    results = lint_paths([root], settings, use_cache=False)
    cold, parse = paired(
        lambda: lint_paths([root], settings, use_cache=False),
        lambda: [libcst.parse_module(source) for source in flyte_sources],
        repeat=5,
    )
    spread = best_of(lambda: _parse_in_processes(flyte_sources, cores), repeat=5)
    assert not any(r.violations for r in results), [
        v.text() for r in results for v in r.violations
    ][:3]
    lint_paths([root], settings)  # fill the cache
    warm = _cli(["."], root)
    single = _cli(["mod_0.py", "--no-cache"], root)
    label = f"lint tree ({lines_count} lines, 300 files), cold"
    print(f"{label:<44} {cold:9.2f} s   (parse of Flyte files {parse:.2f} s, {cores} cores)")
    print(
        f"{'  parse in ' + str(cores) + ' processes (for reference)':<44} {spread:9.2f} s   "
        f"(cold run {cold / spread:.2f}x of it)"
    )
    print(f"{'lint tree, warm (CLI, cached)':<44} {warm * 1e3:9.1f} ms  (target < 300 ms)")
    print(f"{'lint one file (CLI, process start)':<44} {single * 1e3:9.1f} ms  (target < 400 ms)")
    return [
        Figure("lint tree cold", cold, parse / cores, 1.3, "libcst parse / cores"),
        Figure("lint tree warm (CLI)", warm, 0.3, 1.0, "300 ms budget"),
        Figure("lint one file (CLI)", single, 0.4, 1.0, "400 ms budget"),
    ]
