"""The linter at scale, in one file: time linear in the number of entities, and in time and peak
memory close to libcst's own parse.

Figures (issue 14): linting a file of 25,000 task/workflow pairs <= 1.3 x the libcst parse of it
(the lookup of entities by name used to be a scan per call: 275 s); a 200,000-line file <= 1.3 x
libcst's parse of it, in time and in peak memory. Each side runs in a fresh process, so peak
memory is that side's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._harness import Figure

PAIR = (
    "@task\ndef t{i}(x: int) -> int:\n    return x\n\n\n"
    "@workflow\ndef w{i}(a: int) -> int:\n    return t{i}(x=a)\n\n\n"
)
HEAD = "from flytekit import task, workflow\n\n\n"
MEASURE = """
import json, resource, sys, time
from pathlib import Path
source = Path(sys.argv[2]).read_text()
if sys.argv[1] == "parse":
    import libcst
    start = time.perf_counter()
    libcst.parse_module(source)
else:
    from flytecheck.lint.api import rules_for
    from flytecheck.lint.config import Settings
    from flytecheck.lint.engine import lint_source
    rules = rules_for(Settings())
    start = time.perf_counter()
    lint_source(source, sys.argv[2], rules)
elapsed = time.perf_counter() - start
print(json.dumps([elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))
"""


def _measure(kind: str, path: Path) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(path)], capture_output=True, text=True, check=True
    )
    seconds, peak_kb = json.loads(out.stdout)
    return float(seconds), float(peak_kb)


def _paired(path: Path, repeat: int = 2) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best time and lowest peak of each side, the sides run in turn."""
    lint = [_measure("lint", path) for _ in range(repeat)]
    parse = [_measure("parse", path) for _ in range(repeat)]
    best = (min(t for t, _ in lint), min(m for _, m in lint))
    floor = (min(t for t, _ in parse), min(m for _, m in parse))
    return best, floor


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        figures = []
        for pairs in (2_500, 25_000):
            path = Path(folder, f"pairs_{pairs}.py")
            path.write_text(HEAD + "".join(PAIR.format(i=i) for i in range(pairs)))
            (lint, _), (parse, _) = _paired(path)
            name = f"lint {pairs:,} task/workflow pairs"
            figures.append(Figure(name, lint, parse, 1.3, "libcst parse of the file"))
        path = Path(folder, "plain.py")
        path.write_text(HEAD + "".join(f"value_{i} = {i}\n" for i in range(200_000)))
        (lint, lint_peak), (parse, parse_peak) = _paired(path)
        figures.append(Figure("lint 200,000 lines, time", lint, parse, 1.3, "libcst parse"))
        memory = "lint 200,000 lines, peak memory"
        figures.append(
            Figure(memory, lint_peak / 1e3, parse_peak / 1e3, 1.3, "libcst parse", unit="MB")
        )
        return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
