"""Shared fixtures: where the golden vectors live, and a fresh context per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from flytecheck.core.context import FlyteContext, FlyteContextManager

settings.register_profile("default", deadline=None)
settings.register_profile(
    "heavy", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
VECTORS = Path(os.environ.get("FLYTECHECK_VECTORS", REPO.parent / "shared" / "vectors"))


def vectors_dir() -> Path:
    """The golden vectors folder; CI must have it, so its absence there is a failure."""
    if not (VECTORS / "literals.jsonl").exists():
        msg = f"golden vectors not found at {VECTORS}; set FLYTECHECK_VECTORS"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    if str(VECTORS) not in sys.path:
        sys.path.insert(0, str(VECTORS))
    return VECTORS


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[FlyteContext]:
    """An isolated context whose scratch files go to this test's tmp_path."""
    context = FlyteContext(sandbox_dir=tmp_path)
    with FlyteContextManager.with_context(context):
        yield context
