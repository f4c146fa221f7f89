"""The pytest plugin's cost, against pytest without it, in the same run.

- a 50-test suite with the plugin installed but `--flyte` off: <= 5% over `-p no:flytecheck`;
- `--flyte` on a project with 100 workflows: <= 2 s over the same run without `--flyte`;
- a flytekit suite of 100 tests, each calling a workflow directly (`assert wf(x=1) == 4`, run
  by flytekit's own executor): <= 1.2x with `--flyte` (its coverage of those runs, and the
  compile item) than without, in the same run.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

from bench._harness import Figure, paired


def _pytest(cwd: Path, *args: str) -> Callable[[], object]:
    return lambda: subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _suite(root: Path) -> None:
    tests = "\n".join(f"def test_{i}():\n    assert {i} + 1 == {i + 1}\n" for i in range(50))
    (root / "test_plain.py").write_text(tests)


def _workflows(root: Path) -> None:
    lines = [
        "from flytecheck.core import conditional, task, workflow",
        "",
        "@task",
        "def inc(x: int) -> int:",
        "    return x + 1",
        "",
    ]
    for i in range(100):
        lines += textwrap.dedent(
            f"""
            @workflow
            def wf{i}(x: int) -> int:
                y = inc(x=inc(x=x))
                return conditional("c{i}").if_(y > 0).then(inc(x=y)).else_().then(inc(x=x))
            """
        ).splitlines()
    (root / "many_flows.py").write_text("\n".join(lines) + "\n")
    (root / "test_flows.py").write_text(
        "import many_flows\n\ndef test_one():\n    assert many_flows.wf0(x=1) == 4\n"
    )


def _direct_suite(root: Path) -> None:
    (root / "fk_flows.py").write_text(
        textwrap.dedent(
            """
            from flytekit import conditional, task, workflow

            @task
            def inc(x: int) -> int:
                return x + 1

            @workflow
            def wf(x: int) -> int:
                y = inc(x=inc(x=x))
                return conditional("c").if_(y > 0).then(inc(x=y)).else_().then(inc(x=x))
            """
        )
    )
    tests = "\n".join(
        f"def test_{i}():\n    assert fk_flows.wf(x={i}) == {i + 3}\n" for i in range(100)
    )
    (root / "test_direct.py").write_text("import fk_flows\n\n" + tests)


def run() -> list[Figure]:
    plain = Path(tempfile.mkdtemp(prefix="bench-plugin-"))
    _suite(plain)
    (plain / "conftest.py").write_text("")
    on, off = paired(_pytest(plain), _pytest(plain, "-p", "no:flytecheck"), repeat=5)
    flows = Path(tempfile.mkdtemp(prefix="bench-flows-"))
    _workflows(flows)
    with_flyte, without = paired(_pytest(flows, "--flyte"), _pytest(flows), repeat=3)
    direct = Path(tempfile.mkdtemp(prefix="bench-direct-"))
    _direct_suite(direct)
    watched, unwatched = paired(_pytest(direct, "--flyte"), _pytest(direct), repeat=3)
    print(
        f"{'pytest, 50 tests, plugin on vs off':<44} {on * 1e3:9.1f} ms "
        f"vs {off * 1e3:.1f} ms (target <= +5%)"
    )
    print(
        f"{'--flyte on 100 workflows, added':<44} {(with_flyte - without) * 1e3:9.1f} ms "
        "(target <= 2000 ms)"
    )
    return [
        Figure("pytest 50 tests, plugin installed", on, off, 1.05, "-p no:flytecheck"),
        Figure("pytest --flyte, 100 workflows", with_flyte, without + 2.0, 1.0, "same run + 2 s"),
        Figure(
            "pytest --flyte, 100 direct flytekit calls",
            watched,
            unwatched,
            1.2,
            "the same suite without --flyte",
        ),
    ]
