"""Every code the linter can report, known without importing the rules (they import libcst,
~150 ms, which a run served from the cache never needs). A test keeps RULE_CODES equal to the
rule classes' codes."""

from __future__ import annotations

__all__ = ["PARSE_ERROR", "RULE_CODES", "UNUSED_NOQA", "unknown_codes"]

PARSE_ERROR = "FC001"
UNUSED_NOQA = "FC002"
RULE_CODES = (
    "FC101",
    "FC102",
    "FC103",
    "FC104",
    "FC201",
    "FC202",
    "FC203",
    "FC301",
    "FC302",
    "FC303",
    "FC304",
    "FC305",
    "FC306",
    "FC307",
    "FC308",
    "FC309",
    "FC401",
    "FC402",
    "FC403",
)


def unknown_codes(codes: tuple[str, ...] | list[str]) -> list[str]:
    """The codes or prefixes among `codes` that name nothing the linter reports: a typo in
    --select would otherwise run no rule and pass."""
    known = (PARSE_ERROR, UNUSED_NOQA, *RULE_CODES)
    return [c for c in codes if not any(k.startswith(c) for k in known)]
