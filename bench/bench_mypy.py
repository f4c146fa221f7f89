"""mypy with flytecheck.mypy over Flyte's own examples (flytesnacks as written, for flytekit,
which mypy reads), against mypy without the plugin, same options, same run: target <= 1.3x.
Each side runs cold (no cache) in a process of its own, in turn, best of three."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import Figure

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3


def _mypy(config: Path, files: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--no-incremental", *files],
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - start


def run() -> list[Figure]:
    sys.path.insert(0, str(ROOT))
    from tests.flytesnacks import copy_corpus
    from tests.mypy_plugin import mypy_config

    work = Path(tempfile.mkdtemp(prefix="bench-mypy-"))
    try:
        corpus = copy_corpus(work / "snacks", on_core=False)
        files = [
            str(p) for p in sorted(corpus.rglob("*.py")) if len(p.relative_to(corpus).parts) > 1
        ]
        with_plugin, without = mypy_config(work, plugin=True), mypy_config(work, plugin=False)
        ours = floor = float("inf")
        for _ in range(ROUNDS):
            floor = min(floor, _mypy(without, files))
            ours = min(ours, _mypy(with_plugin, files))
        return [
            Figure(
                f"mypy + plugin over flytesnacks as written ({len(files)} files)",
                ours,
                floor,
                1.3,
                "mypy without the plugin",
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
