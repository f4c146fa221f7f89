"""`flytecheck-execute` from process start to exit, against Python starting and importing the
protos in the same run. Targets: a trivial task on file:// <= 250 ms; --help <= 150 ms
(flytekit's pyflyte-execute takes over a second to start)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import Figure

ROOT = Path(__file__).resolve().parents[1]


def _wall(cmd: list[str], repeat: int = 10) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def run() -> list[Figure]:
    from flytecheck.core import TypeEngine, current_context

    work = Path(tempfile.mkdtemp(prefix="bench-entrypoint-"))
    lm = TypeEngine.dict_to_literal_map(current_context(), {"a": 1, "b": 2}, {"a": int, "b": int})
    (work / "inputs.pb").write_bytes(lm.SerializeToString())
    execute = [
        sys.executable,
        "-m",
        "flytecheck.core.entrypoint",
        "--inputs",
        str(work / "inputs.pb"),
        "--output-prefix",
        str(work / "out"),
        "--",
        "task-module",
        "tests.core.fixtures.exec_tasks",
        "task-name",
        "add",
    ]
    floor = _wall([sys.executable, "-c", "from flyteidl.core import literals_pb2"])
    ours = _wall(execute)
    helps = _wall([sys.executable, "-m", "flytecheck.core.entrypoint", "--help"])
    assert (work / "out" / "outputs.pb").exists()
    print(f"{'flytecheck-execute, trivial task':<44} {ours * 1e3:9.1f} ms  (target <= 250 ms)")
    print(f"{'flytecheck-execute --help':<44} {helps * 1e3:9.1f} ms  (target <= 150 ms)")
    return [
        Figure(
            "flytecheck-execute, trivial task", ours, floor, 0.250 / floor, "python + protos start"
        ),
        Figure("flytecheck-execute --help", helps, floor, 0.150 / floor, "python + protos start"),
    ]
