"""The linter against its peer and its own index, on flytekit's own source (264 files, 61,000
lines), copied to a scratch folder (issue 15).

Figures: a cold `flytecheck lint` run is >= 20x faster than `fixit lint` on the same tree in the
same run (wall time, each a fresh process using the machine's cores); the project index adds
<= 10% to a cold run (its own time measured inside one run: the summaries the parse yields
and the resolution of the calls) and nothing measurable (<= 5%) to a warm one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._harness import Figure


def _wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def run() -> list[Figure]:
    import flytekit

    source = Path(flytekit.__file__).parent
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "flytekit"
        shutil.copytree(source, tree, ignore=shutil.ignore_patterns("__pycache__"))
        ours = _wall(
            [sys.executable, "-m", "flytecheck.cli", "lint", ".", "--no-cache", "--exit-zero"], tree
        )
        fixit = _wall([sys.executable, "-m", "fixit", "lint", "."], tree)
        figures = [
            Figure(
                "lint flytekit's source cold, vs fixit", ours, fixit, 0.05, "fixit lint, same tree"
            )
        ]
        figures += _index_figures(tree, "flytekit")
        heavy = Path(tmp) / "heavy"
        _flyte_heavy_tree(heavy)
        figures += _index_figures(heavy, "Flyte-heavy tree")
    return figures


PAIR = (
    "@task\ndef t{i}(x: int) -> int:\n    return x\n\n\n"
    "@workflow\ndef w{i}(a: int) -> int:\n    b = t{i}(x=a)\n    return t{i}(x=b)\n\n\n"
)


def _flyte_heavy_tree(root: Path) -> None:
    """300 modules of 20 task/workflow pairs, each calling a task of the module before: the
    index's worst case (every file has entities and a cross-module call)."""
    package = root / "pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for n in range(300):
        head = f"from pkg.m{n - 1} import t0 as previous\n" if n else ""
        body = "".join(PAIR.format(i=i) for i in range(20))
        tail = "@workflow\ndef uses(a: int) -> int:\n    return previous(x=a)\n" if n else ""
        text = f"{head}from flytekit import task, workflow\n\n\n{body}{tail}"
        (package / f"m{n}.py").write_text(text)


def _index_figures(tree: Path, label: str) -> list[Figure]:
    """The index's own time inside a cold and a warm run (one process), against the run less
    it: the summaries the parse yields and the resolution of the calls."""
    from flytecheck.lint import api, engine
    from flytecheck.lint.config import Settings

    settings = Settings(root=str(tree))
    spent = {"index": 0.0}

    def timed(fn: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent["index"] += time.perf_counter() - start

        return wrapper

    figures: list[Figure] = []
    summary, resolve = engine._summary, api.with_project_calls
    engine._summary = timed(summary)  # type: ignore[assignment]
    api.with_project_calls = timed(resolve)  # type: ignore[assignment]
    try:
        api.lint_paths([tree], settings, use_cache=True)  # fills the cache for the warm run
        for name, use_cache, target in (("cold", False, 1.10), ("warm", True, 1.05)):
            spent["index"] = 0.0
            start = time.perf_counter()
            api.lint_paths([tree], settings, use_cache=use_cache, jobs=1)
            total = time.perf_counter() - start
            figures.append(
                Figure(
                    f"project index, {name} run, {label}",
                    total,
                    total - spent["index"],
                    target,
                    "the run less the index's time",
                )
            )
    finally:
        engine._summary, api.with_project_calls = summary, resolve
    return figures
