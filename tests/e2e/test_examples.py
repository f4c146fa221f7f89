"""The example project's own test suite passes under `pytest --flyte`, as `make demo` shows."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_the_example_suite_passes_with_flyte() -> None:
    """Mocks, a graph snapshot, the container path and the coverage report, on the shop."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "--flyte"],
        cwd=REPO / "examples",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "9 passed" in proc.stdout
    assert "Flyte workflow coverage" in proc.stdout
    assert "never run: n2-n0 (free_shipping)" in proc.stdout
