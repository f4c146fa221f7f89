"""flytecheck's linter: Flyte mistakes found by reading source with libcst, never importing it.

Names load on first use: a fully cached run never imports libcst (~200 ms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flytecheck._lazy import lazy_names

if TYPE_CHECKING:
    from flytecheck.lint._model import FileResult, Violation
    from flytecheck.lint.engine import lint_source
    from flytecheck.lint.rule import Invalid, LintRule
    from flytecheck.lint.rules import ALL_RULES

__all__ = ["ALL_RULES", "FileResult", "Invalid", "LintRule", "Violation", "lint_source"]

_WHERE = {
    "ALL_RULES": "rules",
    "FileResult": "_model",
    "Violation": "_model",
    "lint_source": "engine",
    "Invalid": "rule",
    "LintRule": "rule",
}


__getattr__ = lazy_names(__name__, _WHERE)
