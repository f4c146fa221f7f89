"""flytecheck's linter: Flyte mistakes found by reading source with libcst, never importing it.

Names load on first use: a fully cached run never imports libcst (~200 ms)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        msg = f"module 'flytecheck.lint' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"flytecheck.lint.{module}"), name)
    globals()[name] = value
    return value
