"""flytecheck's linter: Flyte mistakes found by reading source with libcst, never importing it."""

from __future__ import annotations

from flytecheck.lint._model import FileResult, Violation
from flytecheck.lint.engine import lint_source
from flytecheck.lint.rule import Invalid, LintRule
from flytecheck.lint.rules import ALL_RULES

__all__ = ["ALL_RULES", "FileResult", "Invalid", "LintRule", "Violation", "lint_source"]
