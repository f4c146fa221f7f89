"""What a lint run produces: violations, per file."""

from __future__ import annotations

import dataclasses

from flytecheck.lint._summary import Summary

__all__ = ["FileResult", "Violation"]


@dataclasses.dataclass(frozen=True, slots=True)
class Violation:
    """One finding: where (1-based line and column), which rule, and what to do."""

    path: str
    line: int
    col: int
    code: str
    message: str
    fixable: bool = False

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


@dataclasses.dataclass(frozen=True, slots=True)
class FileResult:
    """A file's violations, and its fixed source when fixes were asked for and applied.
    `error`: the file could not be checked (the run exits 2); `warning`: it was skipped on
    purpose (not a regular file), and says why; `digest`: the SHA-256 of the bytes linted, so
    fixes are written only over the content they were computed from; `summary`: what the
    project index keeps of the file (its entities, its calls of other modules' entities)."""

    path: str
    violations: tuple[Violation, ...]
    fixed_source: str | None = None
    error: str | None = None
    warning: str | None = None
    digest: str | None = None
    summary: Summary | None = None
