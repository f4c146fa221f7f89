"""Local run, per node: this checkout's core against the core of 2026-11-22 (commit 630d94f),
measured side by side in one run. That commit's figure is the floor the attempt and checkpoint
machinery added since must not raise (issue 24): a node pays only for what it uses.

The older core is taken from the repository's history (`git archive`) into a temporary folder
and run in a process of its own, alternating with this checkout's, so a slow spell of a shared
machine lands on both. Without git or that commit (a shallow clone), the figure is reported as
not measured, loudly, rather than left out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench._harness import Figure

ROOT = Path(__file__).resolve().parents[1]
FLOOR_COMMIT = "630d94f"
SCRIPT = Path(__file__).with_name("_chain_per_node.py")
ROUNDS, REPEAT = 4, 30


def _older_core(into: Path) -> Path | None:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", FLOOR_COMMIT, "flytecheck"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        print(f"  commit {FLOOR_COMMIT} is not in this clone: {archive.stderr.decode().strip()}")
        return None
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _per_node(path: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(path)}
    out = subprocess.run(
        [sys.executable, str(SCRIPT), str(REPEAT)],
        env=env,
        cwd=path,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def run() -> list[Figure]:
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    try:
        older = _older_core(work)
        if older is None:
            print(f"{'local run per node vs ' + FLOOR_COMMIT:<44} NOT MEASURED (see above)")
            return [Figure(f"local run per node vs {FLOOR_COMMIT}", float("inf"), 1.0, 1.0, "n/a")]
        ours = floor = float("inf")
        for _ in range(ROUNDS):
            floor = min(floor, _per_node(older))
            ours = min(ours, _per_node(ROOT))
        return [
            Figure(
                "local run, per node above plain calls",
                ours * 1e6,
                floor * 1e6,
                1.0,
                f"the core of {FLOOR_COMMIT}",
                unit="us",
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
