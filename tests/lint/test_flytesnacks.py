"""Precision on Flyte's own examples: correct, idiomatic code written by Flyte's maintainers.
The only findings are the true ones; anything else is a false alarm, which gets a linter
turned off."""

from __future__ import annotations

from pathlib import Path

import pytest

from flytecheck.lint.api import lint_paths
from flytecheck.lint.config import Settings

FLYTESNACKS = Path(__file__).resolve().parents[2].parent / "shared" / "flytesnacks"

# Every true finding: values really pickled (a plain class), promises printed or formatted.
EXPECTED = {
    ("data_types_and_io/data_types_and_io/pickle_type.py", 14, "FC202"),
    ("data_types_and_io/data_types_and_io/pickle_type.py", 19, "FC202"),
    ("data_types_and_io/data_types_and_io/pickle_type.py", 42, "FC202"),
    ("data_types_and_io/data_types_and_io/pickle_type.py", 47, "FC202"),
    ("productionizing/productionizing/lp_schedules.py", 14, "FC301"),
    ("productionizing/productionizing/lp_schedules.py", 47, "FC301"),
}


def test_flytesnacks_gets_only_true_findings() -> None:
    if not FLYTESNACKS.is_dir():
        pytest.skip(f"flytesnacks not found at {FLYTESNACKS}")
    results = lint_paths([FLYTESNACKS], Settings(), use_cache=False, jobs=1)
    assert len(results) >= 49  # every example file was read
    assert [r.path for r in results if r.error or r.warning] == []
    found = {
        (str(Path(v.path).resolve().relative_to(FLYTESNACKS.resolve())), v.line, v.code)
        for r in results
        for v in r.violations
    }
    assert found == EXPECTED
