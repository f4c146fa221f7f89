"""`flytecheck-execute` from process start to exit, against Python starting and importing the
protos in the same run. Targets: a trivial task on file:// <= 250 ms; --help <= 150 ms; a
dynamic task yielding 1,000 nodes writes futures.pb in <= 1 s. flytekit's pyflyte-execute on
the same tasks (the same module, imports pointed at flytekit) is printed beside them."""

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


FAN_OUT = 1000
DYNAMIC = """
import typing
from flytekit import dynamic, task

@task
def add(a: int, b: int = 1) -> int:
    return a + b

@task
def trivial(a: int, b: int) -> int:
    return a + b

@dynamic
def fan_out(n: int) -> typing.List[int]:
    return [add(a=i) for i in range(n)]
"""


def _modules(work: Path) -> None:
    """The bench tasks twice: `bench_fk` for flytekit, `bench_core` for flytecheck."""
    from tests.flytesnacks import point_at_core

    (work / "bench_fk.py").write_text(DYNAMIC)
    (work / "bench_core.py").write_text(point_at_core(DYNAMIC))


def _command(script: str, work: Path, task: str, module: str, inputs: str) -> list[str]:
    resolver = (
        "flytekit.core.python_auto_container.default_task_resolver"
        if script == "pyflyte-execute"
        else "flytecheck.core.resolver.default_task_resolver"
    )
    return [
        str(Path(sys.executable).parent / script),
        "--inputs",
        str(work / inputs),
        "--output-prefix",
        str(work / f"out-{script}-{task}"),
        "--raw-output-data-prefix",
        str(work / "raw"),
        "--resolver",
        resolver,
        "--",
        "task-module",
        module,
        "task-name",
        task,
    ]


def _side_by_side(work: Path) -> tuple[float, float, float | None, float | None]:
    """(dynamic on flytecheck, trivial on flytecheck, the same two on flytekit or None)."""
    import os

    from flytecheck.core import TypeEngine, current_context
    from flytecheck.core.serialization_context import serialized_context
    from flytecheck.core.serialize import SerializationSettings

    _modules(work)
    ctx = current_context()
    (work / "fan.pb").write_bytes(
        TypeEngine.dict_to_literal_map(ctx, {"n": FAN_OUT}, {"n": int}).SerializeToString()
    )
    (work / "ab.pb").write_bytes(
        TypeEngine.dict_to_literal_map(
            ctx, {"a": 1, "b": 2}, {"a": int, "b": int}
        ).SerializeToString()
    )
    settings = serialized_context(SerializationSettings("p", "d", "v1", "img:1"))
    env = {
        **os.environ,
        "_F_SS_C": settings,
        "PYTHONPATH": str(work),
        "FLYTE_SDK_LOGGING_LEVEL": "50",
    }

    def wall(cmd: list[str], repeat: int) -> float:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, cwd=work, env=env, capture_output=True)
            best = min(best, time.perf_counter() - start)
        return best

    dynamic = wall(_command("flytecheck-execute", work, "fan_out", "bench_core", "fan.pb"), 5)
    trivial = wall(_command("flytecheck-execute", work, "trivial", "bench_core", "ab.pb"), 5)
    assert (work / "out-flytecheck-execute-fan_out" / "futures.pb").exists()
    if not (Path(sys.executable).parent / "pyflyte-execute").exists():
        return dynamic, trivial, None, None
    theirs_dynamic = wall(_command("pyflyte-execute", work, "fan_out", "bench_fk", "fan.pb"), 2)
    theirs_trivial = wall(_command("pyflyte-execute", work, "trivial", "bench_fk", "ab.pb"), 2)
    assert (work / "out-pyflyte-execute-fan_out" / "futures.pb").exists()
    return dynamic, trivial, theirs_dynamic, theirs_trivial


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
    dynamic, trivial, fk_dynamic, fk_trivial = _side_by_side(work)
    print(f"{'flytecheck-execute, trivial task':<44} {ours * 1e3:9.1f} ms  (target <= 250 ms)")
    print(f"{'flytecheck-execute --help':<44} {helps * 1e3:9.1f} ms  (target <= 150 ms)")
    beside = f", pyflyte-execute {fk_trivial * 1e3:.0f} ms" if fk_trivial else ""
    print(f"{'  the same task, console script':<44} {trivial * 1e3:9.1f} ms{beside}")
    beside = f", pyflyte-execute {fk_dynamic * 1e3:.0f} ms" if fk_dynamic else ""
    name = "dynamic task, 1,000 nodes to futures.pb"
    print(f"{name:<44} {dynamic * 1e3:9.1f} ms  (target <= 1000 ms{beside})")
    return [
        Figure(
            "dynamic task, 1,000 nodes to futures.pb",
            dynamic,
            floor,
            1.0 / floor,
            "python + protos start",
        ),
        Figure(
            "flytecheck-execute, trivial task", ours, floor, 0.250 / floor, "python + protos start"
        ),
        Figure("flytecheck-execute --help", helps, floor, 0.150 / floor, "python + protos start"),
    ]
