"""The base of every lint rule: `visit_X`/`leave_X` hooks run in one walk per file.

The walk (`_walk.py`) covers workflow bodies in full; for a task only the FunctionDef hooks run
(its body is ordinary Python). It visits every node libcst would, in source order, except
whitespace, comments and punctuation: a rule that needs those reads them from their parent.

A rule is a class with `CODE`, `NAME`, `MESSAGE`, and `VALID`/`INVALID` examples (the test suite
runs them all, so a rule without failing examples fails its tests). Its docstring is the user's
documentation (`flytecheck rule FC101`). It reports with `self.report(node, replacement=...)`; a
replacement is a fix, safe unless marked `unsafe`.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import libcst as cst

from flytecheck.lint._context import Entity, FileContext

__all__ = ["Invalid", "LintRule", "Report"]


@dataclasses.dataclass(frozen=True)
class Invalid:
    """An example the rule must flag; `fixed` is the source after its fix, if it has one."""

    code: str
    fixed: str | None = None
    unsafe: bool = False


@dataclasses.dataclass(frozen=True)
class Report:
    node: cst.CSTNode
    message: str
    replacement: cst.CSTNode | None = None
    unsafe: bool = False


class LintRule:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    MESSAGE: ClassVar[str]
    VALID: ClassVar[list[str]] = []
    INVALID: ClassVar[list[Invalid]] = []

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.reports: list[Report] = []

    def report(
        self,
        node: cst.CSTNode,
        message: str | None = None,
        *,
        replacement: cst.CSTNode | None = None,
        unsafe: bool = False,
    ) -> None:
        self.reports.append(Report(node, message or self.MESSAGE, replacement, unsafe))

    # -- helpers the rules share ----------------------------------------------------------------

    def entity(self, node: cst.FunctionDef) -> Entity | None:
        return self.context.entity(node)
